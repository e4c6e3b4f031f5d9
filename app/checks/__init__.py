"""Innovation checks end to end: intermediaries, applications, decisions and follow-up."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the intermediaries' pages."""
    from app.checks import followup, permissions, templating  # noqa: F401 - job, globals
    from app.checks.views import bp

    app.register_blueprint(bp)
