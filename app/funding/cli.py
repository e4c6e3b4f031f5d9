"""`flask --app wsgi funding import [FILE]`: load the shipped (or another) programme file."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.core.domain import DomainError
from app.extensions import db
from app.funding.services import DEFAULT_FILE, import_programmes

funding_cli = AppGroup("funding", help="Funding programmes (checks).")


@funding_cli.command("import")
@click.argument("path", required=False, type=click.Path(dir_okay=False))
def import_command(path: str | None) -> None:
    """Create or update programmes from a YAML file (default: the one shipped with the app).

    Programmes are matched by key, so running it again changes nothing.
    """
    try:
        report = import_programmes(path or DEFAULT_FILE)
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(f"funding programmes: {report.created} created, {report.updated} updated, "
               f"{report.unchanged} unchanged")
