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
from collections import Counter, deque
from dataclasses import dataclass, replace
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
from app.search import impacts, ranking
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
from app.search.plan import (
    Any,
    PhraseTerms,
    Plan,
    PlanNode,
    Terms,
    flatten_terms,
    map_terms,
)
from app.search.store import quote_lexeme, stored_hashes

D = SearchDocument
COUNT_BOUND = 1_000  # counts above this are shown as "1 000+"
PHRASE_COMBINATIONS = 8
MAX_COMBINATIONS = 35  # "3 of 7"; longer queries test each word row by row
SMALL_TOTAL = 200  # this few matches are all ranked, without reading impact lists
SCORE_BATCH = 100  # documents read from the lists are scored exactly this many at a time
IMPACT_DEPTH = 100  # each query term's best documents read first (then 4x as many)
MAX_IMPACT_DEPTH = 1600  # deeper than this, the RUM scan is cheaper


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
    alternatives += [f"{quote_lexeme(term)}:ABD" for term in node.expanded]
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


def ranking_groups(plan: Plan) -> list[tuple[str, ...]]:
    """The index terms of each positive word (its forms, a compound's parts, close
    spellings, the terms a prefix stands for) and of each word of a phrase: relevance is
    the sum over the groups of the best impact of a group's terms (see
    app/search/impacts.py)."""
    groups: list[tuple[str, ...]] = []
    for node in flatten_terms(plan.root) if plan.root else ():
        if isinstance(node, Terms):
            groups.append((*node.terms, *(t for part in node.parts for t in part),
                           *node.fuzzy, *node.expanded))
        else:
            groups += node.positions
    return [tuple(dict.fromkeys(group)) for group in groups if group]


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
        request = replace(request, plan=self._expand_prefixes(session, request.the_plan))
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
                total = None if results.bounded else results.total
                results.hits = self._ranked(session, where, request, now, total)
            else:
                results.hits = self._page(session, where, request, now)
        return results

    def _expand_prefixes(self, session: Session, plan: Plan) -> Plan:
        """Each prefix ("berbe*") as its most frequent index terms, like Whoosh (at most
        PREFIX_EXPANSION): `'berb':*` would match, and rank, nearly every document."""
        def expand(node: Terms) -> Terms:
            if not node.prefixes:
                return node
            found = dict.fromkeys(term for beginning in node.prefixes
                                  for term in impacts.prefix_terms(session, beginning))
            if not found:  # no known term begins so: the prefix itself matches nothing
                return node
            return replace(node, prefixes=(), expanded=tuple(found)[:impacts.PREFIX_EXPANSION])
        return map_terms(plan, expand)

    # -- relevance ------------------------------------------------------------------

    def _ranked(self, session: Session, where, request: SearchRequest, now,
                total: int | None) -> list[Hit]:
        groups = ranking_groups(request.the_plan)
        if not groups:
            return self._page(session, where, request, now)
        window = request.offset + request.limit
        if total is None or total > SMALL_TOTAL:
            page = self._ranked_by_impacts(session, where, request, now, groups, total)
            if page is not None:
                return page
        # Few matches, or the lists could not prove the page: rank every match.
        ids = list(session.scalars(select(D.id).where(*where)))
        page, _exact = _page_of(self._scored(session, ids, where, groups), request.offset,
                                window, now, complete=True)
        return [Hit(f"{t}:{i}", score=s) for t, i, s in page]

    def _scored(self, session: Session, ids: list[int], where, groups) -> list[_Scored]:
        """The documents with these ids that match, with their relevance."""
        rows = []
        for start in range(0, len(ids), 5000):
            chunk = ids[start:start + 5000]
            found = session.execute(select(
                D.id, D.doc_type, D.object_id, D.facets, D.deadline_at, D.published_at,
            ).where(D.id.in_(chunk), *where)).all()
            if not found:
                continue
            scores = _relevance(impacts.of_documents(session, [row.id for row in found],
                                                     {t for group in groups for t in group}),
                                groups)
            rows += [_Scored(row.id, row.doc_type, row.object_id, scores.get(row.id, 0.0),
                             row.facets, row.deadline_at, row.published_at) for row in found]
        return rows

    def _ranked_by_impacts(self, session: Session, where, request: SearchRequest, now,
                           groups, total: int | None) -> list[Hit] | None:
        """The page from the query terms' best documents (a threshold algorithm), or None
        when they cannot prove it exact.

        A document outside what was read of a term's list gets at most the last impact
        read from it (or, once the list is read to its end, the most the term adds off
        its list), so no unread document scores above the sum over the groups of their
        terms' highest such bound. The documents read are ranked by what their kept
        impacts allow them at most, and scored exactly (and matched) best first, until
        none left can reach the page: the page is exact when all of it is in a better
        band than anything not scored can reach (or every match was scored)."""
        window = request.offset + request.limit
        terms = list(dict.fromkeys(t for group in groups for t in group))
        depth = max(IMPACT_DEPTH, window * 2)
        off_list = impacts.unlisted(session, terms)
        scored: dict[int, _Scored | None] = {}
        while depth <= MAX_IMPACT_DEPTH:
            listed = impacts.best(session, terms, depth)
            read = Counter(term for term, _id, _score in listed)
            last = {term: score for term, _id, score in listed}  # best first: the lowest
            limit = {term: last[term] if read[term] >= depth else off_list.get(term, 0.0)
                     for term in terms}
            unread = _at_most(limit, groups)
            waiting = _by_upper_bound(
                impacts.kept(session, {i for _t, i, _s in listed} - scored.keys(), terms),
                off_list, groups)
            while True:
                rows = [row for row in scored.values() if row is not None]
                reach = max(unread, waiting[0][0] if waiting else 0.0)
                complete = total is not None and len(rows) >= total
                page, exact = _page_of(rows, request.offset, window, now, complete=complete,
                                       bound=reach)
                if exact:
                    return [Hit(f"{t}:{i}", score=s) for t, i, s in page]
                if not waiting or waiting[0][0] <= unread:
                    break  # what was read cannot settle it: read deeper
                batch = [i for _upper, i in waiting[:SCORE_BATCH]]
                del waiting[:SCORE_BATCH]
                found = {row.id: row for row in self._scored(session, batch, where, groups)}
                scored.update({i: found.get(i) for i in batch})
            if all(read[term] < depth for term in terms):
                return None  # every list read to its end
            depth *= 4
        return None

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


@dataclass(frozen=True)
class _Scored:
    id: int
    doc_type: str
    object_id: int
    score: float
    facets: list
    deadline_at: datetime | None
    published_at: datetime | None


def _relevance(found: list[tuple[int, str, float]], groups) -> dict[int, float]:
    """Each document's relevance: over the groups, the best impact of a group's terms."""
    by_document: dict[int, dict[str, float]] = {}
    for document_id, term, impact in found:
        by_document.setdefault(document_id, {})[term] = impact
    return {document_id: sum(max((held.get(t, 0.0) for t in group), default=0.0)
                             for group in groups)
            for document_id, held in by_document.items()}


def _at_most(limit: dict[str, float], groups) -> float:
    """The most a document can score when each term adds at most its limit."""
    return sum(max(limit.get(t, 0.0) for t in group) for group in groups) * (1 + 1e-5)


def _by_upper_bound(kept: list[tuple[int, str, float]], off_list: dict[str, float],
                    groups) -> list[tuple[float, int]]:
    """(the most it can score, id) of each document, highest first: a kept impact is
    exact, a term not kept adds at most what it adds off its list."""
    by_document: dict[int, dict[str, float]] = {}
    for document_id, term, impact in kept:
        by_document.setdefault(document_id, {})[term] = impact
    return sorted(((_at_most({**off_list, **held}, groups), document_id)
                   for document_id, held in by_document.items()), reverse=True)


def _status_rank(facets) -> int:
    for token in facets or ():
        if token.startswith("status:"):
            return ranking.STATUS_RANK.get(token[7:], 0)
    return 0


def _epoch(value: datetime | None) -> int:
    return int(value.timestamp()) if value else 0


def _page_of(rows, offset: int, window: int, now: datetime, complete: bool,
             bound: float | None = None):
    """((type, id, score) of the page, exact?) from candidates. The page is exact when
    every candidate was read, or when every shown result is in a better band than any
    document not read can reach (`bound`; without one, the last candidate in rank
    order: anything not read scores lower still) and none of it is withdrawn."""
    if not rows:
        return [], complete or bound is None
    rows = sorted(rows, key=lambda row: (row.doc_type, row.object_id))  # equal keys: by key
    scores = np.array([row.score or 0.0 for row in rows], dtype=np.float64)
    status = np.array([_status_rank(row.facets) for row in rows], dtype=np.int64)
    best = ranking.best_score(scores, status)
    keys = ranking.sort_keys(scores, status, [_epoch(row.deadline_at) for row in rows],
                             [_epoch(row.published_at) for row in rows], best, now)
    chosen = ranking.ordered(keys, window)[offset:]
    page = [(rows[i].doc_type, rows[i].object_id, float(scores[i])) for i in chosen]
    if complete:
        return page, True
    limit = scores[-1:] if bound is None else np.array([bound])
    last_band = ranking.band(limit, best)[0]
    safe = all(status[i] != ranking.WITHDRAWN and -keys[1][i] > last_band for i in chosen)
    wanted = window - offset if bound is not None else min(window - offset, len(rows))
    return page, safe and len(chosen) == wanted


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
