"""The labelled relevance collection (tests/relevance_collection.py), on each backend:
at least 95 % of its queries must find what they should in the first five results."""

from __future__ import annotations

import pytest

from tests.relevance_collection import QUERIES, create_documents, run_queries
from tests.search_support import index_now


@pytest.fixture(autouse=True)
def _cpv_codes():
    from app.challenges import cpv

    cpv.ensure_seeded()


def test_the_collection_covers_every_class_of_the_issue():
    kinds = {query.kind for query in QUERIES}
    assert {"compound part", "compound whole", "compound apart", "inflection", "typo",
            "sentence", "operator", "stop words", "cpv", "ranking", "english"} <= kinds
    assert len(QUERIES) >= 120


def test_success_at_5_reaches_95_percent(app, backend):
    ids = create_documents()
    index_now()
    with app.test_request_context("/search"):
        report = run_queries(ids)
    assert report.success_at_5 >= 0.95, "\n".join(report.failures)
    print(f"{backend}: success@5 {report.success_at_5:.1%}, MRR {report.mrr:.3f}, "
          f"failures: {report.failures}")
