"""Backends that search the `search_documents` table with SQL.

PostgresBackend (SEARCH_BACKEND=postgres) matches the analysed text the indexer stored
as a weighted tsvector (the same analysis and the same query plan as Whoosh, so the same
documents match: see app/search/plan.py). The best matches come from the RUM index in
rank order (`ORDER BY tsv <=> query LIMIT n`) and are put in the order of relevance
(app/search/ranking.py); more are read only when a document beyond them could still
belong on the page, so the shown page is ranked exactly. Counts are exact up to
COUNT_BOUND; above it the page says "1 000+" and facet values show no count. Without
the RUM extension (a GIN index) the ranking is computed with ts_rank over every match.
Hosts share the database, so several web servers need no shared disk.

DatabaseBackend is the fallback when the Whoosh index is missing or unreadable: plain
substring matching, no facet counts, on any database.
"""

from __future__ import annotations

from abc import abstractmethod
from collections import deque
from dataclasses import replace
from datetime import datetime
from itertools import combinations
from math import comb

import numpy as np
from sqlalchemy import (
    Text,
    and_,
    case,
    cast,
    false,
    func,
    literal,
    not_,
    or_,
    select,
    text,
    true,
    tuple_,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from app.challenges.models import deadline_reached_in_sql
from app.core.db import utcnow
from app.search import ranking
from app.search import snapshot as frozen
from app.search.backends import snapshot_search as snapshots
from app.search.backends.base import (
    Hit,
    IndexUnavailable,
    SearchBackend,
    SearchRequest,
    SearchResults,
    bucket_bounds,
    filter_tokens,
)
from app.search.documents import FACETS, split_key
from app.search.models import SearchDocument
from app.search.plan import Any, PhraseTerms, Plan, PlanNode, Terms, flatten_terms
from app.search.store import quote_lexeme, stored_hashes

D = SearchDocument
COUNT_BOUND = 1_000  # counts above this are shown as "1 000+"
PHRASE_COMBINATIONS = 8
MAX_COMBINATIONS = 35  # "3 of 7"; longer queries test each word row by row
FIRST_CANDIDATES = 200


def _within(column, bucket: str, now: datetime):
    """The deadline column falls in a deadline range."""
    low, high = bucket_bounds(now)[bucket]
    parts = [column.isnot(None)]
    if low is not None:
        parts.append(column >= low)
    if high is not None:
        parts.append(column < high)
    return and_(*parts)


class SqlBackend(SearchBackend):
    """What the two SQL backends share: filters, sorting, the page of hits."""

    @abstractmethod
    def _has_tokens(self, facets, tokens: list[str]):
        """A condition: the document holds every one of these facet tokens."""

    @abstractmethod
    def _node(self, node: PlanNode):
        """A condition: the document matches this plan node."""

    def _match(self, plan: Plan):
        found = self._node(plan.root) if plan.root is not None else true()
        for node in plan.excluded:
            found = and_(found, not_(self._node(node)))
        return found

    def _at_least(self, conditions: list, minimum: int):
        """At least `minimum` of the conditions (any one of them first, for an index)."""
        if minimum >= len(conditions):
            return and_(*conditions)
        matched = sum(case((condition, 1), else_=0) for condition in conditions)
        return and_(or_(*conditions), matched >= minimum)

    def _filter(self, facets, deadline, field: str, values: tuple[str, ...], now: datetime):
        """Documents with any of the filter's values (OR within a filter)."""
        if field == "deadline":
            return or_(false(), *(_within(deadline, b, now) for b in values
                                  if b in bucket_bounds(now)))
        if field == "status":
            return or_(false(), *(self._status(facets, deadline, value, now)
                                  for value in values))
        tokens = filter_tokens(field, values)
        return self._has_tokens(facets, tokens) if tokens else false()

    def _status(self, facets, deadline, value: str, now: datetime):
        """Documents with a status as of now: a challenge stored open whose deadline has
        been reached is closed, before the close job records it (`deadline_reached`)."""
        stored = self._has_tokens(facets, [f"status:{value}"])
        reached = deadline_reached_in_sql(deadline, now)
        if value == "open":
            return and_(stored, not_(reached))
        if value == "closed":
            return or_(stored, and_(self._has_tokens(facets, ["status:open"]), reached))
        return stored

    def _conditions(self, request: SearchRequest, now: datetime):
        conditions = [self._match(request.the_plan)]
        if request.only_keys is not None:
            pairs = [split_key(key) for key in request.only_keys] or [("", 0)]
            conditions.append(tuple_(D.doc_type, D.object_id).in_(pairs))
        filters = {field: self._filter(D.facets, D.deadline_at, field, values, now)
                   for field, values in request.filters.items() if values}
        return conditions, filters

    def _order(self, sort: str, now: datetime):
        if sort == "deadline":
            upcoming = D.deadline_at >= now
            return (case((upcoming, 0), else_=1), case((upcoming, D.deadline_at)),
                    D.published_at.desc(), D.id)
        return (D.published_at.desc(), D.id)

    def _page(self, session: Session, where, request: SearchRequest, now: datetime):
        statement = select(D.doc_type, D.object_id).where(*where).order_by(
            *self._order(request.effective_sort, now))
        rows = session.execute(statement.limit(request.limit).offset(request.offset))
        return [Hit(f"{doc_type}:{object_id}") for doc_type, object_id in rows]

    def _count(self, session: Session, where, bound: int | None = None) -> int:
        """The number of matches; with a bound, counting stops past it."""
        if bound is None:
            return session.scalar(select(func.count()).select_from(D).where(*where))
        capped = select(D.id).where(*where).limit(bound + 1).subquery()
        return session.scalar(select(func.count()).select_from(capped))

    def indexed_hashes(self, session: Session) -> dict[str, str]:
        return stored_hashes(session)

    def apply(self, session, documents, removed_keys) -> None:
        """The indexer already saved the documents in `search_documents`."""

    def rebuild(self, session, batches) -> None:
        """The indexer refills `search_documents` as it goes; nothing else to build."""
        for _name, documents in batches:
            deque(documents, maxlen=0)

    def state(self, session: Session) -> str:
        try:
            session.execute(select(D.id).limit(1))
        except Exception:  # the table is gone or unreadable
            return "unreadable"
        return "ok"


# -- PostgreSQL ----------------------------------------------------------------------

def terms_tsquery(node: Terms) -> str | None:
    """A tsquery for one query word: any whole term or correction, all its parts, or a
    word beginning with a prefix (in the title, body or CPV names: weights A, B, D)."""
    alternatives = [quote_lexeme(term) for term in (*node.terms, *node.fuzzy)]
    if node.parts:
        alternatives.append("(" + " & ".join(
            "(" + " | ".join(quote_lexeme(term) for term in part) + ")" for part in node.parts)
            + ")")
    alternatives += [f"{quote_lexeme(beginning)}:*ABD" for beginning in node.prefixes]
    alternatives += [f"{quote_lexeme(term)}:ABD" for term in node.prefix_terms]
    return "(" + " | ".join(alternatives) + ")" if alternatives else None


def phrase_tsquery(node: PhraseTerms) -> str | None:
    """A tsquery for words next to each other, in the title (A) or the body (B)."""
    combinations: list[tuple[str, ...]] = [()]
    for alternatives in node.positions:
        combinations = [(*done, term) for done in combinations for term in alternatives]
        combinations = combinations[:PHRASE_COMBINATIONS]
    phrases = [" <-> ".join(f"{quote_lexeme(term)}:{weight}" for term in combination)
               for combination in combinations if combination for weight in "AB"]
    return "(" + " | ".join(f"({phrase})" for phrase in phrases) + ")" if phrases else None


def pure_tsquery(node: PlanNode) -> str | None:
    """One tsquery for a node (so the index can do all the matching), or None when
    "at least m of n" has too many combinations to spell out."""
    if isinstance(node, Terms):
        return terms_tsquery(node) or "('')"
    if isinstance(node, PhraseTerms):
        return phrase_tsquery(node) or "('')"
    children = [pure_tsquery(item) for item in node.items]
    if any(child is None for child in children):
        return None
    if isinstance(node, Any):
        return "(" + " | ".join(children) + ")"
    if node.minimum >= len(children):
        return "(" + " & ".join(children) + ")"
    if comb(len(children), node.minimum) > MAX_COMBINATIONS:
        return None
    return "(" + " | ".join("(" + " & ".join(chosen) + ")"
                            for chosen in combinations(children, node.minimum)) + ")"


def ranking_tsquery(plan: Plan) -> str | None:
    """Every positive term as one OR query: what RUM orders by."""
    alternatives = []
    for node in flatten_terms(plan.root) if plan.root else ():
        query = terms_tsquery(node) if isinstance(node, Terms) else phrase_tsquery(node)
        if query:
            alternatives.append(query)
    return " | ".join(alternatives) or None


def _tsquery(text_query: str):
    return cast(literal(text_query), postgresql.TSQUERY)


class PostgresBackend(SqlBackend):
    name = "postgres"

    def __init__(self):
        self._ranked_index: bool | None = None

    def state(self, session: Session) -> str:
        if session.get_bind().dialect.name != "postgresql":
            return "unreadable"  # SEARCH_BACKEND=postgres needs a PostgreSQL database
        return super().state(session)

    def _has_tokens(self, facets, tokens: list[str]):
        return facets.op("?|")(postgresql.array(tokens))

    def _node(self, node: PlanNode):
        query = pure_tsquery(node)
        if query is not None:
            return D.tsv.op("@@")(_tsquery(query))
        if isinstance(node, Any):
            return or_(*(self._node(item) for item in node.items))
        return self._at_least([self._node(item) for item in node.items], node.minimum)

    def has_ranked_index(self, session: Session) -> bool:
        """True when the documents' tsvector index is a RUM index (not a GIN fallback)."""
        if self._ranked_index is None:
            self._ranked_index = session.scalar(text(
                "SELECT am.amname = 'rum' FROM pg_class c JOIN pg_am am ON am.oid = c.relam "
                "WHERE c.relname = 'ix_search_documents_tsv'")) or False
        return self._ranked_index

    def search(self, session: Session, request: SearchRequest) -> SearchResults:
        if session.get_bind().dialect.name != "postgresql":
            raise IndexUnavailable("unreadable", "SEARCH_BACKEND=postgres needs PostgreSQL")
        now = request.now or utcnow()
        found = self._from_snapshot(session, request, now)
        if found is not None:
            return found
        conditions, filters = self._conditions(request, now)
        results = SearchResults()
        where = [*conditions, *filters.values()]
        matched = self._count(session, conditions, COUNT_BOUND)
        if request.facets and matched <= COUNT_BOUND:
            results.facets = self._facets(session, conditions, request, now)
            results.total = _total_from_type_counts(results.facets, request)
        else:
            results.total = (matched if not filters else
                             self._count(session, where, COUNT_BOUND))
            results.bounded = results.total > COUNT_BOUND
            results.total = min(results.total, COUNT_BOUND + 1)
        if request.limit:
            if request.effective_sort == "relevance":
                results.hits = self._ranked(session, where, request, now)
            else:
                results.hits = self._page(session, where, request, now)
        return results

    # -- over a snapshot (app/search/backends/snapshot_search.py) ---------------------

    def _from_snapshot(self, session: Session, request: SearchRequest,
                       now: datetime) -> SearchResults | None:
        """The results from the current snapshot, or None when there is none, too much
        was indexed since, or the request is kept to a list of documents (alerts)."""
        snapshot = frozen.current(session) if snapshots.supports(request) else None
        if snapshot is None:
            return None
        search = snapshots.SnapshotSearch(session, snapshot, request, now)
        search.load()
        rows = self._fresh(session, search, request, now)
        if rows is None:
            return None
        matching = search.matching()
        matching[snapshot.positions_of([row.id for row in rows])] = False
        passing = matching & search.passing_filters()
        fresh = [row for row in rows if row.matched]
        results = self._snapshot_counts(session, request, now, snapshot.ids[matching], fresh,
                                        int(passing.sum()))
        if request.limit:
            relevance = request.effective_sort == "relevance"
            scores = search.scores() if relevance else np.zeros(snapshot.size)
            matches = snapshots.merged(search.matches(passing, scores),
                                       [row for row in fresh if row.passes])
            results.hits = _snapshot_page(session, matches, request, now)
        return results

    def _fresh(self, session: Session, search, request: SearchRequest, now: datetime):
        """The documents indexed since the snapshot (None: too many)."""
        plan = expanded(request.the_plan, search.expansions)
        filters = [self._filter(D.facets, D.deadline_at, name, values, now)
                   for name, values in request.filters.items() if values]
        rows = snapshots.fresh_rows(session, search.snapshot.fresh_from_at, self._match(plan),
                                    filters, search.fresh_score_terms(),
                                    snapshots.FRESH_LIMIT + 1)
        return None if len(rows) > snapshots.FRESH_LIMIT else rows

    def _snapshot_counts(self, session: Session, request: SearchRequest, now: datetime,
                         matched_ids, fresh, passing: int) -> SearchResults:
        """The total and the facet counts (counted exactly, shown as before: facets up to
        COUNT_BOUND matches, "1 000+" above it)."""
        results = SearchResults()
        matched = len(matched_ids) + len(fresh)
        if request.facets and matched <= COUNT_BOUND:
            ids = [int(i) for i in matched_ids] + [row.id for row in fresh]
            results.facets = self._facets(session, [snapshots.one_of(D.id, ids)], request,
                                          now)
            results.total = _total_from_type_counts(results.facets, request)
            return results
        total = passing + sum(1 for row in fresh if row.passes)
        results.bounded = total > COUNT_BOUND
        results.total = min(total, COUNT_BOUND + 1)
        return results

    # -- relevance ------------------------------------------------------------------

    def _score(self, session: Session, query):
        if self.has_ranked_index(session):
            return 1.0 / func.nullif(D.tsv.op("<=>")(query), 0)
        return func.ts_rank(D.tsv, query)

    def _candidates(self, session: Session, where, query, count: int):
        score = self._score(session, query).label("score")
        order = (D.tsv.op("<=>")(query) if self.has_ranked_index(session)
                 else score.desc())
        # RUM returns rows in rank order only when the distance is the sole sort key; ties
        # are settled by `_page_of` (status, deadline, date).
        statement = (select(D.doc_type, D.object_id, score, D.facets, D.deadline_at,
                            D.published_at).where(*where).order_by(order).limit(count))
        return session.execute(statement).all()

    def _ranked(self, session: Session, where, request: SearchRequest, now) -> list[Hit]:
        query_text = ranking_tsquery(request.the_plan)
        if query_text is None:
            return self._page(session, where, request, now)
        query = _tsquery(query_text)
        window = request.offset + request.limit
        count = max(FIRST_CANDIDATES, window * 4)
        while True:
            rows = self._candidates(session, where, query, count)
            page, exact = _page_of(rows, request.offset, window, now, complete=len(rows) < count)
            if exact:
                return [Hit(f"{t}:{i}", score=s) for t, i, s in page]
            count *= 4

    # -- facets and highlighting ----------------------------------------------------

    def _facets(self, session: Session, conditions, request: SearchRequest, now) -> dict:
        """Facet counts in one statement: each matched row's facet tokens (plus its
        deadline range) counted under every filter but the token's own facet."""
        matched = select(D.facets.label("facets"), D.deadline_at.label("deadline_at")).where(
            *conditions).cte("matched")
        bucket = case(*((_within(matched.c.deadline_at, b, now), literal(f"deadline:{b}"))
                        for b in bucket_bounds(now)), else_=None)
        tokens = func.jsonb_array_elements_text(
            matched.c.facets.op("||")(func.jsonb_build_array(bucket))
        ).table_valued("value").render_derived(name="token")
        token = case((and_(tokens.c.value == "status:open",
                           deadline_reached_in_sql(matched.c.deadline_at, now)),
                      literal("status:closed")), else_=tokens.c.value)  # as `_status`
        field = func.split_part(tokens.c.value, ":", 1)
        selected = {name: self._filter(matched.c.facets, matched.c.deadline_at, name, values, now)
                    for name, values in request.filters.items() if values}
        whens = [(field == name, and_(true(), *(c for other, c in selected.items()
                                                if other != name))) for name in selected]
        keep = case(*whens, else_=and_(true(), *selected.values())) if whens else true()
        statement = (select(token, func.count()).select_from(matched)
                     .join(tokens, true()).where(field.in_(FACETS), keep)
                     .group_by(token))
        counts: dict[str, dict[str, int]] = {}
        for token, count in session.execute(statement):
            if token:
                name, _, value = token.partition(":")
                counts.setdefault(name, {})[value] = count
        return counts


def _page_of(rows, offset: int, window: int, now: datetime, complete: bool):
    """((type, id, score) of the page, exact?) from candidates in rank order. The page is
    exact when every candidate was read, or when every shown result is in a better band
    than the last candidate (anything not read scores lower still) and not withdrawn."""
    if not rows:
        return [], True
    scores = np.array([row.score or 0.0 for row in rows], dtype=np.float64)
    status = np.array([ranking.status_rank(row.facets) for row in rows], dtype=np.int64)
    best = ranking.best_score(scores, status)
    keys = ranking.sort_keys(scores, status,
                             [ranking.epoch_seconds(row.deadline_at) for row in rows],
                             [ranking.epoch_seconds(row.published_at) for row in rows], best, now)
    chosen = ranking.ordered(keys, window)[offset:]
    page = [(rows[i].doc_type, rows[i].object_id, float(scores[i])) for i in chosen]
    if complete:
        return page, True
    last_band = ranking.band(scores[-1:], best)[0]
    safe = all(status[i] != ranking.WITHDRAWN and -keys[1][i] > last_band for i in chosen)
    return page, safe and len(chosen) == min(window - offset, len(rows))


def _snapshot_page(session: Session, matches, request: SearchRequest, now) -> list[Hit]:
    """The page's hits, reading more rows when documents were deleted since the snapshot."""
    window, spare = request.offset + request.limit, snapshots.SPARE
    relevance = request.effective_sort == "relevance"
    while True:
        chosen = snapshots.order(matches, request.effective_sort, window + spare, now)
        hits, gone = snapshots.page_hits(session, matches, chosen, request.offset, relevance)
        if gone <= spare or len(chosen) < window + spare:
            return hits[:request.limit]
        spare *= 4


def expanded(plan: Plan, expansions: dict[str, list[str]]) -> Plan:
    """The plan with each prefix that stands for a cut list of terms (see
    snapshot.PREFIX_EXPANSION) written as those terms, so the database matches what the
    snapshot does; a complete list stays a prefix (it also finds words new since)."""
    def rewrite(node):
        if isinstance(node, Terms):
            cut = [b for b in node.prefixes
                   if len(expansions.get(b, ())) >= frozen.PREFIX_EXPANSION]
            if not cut:
                return node
            return replace(node, prefixes=tuple(b for b in node.prefixes if b not in cut),
                           prefix_terms=tuple(t for b in cut for t in expansions[b]))
        if isinstance(node, PhraseTerms):
            return node
        return replace(node, items=tuple(rewrite(item) for item in node.items))
    return replace(plan, root=rewrite(plan.root) if plan.root else None,
                   excluded=tuple(rewrite(node) for node in plan.excluded))


def _total_from_type_counts(facets: dict, request: SearchRequest) -> int:
    """The number of matches, read from the type facet (counted under every other filter)
    instead of a second pass over the matches."""
    counts = facets.get("type", {})
    chosen = request.filters.get("type") or counts.keys()
    return sum(counts.get(name, 0) for name in chosen)


class DatabaseBackend(SqlBackend):
    """Substring search in the documents table: works whenever the database does."""

    name = "database"

    def _has_tokens(self, facets, tokens: list[str]):
        text_value = cast(facets, Text)
        return or_(*(text_value.like(f'%"{token}"%') for token in tokens))

    def _contains(self, typed: str):
        needle = "%" + typed.lower().replace("%", "").replace("_", "") + "%"
        return or_(func.lower(D.title).like(needle), func.lower(D.body).like(needle),
                   func.lower(D.extra).like(needle))

    def _node(self, node: PlanNode):
        if isinstance(node, Terms | PhraseTerms):
            return self._contains(node.text)
        children = [self._node(item) for item in node.items]
        if isinstance(node, Any):
            return or_(*children)
        return self._at_least(children, node.minimum)

    def search(self, session: Session, request: SearchRequest) -> SearchResults:
        now = request.now or utcnow()
        conditions, filters = self._conditions(request, now)
        where = [*conditions, *filters.values()]
        results = SearchResults(total=self._count(session, where))
        if request.limit:
            results.hits = self._page(session, where, request, now)
        return results
