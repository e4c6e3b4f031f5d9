"""The PostgreSQL backend's search over a snapshot (app/search/snapshot.py).

A query plan is evaluated over the snapshot's arrays with numpy: each query word's
matches from its terms' postings (or all its parts, or a prefix's most frequent terms in
the title, body or CPV names), phrases from the words' positions in the title and body,
AND, OR and "at least m of n" over them, the excluded words taken away, the filters
from the facet tokens' postings and the deadlines. Every
match is scored (the sum of the query terms' impacts, `search_impact`) and put in the
shared order of relevance (app/search/ranking.py), so the shown page is exact.

Documents indexed after the snapshot was taken are left out of the arrays and matched,
filtered and scored by the database with the same plan and the same score
(`search_score`), then merged in. A document deleted since is dropped when the page's
rows are read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
from sqlalchemy import Integer, Text, and_, any_, cast, func, literal, select, true
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from app.search import ranking
from app.search import snapshot as frozen
from app.search.backends.base import Hit, SearchRequest, bucket_bounds, filter_tokens
from app.search.models import PostingKind, SearchDocument
from app.search.plan import Any, PhraseTerms, PlanNode, Terms, flatten_terms

D = SearchDocument
NOT_IN_PARTS = frozen.WEIGHT_BITS["A"] | frozen.WEIGHT_BITS["B"] | frozen.WEIGHT_BITS["D"]
STATUS_RANKS = np.array([0, *(ranking.STATUS_RANK[frozen.STATUS_NAMES[code]]
                              for code in sorted(frozen.STATUS_NAMES))], dtype=np.int64)
FRESH_LIMIT = 2_000  # more documents indexed since the snapshot: search without it
SPARE = 20  # rows read beyond the page, in case some were deleted since the snapshot
SECOND = 1_000_000  # microseconds


def supports(request: SearchRequest) -> bool:
    """Requests the snapshot can answer: all but those restricted to a list of documents
    (alerts, which read few documents anyway)."""
    return request.only_keys is None


@dataclass
class Matches:
    """Matches as parallel arrays: snapshot matches first, then fresh ones."""

    ids: np.ndarray
    scores: np.ndarray
    statuses: np.ndarray  # ranks (ranking.STATUS_RANK)
    deadlines: np.ndarray  # epoch microseconds, 0: none
    published: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)


class SnapshotSearch:
    """One search over one snapshot (see the module's docstring)."""

    def __init__(self, session: Session, snapshot: frozen.Snapshot, request: SearchRequest,
                 now: datetime):
        self.session, self.snapshot, self.request, self.now = session, snapshot, request, now
        self.plan = request.the_plan
        self.expansions: dict[str, list[str]] = {}
        self.terms: dict[str, frozen.Postings] = {}
        self.tokens: dict[str, frozen.Postings] = {}
        self.places: dict[str, frozen.Postings] = {}

    # -- reading ----------------------------------------------------------------------

    def load(self) -> None:
        """Read the postings of every term and filter token the request needs."""
        nodes = list(self._nodes())
        for beginning in {b for node in nodes if isinstance(node, Terms) for b in node.prefixes}:
            self.expansions[beginning] = frozen.prefix_terms(self.session, self.snapshot,
                                                             beginning)
        wanted = [term for node in nodes for term in self._word_terms(node)]
        self.terms = frozen.postings(self.session, self.snapshot, PostingKind.TERM, wanted)
        phrased = [t for node in nodes if isinstance(node, PhraseTerms)
                   for t in self._word_terms(node)]
        self.places = frozen.places(self.session, self.snapshot, phrased) if phrased else {}
        tokens = [token for name, values in self.request.filters.items() if values
                  for token in self._filter_tokens(name, values)]
        self.tokens = frozen.postings(self.session, self.snapshot, PostingKind.FACET, tokens)

    def _nodes(self):
        plan = self.plan
        for node in ([plan.root] if plan.root else []) + list(plan.excluded):
            yield from flatten_terms(node)

    def _word_terms(self, node: Terms | PhraseTerms) -> list[str]:
        if isinstance(node, PhraseTerms):
            return [term for alternatives in node.positions for term in alternatives]
        parts = [term for part in node.parts for term in part]
        prefixed = [term for b in node.prefixes for term in self.expansions.get(b, ())]
        return [*node.terms, *node.fuzzy, *parts, *prefixed]

    def score_terms(self) -> list[str]:
        """The terms whose impacts make a document's score (each counted once)."""
        root = self.plan.root
        words = flatten_terms(root) if root else ()
        return list(dict.fromkeys(t for node in words for t in self._word_terms(node)))

    def fresh_score_terms(self) -> tuple[list[str], list[str]]:
        """The same for documents indexed since the snapshot: terms, and the prefixes
        whose every term counts (those the snapshot knows all the terms of, so new words
        count too)."""
        complete = [b for b, terms in self.expansions.items()
                    if len(terms) < frozen.PREFIX_EXPANSION]
        terms = [t for t in self.score_terms()
                 if not any(t.startswith(beginning) for beginning in complete)]
        return terms, complete

    @staticmethod
    def _filter_tokens(name: str, values) -> list[str]:
        if name == "deadline":
            return []
        if name == "status":
            return [f"status:{value}" for value in (*values, "open")]
        return filter_tokens(name, values)

    # -- matching ---------------------------------------------------------------------

    def _empty(self) -> np.ndarray:
        return np.zeros(self.snapshot.size, dtype=bool)

    def _holding(self, postings: dict, names, bits: int | None = None) -> np.ndarray:
        mask = self._empty()
        for name in names:
            found = postings.get(name, frozen.EMPTY)
            rows = found.rows if bits is None else found.rows[(found.weights & bits) != 0]
            mask[rows] = True
        return mask

    def _word(self, node: Terms) -> np.ndarray:
        mask = self._holding(self.terms, (*node.terms, *node.fuzzy))
        if node.parts:
            mask |= np.logical_and.reduce([self._holding(self.terms, part)
                                           for part in node.parts])
        prefixed = [t for b in node.prefixes for t in self.expansions.get(b, ())]
        if prefixed:
            mask |= self._holding(self.terms, prefixed, NOT_IN_PARTS)
        return mask

    def _phrase(self, node: PhraseTerms) -> np.ndarray:
        """Documents with the words next to each other in the title or the body (the
        fields' positions are apart, so a phrase never spans two)."""
        candidates = np.logical_and.reduce([self._holding(self.places, alternatives)
                                            for alternatives in node.positions])
        places = None
        for alternatives in node.positions:
            held = [self.places.get(t, frozen.EMPTY).places for t in alternatives]
            found = np.unique(np.concatenate([p[candidates[p // frozen.PLACE]] for p in held]))
            places = found if places is None else np.intersect1d(places + 1, found,
                                                                 assume_unique=True)
        mask = self._empty()
        if places is not None:
            mask[np.unique(places // frozen.PLACE)] = True
        return mask

    def node(self, node: PlanNode) -> np.ndarray:
        """The documents matching a plan node."""
        if isinstance(node, Terms):
            return self._word(node)
        if isinstance(node, PhraseTerms):
            return self._phrase(node)
        children = [self.node(item) for item in node.items]
        if isinstance(node, Any):
            return np.logical_or.reduce(children) if children else self._empty()
        if node.minimum >= len(children):
            return np.logical_and.reduce(children) if children else ~self._empty()
        return np.add.reduce([c.astype(np.int8) for c in children]) >= node.minimum

    def matching(self) -> np.ndarray:
        """The documents matching the query (no filters)."""
        mask = self.node(self.plan.root) if self.plan.root is not None else ~self._empty()
        for node in self.plan.excluded:
            mask &= ~self.node(node)
        return mask

    # -- filters ----------------------------------------------------------------------

    def _deadline(self, bucket: str) -> np.ndarray:
        low, high = bucket_bounds(self.now)[bucket]
        deadlines = self.snapshot.deadlines
        mask = deadlines != 0
        if low is not None:
            mask &= deadlines >= frozen.micros(low)
        if high is not None:
            mask &= deadlines < frozen.micros(high)
        return mask

    def _status(self, value: str) -> np.ndarray:
        """As the SQL backends' status filter: an open challenge past its deadline is
        closed before the close job records it."""
        stored = self._holding(self.tokens, [f"status:{value}"])
        deadlines = self.snapshot.deadlines
        reached = (deadlines != 0) & (deadlines <= frozen.micros(self.now))
        if value == "open":
            return stored & ~reached
        if value == "closed":
            return stored | (self._holding(self.tokens, ["status:open"]) & reached)
        return stored

    def _filter(self, name: str, values) -> np.ndarray:
        if name == "deadline":
            masks = [self._deadline(b) for b in values if b in bucket_bounds(self.now)]
            return np.logical_or.reduce(masks) if masks else self._empty()
        if name == "status":
            return np.logical_or.reduce([self._status(v) for v in values])
        return self._holding(self.tokens, self._filter_tokens(name, values))

    def passing_filters(self) -> np.ndarray:
        """The documents passing every filter (any value within one)."""
        mask = ~self._empty()
        for name, values in self.request.filters.items():
            if values:
                mask &= self._filter(name, values)
        return mask

    # -- scores -----------------------------------------------------------------------

    def scores(self) -> np.ndarray:
        """Every document's score: the sum of the query terms' impacts on it."""
        total = np.zeros(self.snapshot.size, dtype=np.float64)
        for term in self.score_terms():
            found = self.terms.get(term, frozen.EMPTY)
            total[found.rows] += found.impacts
        return total

    def matches(self, mask: np.ndarray, scores: np.ndarray) -> Matches:
        """The snapshot's documents in the mask as Matches."""
        rows = np.flatnonzero(mask)
        snapshot = self.snapshot
        return Matches(snapshot.ids[rows], scores[rows],
                       STATUS_RANKS[snapshot.statuses[rows]], snapshot.deadlines[rows],
                       snapshot.published[rows])


def one_of(column, ids: list[int]):
    """`column = ANY(:ids)`: one array parameter, where IN (...) would bind and plan a
    parameter per id (tens of milliseconds for a thousand)."""
    return column == any_(literal(ids, type_=postgresql.ARRAY(Integer)))


def _texts(values: list[str]):
    return cast(postgresql.array(values, type_=Text) if values else "{}",
                postgresql.ARRAY(Text))


def fresh_rows(session: Session, since: datetime, match, filters: list,
               score_terms: tuple[list[str], list[str]], limit: int):
    """Documents indexed since the snapshot (at most `limit`): whether each matches and
    passes the filters, its score (terms and whole prefixes) and its sort keys."""
    terms, prefixes = score_terms
    score = func.search_score(D.tsv, _texts(terms), _texts(prefixes))
    return session.execute(select(
        D.id, match.label("matched"), and_(true(), *filters).label("passes"),
        score.label("score"), D.facets, D.deadline_at, D.published_at,
    ).where(D.indexed_at >= since).limit(limit)).all()


def merged(first: Matches, rows) -> Matches:
    """Snapshot matches and fresh rows together."""
    if not rows:
        return first
    fresh = (
        np.array([r.id for r in rows], dtype=np.int64),
        np.array([r.score or 0.0 for r in rows], dtype=np.float64),
        np.array([ranking.status_rank(r.facets) for r in rows], dtype=np.int64),
        np.array([frozen.micros(r.deadline_at) for r in rows], dtype=np.int64),
        np.array([ranking.epoch_seconds(r.published_at) for r in rows], dtype=np.int64))
    snapshot = (first.ids, first.scores, first.statuses, first.deadlines, first.published)
    return Matches(*(np.concatenate(pair) for pair in zip(snapshot, fresh, strict=True)))


def order(matches: Matches, sort: str, limit: int, now: datetime) -> list[int]:
    """Indexes of the first `limit` matches in the page's order."""
    if not len(matches):
        return []
    if sort == "relevance":
        best = ranking.best_score(matches.scores, matches.statuses)
        keys = ranking.sort_keys(matches.scores, matches.statuses,
                                 matches.deadlines // SECOND,  # as the database's rows
                                 matches.published, best, now)
        return ranking.ordered(keys, limit)
    if sort == "deadline":
        upcoming = matches.deadlines >= frozen.micros(now)
        keys = (matches.ids, -matches.published,
                np.where(upcoming, matches.deadlines, 0), (~upcoming).astype(np.int64))
    else:
        keys = (matches.ids, -matches.published)
    return [int(i) for i in np.lexsort(keys)[:limit]]


def page_hits(session: Session, matches: Matches, chosen: list[int], offset: int,
              with_scores: bool) -> tuple[list[Hit], int]:
    """The hits of the page (documents deleted since the snapshot left out) and how many
    of the chosen were gone."""
    ids = [int(matches.ids[i]) for i in chosen]
    keys = dict(session.execute(select(D.id, D.doc_type + ":" + func.cast(
        D.object_id, postgresql.TEXT)).where(one_of(D.id, ids))).all()) if ids else {}
    present = [i for i in chosen if int(matches.ids[i]) in keys]
    hits = [Hit(keys[int(matches.ids[i])],
                score=float(matches.scores[i]) if with_scores else 0.0)
            for i in present[offset:]]
    return hits, len(chosen) - len(present)
