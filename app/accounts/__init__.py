"""Accounts: registration, log-in, password reset, profile, administrators."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup
from flask_babel import lazy_gettext as _l

from app.core.jobs import register_job
from app.extensions import db, login_manager

users_cli = AppGroup("users", help="Manage user accounts.")


@users_cli.command("create-admin")
@click.option("--email", prompt=True, help="The administrator's e-mail address.")
@click.option("--name", prompt=True, help="The administrator's full name.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="At least 10 characters, not a common password.")
def create_admin_command(email: str, name: str, password: str) -> None:
    """Create the first platform administrator (or promote an existing account)."""
    from app.accounts.services import create_admin
    from app.core.domain import DomainError

    try:
        user = create_admin(email, name, password)
    except DomainError as error:
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(f"Administrator ready: {user.email} (id {user.id})")


@register_job("retention", every_seconds=24 * 3600)
def apply_retention_job() -> str | None:
    """Anonymise accounts unused for longer than ACCOUNT_RETENTION_DAYS."""
    from app.accounts.privacy import apply_retention

    count = apply_retention()
    return f"anonymised {count} inactive accounts" if count else None


def init_app(app: Flask) -> None:
    """Register the account blueprints, the user loader and the `users` commands."""
    from app.accounts import permissions  # noqa: F401 - registers template globals
    from app.accounts.services import load_user
    from app.accounts.views import account_bp, bp

    app.register_blueprint(bp)
    app.register_blueprint(account_bp)
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    app.cli.add_command(users_cli)
