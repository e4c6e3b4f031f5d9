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
    if mail_viewer_wanted(app):
        app.register_blueprint(devmail)


def mail_viewer_wanted(app: Flask) -> bool:
    """The development mail viewer exists only where mail goes to the local folder, and
    never in production (it shows every sign-up, reset and invitation link)."""
    return app.config["MAIL_TRANSPORT"] == "file" and app.config["ENV_NAME"] != "production"
