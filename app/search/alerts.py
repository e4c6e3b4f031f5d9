"""Alerts: new published challenges that match a saved search or an interest profile.

A job runs after the indexer (it only sees what is searchable): it compares the
challenges indexed since each saved search was last checked with that search, records
each match once (a unique row per saved search and challenge), and e-mails the
unsent matches immediately, in a daily digest (07:00 Stockholm time) or in a weekly
one (Mondays 07:00), through the notification outbox.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.db import utcnow
from app.core.jobs import register_job
from app.extensions import db
from app.notifications.catalogue import EventGroup, Frequency, register_event
from app.notifications.services import notify
from app.search import store
from app.search.backends.base import SearchRequest
from app.search.models import SavedSearch, SavedSearchMatch, SearchDocument
from app.search.query import parse_query
from app.search.services import execute, params_of

log = logging.getLogger(__name__)
register_event("search/alert", EventGroup.ALERTS)
DIGEST_HOUR = 7
SHOWN_IN_EMAIL = 20


@dataclass
class AlertReport:
    matched: int = 0
    sent: int = 0

    def line(self) -> str | None:
        if not (self.matched or self.sent):
            return None
        return f"{self.matched} new matches, {self.sent} alerts sent"


def digest_slot(frequency: Frequency, now: datetime) -> datetime:
    """The latest scheduled digest time at or before now (daily 07:00, weekly Monday)."""
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Europe/Stockholm"))
    local = now.astimezone(zone)
    slot = local.replace(hour=DIGEST_HOUR, minute=0, second=0, microsecond=0)
    if slot > local:
        slot -= timedelta(days=1)
    if frequency == Frequency.WEEKLY:
        slot -= timedelta(days=slot.weekday())
    return slot.astimezone(UTC)


def is_due(saved: SavedSearch, now: datetime) -> bool:
    """Whether a saved search with unsent matches should send them now."""
    if saved.frequency == Frequency.IMMEDIATELY:
        return True
    if saved.frequency not in (Frequency.DAILY, Frequency.WEEKLY):
        return False
    return digest_slot(saved.frequency, now) > (saved.last_sent_at or saved.created_at)


def _candidates(session: Session, since: datetime) -> list[tuple[str, datetime, datetime]]:
    """(key, indexed_at, published_at) of open challenges indexed after `since`."""
    rows = session.execute(select(SearchDocument.object_id, SearchDocument.indexed_at,
                                  SearchDocument.published_at, SearchDocument.facets)
                           .where(SearchDocument.doc_type == "challenge",
                                  SearchDocument.indexed_at > since))
    return [(f"challenge:{object_id}", indexed_at, published_at)
            for object_id, indexed_at, published_at, facets in rows if "status:open" in facets]


def record_matches(session: Session, saved: SavedSearch, candidates, now: datetime) -> int:
    """Compare new candidates with one saved search; record each match once."""
    fresh = [c for c in candidates if c[1] > saved.checked_through and c[2] >= saved.created_at]
    if not fresh:
        return 0
    params = params_of(saved)
    request = SearchRequest(query=parse_query(params.q), filters=params.filters,
                            only_keys=frozenset(key for key, _, _ in fresh), sort="newest",
                            limit=len(fresh), facets=False, now=now)
    results, limited = execute(session, request)
    if limited:  # the index is unavailable: try again later rather than guess
        return 0
    known = set(session.scalars(select(SavedSearchMatch.object_id).where(
        SavedSearchMatch.saved_search_id == saved.id)))
    added = 0
    for hit in results.hits:
        object_id = int(hit.key.partition(":")[2])
        if object_id not in known:
            session.add(SavedSearchMatch(saved_search=saved, doc_type="challenge",
                                         object_id=object_id, matched_at=now))
            added += 1
    saved.checked_through = max(indexed_at for _, indexed_at, _ in fresh)
    return added


def send_alert(session: Session, saved: SavedSearch, now: datetime) -> bool:
    """E-mail a saved search's unsent matches (those still open) and mark them sent."""
    matches = [m for m in saved.matches if m.sent_at is None]
    for match in matches:
        match.sent_at = now
    user = saved.user
    if not (user.is_active_account and user.email_verified):
        return False
    documents = store.fetch_documents(session, [f"challenge:{m.object_id}" for m in matches])
    challenges = [d for d in documents.values() if "status:open" in d.facets]
    if not challenges:
        return False
    challenges.sort(key=lambda d: d.published_at, reverse=True)
    notify("search/alert", [user], saved_search=saved, challenges=challenges[:SHOWN_IN_EMAIL],
           more=max(0, len(challenges) - SHOWN_IN_EMAIL), search_path=params_of(saved).url())
    saved.last_sent_at = now
    return True


def run_alerts(session: Session | None = None, now: datetime | None = None) -> AlertReport:
    """Record new matches for every saved search, then send the alerts that are due."""
    session = session or db.session
    now = now or utcnow()
    report = AlertReport()
    session.commit()
    store.begin_writing(session)
    active = list(session.scalars(select(SavedSearch).where(
        SavedSearch.frequency != Frequency.OFF)))
    if active:
        candidates = _candidates(session, min(s.checked_through for s in active))
        for saved in active:
            report.matched += record_matches(session, saved, candidates, now)
        session.flush()
    for saved in active:
        if any(m.sent_at is None for m in saved.matches) and is_due(saved, now):
            report.sent += send_alert(session, saved, now)
    session.commit()
    return report


@register_job("search_alerts", every_seconds=30)
def alerts_job() -> str | None:
    """The worker's alert job (registered after indexing, so it runs after it)."""
    return run_alerts().line()
