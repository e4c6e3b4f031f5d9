"""Search for pages, alerts and the command line: one entry point, with a fallback.

`run_search` reads the page's parameters, asks the configured backend, and falls back
to a plain database search (saying so) when the index is missing or unreadable. It
then loads the shown documents in one query and highlights only those.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from math import ceil
from urllib.parse import urlencode

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.models import User
from app.challenges.models import ChallengeKind, ProcurementRoute
from app.challenges.workflow import STATE_LABELS, STATUS_NAMES
from app.core.db import utcnow
from app.core.domain import DomainError
from app.core.events import Frequency
from app.core.reference import NATIONWIDE, REGIONS, SECTORS, region_label, sector_label
from app.extensions import db
from app.organisations.models import Organisation
from app.search import store
from app.search.backends import fallback_backend, get_backend
from app.search.backends.base import (
    DEADLINE_BUCKETS,
    SORTS,
    IndexUnavailable,
    SearchRequest,
    SearchResults,
    status_as_of,
)
from app.search.cpv import digits, level_names, matching_codes
from app.search.documents import FACETS, FILTERS
from app.search.highlight import Highlighting, highlight_title, highlighting_for, snippet
from app.search.indexer import pending_count
from app.search.models import SavedSearch, SavedSearchKind
from app.search.plan import Plan, build_plan
from app.search.query import ParsedQuery, parse_query
from app.search.registry import document_type, type_names
from app.search.snapshot import fresh_documents

log = logging.getLogger(__name__)
PER_PAGE = 20
MAX_PAGES = 50  # beyond the first 1000 results, refine the search instead
MAX_VALUES = 30
BUYERS_SHOWN = 10
_VALUE = re.compile(r"^[\w.\-]{1,40}$")

# The challenges' own labels, so a status reads the same in search as on the list.
STATUS_LABELS = {name: STATE_LABELS[STATUS_NAMES[name]]
                 for name in ("open", "closed", "decided", "withdrawn")}
# Keyed by the values the documents hold; the labels are the enums' own.
KIND_LABELS = {kind.value: kind.label for kind in ChallengeKind}
ROUTE_LABELS = {route.value: route.label for route in ProcurementRoute}
DEADLINE_LABELS = {"week": _l("Closes within 7 days"), "month": _l("Closes within 30 days"),
                   "later": _l("Closes later"), "passed": _l("Deadline passed")}
FACET_TITLES = {"type": _l("Type"), "status": _l("Status"), "kind": _l("Kind"),
                "sector": _l("Sector"), "region": _l("Region"), "route": _l("Procurement route"),
                "buyer": _l("Buyer"), "deadline": _l("Deadline")}
SORT_LABELS = {"relevance": _l("Relevance"), "newest": _l("Newest"),
               "deadline": _l("Deadline soonest")}


# -- reading the page's parameters ---------------------------------------------------

@dataclass(frozen=True)
class SearchParams:
    """What the search page's address says: query, filters, sort and page."""

    q: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1

    def args(self, **changes) -> list[tuple[str, str]]:
        """Query-string pairs for a link to this search with some changes."""
        q = changes.get("q", self.q)
        filters = changes.get("filters", self.filters)
        sort = changes.get("sort", self.sort)
        pairs = [("q", q)] if q else []
        pairs += [(name, value) for name in FILTERS for value in filters.get(name, ())]
        if sort != "relevance":
            pairs.append(("sort", sort))
        return pairs

    def url(self, **changes) -> str:
        """The /search address of this search, with some parts changed."""
        pairs = self.args(**changes)
        return "/search" + ("?" + urlencode(pairs) if pairs else "")


def clean_values(name: str, values) -> tuple[str, ...]:
    """The valid, distinct values of one filter (CPV codes normalised to 8 digits)."""
    kept: list[str] = []
    for raw in values:
        value = (raw or "").strip()
        if name == "cpv":
            value = digits(value) or ""
        if _VALUE.match(value) and value not in kept:
            kept.append(value)
    return tuple(kept[:MAX_VALUES])


def params_from(args) -> SearchParams:
    """Parse a request's arguments; anything invalid is ignored, never an error."""
    filters = {name: clean_values(name, args.getlist(name)) for name in FILTERS}
    sort = args.get("sort", "relevance")
    try:
        page = int(args.get("page", 1))
    except ValueError:
        page = 1
    return SearchParams(q=(args.get("q") or "").strip()[:300],
                        filters={k: v for k, v in filters.items() if v},
                        sort=sort if sort in SORTS else "relevance",
                        page=min(max(page, 1), MAX_PAGES))


# -- searching -----------------------------------------------------------------------

def execute(session: Session, request: SearchRequest) -> tuple[SearchResults, bool]:
    """Ask the backend; on a missing or unreadable index, log it and ask the database.
    Returns the results and whether they came from the limited fallback."""
    try:
        return get_backend().search(session, request), False
    except IndexUnavailable as problem:
        log.error("search is limited to a database search: %s", problem)
        return fallback_backend().search(session, request), True


@dataclass
class ResultItem:
    key: str
    doc_type: str
    type_label: str
    url: str
    title: Markup
    snippet: Markup
    status: str | None
    deadline_at: datetime | None
    buyers: list[str]
    region: str | None = None
    cpv_matches: list[tuple[str, str]] = field(default_factory=list)  # (code, name)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int | None  # None: too many matches to count
    selected: bool


@dataclass
class FacetGroup:
    name: str
    title: str
    values: list[FacetValue]


@dataclass
class Pagination:
    """Enough of Flask-SQLAlchemy's pagination for `macros/pagination.html`."""

    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return min(MAX_PAGES, ceil(self.total / self.per_page)) if self.total else 0

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1

    def iter_pages(self, left_edge=1, right_edge=1, left_current=1, right_current=2):
        last = 0
        for number in range(1, self.pages + 1):
            if (number <= left_edge or number > self.pages - right_edge
                    or self.page - left_current <= number <= self.page + right_current):
                if last + 1 != number:
                    yield None
                yield number
                last = number


@dataclass
class SearchPage:
    params: SearchParams
    query: ParsedQuery
    total: int = 0
    items: list[ResultItem] = field(default_factory=list)
    facets: list[FacetGroup] = field(default_factory=list)
    suggestion: str | None = None
    limited: bool = False
    bounded: bool = False  # more than the backend counts: "1 000+"
    pagination: Pagination | None = None


def run_search(params: SearchParams, session: Session | None = None,
               now: datetime | None = None) -> SearchPage:
    """Everything the search page shows for its address."""
    session = session or db.session
    query = parse_query(params.q)
    page = SearchPage(params=params, query=query, pagination=Pagination(params.page, PER_PAGE, 0))
    if query.unsearchable:  # only stop words or punctuation: say so, list nothing
        return page
    plan = build_plan(query, session)
    request = SearchRequest(query=query, plan=plan, filters=params.filters, sort=params.sort,
                            offset=(params.page - 1) * PER_PAGE, limit=PER_PAGE,
                            now=now or utcnow())
    results, limited = execute(session, request)
    page.total, page.limited, page.bounded = results.total, limited, results.bounded
    page.pagination = Pagination(params.page, PER_PAGE, results.total)
    page.items = result_items(session, results, plan)
    page.facets = facet_groups(session, results.facets, params.filters, results.bounded)
    if plan.corrections:
        page.suggestion = suggestion(session, query, plan, params.filters)
    return page


def result_items(session: Session, results: SearchResults, plan: Plan) -> list:
    """The shown hits with their stored text, highlighted (stale hits are skipped)."""
    documents = store.fetch_documents(session, [hit.key for hit in results.hits])
    highlighting = highlighting_for(plan)
    buyer_names = organisation_names(session, {
        token.partition(":")[2] for d in documents.values() for token in d.facets
        if token.startswith("buyer:")})
    codes = {t[4:] for d in documents.values() for t in d.facets if _is_code(t)}
    names = {"buyers": buyer_names, "cpv": level_names(sorted(codes)) if codes else {}}
    items = []
    for hit in results.hits:
        document = documents.get(hit.key)
        search_type = document_type(hit.key.partition(":")[0])
        if document is not None and search_type is not None:
            items.append(_item(hit, document, str(search_type.label), highlighting, names))
    return items


def _is_code(token: str) -> bool:
    return token.startswith("cpv:") and len(token) == 12


def _item(hit, document, type_label: str, highlighting: Highlighting,
          names: dict) -> ResultItem:
    tokens = dict(t.partition(":")[::2] for t in document.facets
                  if not t.startswith(("buyer:", "sector:", "cpv:")))
    buyers = [t[6:] for t in document.facets if t.startswith("buyer:")]
    codes = [t[4:] for t in document.facets if _is_code(t)]
    return ResultItem(
        key=hit.key, doc_type=document.doc_type, type_label=type_label, url=document.url,
        title=highlight_title(document.title, highlighting),
        snippet=hit.snippet or snippet(document.body, highlighting),
        status=shown_status(tokens.get("status"), document.deadline_at),
        deadline_at=document.deadline_at,
        buyers=[names["buyers"][b] for b in buyers if b in names["buyers"]],
        region=tokens.get("region"),
        cpv_matches=matching_codes(codes, highlighting.matches, _ui_language(), names["cpv"]),
    )


def shown_status(stored: str | None, deadline_at: datetime | None) -> str | None:
    """A result's status as of now: an open challenge whose deadline has passed is shown
    closed at once, although its document says open until the close job has run (the
    backends count and filter it so too)."""
    return status_as_of(stored, deadline_at)


def _ui_language() -> str:
    from flask_babel import get_locale

    locale = get_locale()
    return "sv" if locale is not None and locale.language == "sv" else "en"


def organisation_names(session: Session, ids) -> dict[str, str]:
    """Names of organisations by id (as strings, the way facets hold them)."""
    numbers = [int(i) for i in ids if str(i).isdigit()]
    if not numbers:
        return {}
    rows = session.execute(select(Organisation.id, Organisation.name)
                           .where(Organisation.id.in_(numbers)))
    return {str(org_id): name for org_id, name in rows}


def facet_label(name: str, value: str, names: dict[str, str]) -> str:
    """What a facet value is called on the page."""
    if name == "type":
        search_type = document_type(value)
        return str(search_type.label) if search_type else value
    labels = {"status": STATUS_LABELS, "kind": KIND_LABELS, "route": ROUTE_LABELS,
              "deadline": DEADLINE_LABELS}.get(name)
    if labels is not None:
        return str(labels.get(value, value))
    if name == "sector":
        return sector_label(value)
    if name == "region":
        return region_label(value)
    if name == "buyer":
        return names.get(value, value)
    return value


def _ordered_values(name: str, counts: dict[str, int], selected: tuple[str, ...],
                    every: bool = False) -> list[str]:
    fixed = {"status": list(STATUS_LABELS), "deadline": list(DEADLINE_BUCKETS),
             "sector": list(SECTORS), "region": [NATIONWIDE, *REGIONS],
             "route": list(ROUTE_LABELS), "kind": list(KIND_LABELS),
             "type": type_names()}.get(name)
    values = set(counts) | set(selected) | (set(fixed or ()) if every else set())
    if fixed is not None:
        return [v for v in fixed if v in values] + sorted(values - set(fixed))
    ordered = sorted(values, key=lambda v: (-counts.get(v, 0), v))
    if name == "buyer":
        ordered = ordered[:BUYERS_SHOWN] + [v for v in ordered[BUYERS_SHOWN:] if v in selected]
    return ordered


def facet_groups(session: Session, counts: dict, filters: dict,
                 bounded: bool = False) -> list[FacetGroup]:
    """The facets to show, in order, each value with its count (None when there were too
    many matches to count: then every known value is offered) and whether chosen."""
    ordered = {name: _ordered_values(name, counts.get(name, {}), filters.get(name, ()),
                                     every=bounded) for name in FACETS}
    names = organisation_names(session, ordered["buyer"])
    groups = []
    for name in FACETS:
        selected = filters.get(name, ())
        values = [FacetValue(value, facet_label(name, value, names),
                             None if bounded else counts.get(name, {}).get(value, 0),
                             value in selected)
                  for value in ordered[name]]
        if values:
            groups.append(FacetGroup(name, str(FACET_TITLES[name]), values))
    return groups


def suggestion(session: Session, query: ParsedQuery, plan: Plan, filters) -> str | None:
    """A better-spelled query ("did you mean") when it finds clearly more (at least twice
    as many) than the query as typed, typos not tolerated in either."""
    corrected = query.raw
    for word, better in plan.corrections.items():
        corrected = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", better, corrected)
    if corrected == query.raw:
        return None
    typed, better_total = (_exact_total(session, q, filters)
                           for q in (query, parse_query(corrected)))
    return corrected if better_total >= max(1, 2 * typed) else None


def _exact_total(session: Session, query: ParsedQuery, filters) -> int:
    request = SearchRequest(query=query, plan=build_plan(query, fuzzy=False), filters=filters,
                            limit=0, facets=False, now=utcnow())
    results, _limited = execute(session, request)
    return results.total


# -- saved searches and the interest profile -----------------------------------------

FREQUENCIES = (Frequency.IMMEDIATELY, Frequency.DAILY, Frequency.WEEKLY)


def save_search(user: User, name: str, params: SearchParams,
                frequency: Frequency) -> SavedSearch:
    """Keep a search (query and filters) for a user, with an alert frequency."""
    saved = SavedSearch(user=user, kind=SavedSearchKind.SEARCH,
                        name=(name or params.q or _("My search")).strip()[:200],
                        query=params.q, filters={k: list(v) for k, v in params.filters.items()},
                        frequency=frequency, checked_through=utcnow())
    db.session.add(saved)
    db.session.flush()
    return saved


def saved_searches_of(user: User) -> list[SavedSearch]:
    """A user's saved searches (not the interest profile), newest first."""
    return list(db.session.scalars(
        select(SavedSearch).where(SavedSearch.user_id == user.id,
                                  SavedSearch.kind == SavedSearchKind.SEARCH)
        .order_by(SavedSearch.created_at.desc(), SavedSearch.id.desc())))


def params_of(saved: SavedSearch) -> SearchParams:
    """The search a saved search stands for."""
    filters = {name: clean_values(name, saved.filters.get(name, ())) for name in FILTERS}
    return SearchParams(q=saved.query, filters={k: v for k, v in filters.items() if v})


def change_frequency(saved: SavedSearch, frequency: Frequency) -> None:
    """Change how often a saved search sends alerts (or turn them off)."""
    saved.frequency = frequency
    db.session.flush()


def delete_saved_search(saved: SavedSearch) -> None:
    """Forget a saved search and its alert history."""
    db.session.delete(saved)
    db.session.flush()


def interest_profile_of(user: User) -> SavedSearch | None:
    """The user's interest profile, if they made one."""
    return db.session.scalar(select(SavedSearch).where(
        SavedSearch.user_id == user.id, SavedSearch.kind == SavedSearchKind.PROFILE))


def profile_defaults(user: User) -> dict:
    """A first profile suggested from the user's organisation: its sectors and county."""
    organisation = next((m.organisation for m in user.memberships), None)
    if organisation is None:
        return {"cpv": [], "sector": [], "region": []}
    return {"cpv": [], "sector": list(organisation.sectors or []),
            "region": [organisation.region] if organisation.region else []}


def save_interest_profile(user: User, cpv: list[str], sectors: list[str], regions: list[str],
                          nationwide: bool, frequency: Frequency) -> SavedSearch:
    """Set the user's interest profile: a standing search for open challenges."""
    codes = []
    for code in cpv:
        if digits(code) is None:
            raise DomainError(_("%(code)s is not a CPV code like 90500000-2.", code=code),
                              field="cpv_codes")
        codes.append(digits(code))
    region_values = [*regions, NATIONWIDE] if regions and nationwide else list(regions)
    filters = {"type": ["challenge"], "status": ["open"], "cpv": sorted(set(codes)),
               "sector": sorted(set(sectors)), "region": sorted(set(region_values))}
    profile = interest_profile_of(user)
    if profile is None:
        profile = SavedSearch(user=user, kind=SavedSearchKind.PROFILE, checked_through=utcnow())
        db.session.add(profile)
    profile.name = _("My interest profile")
    profile.filters = {k: v for k, v in filters.items() if v}
    profile.frequency = frequency
    db.session.flush()
    return profile


# -- health --------------------------------------------------------------------------

def health(session: Session | None = None) -> dict:
    """The search index's state for /healthz: backend, state and queue backlog (and on
    PostgreSQL how many documents were indexed since the snapshot)."""
    session = session or db.session
    backend = get_backend()
    found = {"search_backend": backend.name, "search_index": backend.state(session),
             "search_queue": pending_count(session)}
    if backend.name == "postgres" and found["search_index"] == "ok":
        found["search_snapshot_fresh"] = fresh_documents(session)
    return found
