"""Audit log of security- and process-relevant events."""


def init_app(app) -> None:
    """Nothing to register yet: the log is written by services and read by admin pages."""
    from app.audit import models  # noqa: F401 - register the table
