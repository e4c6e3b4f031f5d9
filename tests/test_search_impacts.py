"""PostgreSQL search's impact lists (app/search/impacts.py): kept up to date by the
indexer, the same as a build from the stored documents, equal to what RUM computes for
one term."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from app.challenges.models import ChallengeState
from app.extensions import db
from app.search import impacts
from tests.search_support import challenge, index_now


@pytest.fixture(autouse=True)
def _postgres_backend(app, backend):
    if backend != "postgres":
        pytest.skip("impact lists exist on PostgreSQL only")


def _lists() -> set[tuple[str, str, float]]:
    return set(db.session.execute(text(
        "SELECT d.title, i.term, round(i.score::numeric, 5) FROM search_impacts i "
        "JOIN search_documents d ON d.id = i.document_id")).all())


def _terms_of(title: str) -> set[str]:
    return {term for shown, term, _score in _lists() if shown == title}


def test_the_lists_follow_publication_edits_and_unpublishing(client):
    item = challenge("Snöröjning på gator", "Om vintern.")
    index_now()
    assert "snorojning" in _terms_of("Snöröjning på gator")  # a title word is kept
    assert "vintern" not in _terms_of("Snöröjning på gator")  # once in the body is not
    item.title = "Halkbekämpning på gator"
    db.session.commit()
    index_now()
    assert "snorojning" not in _terms_of("Halkbekämpning på gator")
    assert "halkbekampning" in _terms_of("Halkbekämpning på gator")
    item.state = ChallengeState.DRAFT
    db.session.commit()
    index_now()
    assert not _terms_of("Halkbekämpning på gator")


def test_a_build_from_the_stored_documents_gives_the_indexers_lists(client):
    challenge("Vattenrening i vattenverket", "Vatten, vatten och rening av vatten.")
    challenge("Cykelparkering", "Parkering för cyklar vid stationen.")
    index_now()
    kept, counted = _lists(), set(db.session.execute(text(
        "SELECT term, documents, round(unlisted::numeric, 5) FROM search_terms")).all())
    impacts.build(db.session)
    assert _lists() == kept and kept
    assert set(db.session.execute(text(
        "SELECT term, documents, round(unlisted::numeric, 5) FROM search_terms")).all()) == counted


def test_an_impact_is_what_rum_scores_for_the_term_alone(client):
    challenge("Vattenrening och vatten", "Vatten i sjön, vatten i ån, rening av vatten.")
    index_now()
    rows = db.session.execute(text(
        "SELECT i.score, 1 / (d.tsv <=> to_tsquery('simple', quote_literal(i.term))) "
        "FROM search_impacts i JOIN search_documents d ON d.id = i.document_id")).all()
    assert rows and all(abs(kept - rum) < 1e-6 for kept, rum in rows)

