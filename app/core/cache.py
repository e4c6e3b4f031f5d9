"""Figures that are costly to compute and fine to show a little late, kept per process.

A web process keeps each value for a configured number of seconds (0: never kept), in
its app's `extensions`, so several apps in one process (the tests) never share one.
Every process computes its own: nothing here has to be shared between hosts.

Only the first request of a process waits for a value. Once a kept value is older than
its time, the next request still gets it, and a thread of its own computes the new one
(one at a time per key), so no visitor waits the seconds national-scale statistics take.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from flask import Flask, current_app

T = TypeVar("T")
log = logging.getLogger(__name__)
_refreshing: set[tuple[int, str]] = set()  # (app, key) being computed in a thread
_lock = threading.Lock()


def remembered(key: str, seconds: float, compute: Callable[[], T]) -> T:
    """The value kept under `key`: fresh if younger than `seconds`, else the old one while a
    thread computes the next; computed now when none is kept."""
    kept = current_app.extensions.setdefault("remembered", {})
    expires, value = kept.get(key, (0.0, None))
    if value is not None:
        if time.monotonic() >= expires:
            _refresh_in_background(current_app._get_current_object(), key, seconds, compute)
        return value
    value = compute()
    if seconds > 0:
        kept[key] = (time.monotonic() + seconds, value)
    return value


def _refresh_in_background(app: Flask, key: str, seconds: float, compute: Callable) -> None:
    with _lock:
        if (id(app), key) in _refreshing:
            return
        _refreshing.add((id(app), key))
    threading.Thread(target=_refresh, args=(app, key, seconds, compute), daemon=True,
                     name=f"refresh-{key}").start()


def _refresh(app: Flask, key: str, seconds: float, compute: Callable) -> None:
    from app.extensions import db

    try:
        with app.app_context():
            try:
                value = compute()
                app.extensions["remembered"][key] = (time.monotonic() + seconds, value)
            finally:
                db.session.remove()
    except Exception:  # the old value stays; the next request tries again
        log.exception("refreshing %s failed", key)
    finally:
        with _lock:
            _refreshing.discard((id(app), key))
