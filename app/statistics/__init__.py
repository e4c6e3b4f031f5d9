"""Public statistics: what the platform has published, what came of it, who answered."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the statistics page and its CSV downloads."""
    from app.statistics.views import bp

    app.register_blueprint(bp)
