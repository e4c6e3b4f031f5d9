"""Helpers for the search tests: searchable objects, the indexer, reading result pages.

The tests run against both backends (the `backend` fixture, available to every test as
this module is a plugin of conftest.py): Whoosh always, PostgreSQL when
TEST_DATABASE_URL is one.
"""

from __future__ import annotations

import html
import os
import re
from datetime import timedelta

import pytest
from flask import current_app

from app.challenges.models import ChallengeCpv, ChallengeSector, ChallengeState
from app.core.db import utcnow
from app.extensions import db
from app.organisations.models import OrganisationKind
from app.search.backends import get_backend
from app.search.indexer import process_queue
from app.search.snapshot import build as take_snapshot
from app.solutions.models import Solution, SolutionState
from tests.factories import make_challenge, make_organisation, make_user

# PostgreSQL full-text search needs a PostgreSQL test database (TEST_DATABASE_URL).
BACKENDS = ["whoosh", *(["postgres"] if os.environ.get("TEST_DATABASE_URL", "").startswith(
    "postgresql") else [])]
_RESULT = re.compile(r'<h3 class="govuk-heading-s[^"]*"><a class="govuk-link" href="([^"]*)">'
                     r'(.*?)</a></h3>', re.S)
_FACET = re.compile(r'name="(\w+)" type="checkbox" value="([^"]+)"( checked)?>\s*'
                    r'<label[^>]*>[^<]*<span class="arena-meta">\((\d+)\)</span>')
_TOTAL = re.compile(r'id="results-heading">(\d+) results?<')


def use_backend(app, name: str, index_dir) -> None:
    """Point the app at a backend and a fresh index folder (skip PostgreSQL on SQLite)."""
    if name == "postgres" and db.engine.dialect.name != "postgresql":
        pytest.skip("the PostgreSQL backend is tested when TEST_DATABASE_URL is PostgreSQL")
    get_backend().close()
    app.config["SEARCH_BACKEND"] = name
    app.config["SEARCH_INDEX_DIR"] = str(index_dir)


def reset_backend(app, defaults: dict) -> None:
    get_backend().close()
    app.config.update(defaults)


@pytest.fixture(params=BACKENDS)
def backend(request, app, tmp_path):
    """Each search test runs once per backend, on an index of its own."""
    defaults = {key: app.config[key] for key in ("SEARCH_BACKEND", "SEARCH_INDEX_DIR")}
    use_backend(app, request.param, tmp_path / "index")
    yield request.param
    reset_backend(app, defaults)


def index_now(snapshot: bool = True) -> None:
    """Run the indexer over what this test queued (as the worker would); on PostgreSQL
    also take a snapshot (as the worker would when enough changed), so searches rank in
    memory, unless `snapshot` is False (then what was indexed is fresh: see
    app/search/snapshot.py)."""
    process_queue()
    if snapshot and current_app.config["SEARCH_BACKEND"] == "postgres":
        take_snapshot(db.session)


def challenge(title: str, body: str = "", sectors=(), cpv=(), owner=None, **extra):
    """A challenge (published unless a state is given) with sectors and CPV codes."""
    item = make_challenge(owner=owner, title=title, problem_statement=body or title, **extra)
    for sector in sectors:
        item.sector_links.append(ChallengeSector(sector=sector))
    for code in cpv:
        item.cpv_links.append(ChallengeCpv(code=code))
    db.session.flush()
    return item


def decided_challenge(title: str, **extra):
    """A challenge whose decision is published (its public summaries can be found)."""
    return challenge(title, state=ChallengeState.DECIDED, decided_at=utcnow(),
                     deadline_in=timedelta(days=-20), **extra)


def solution(of_challenge, summary: str, details: str = "", public: bool = True,
             title: str = "", organisation=None, state=SolutionState.SUBMITTED):
    """A supplier's solution with a public summary and confidential details."""
    item = Solution(
        challenge=of_challenge,
        organisation=organisation or make_organisation(OrganisationKind.SUPPLIER,
                                                       admin=make_user()),
        state=state, title=title, public_summary=summary, details=details,
        references=f"{details} references", price_model=f"{details} price",
        ip_statement=f"{details} ip", summary_public_after_decision=public,
        submitted_at=utcnow() if state == SolutionState.SUBMITTED else None,
    )
    db.session.add(item)
    db.session.flush()
    return item


def search_page(client, limited: bool = False, **params) -> str:
    """The search page; unless `limited`, it must not have fallen back to the database."""
    response = client.get("/search", query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    page = response.get_data(as_text=True)
    assert ("Search is temporarily limited" in page) is limited
    return page


def results(client, q: str = "", limited: bool = False, **params) -> list[tuple[str, str]]:
    """(link, title text) of every result on the page, in order."""
    page = search_page(client, limited=limited, q=q, **params)
    return [(href, html.unescape(re.sub(r"<[^>]+>", "", title)))
            for href, title in _RESULT.findall(page)]


def titles_once_indexed(client, q: str) -> list[str]:
    """Titles found, or nothing while the index is still being built."""
    page = client.get("/search", query_string={"q": q}).get_data(as_text=True)
    if "Search is temporarily limited" in page:
        return []
    return [html.unescape(re.sub(r"<[^>]+>", "", title)) for _, title in _RESULT.findall(page)]


def titles(client, q: str = "", limited: bool = False, **params) -> list[str]:
    return [title for _, title in results(client, q, limited, **params)]


def total(page: str) -> int:
    match = _TOTAL.search(page)
    assert match, "the page shows no result count"
    return int(match.group(1))


def facets(page: str) -> dict[str, dict[str, tuple[int, bool]]]:
    """facet -> value -> (count, checked) as the filter form shows them."""
    found: dict[str, dict[str, tuple[int, bool]]] = {}
    for name, value, checked, count in _FACET.findall(page):
        found.setdefault(name, {})[value] = (int(count), bool(checked))
    return found


def result_text(page: str) -> str:
    """The text of the result list only (not the search box echoing the query)."""
    start = page.find('aria-labelledby="results-heading"')
    return "" if start < 0 else page[start:page.find("</ol>", start)]
