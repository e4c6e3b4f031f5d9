"""The order of relevance, the same on both backends.

Withdrawn challenges come last (and are labelled); before them, relevance in bands of
10 % of the best score (results about as relevant count as equal); within a band open
before closed and decided, then the soonest upcoming deadline, then the exact score,
then the newest. Each backend computes its own scores (BM25 in Whoosh, RUM's ranking
in PostgreSQL) and hands them here with each match's status, deadline and date.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np

BANDS = 10  # relevance within 10 % of the next band counts as equal
STATUS_RANK = {"open": 0, "closed": 1, "decided": 1, "withdrawn": 2}
WITHDRAWN = STATUS_RANK["withdrawn"]
NO_DEADLINE = np.iinfo(np.int64).max


def epoch_seconds(moment: datetime | None) -> int:
    """A moment as whole seconds since 1970, as the sort keys take it (0: none)."""
    return int(moment.timestamp()) if moment else 0


def status_rank(tokens) -> int:
    """A stored document's STATUS_RANK from its facet tokens (0 without a status)."""
    for token in tokens or ():
        if token.startswith("status:"):
            return STATUS_RANK.get(token[7:], 0)
    return 0


def band(scores: np.ndarray, best: float) -> np.ndarray:
    """Each score's band of relevance: BANDS for the best and anything within 10 % of
    it, then one less per further 10 %, 0 for nothing."""
    if best <= 0:
        return np.zeros(len(scores), dtype=np.int64)
    return np.ceil(scores / best * BANDS - 1e-9).astype(np.int64)


def best_score(scores: np.ndarray, status: np.ndarray) -> float:
    """The highest score of a match that is not withdrawn (the bands' measure)."""
    kept = scores[status != WITHDRAWN]
    return float(kept.max()) if len(kept) else float(scores.max(initial=0.0))


def sort_keys(scores, status, deadline, published, best: float, now: datetime) -> tuple:
    """The keys of each match (numpy arrays of equal length), most significant first:
    status ranks from STATUS_RANK, deadlines and publication as epoch seconds (0: none)."""
    scores = np.asarray(scores, dtype=np.float64)
    deadline = np.asarray(deadline, dtype=np.int64)
    upcoming = np.where(deadline > int(now.timestamp()), deadline, NO_DEADLINE)
    status = np.asarray(status, dtype=np.int64)
    return ((status == WITHDRAWN).astype(np.int64), -band(scores, best),
            np.minimum(status, 1), upcoming, -scores, -np.asarray(published, dtype=np.int64))


def ordered(keys: tuple, limit: int) -> list[int]:
    """Indexes of the first `limit` matches by the keys. Only the matches in the best
    (withdrawn, band) groups that hold `limit` of them are fully sorted: a broad query
    has tens of thousands of matches and shows twenty."""
    group = keys[0] * (BANDS + 2) + keys[1]  # withdrawn first, then -band: smaller first
    if len(group) > 4 * limit:
        values, counts = np.unique(group, return_counts=True)
        enough = values[min(np.searchsorted(np.cumsum(counts), limit), len(values) - 1)]
        chosen = np.flatnonzero(group <= enough)
    else:
        chosen = np.arange(len(group))
    order = np.lexsort(tuple(key[chosen] for key in keys[::-1]))[:limit]
    return [int(i) for i in chosen[order]]


def key_at(keys: tuple, index: int) -> tuple:
    """One match's keys as plain numbers (to merge several backends' lists)."""
    return tuple(key[index].item() for key in keys)
