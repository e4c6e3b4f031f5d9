"""Organisations and their members."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the organisation pages."""
    from app.organisations import permissions  # noqa: F401 - registers template globals
    from app.organisations.views import bp

    app.register_blueprint(bp)
