"""Innovation checks end to end: intermediaries' offices and clients (applications follow)."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the intermediaries' pages."""
    from app.checks import permissions  # noqa: F401 - template globals
    from app.checks.views import bp

    app.register_blueprint(bp)
