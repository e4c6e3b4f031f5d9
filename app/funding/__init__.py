"""Check funding: programmes as data, a matcher, the public page and panels."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the funding pages, search type, import command and template helpers."""
    from app.funding import permissions, templating  # noqa: F401 - template globals
    from app.funding.cli import funding_cli
    from app.funding.search import register_funding_search
    from app.funding.views import bp

    register_funding_search()
    app.register_blueprint(bp)
    app.cli.add_command(funding_cli)
