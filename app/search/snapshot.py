"""PostgreSQL only: the search documents frozen into arrays that each web process ranks
in memory.

Ranking in the database scores every match of a query (RUM's `ORDER BY tsv <=> q`):
about half a second for a common word in 90 000 documents. A snapshot keeps, per index
term, the documents holding it with the term's impact on each (its share of the score,
`search_impact`) and the fields it is in, and per facet token the documents holding it;
per document its id, deadline, publication date and status. A web process reads the
arrays of a query's terms (kept in a small cache: a snapshot never changes) and matches,
filters, scores and sorts every match with numpy in a few milliseconds, whatever the
number of matches. Documents indexed after the snapshot was taken (`fresh_from_at`) are
read from `search_documents` and scored there with the same function, so a change is
searchable as soon as the indexer has saved it; the worker takes a new snapshot when
enough has changed (job `search_snapshot`, or `flask --app wsgi search snapshot`).

The snapshot lives in the database (`search_snapshots`, `search_postings`), so every web
host uses the same one and nothing is kept on disk.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
from flask import current_app
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.core.db import utcnow
from app.core.jobs import register_job
from app.extensions import db
from app.search.models import PostingKind, SearchSnapshot
from app.search.postings_cache import PostingsCache

log = logging.getLogger(__name__)

# Documents indexed from this moment on are fresh: the snapshot's own start, or the start
# of the oldest other transaction then running in the database (it may commit documents
# the snapshot cannot see, stamped indexed_at after it began).
_FRESH_FROM = """
SELECT least(clock_timestamp(), min(xact_start)) FROM pg_stat_activity
WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL
"""
STATUS_CODES = {"open": 1, "closed": 2, "decided": 3, "withdrawn": 4}
STATUS_NAMES = {code: name for name, code in STATUS_CODES.items()}
WEIGHT_BITS = {"A": 1, "B": 2, "C": 4, "D": 8}
PREFIX_EXPANSION = 200  # a prefix stands for its most frequent terms (as in Whoosh)
CACHE_BYTES = 64 * 1024 * 1024  # postings kept decoded per process
RETAKE_AFTER_DOCUMENTS = 200  # fresh documents that make the worker take a new snapshot
RETAKE_AFTER = timedelta(minutes=15)  # ... or any fresh document, once the snapshot is this old

_ROWS = """
CREATE TEMPORARY TABLE snapshot_rows ON COMMIT DROP AS
SELECT id, (row_number() OVER (ORDER BY id) - 1)::int AS pos, facets, deadline_at,
       published_at
FROM search_documents WHERE tsv IS NOT NULL
"""

_STATUS = " ".join(f"WHEN facets ? 'status:{name}' THEN {code}"
                   for name, code in STATUS_CODES.items())

_SNAPSHOT = f"""
INSERT INTO search_snapshots (built_at, fresh_from_at, documents, ids, deadlines, published,
                              statuses)
SELECT :built, :fresh, count(*),
       coalesce(string_agg(int4send(id), ''::bytea ORDER BY pos), ''::bytea),
       coalesce(string_agg(int8send(coalesce(
                               floor(extract(epoch FROM deadline_at) * 1000000)::bigint, 0)),
                           ''::bytea ORDER BY pos), ''::bytea),
       coalesce(string_agg(int8send(floor(extract(epoch FROM published_at))::bigint),
                           ''::bytea ORDER BY pos), ''::bytea),
       coalesce(string_agg(set_byte('\\x00'::bytea, 0, CASE {_STATUS} ELSE 0 END),
                           ''::bytea ORDER BY pos), ''::bytea)
FROM snapshot_rows
RETURNING id
"""

# Positions are kept for the title and body only (phrases are looked for there).
_TERM_POSTINGS = """
INSERT INTO search_postings (snapshot_id, kind, term, documents, rows, impacts, weights,
                             occurrences, positions)
SELECT :snapshot, 'term', u.lexeme, count(*),
       string_agg(int4send(r.pos), ''::bytea ORDER BY r.pos),
       string_agg(float4send(search_impact(u.weights)), ''::bytea ORDER BY r.pos),
       string_agg(set_byte('\\x00'::bytea, 0, search_weight_bits(u.weights)), ''::bytea
                  ORDER BY r.pos),
       string_agg(int2send(p.n), ''::bytea ORDER BY r.pos),
       string_agg(p.positions, ''::bytea ORDER BY r.pos)
FROM snapshot_rows r JOIN search_documents d ON d.id = r.id
CROSS JOIN LATERAL unnest(d.tsv) AS u
CROSS JOIN LATERAL (
    SELECT count(*)::smallint AS n,
           coalesce(string_agg(int2send(x.p), ''::bytea ORDER BY x.p), ''::bytea) AS positions
    FROM unnest(u.positions, u.weights) AS x(p, w) WHERE x.w IN ('A', 'B')) AS p
GROUP BY u.lexeme
"""

_FACET_POSTINGS = """
INSERT INTO search_postings (snapshot_id, kind, term, documents, rows)
SELECT :snapshot, 'facet', f.token, count(*),
       string_agg(int4send(r.pos), ''::bytea ORDER BY r.pos)
FROM snapshot_rows r CROSS JOIN LATERAL jsonb_array_elements_text(r.facets) AS f(token)
GROUP BY f.token
"""


def micros(moment: datetime | None) -> int:
    """A moment as whole microseconds since 1970 (0 for none), exactly."""
    if moment is None:
        return 0
    return (moment.astimezone(UTC) - EPOCH) // timedelta(microseconds=1)


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _naive_utc(moment: datetime) -> datetime:
    """As `search_snapshots` stores moments (see app.core.db.UTCDateTime)."""
    return moment.astimezone(UTC).replace(tzinfo=None)


def build(session: Session, progress: Callable[[str], None] | None = None) -> int:
    """Take a new snapshot of the stored documents and drop the older ones (the caller
    commits: until then searches use the previous snapshot). Returns its id; `progress`
    hears what is done as each step ends."""
    tell = progress or (lambda _step: None)
    fresh = _naive_utc(session.scalar(text(_FRESH_FROM)))
    session.execute(text("DROP TABLE IF EXISTS snapshot_rows"))
    session.execute(text(_ROWS))
    snapshot_id = session.scalar(text(_SNAPSHOT), {"built": _naive_utc(utcnow()),
                                                   "fresh": fresh})
    tell("documents")
    session.execute(text(_TERM_POSTINGS), {"snapshot": snapshot_id})
    tell("terms")
    session.execute(text(_FACET_POSTINGS), {"snapshot": snapshot_id})
    tell("facets")
    session.execute(text("DROP TABLE snapshot_rows"))
    session.execute(text("DELETE FROM search_snapshots WHERE id <> :snapshot"),
                    {"snapshot": snapshot_id})
    return snapshot_id


def fresh_documents(session: Session, since: datetime | None = None,
                    up_to: int | None = None) -> int:
    """How many documents were indexed from `since` on (default: since the current
    snapshot was taken; all of them when there is none), counting at most `up_to`."""
    if since is None:
        since = session.scalar(text("SELECT max(fresh_from_at) FROM search_snapshots"))
    fresh = "SELECT 1 FROM search_documents" + (" WHERE indexed_at >= :since" if since else "")
    if up_to is not None:
        fresh += " LIMIT :up_to"
    return session.scalar(text(f"SELECT count(*) FROM ({fresh}) AS fresh"),
                          {"since": since, "up_to": up_to}) or 0


@dataclass(frozen=True)
class Postings:
    """The documents (positions in the snapshot) holding one term or token; for a term
    also its impact on each, the fields it is in, and where it is in the title and body
    (`places`: row * 2^16 + position, for phrases)."""

    rows: np.ndarray  # int32
    impacts: np.ndarray | None = None  # float32
    weights: np.ndarray | None = None  # uint8
    places: np.ndarray | None = None  # int64, ascending

    @property
    def nbytes(self) -> int:
        return sum(a.nbytes for a in (self.rows, self.impacts, self.weights, self.places)
                   if a is not None)


EMPTY = Postings(np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32),
                 np.zeros(0, dtype=np.uint8), np.zeros(0, dtype=np.int64))
PLACE = 1 << 16  # a row's places are row * PLACE + position (positions stay below it)


@dataclass(frozen=True)
class Snapshot:
    """One snapshot's per-document arrays (positions are indexes into them)."""

    id: int
    built_at: datetime  # with the id, tells snapshots of different databases apart
    fresh_from_at: datetime
    ids: np.ndarray  # int64, ascending
    deadlines: np.ndarray  # int64 epoch microseconds (exact, as SQL compares), 0: none
    published: np.ndarray  # int64 epoch seconds
    statuses: np.ndarray  # uint8 STATUS_CODES, 0: none

    @property
    def size(self) -> int:
        return len(self.ids)

    @property
    def key(self) -> tuple:
        return (self.id, self.built_at)

    def positions_of(self, document_ids) -> np.ndarray:
        """The positions of those documents that are in the snapshot."""
        wanted = np.asarray(sorted(document_ids), dtype=np.int64)
        found = np.searchsorted(self.ids, wanted)
        found = found[found < self.size]
        return found[np.isin(self.ids[found], wanted)]


_postings = PostingsCache(CACHE_BYTES, size=lambda found: found.nbytes)
_current: Snapshot | None = None  # the newest snapshot's arrays, read once per process


def _array(data: bytes | None, dtype: str) -> np.ndarray:
    return np.frombuffer(data or b"", dtype=dtype)


def current(session: Session) -> Snapshot | None:
    """The newest snapshot (its arrays read once per process), or None."""
    row = session.execute(text("SELECT id, built_at FROM search_snapshots "
                               "ORDER BY id DESC LIMIT 1")).first()
    if row is None:
        return None
    global _current
    kept = _current
    if kept is not None and kept.key == (row.id, row.built_at.replace(tzinfo=UTC)):
        return kept
    stored = session.get(SearchSnapshot, row.id)
    if stored is None:
        return None
    snapshot = Snapshot(
        id=stored.id, built_at=stored.built_at, fresh_from_at=stored.fresh_from_at,
        ids=_array(stored.ids, ">i4").astype(np.int64),
        deadlines=_array(stored.deadlines, ">i8").astype(np.int64),
        published=_array(stored.published, ">i8").astype(np.int64),
        statuses=_array(stored.statuses, "u1"))
    session.expunge(stored)
    _postings.clear()
    _current = snapshot
    return snapshot


def _decoded(rows, impacts, weights) -> Postings:
    rows = _array(rows, ">i4").astype(np.int32)
    if impacts is None:
        return Postings(rows)
    return Postings(rows, _array(impacts, ">f4").astype(np.float32), _array(weights, "u1"))


def _places(rows, occurrences, positions) -> Postings:
    rows = _array(rows, ">i4").astype(np.int64)
    counts = _array(occurrences, ">i2").astype(np.int64)
    places = np.repeat(rows * PLACE, counts) + _array(positions, ">i2").astype(np.int64)
    return Postings(rows.astype(np.int32), places=places)


_COLUMNS = {"term": "rows, impacts, weights", "facet": "rows, impacts, weights",
            "places": "rows, occurrences, positions"}


def _read(session: Session, snapshot: Snapshot, kind: str, terms) -> dict[str, Postings]:
    """Postings of one kind ("places": a term's positions, for phrases), cached."""
    found, missing = {}, []
    for term in dict.fromkeys(terms):
        cached = _postings.cached((snapshot.key, kind, term))
        if cached is None:
            missing.append(term)
        else:
            found[term] = cached
    if missing:
        decode = _places if kind == "places" else _decoded
        rows = session.execute(text(
            f"SELECT term, {_COLUMNS[kind]} FROM search_postings WHERE snapshot_id = "
            ":snapshot AND kind = :kind AND term = ANY(CAST(:terms AS text[]))"),
            {"snapshot": snapshot.id, "kind": "term" if kind == "places" else kind,
             "terms": missing})
        for term, *arrays in rows:
            found[term] = decode(*arrays)
            _postings.keep((snapshot.key, kind, term), found[term])
    return {term: found.get(term, EMPTY) for term in dict.fromkeys(terms)}


def postings(session: Session, snapshot: Snapshot, kind: PostingKind,
             terms) -> dict[str, Postings]:
    """The postings of these terms (or facet tokens); a term no document holds gets
    empty postings."""
    return _read(session, snapshot, kind.value, terms)


def places(session: Session, snapshot: Snapshot, terms) -> dict[str, Postings]:
    """Where these terms are in the title and body (`Postings.places`), for phrases."""
    return _read(session, snapshot, "places", terms)


def prefix_terms(session: Session, snapshot: Snapshot, beginning: str) -> list[str]:
    """The most frequent index terms beginning so (a range of the key)."""
    if not beginning:
        return []
    following = beginning[:-1] + chr(ord(beginning[-1]) + 1)
    return list(session.scalars(text(
        "SELECT term FROM search_postings WHERE snapshot_id = :snapshot AND kind = 'term' "
        "AND term >= :low AND term < :high ORDER BY documents DESC, term LIMIT :limit"),
        {"snapshot": snapshot.id, "low": beginning, "high": following,
         "limit": PREFIX_EXPANSION}))


def due(session: Session) -> bool:
    """Whether a new snapshot should be taken: none yet, many documents indexed since the
    last, or some and the last is old."""
    row = session.execute(text("SELECT fresh_from_at, built_at FROM search_snapshots "
                               "ORDER BY id DESC LIMIT 1")).first()
    if row is None:
        return True
    fresh = fresh_documents(session, row.fresh_from_at, up_to=RETAKE_AFTER_DOCUMENTS)
    old = _naive_utc(utcnow()) - row.built_at >= RETAKE_AFTER
    return fresh >= RETAKE_AFTER_DOCUMENTS or (fresh > 0 and old)


_building = threading.Lock()  # one snapshot at a time per process


def _build_in_background(app) -> None:
    with app.app_context():
        try:
            snapshot_id = build(db.session)
            db.session.commit()
            log.info("search snapshot %s taken", snapshot_id)
        except Exception:  # the next run of the job tries again
            db.session.rollback()
            log.exception("search snapshot failed")
        finally:
            db.session.remove()
            _building.release()


@register_job("search_snapshot", every_seconds=60)
def snapshot_job() -> str | None:
    """The worker's job on PostgreSQL: take a new snapshot when one is due, in a thread of
    its own unless SEARCH_SNAPSHOT_IN_BACKGROUND is off (then in the job's transaction)."""
    config = current_app.config
    if config.get("SEARCH_BACKEND") != "postgres" or \
            db.session.get_bind().dialect.name != "postgresql" or not due(db.session):
        return None
    if not config.get("SEARCH_SNAPSHOT_IN_BACKGROUND", True):
        return f"search snapshot {build(db.session)} taken"
    if not _building.acquire(blocking=False):
        return None  # the last one is still being taken
    threading.Thread(target=_build_in_background, name="search-snapshot", daemon=True,
                     args=(current_app._get_current_object(),)).start()
    return "search snapshot started"
