"""Costly figures kept per process (app/core/cache.py): only the first request waits;
later an old value is served at once while one thread computes the next."""

from __future__ import annotations

import threading

from app.core.cache import remembered


def _wait_for_refresh(key: str) -> None:
    for thread in threading.enumerate():
        if thread.name == f"refresh-{key}":
            thread.join(timeout=5)


def test_an_old_value_is_served_at_once_while_one_thread_computes_the_next(app):
    calls: list[int] = []
    release = threading.Event()

    def compute() -> int:
        calls.append(1)
        if len(calls) > 1:
            release.wait(5)  # a slow computation, as statistics at national scale
        return len(calls)

    try:
        with app.app_context():
            assert remembered("figures", 60, compute) == 1  # none kept: computed now
            app.extensions["remembered"]["figures"] = (0.0, 1)  # its time has passed
            assert remembered("figures", 60, compute) == 1  # the old value, at once
            assert remembered("figures", 60, compute) == 1  # still one computation
            release.set()
            _wait_for_refresh("figures")
            assert remembered("figures", 60, compute) == 2
            assert len(calls) == 2
    finally:
        app.extensions.pop("remembered", None)


def test_a_failed_refresh_keeps_the_old_value(app):
    def failing() -> int:
        raise RuntimeError("the database went away")

    try:
        with app.app_context():
            assert remembered("figures", 60, lambda: 7) == 7
            app.extensions["remembered"]["figures"] = (0.0, 7)
            assert remembered("figures", 60, failing) == 7
            _wait_for_refresh("figures")
            assert remembered("figures", 60, failing) == 7  # and another try starts
            _wait_for_refresh("figures")
    finally:
        app.extensions.pop("remembered", None)
