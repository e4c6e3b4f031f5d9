"""Choosing the search backend: Whoosh (default) or PostgreSQL (SEARCH_BACKEND=postgres).

One backend object per process and configuration, so a web worker keeps one open
searcher per index rather than one per request.
"""

from __future__ import annotations

import threading

from flask import current_app

from app.search.backends.base import SearchBackend
from app.search.backends.sql import DatabaseBackend, PostgresBackend
from app.search.backends.whoosh_backend import WhooshBackend

BACKENDS = ("whoosh", "postgres")
_lock = threading.Lock()
_current: tuple[tuple, SearchBackend] | None = None


def _create(name: str, config) -> SearchBackend:
    if name == "postgres":
        return PostgresBackend()
    if name == "whoosh":
        return WhooshBackend(config["SEARCH_INDEX_DIR"], config.get("SEARCH_REBUILD_PROCS", 1))
    raise ValueError(f"SEARCH_BACKEND must be one of {', '.join(BACKENDS)}, not {name!r}")


def get_backend() -> SearchBackend:
    """The configured backend of this process (created on first use)."""
    global _current
    config = current_app.config
    key = (config.get("SEARCH_BACKEND", "whoosh"), config["SEARCH_INDEX_DIR"])
    with _lock:
        if _current is None or _current[0] != key:
            if _current is not None:
                _current[1].close()
            _current = (key, _create(key[0], config))
        return _current[1]


def fallback_backend() -> SearchBackend:
    """Plain database search, used while the configured backend is unavailable."""
    return DatabaseBackend()
