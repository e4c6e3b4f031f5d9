"""Database upkeep run by the worker."""

from __future__ import annotations

from sqlalchemy import text

from app.core.jobs import register_job
from app.extensions import db


def refresh_statistics() -> None:
    """Refresh the query planner's statistics (quickly, from a sample, on SQLite).

    Without them SQLite picks the state index for the public challenge list and sorts
    every public challenge on each request; PostgreSQL's autovacuum keeps its own current.
    """
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(text("PRAGMA analysis_limit=1000"))
    db.session.execute(text("ANALYZE"))


@register_job("database_statistics", every_seconds=6 * 3600)
def statistics_job() -> str | None:
    """The worker refreshes SQLite's statistics every six hours (PostgreSQL needs nothing)."""
    if db.session.get_bind().dialect.name != "sqlite":
        return None
    refresh_statistics()
    return "query planner statistics refreshed"
