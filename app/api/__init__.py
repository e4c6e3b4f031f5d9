"""Open data: a read-only JSON API under /api/v1/ with its OpenAPI document, an Open
Contracting Data Standard export and CSV exports."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the API (rate limited, CORS for GET; no CSRF needed: nothing is posted)."""
    from app.api import http
    from app.api.views import bp

    app.register_blueprint(bp)
    http.init_app(app)
