"""`flask --app wsgi cpv import FILE.xml`: load the official CPV 2008 list."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from app.challenges import cpv
from app.core.domain import DomainError
from app.extensions import db

cpv_cli = AppGroup("cpv", help="The CPV code list used by challenges.")


@cpv_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(path: Path) -> None:
    """Import cpv_2008.xml from the EU Publications Office (English and Swedish names)."""
    try:
        added, updated = cpv.import_xml(path)
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(f"CPV codes: {added} added, {updated} updated.")
