"""Check funding: programmes as data, a matcher, the public page and panels."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the funding pages, import command and template helpers."""
    from app.funding import permissions, templating  # noqa: F401 - template globals
    from app.funding.cli import funding_cli
    from app.funding.views import bp

    app.register_blueprint(bp)
    app.cli.add_command(funding_cli)
