"""Figures that are costly to compute and fine to show a little late, kept per process.

A web process keeps each value for a configured number of seconds (0: never kept), in
its app's `extensions`, so several apps in one process (the tests) never share one.
Every process computes its own: nothing here has to be shared between hosts.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from flask import current_app

T = TypeVar("T")


def remembered(key: str, seconds: float, compute: Callable[[], T]) -> T:
    """The value kept under `key` if younger than `seconds`, else a fresh one (kept)."""
    kept = current_app.extensions.setdefault("remembered", {})
    expires, value = kept.get(key, (0.0, None))
    if value is not None and time.monotonic() < expires:
        return value
    value = compute()
    if seconds > 0:
        kept[key] = (time.monotonic() + seconds, value)
    return value
