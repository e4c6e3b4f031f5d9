"""Platform administration."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the administrator pages."""
    from app.admin.views import bp

    app.register_blueprint(bp)
