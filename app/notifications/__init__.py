"""Notifications: the event catalogue, preferences, digests, in-app list and the outbox."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the pages, the outbox commands, the jobs and the bell's template helper."""
    from app.notifications import (  # noqa: F401 - jobs, globals, personal data
        cli,
        permissions,
        privacy,
        templating,
    )
    from app.notifications.views import bp, devmail

    app.cli.add_command(cli.outbox_cli)
    app.register_blueprint(bp)
    app.register_blueprint(devmail)
