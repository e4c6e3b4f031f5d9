"""Solutions: suppliers answer challenges, with their details kept confidential."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the solution pages (added by the solutions work)."""
    from app.solutions import models  # noqa: F401 - register the tables
