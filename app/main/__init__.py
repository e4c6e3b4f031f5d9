"""Landing page, language switch, health check, accessibility statement, help."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the general pages."""
    from app.main.views import bp

    app.register_blueprint(bp)
