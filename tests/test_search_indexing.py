"""The index follows commits: the queue, the one indexer, two writers, the worker,
rebuild and check, and what happens when the index is missing or damaged."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import scoped_session, sessionmaker

import config as settings
from app.challenges.models import Challenge
from app.core.db import writing_transactions
from app.core.jobs import JOBS
from app.extensions import db
from app.search import indexer
from app.search.indexer import check, pending_count, process_queue
from app.search.models import SearchQueueEntry
from app.search.registry import _TYPES, SearchType, register_document_type
from tests.search_support import (
    challenge,
    index_now,
    reset_backend,
    search_page,
    titles,
    titles_once_indexed,
    total,
    use_backend,
)

ROOT = Path(settings.BASE_DIR)


@pytest.fixture
def whoosh(app, tmp_path):
    defaults = {key: app.config[key] for key in ("SEARCH_BACKEND", "SEARCH_INDEX_DIR")}
    use_backend(app, "whoosh", tmp_path / "index")
    yield tmp_path / "index"
    reset_backend(app, defaults)


@pytest.fixture
def committed(app):
    """Real commits and rollbacks: `db.session` talks to the database itself instead of
    the test's rolled-back transaction; afterwards every row is deleted."""
    test_session = db.session
    db.session = scoped_session(sessionmaker(class_=FlaskSession, db=db),
                                scopefunc=test_session.registry.scopefunc)
    try:
        yield
    finally:
        db.session.remove()
        db.session = test_session
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())


def queued() -> int:
    return db.session.scalar(select(func.count(SearchQueueEntry.id)))


def test_the_queue_is_written_with_the_change_and_rollbacks_leave_nothing(
        client, backend, committed):
    kept = challenge("Commitprovet med cyklar")
    db.session.commit()
    committed_rows = queued()
    assert committed_rows >= 1  # the challenge (and its owner), committed with its rows
    challenge("Rollbackprovet med cyklar")
    assert queued() > committed_rows  # queued in the same transaction...
    db.session.rollback()
    assert queued() == committed_rows  # ...and gone with it
    index_now()
    assert queued() == 0
    assert titles(client, "cyklar") == ["Commitprovet med cyklar"]
    kept = db.session.get(Challenge, kept.id)
    kept.title = "Omdöpt men ångrat"
    db.session.flush()
    assert queued() >= 1
    db.session.rollback()
    assert queued() == 0
    index_now()
    assert titles(client, "cyklar") == ["Commitprovet med cyklar"]
    assert titles(client, "ångrat") == []


def test_two_processes_enqueue_and_one_indexer_applies_every_change(backend, committed):
    url = db.engine.url.render_as_string(hide_password=False)
    writers = [subprocess.Popen([sys.executable, "-m", "tests.search_writer", url, prefix, "12"],
                                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
               for prefix in ("alfa", "beta")]
    try:
        while any(writer.poll() is None for writer in writers):
            with writing_transactions():  # as in the worker's jobs
                process_queue()  # the one indexer keeps applying while both write
            time.sleep(0.05)
        for writer in writers:
            assert writer.returncode == 0, writer.stdout.read().decode()[-3000:]
    finally:
        for writer in writers:
            if writer.poll() is None:
                writer.kill()
    process_queue()
    assert queued() == 0
    report = check()
    assert report.ok, report.problems
    request_titles = {t for prefix in ("alfa", "beta") for t in _all_titles(prefix)}
    assert request_titles == {f"{prefix}x{n} final" for prefix in ("alfa", "beta")
                              for n in range(12)}


def _all_titles(prefix: str) -> list[str]:
    from app.search.backends.base import SearchRequest
    from app.search.query import parse_query
    from app.search.services import execute
    from app.search.store import fetch_documents

    results, limited = execute(db.session, SearchRequest(
        query=parse_query(f"{prefix}*"), filters={"type": ("challenge",)}, limit=100))
    assert not limited

    return [d.title for d in fetch_documents(db.session, [h.key for h in results.hits]).values()]


def test_a_committed_change_is_searchable_within_two_seconds_with_the_worker(
        app, client, backend, committed, tmp_path):
    environment = {**os.environ, "ARENA_ENV": "development",
                   "DATABASE_URL": db.engine.url.render_as_string(hide_password=False),
                   "SEARCH_BACKEND": backend, "SEARCH_INDEX_DIR": app.config["SEARCH_INDEX_DIR"],
                   "MAIL_FOLDER": str(tmp_path / "mail"), "UPLOAD_DIR": str(tmp_path / "up")}
    environment.pop("MAIL_SERVER", None)
    worker = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "worker"],
                              cwd=ROOT, env=environment, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT)
    try:
        challenge("Uppvärmning av worker", "Första ändringen.")
        db.session.commit()
        _wait_until(lambda: titles_once_indexed(client, "uppvärmning"), timeout=60,
                    worker=worker)
        challenge("Snabbhetsprovet med spårvagnar", "Den andra ändringen.")
        db.session.commit()
        committed_at = time.monotonic()
        _wait_until(lambda: titles_once_indexed(client, "spårvagnar"), timeout=10,
                    worker=worker)
        assert time.monotonic() - committed_at <= 2.0
    finally:
        worker.terminate()
        worker.wait(timeout=10)


def _wait_until(condition, timeout: float, worker) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if worker.poll() is not None:
            pytest.fail(worker.stdout.read().decode()[-3000:])
        assert time.monotonic() < deadline, "not searchable in time"
        time.sleep(0.05)


def test_check_finds_stale_and_missing_documents_and_rebuild_repairs_them(app, backend):
    first = challenge("Vattenrening med alger")
    challenge("Solpaneler på skolor")
    index_now()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["search", "check"])
    assert result.exit_code == 0, result.output
    assert "matches the database" in result.output
    # Changes that bypass the ORM (bulk statements) and a lost queue row:
    db.session.execute(update(Challenge).where(Challenge.id == first.id)
                       .values(title="Vattenrening med musslor"))
    second = challenge("Ny utmaning om broar")
    db.session.execute(delete(SearchQueueEntry))
    result = runner.invoke(args=["search", "check"])
    assert result.exit_code == 1
    assert f"whoosh index: 1 stale: challenge:{first.id}" in result.output or backend != "whoosh"
    assert f"1 stale: challenge:{first.id}" in result.output
    assert f"2 missing: challenge:{second.id}, organisation:" in result.output
    result = runner.invoke(args=["search", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "index rebuilt" in result.output
    assert runner.invoke(args=["search", "check"]).exit_code == 0
    db.session.expire_all()
    assert titles(app.test_client(), "musslor") == ["Vattenrening med musslor"]


def test_rebuild_switches_generations_and_a_failed_rebuild_keeps_the_old_index(
        app, client, whoosh):
    challenge("Broar av trä")
    index_now()
    before = (whoosh / "current").resolve()
    runner = app.test_cli_runner()
    assert runner.invoke(args=["search", "rebuild"]).exit_code == 0
    after = (whoosh / "current").resolve()
    assert after != before and before.exists()  # the previous generation is kept once
    challenge("Broar av stål")

    def broken(_obj):
        raise RuntimeError("this type cannot be read")

    register_document_type(SearchType(name="broken", model=Challenge, to_document=broken,
                                      label="Broken", url=lambda obj: "/"))
    try:
        result = runner.invoke(args=["search", "rebuild"])
    finally:
        del _TYPES["broken"]
    assert result.exit_code != 0
    assert (whoosh / "current").resolve() == after
    assert sorted(p.name for p in (whoosh / "generations").iterdir()) == sorted(
        {before.name, after.name})
    db.session.rollback()
    assert titles(client, "broar") == ["Broar av trä"]


def test_a_rebuild_in_two_processes_finds_words_first_met_after_the_writers_started(
        app, client, whoosh, monkeypatch):
    # The writer processes start with the first documents; words met later reach them
    # through the lexicon's journal (or are looked up by the writer itself).
    monkeypatch.setattr(indexer, "LOAD_CHUNK", 40)
    for number in range(130):
        challenge(f"Utmaning nummer {number}", "Belysning i parken.")
    challenge("Matavfallet från skolköken", "Cyklarna står vid biblioteket.")
    result = app.test_cli_runner().invoke(args=["search", "rebuild", "--procs", "2"])
    assert result.exit_code == 0, result.output
    for query in ("matavfall", "avfall", "cykel", "bibliotek", '"matavfallet från skolköken"'):
        assert titles(client, query) == ["Matavfallet från skolköken"], query
    assert total(search_page(client, q="belysning", type="challenge")) == 130


def test_a_missing_or_damaged_index_limits_search_but_pages_keep_working(
        app, client, whoosh, caplog):
    challenge("Matsvinn i förskolan", "Vi väger det som slängs.")
    index_now()
    assert "temporarily limited" not in search_page(client, q="matsvinn")
    assert client.get("/healthz").get_json()["search_index"] == "ok"

    shutil.rmtree(whoosh)
    search_page(client, limited=True, q="matsvinn")
    assert titles(client, "matsvinn", limited=True) == ["Matsvinn i förskolan"]  # database
    assert "search is limited to a database search" in caplog.text
    assert client.get("/").status_code == 200
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.get_json()["search_index"] == "missing"
    assert health.get_json()["status"] == "degraded"

    index_now()  # the indexer builds a missing index from the database
    assert "temporarily limited" not in search_page(client, q="matsvinn")

    for path in (whoosh / "current").resolve().iterdir():
        if path.name != "VERSION":  # what the index was made with (see the next test)
            path.write_bytes(b"not an index")
    caplog.clear()
    page = search_page(client, limited=True, q="matsvinn")
    assert total(page) == 1
    assert "unreadable" in caplog.text
    assert client.get("/healthz").get_json()["search_index"] == "unreadable"
    challenge("Matsvinn på sjukhus")
    assert "search rebuild" in JOBS["search_index"].run()
    assert pending_count() > 0  # nothing lost: the change waits in the queue
    assert app.test_cli_runner().invoke(args=["search", "rebuild"]).exit_code == 0
    index_now()
    assert pending_count() == 0
    assert sorted(titles(client, "matsvinn")) == ["Matsvinn i förskolan", "Matsvinn på sjukhus"]
    assert "temporarily limited" not in search_page(client, q="matsvinn")


def test_the_worker_indexes_before_it_sends_alerts():
    names = list(JOBS)
    assert names.index("search_index") < names.index("search_alerts")
    assert JOBS["search_index"].every_seconds == 1


def test_status_command_reports_backend_index_and_queue(app, backend):
    challenge("Status")
    result = app.test_cli_runner().invoke(args=["search", "status"])
    assert f"search_backend: {backend}" in result.output
    assert "search_queue: " in result.output and pending_count() >= 1
