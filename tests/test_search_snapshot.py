"""The PostgreSQL backend's snapshot (app/search/snapshot.py), tried through /search:
documents indexed after it are found and ranked with the rest, a change or a removal
after it hides the old words at once, the snapshot and the database match and rank
alike, and the worker and `flask search snapshot` take new ones. PostgreSQL only (the
shared search tests run on a snapshot too: `index_now` takes one)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from app.challenges.models import ChallengeState
from app.extensions import db
from app.search import snapshot
from app.search.backends import snapshot_search
from tests.search_support import (
    challenge,
    decided_challenge,
    index_now,
    reset_backend,
    search_page,
    solution,
    titles,
    total,
    use_backend,
)


@pytest.fixture
def postgres(app, tmp_path):
    defaults = {key: app.config[key] for key in ("SEARCH_BACKEND", "SEARCH_INDEX_DIR")}
    use_backend(app, "postgres", tmp_path / "index")
    yield
    reset_backend(app, defaults)


@pytest.fixture(autouse=True)
def _cpv_codes():
    from app.challenges import cpv

    cpv.ensure_seeded()


def _snapshot_id() -> int | None:
    current = snapshot.current(db.session)
    return current.id if current else None


def test_a_challenge_indexed_after_the_snapshot_is_found_and_ranked_first(client, postgres):
    challenge("Vattenrening i Ale", "Rening av dricksvatten.")
    challenge("Ledningsnät", "Vattenrening nämns en gång.")
    index_now()
    challenge("Vattenrening och vattenrening", "Vattenrening, vattenrening, vattenrening.")
    index_now(snapshot=False)
    assert titles(client, "vattenrening") == [
        "Vattenrening och vattenrening", "Vattenrening i Ale", "Ledningsnät"]
    assert total(search_page(client, q="vattenrening")) == 3


def test_a_change_after_the_snapshot_hides_the_old_words_at_once(client, postgres):
    item = challenge("Snöröjning med drönare", "Drönare som röjer snö på torget.")
    index_now()
    item.title, item.problem_statement = "Sandning av gångbanor", "Sand på isiga gångbanor."
    db.session.flush()
    index_now(snapshot=False)
    assert titles(client, "drönare") == []
    assert titles(client, '"snöröjning med drönare"') == []
    assert titles(client, "gångbanor") == ["Sandning av gångbanor"]


def test_a_summary_hidden_after_the_snapshot_is_neither_shown_nor_counted(client, postgres):
    decided = decided_challenge("Belysning i parker")
    hidden = solution(decided, "Lyktstolpar med rörelsesensorer, kallade glimmerljus.")
    solution(decided, "Solcellslampor med glimmerljus i parken.")
    index_now()
    hidden.summary_public_after_decision = False
    db.session.flush()
    index_now(snapshot=False)
    page = search_page(client, q="glimmerljus")
    assert "rörelsesensorer" not in page and "Lyktstolpar" not in page
    assert total(page) == 1


QUERIES = ["vattenrening", "rening", "vatten*", '"rening av dricksvatten"', "avfall OR vatten",
           "vattenrening NOT ale", "dricksvatten ale", "matavfall insamling biogas",
           "vattenrneing", "avfall"]


def _documents():
    challenge("Vattenrening i Ale", "Rening av dricksvatten och vattenrening.")
    challenge("Avfall och vatten", "Matavfall till biogas, vatten till rening.",
              state=ChallengeState.CLOSED, deadline_in=timedelta(days=-2))
    challenge("Insamling av matavfall", "Matavfall från skolor, insamling i kärl.",
              deadline_in=timedelta(days=5))
    challenge("Dricksvatten i Ale", "Vattenverket och dricksvatten.",
              deadline_in=timedelta(days=40))
    challenge("Ledningar", "Vattenrening nämns.", state=ChallengeState.WITHDRAWN)


def test_the_snapshot_and_the_database_match_and_rank_alike(client, postgres):
    snapshot.build(db.session)  # an empty snapshot: everything indexed next is fresh
    _documents()
    index_now(snapshot=False)
    from_database = {q: (titles(client, q), titles(client, q, status="open")) for q in QUERIES}
    index_now()  # now everything is in the snapshot
    from_snapshot = {q: (titles(client, q), titles(client, q, status="open")) for q in QUERIES}
    assert from_snapshot == from_database
    found = from_snapshot["vattenrening"][0]
    assert "Vattenrening i Ale" in found[:2] and found[-1] == "Ledningar"  # withdrawn last
    assert from_snapshot['"rening av dricksvatten"'][0] == ["Vattenrening i Ale"]
    assert "Vattenrening i Ale" not in from_snapshot["vattenrening NOT ale"][0]


def test_without_a_usable_snapshot_the_database_answers_the_same(client, postgres, monkeypatch):
    _documents()
    index_now()
    expected = {q: titles(client, q) for q in QUERIES}
    monkeypatch.setattr(snapshot_search, "FRESH_LIMIT", 0)
    challenge("Nytt efter", "Något annat helt.")
    index_now(snapshot=False)  # one fresh document is now too many: no snapshot search
    assert {q: sorted(titles(client, q)) for q in QUERIES} == \
        {q: sorted(found) for q, found in expected.items()}


def test_the_worker_takes_a_snapshot_when_enough_has_changed(client, postgres, monkeypatch):
    challenge("Första", "Text.")
    index_now(snapshot=False)
    assert snapshot.snapshot_job().startswith("search snapshot")  # none yet
    first = _snapshot_id()
    assert snapshot.snapshot_job() is None  # nothing indexed since
    challenge("Andra", "Text.")
    index_now(snapshot=False)
    fresh = snapshot.fresh_documents(db.session)
    monkeypatch.setattr(snapshot, "RETAKE_AFTER_DOCUMENTS", fresh + 1)
    assert snapshot.snapshot_job() is None  # not enough, and the snapshot is new
    monkeypatch.setattr(snapshot, "RETAKE_AFTER", timedelta(0))
    assert snapshot.snapshot_job() is not None  # old enough for what changed
    assert _snapshot_id() > first
    assert snapshot.fresh_documents(db.session) == 0
    assert snapshot.snapshot_job() is None


def test_flask_search_snapshot_takes_one_and_says_so(app, postgres):
    challenge("Något", "Text.")
    index_now(snapshot=False)
    result = app.test_cli_runner().invoke(args=["search", "snapshot"])
    assert result.exit_code == 0, result.output
    assert f"snapshot {_snapshot_id()} taken" in result.output
    assert "terms done after" in result.output  # progress, step by step
    status = app.test_cli_runner().invoke(args=["search", "status"])
    assert "search_snapshot_fresh: 0" in status.output


def test_flask_search_snapshot_refuses_without_postgresql(app):
    if db.engine.dialect.name == "postgresql":
        pytest.skip("the refusal is for other databases")
    result = app.test_cli_runner().invoke(args=["search", "snapshot"])
    assert result.exit_code != 0
    assert "only on PostgreSQL" in result.output


def test_the_worker_takes_snapshots_in_a_thread_of_their_own(committed_database):
    if not committed_database.startswith("postgresql"):
        pytest.skip("snapshots are kept only on PostgreSQL")
    import config as settings
    from app import create_app

    application = create_app(type("Worker", (settings.TestConfig,), {
        "SQLALCHEMY_DATABASE_URI": committed_database, "SEARCH_BACKEND": "postgres",
        "SEARCH_SNAPSHOT_IN_BACKGROUND": True}))
    with application.app_context():
        assert snapshot.snapshot_job() == "search snapshot started"
        db.session.commit()
        for thread in threading.enumerate():
            if thread.name == "search-snapshot":
                thread.join(timeout=30)
        assert snapshot.current(db.session) is not None
        assert snapshot.snapshot_job() is None  # taken, nothing indexed since
        db.session.remove()
        db.engine.dispose()
