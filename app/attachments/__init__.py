"""Attachments: uploaded files with content checks and per-owner access rules."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the download route."""
    from app.attachments.views import bp

    app.register_blueprint(bp)
