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
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload

from app.core.db import utcnow
from app.core.events import EventGroup, Frequency, notify, register_event
from app.core.jobs import register_job
from app.extensions import db
from app.search import store
from app.search.backends.base import SearchRequest, matches_filters
from app.search.models import SavedSearch, SavedSearchKind, SavedSearchMatch, SearchDocument
from app.search.query import parse_query
from app.search.services import execute, params_of

log = logging.getLogger(__name__)
register_event("search/alert", EventGroup.ALERTS)
DIGEST_HOUR = 7
SHOWN_IN_EMAIL = 20
SEND_BATCH = 200  # alerts sent per commit
EVER = datetime(2000, 1, 1, tzinfo=UTC)


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


@dataclass(frozen=True)
class Candidate:
    """A newly indexed open challenge, as the index stored it."""

    object_id: int
    indexed_at: datetime
    published_at: datetime
    tokens: frozenset[str]
    deadline_at: datetime | None

    @property
    def key(self) -> str:
        return f"challenge:{self.object_id}"


def _candidates(session: Session, since: datetime) -> list[Candidate]:
    """The open challenges indexed after `since`."""
    rows = session.execute(select(
        SearchDocument.object_id, SearchDocument.indexed_at, SearchDocument.published_at,
        SearchDocument.facets, SearchDocument.deadline_at,
    ).where(SearchDocument.doc_type == "challenge", SearchDocument.indexed_at > since))
    return [Candidate(object_id, indexed_at, published_at, frozenset(facets), deadline_at)
            for object_id, indexed_at, published_at, facets, deadline_at in rows
            if "status:open" in facets]


def matching_ids(session: Session, saved: SavedSearch, fresh: list[Candidate],
                 now: datetime) -> list[int] | None:
    """The fresh candidates a saved search finds; None if the index is unavailable.

    A search of filters only (every interest profile) is compared with the stored facet
    tokens directly, so ten thousand profiles cost no searches at all."""
    params = params_of(saved)
    if not params.q:
        return [c.object_id for c in fresh
                if matches_filters(c.tokens, c.deadline_at, params.filters, now)]
    query = parse_query(params.q)
    if query.unsearchable:  # only stop words: it finds nothing, it never alerts
        return []
    request = SearchRequest(query=query, filters=params.filters,
                            only_keys=frozenset(c.key for c in fresh), sort="newest",
                            limit=len(fresh), facets=False, now=now)
    results, limited = execute(session, request)
    if limited:  # try again later rather than guess
        return None
    return [int(hit.key.partition(":")[2]) for hit in results.hits]


def record_matches(session: Session, saved: SavedSearch, candidates: list[Candidate],
                   known: set[tuple[int, int]], now: datetime) -> int:
    """Compare new candidates with one saved search; record each match once. Only
    challenges published after the search was saved are news to e-mail; an interest
    profile also records the older ones, as already sent, for My pages."""
    fresh = [c for c in candidates if c.indexed_at > saved.checked_through]
    if saved.kind != SavedSearchKind.PROFILE:
        fresh = [c for c in fresh if c.published_at >= saved.created_at]
    found = matching_ids(session, saved, fresh, now) if fresh else None
    if found is None:
        return 0
    old = {c.object_id for c in fresh if c.published_at < saved.created_at}
    added = 0
    for object_id in found:
        if (saved.id, object_id) not in known:
            quiet = object_id in old or saved.frequency == Frequency.OFF
            session.add(SavedSearchMatch(saved_search=saved, doc_type="challenge",
                                         object_id=object_id, matched_at=now,
                                         sent_at=now if quiet else None))
            known.add((saved.id, object_id))
            added += 1
    saved.checked_through = max(c.indexed_at for c in fresh)
    return added


def match_open_challenges(session: Session, profile: SavedSearch, now: datetime) -> None:
    """Bring an interest profile's recorded matches in line with the open challenges it
    finds now (My pages list them): add the ones it newly finds, as already sent (they are
    not news, and alerts only tell of challenges published after the profile), and forget
    those it no longer finds."""
    found = set(matching_ids(session, profile, _candidates(session, EVER), now) or ())
    recorded = {match.object_id: match for match in profile.matches}
    for object_id, match in recorded.items():
        if object_id not in found:
            session.delete(match)
    for object_id in found - recorded.keys():
        session.add(SavedSearchMatch(saved_search=profile, doc_type="challenge",
                                     object_id=object_id, matched_at=now, sent_at=now))
    session.flush()


def known_matches(session: Session, candidates: list[Candidate]) -> set[tuple[int, int]]:
    """(saved search id, challenge id) of the candidates' matches already recorded."""
    ids = [c.object_id for c in candidates]
    return set(session.execute(select(SavedSearchMatch.saved_search_id,
                                      SavedSearchMatch.object_id)
                               .where(SavedSearchMatch.object_id.in_(ids)))) if ids else set()


def send_alert(session: Session, saved: SavedSearch, matches: list[SavedSearchMatch],
               documents: dict, now: datetime) -> bool:
    """E-mail a saved search's unsent matches (those still open) and mark them sent."""
    for match in matches:
        match.sent_at = now
    user = saved.user
    if not (user.is_active_account and user.email_verified):
        return False
    found = (documents.get(f"challenge:{m.object_id}") for m in matches)
    challenges = [d for d in found if d is not None and "status:open" in d.facets]
    if not challenges:
        return False
    challenges.sort(key=lambda d: d.published_at, reverse=True)
    notify("search/alert", [user], saved_search=saved, challenges=challenges[:SHOWN_IN_EMAIL],
           more=max(0, len(challenges) - SHOWN_IN_EMAIL), search_path=params_of(saved).url())
    saved.last_sent_at = now
    return True


def _due_search_ids(session: Session, now: datetime) -> list[int]:
    """The saved searches with unsent matches whose alert is due now."""
    waiting = session.scalars(
        select(SavedSearch).where(SavedSearch.frequency != Frequency.OFF, select(
            SavedSearchMatch.id).where(SavedSearchMatch.saved_search_id == SavedSearch.id,
                                       SavedSearchMatch.sent_at.is_(None)).exists())
        .order_by(SavedSearch.id))
    return [saved.id for saved in waiting if is_due(saved, now)]


def _send_batch(session: Session, search_ids: list[int], now: datetime) -> int:
    """Send the alerts of some saved searches: their unsent matches, users and the
    matched challenges loaded in two queries."""
    unsent = session.scalars(
        select(SavedSearchMatch).where(SavedSearchMatch.saved_search_id.in_(search_ids),
                                       SavedSearchMatch.sent_at.is_(None))
        .options(joinedload(SavedSearchMatch.saved_search).joinedload(SavedSearch.user))
        .order_by(SavedSearchMatch.id)).all()
    grouped: dict[SavedSearch, list[SavedSearchMatch]] = {}
    for match in unsent:
        grouped.setdefault(match.saved_search, []).append(match)
    documents = store.fetch_documents(session, {f"challenge:{m.object_id}" for m in unsent})
    return sum(send_alert(session, saved, matches, documents, now)
               for saved, matches in grouped.items())


def _send_due(session: Session, now: datetime) -> int:
    """Send the due alerts, committing every SEND_BATCH saved searches: a large run
    neither holds the database's write lock for long nor repeats what it sent if the
    worker dies half-way."""
    search_ids = _due_search_ids(session, now)
    sent = 0
    for start in range(0, len(search_ids), SEND_BATCH):
        sent += _send_batch(session, search_ids[start:start + SEND_BATCH], now)
        session.commit()
    return sent


def run_alerts(session: Session | None = None, now: datetime | None = None) -> AlertReport:
    """Record new matches for every saved search, then send the alerts that are due."""
    session = session or db.session
    now = now or utcnow()
    report = AlertReport()
    session.commit()
    # Profiles are matched even with their e-mails off: My pages show what they find.
    active = list(session.scalars(select(SavedSearch).where(or_(
        SavedSearch.frequency != Frequency.OFF, SavedSearch.kind == SavedSearchKind.PROFILE))))
    if active:
        candidates = _candidates(session, min(s.checked_through for s in active))
        known = known_matches(session, candidates)
        for saved in active:
            report.matched += record_matches(session, saved, candidates, known, now)
        session.commit()
    report.sent = _send_due(session, now)
    session.commit()
    return report


@register_job("search_alerts", every_seconds=30)
def alerts_job() -> str | None:
    """The worker's alert job (registered after indexing, so it runs after it)."""
    return run_alerts().line()
