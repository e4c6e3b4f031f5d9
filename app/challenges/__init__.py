"""Challenges and needs: publish, question, close, record the outcome."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the challenge pages (added by the challenges work)."""
    from app.challenges import models  # noqa: F401 - register the tables
