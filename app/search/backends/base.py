"""The interface every search backend implements, and what goes in and out of it."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property

from markupsafe import Markup
from sqlalchemy.orm import Session

from app.challenges.models import deadline_reached
from app.search.cpv import hierarchy_prefix
from app.search.documents import IndexDocument
from app.search.plan import Plan, build_plan
from app.search.query import ParsedQuery

SORTS = ("relevance", "newest", "deadline")
DEADLINE_BUCKETS = ("week", "month", "later", "passed")


class IndexUnavailable(Exception):
    """The index is missing or cannot be read; `state` says which."""

    def __init__(self, state: str, detail: str = ""):
        super().__init__(f"search index {state}: {detail}".strip(": "))
        self.state = state


@dataclass(frozen=True)
class SearchRequest:
    query: ParsedQuery
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = "relevance"
    offset: int = 0
    limit: int = 20
    now: datetime | None = None
    facets: bool = True
    only_keys: frozenset[str] | None = None  # restrict to these documents (alerts)
    plan: Plan | None = None  # the analysed query (built from `query` when not given)

    @cached_property
    def the_plan(self) -> Plan:
        return self.plan if self.plan is not None else build_plan(self.query)

    @property
    def effective_sort(self) -> str:
        """Relevance needs words to rank by; without them the newest come first."""
        if self.sort == "relevance" and not self.query.has_positive_terms:
            return "newest"
        return self.sort if self.sort in SORTS else "relevance"


@dataclass
class Hit:
    key: str
    score: float = 0.0
    snippet: Markup | None = None  # filled by backends that highlight themselves


@dataclass
class SearchResults:
    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    bounded: bool = False  # more matches than counted: total is a lower bound, no facets


def deadline_bucket(deadline: datetime | None, now: datetime) -> str | None:
    """Which deadline range a deadline falls in: within a week, a month, later, passed."""
    if deadline is None:
        return None
    if deadline < now:
        return "passed"
    if deadline < now + timedelta(days=7):
        return "week"
    if deadline < now + timedelta(days=30):
        return "month"
    return "later"


def bucket_bounds(now: datetime) -> dict[str, tuple[datetime | None, datetime | None]]:
    """[from, to) of each deadline range (None: unbounded)."""
    week, month = now + timedelta(days=7), now + timedelta(days=30)
    return {"passed": (None, now), "week": (now, week), "month": (week, month),
            "later": (month, None)}


def filter_tokens(field: str, values) -> list[str]:
    """The facet tokens any one of which satisfies a filter (a CPV code also matches the
    codes below it: "90500000" is stored as the token "cpv:905")."""
    if field == "cpv":
        return [f"cpv:{p}" for p in (hierarchy_prefix(v) for v in values) if p]
    return [f"{field}:{value}" for value in values]


def matches_filters(tokens, deadline_at: datetime | None, filters: dict,
                    now: datetime) -> bool:
    """Whether a stored document (its facet tokens and deadline) passes every filter:
    any value within a filter, every filter together (as the search page combines them)."""
    held = set(tokens)
    for name, values in filters.items():
        if not values:
            continue
        if name == "deadline":
            if not any(_in_bucket(deadline_at, bucket, now) for bucket in values):
                return False
        elif name == "status":
            if status_as_of(_stored_status(held), deadline_at, now) not in values:
                return False
        elif held.isdisjoint(filter_tokens(name, values)):
            return False
    return True


def status_as_of(stored: str | None, deadline_at: datetime | None,
                 now: datetime | None = None) -> str | None:
    """A document's status as of now: a challenge stored open whose deadline has been
    reached is closed, before the close job records it (what the backends count and
    filter, and what a result shows)."""
    if stored == "open" and deadline_reached(deadline_at, now):
        return "closed"
    return stored


def _stored_status(tokens) -> str | None:
    return next((t[7:] for t in tokens if t.startswith("status:")), None)


def _in_bucket(deadline_at: datetime | None, bucket: str, now: datetime) -> bool:
    bounds = bucket_bounds(now).get(bucket)
    if deadline_at is None or bounds is None:
        return False
    low, high = bounds
    return (low is None or deadline_at >= low) and (high is None or deadline_at < high)


class SearchBackend(ABC):
    """Finds documents; the indexer feeds it, the search page asks it."""

    name = ""

    @abstractmethod
    def search(self, session: Session, request: SearchRequest) -> SearchResults:
        """Match, filter, count facets, sort and return one page of hits."""

    @abstractmethod
    def apply(self, session: Session, documents: list[IndexDocument],
              removed_keys: list[str]) -> None:
        """Index new or changed documents and remove others (the indexer's batch)."""

    @abstractmethod
    def rebuild(self, session: Session,
                batches: Iterable[tuple[str, Iterator[IndexDocument]]]) -> object:
        """Build a complete new index from (type, documents) pairs; return a handle for
        `activate`. The current index keeps serving meanwhile."""

    def activate(self, handle: object) -> None:  # noqa: B027 - optional step
        """Switch to a rebuilt index (atomically)."""

    @abstractmethod
    def indexed_hashes(self, session: Session) -> dict[str, str]:
        """Key -> content hash of every indexed document (for `search check`)."""

    @abstractmethod
    def state(self, session: Session) -> str:
        """"ok", "missing" or "unreadable"."""

    def needs_rebuild(self, session: Session) -> bool:
        """True if there is no index yet (the indexer then builds one from scratch)."""
        return False

    @contextmanager
    def writing(self, wait: bool = False) -> Iterator[bool]:
        """Hold the right to write the index; yields False if another writer has it."""
        yield True

    def close(self) -> None:  # noqa: B027 - most backends hold nothing open
        """Release open files (searchers)."""
