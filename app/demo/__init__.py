"""Demo data for trying the platform: `flask --app wsgi demo load`."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from app.extensions import db

demo_cli = AppGroup("demo", help="Demo data (never in production).")


@demo_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Only load into a database without accounts.")
def load_command(if_empty: bool) -> None:
    """Create realistic Swedish demo data; running it again adds nothing twice."""
    from app.demo import services

    if not current_app.config.get("DEMO_ALLOWED"):
        raise click.ClickException("Demo data is refused with the production configuration.")
    if if_empty and not services.database_is_empty():
        click.echo("The database already has accounts; demo data not loaded.")
        return
    for label, loader in services.LOADERS:
        click.echo(f"  {label}: {loader()} created")
        db.session.commit()
    click.echo(f"Demo data ready. Every demo account uses the password {services.DEMO_PASSWORD}")
    click.echo("Try these accounts:")
    for email, what in services.ACCOUNT_GUIDE:
        click.echo(f"  {email:<36} {what}")


def init_app(app: Flask) -> None:
    """Register the `demo` and `bench` commands."""
    from app.demo.bench import bench_cli

    app.cli.add_command(demo_cli)
    app.cli.add_command(bench_cli)
