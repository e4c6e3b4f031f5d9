"""A least-recently-used cache of decoded postings, shared by a process's threads: the
Whoosh engine's per segment, field and term, the PostgreSQL snapshot's per term."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable


def _postings_in(value: tuple) -> int:
    return len(value[0])


class PostingsCache:
    """Values per key, least recently used first out, within a budget (by default a count
    of postings: the length of each value's first item). One per process, shared by
    threads: every access holds a lock (decoding happens outside it, so one slow term does
    not block the others)."""

    def __init__(self, budget: int, size: Callable[[object], int] = _postings_in):
        self.budget = budget
        self._measure = size
        self._entries: OrderedDict[tuple, object] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: tuple, compute):
        """The cached value for key, or compute()'s, stored under it."""
        found = self.cached(key)
        if found is None:
            found = compute()
            self.keep(key, found)
        return found

    def cached(self, key: tuple):
        """The value kept under key, or None."""
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def keep(self, key: tuple, value) -> None:
        """Keep a value, evicting the least recently used past the budget."""
        with self._lock:
            if key not in self._entries:
                self._entries[key] = value
                self._size += self._measure(value)
            while self._size > self.budget and len(self._entries) > 1:
                _, evicted = self._entries.popitem(last=False)
                self._size -= self._measure(evicted)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0

    @property
    def size(self) -> int:
        return self._size
