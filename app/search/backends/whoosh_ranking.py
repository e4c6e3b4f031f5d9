"""Relevance over every match of a Whoosh index view, exactly, with numpy.

A word's score in a field is BM25 (k1 1.2, b 0.75) times the field's weight (title,
body, compound part, CPV name: `plan.FIELD_WEIGHTS`), the best of its alternatives
(dictionary forms, a typo's corrections at a lower weight, a prefix's words); a
compound typed as one word scores its parts when all are there. OR takes the best
alternative, AND adds up, and a document matching only some words of a long query has
its sum scaled by the share it matched.

The order of relevance is the same as PostgreSQL's: `app/search/ranking.py`.
"""

from __future__ import annotations

from datetime import datetime
from math import log

import numpy as np

from app.search.backends import bitsets
from app.search.backends.whoosh_adapter import LENGTHS
from app.search.plan import (
    FIELD_WEIGHTS,
    FUZZY_WEIGHT,
    PARTS_WEIGHT,
    PREFIX_WEIGHT,
    TEXT_FIELDS,
    All,
    Any,
    PhraseTerms,
    Plan,
    PlanNode,
    Terms,
)
from app.search.ranking import STATUS_RANK, best_score, key_at, ordered, sort_keys

K1, B = 1.2, 0.75
_LENGTH_TABLE = np.array(LENGTHS, dtype=np.float32)


class Ranking:
    """Per-view arrays for ordering, built once per searcher (segments never change)."""

    def __init__(self, view):
        self.view = view
        size = view.size
        self.published = np.zeros(size, dtype=np.int64)
        self.deadline = np.zeros(size, dtype=np.int64)
        self.status = np.zeros(size, dtype=np.int8)
        for leaf in view.leaves:
            end = leaf.offset + leaf.size
            self.published[leaf.offset:end] = np.frombuffer(leaf.published(), dtype=np.uint64)
            self.deadline[leaf.offset:end] = np.frombuffer(leaf.deadline_values(),
                                                           dtype=np.uint64)
        for value, bits in view.facet("status").items():
            self.status[bitsets.to_mask(bits, size)] = STATUS_RANK.get(value, 0)
        self._lengths: dict[str, np.ndarray] = {}
        self._averages: dict[str, float] = {}

    def lengths(self, field: str) -> np.ndarray:
        """Every document's length of a field (in terms)."""
        if field not in self._lengths:
            found = np.ones(self.view.size, dtype=np.float32)
            for leaf in self.view.leaves:
                raw = np.frombuffer(leaf.lengths(field), dtype=np.uint8)
                found[leaf.offset:leaf.offset + len(raw)] = _LENGTH_TABLE[raw]
            self._lengths[field] = found
        return self._lengths[field]

    # -- scores ---------------------------------------------------------------------

    def average_length(self, field: str) -> float:
        if field not in self._averages:
            total = self.view.searcher.reader().field_length(field)
            self._averages[field] = total / max(self.view.count, 1) or 1.0
        return self._averages[field]

    def _postings(self, field: str, term: str):
        """(document numbers, term counts, idf) of a term in a field, or None."""
        view = self.view
        frequency = view.term(field, term).bit_count()
        if not frequency:
            return None
        idf = log(1 + (view.count - frequency + 0.5) / (frequency + 0.5))
        found_ids, found_tf = [], []
        for leaf in view.leaves:
            ids, weights, _bits = leaf.postings(field, term)
            if len(ids):
                found_ids.append(np.frombuffer(ids, dtype=np.uint32).astype(np.int64)
                                 + leaf.offset)
                found_tf.append(np.frombuffer(weights, dtype=np.float32))
        if len(found_ids) == 1:
            return found_ids[0], found_tf[0], idf
        return np.concatenate(found_ids), np.concatenate(found_tf), idf

    def best_scores(self, field: str, terms) -> np.ndarray | None:
        """Every document's BM25 of its best-scoring term in a field (None if no document
        has any). The terms' postings are scored together: a prefix has hundreds."""
        found = [p for term in terms if (p := self._postings(field, term)) is not None]
        if not found:
            return None
        if len(found) == 1:
            docnums, tf, idf = found[0]
            idfs = np.float32(idf)
        else:
            docnums = np.concatenate([docnums for docnums, _tf, _idf in found])
            tf = np.concatenate([tf for _docnums, tf, _idf in found])
            idfs = np.repeat(np.array([idf for _d, _t, idf in found], dtype=np.float32),
                             [len(docnums) for docnums, _t, _i in found])
        lengths = self.lengths(field)[docnums]
        norm = tf * (K1 + 1) / (tf + K1 * (1 - B + B * lengths / self.average_length(field)))
        best = np.zeros(self.view.size, dtype=np.float32)
        if len(found) == 1:
            best[docnums] = idfs * norm
        else:
            np.maximum.at(best, docnums, idfs * norm)
        return best

    def _best_of(self, terms, weight: float) -> np.ndarray:
        """Per field, the best-scoring alternative; summed over the fields."""
        total = np.zeros(self.view.size, dtype=np.float32)
        for field in TEXT_FIELDS:
            best = self.best_scores(field, terms)
            if best is not None:
                total += best * (FIELD_WEIGHTS[field] * weight)
        return total

    def terms_scores(self, node: Terms) -> np.ndarray:
        scores = self._best_of(node.terms, 1.0)
        if node.fuzzy:
            scores = np.maximum(scores, self._best_of(node.fuzzy, FUZZY_WEIGHT))
        for beginning in node.prefixes:
            expanded = [term for _field, term in self.view.prefix_terms(beginning)]
            scores = np.maximum(scores, self._best_of(dict.fromkeys(expanded), PREFIX_WEIGHT))
        if node.parts:
            together = sum(self._best_of(part, PARTS_WEIGHT) for part in node.parts)
            every = bitsets.to_mask(self.view.all_parts(node.parts), self.view.size)
            scores = np.maximum(scores, together * every)
        return scores

    def node_scores(self, node: PlanNode) -> np.ndarray:
        if isinstance(node, Terms):
            return self.terms_scores(node)
        if isinstance(node, PhraseTerms):
            inside = bitsets.to_mask(self.view.phrase(node), self.view.size)
            total = sum(self._best_of(alternatives, 1.0) for alternatives in node.positions)
            return total * inside
        children = [self.node_scores(item) for item in node.items]
        if isinstance(node, Any):
            return np.maximum.reduce(children)
        return _coordinated(children, node)

    def scores(self, plan: Plan) -> np.ndarray:
        """Every document's relevance to the plan (0 where nothing matched)."""
        if plan.root is None:
            return np.zeros(self.view.size, dtype=np.float32)
        return self.node_scores(plan.root)

    # -- order ----------------------------------------------------------------------

    def relevance_keys(self, docnums: np.ndarray, scores: np.ndarray, best: float,
                       now: datetime, limit: int) -> list[tuple[tuple, int]]:
        """(sort key, docnum) of the first `limit` documents in the order of relevance."""
        if not len(docnums) or not limit:
            return []
        keys = sort_keys(scores, self.status[docnums], self.deadline[docnums],
                         self.published[docnums], best, now)
        return [(key_at(keys, i), int(docnums[i])) for i in ordered(keys, limit)]

    def best(self, docnums: np.ndarray, scores: np.ndarray) -> float:
        return best_score(scores, self.status[docnums])


def _coordinated(children: list[np.ndarray], node: All) -> np.ndarray:
    total = np.sum(children, axis=0)
    if node.minimum >= len(children):
        return total
    matched = np.sum([child > 0 for child in children], axis=0)
    return total * (matched / len(children))
