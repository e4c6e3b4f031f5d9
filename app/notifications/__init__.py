"""E-mail outbox and its delivery worker."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the outbox commands and the development mail viewer."""
    from app.notifications.cli import outbox_cli
    from app.notifications.views import bp

    app.cli.add_command(outbox_cli)
    app.register_blueprint(bp)
