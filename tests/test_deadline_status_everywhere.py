"""A passed deadline is shown, counted and selected as closed everywhere, to the second
(issue 15 item 9: search facets and filters, the open-data API, the challenge list).

The close job records a passed deadline within a minute; until it runs, the challenge is
still stored as published. Every place that shows or selects by a challenge's status
asks the same rule (`app.challenges.models.deadline_reached`): the search's status
facet and filter on both backends, the result's label, the open-data API (detail, list,
status filter, CSV) and the public challenge list. Each test sets the deadline a second
in the past directly in the database and never runs the close job.
"""

from __future__ import annotations

import csv
import io
import re
import time
from datetime import timedelta

from app.challenges.models import ChallengeState
from app.core.db import utcnow
from app.extensions import db
from tests.search_support import challenge, facets, index_now, result_text, search_page, titles

API = "/api/v1"


def _overdue(title: str):
    """A published challenge whose deadline passed a second ago (the job has not run)."""
    item = challenge(title, "Insamling av matavfall.", deadline_in=timedelta(seconds=-1))
    assert item.state == ChallengeState.PUBLISHED
    return item


def test_search_counts_and_filters_a_passed_deadline_as_closed(client, backend):
    _overdue("Matavfall på förskolor")
    challenge("Matavfall i skolkök", "Insamling av matavfall.")  # open for 30 days more
    index_now()
    page = search_page(client, q="matavfall")
    assert facets(page)["status"] == {"open": (1, False), "closed": (1, False)}
    assert titles(client, "matavfall", status="closed") == ["Matavfall på förskolor"]
    assert titles(client, "matavfall", status="open") == ["Matavfall i skolkök"]
    assert sorted(titles(client, "matavfall", status=["open", "closed"])) == [
        "Matavfall i skolkök", "Matavfall på förskolor"]
    # The status facet is counted under the other filters, not its own.
    closed = search_page(client, q="matavfall", status="closed")
    assert facets(closed)["status"] == {"open": (1, False), "closed": (1, True)}


def test_search_closes_a_deadline_that_passes_while_the_index_stays_unchanged(client, backend):
    item = challenge("Laddplatser vid badhus", "Laddplatser för elbilar.",
                     deadline_in=timedelta(seconds=2))
    index_now()
    assert facets(search_page(client, q="laddplatser"))["status"] == {"open": (1, False)}
    assert titles(client, "laddplatser", status="open") == ["Laddplatser vid badhus"]
    time.sleep(max(0.0, (item.submission_deadline_at - utcnow()).total_seconds()) + 0.05)
    page = search_page(client, q="laddplatser")  # no reindexing, no close job
    assert facets(page)["status"] == {"closed": (1, False)}
    assert "Closed" in result_text(page) and "Open" not in result_text(page)
    assert titles(client, "laddplatser", status="open") == []
    assert titles(client, "laddplatser", status="closed") == ["Laddplatser vid badhus"]


def test_the_api_shows_a_passed_deadline_as_closed(client):
    overdue = _overdue("Matavfall på förskolor")
    open_one = challenge("Matavfall i skolkök", "Insamling av matavfall.")
    db.session.flush()
    assert client.get(f"{API}/challenges/{overdue.id}").get_json()["status"] == "closed"

    def ids(query: str) -> set[int]:
        return {item["id"] for item in client.get(f"{API}/challenges?{query}").get_json()["data"]}

    listed = {item["id"]: item["status"]
              for item in client.get(f"{API}/challenges").get_json()["data"]}
    assert listed[overdue.id] == "closed" and listed[open_one.id] == "published"
    assert ids("status=closed") == {overdue.id}
    assert ids("status=published") == {open_one.id}
    rows = csv.DictReader(io.StringIO(client.get(f"{API}/challenges.csv").get_data(
        as_text=True).lstrip("\ufeff")))
    assert {int(r["id"]): r["status"] for r in rows}[overdue.id] == "closed"


def test_a_paused_challenge_past_its_deadline_stays_open_in_the_api(client):
    paused = _overdue("Matavfall på förskolor")
    paused.is_paused = True  # the close job leaves a paused challenge open too
    db.session.flush()
    assert client.get(f"{API}/challenges/{paused.id}").get_json()["status"] == "published"


def test_the_challenge_list_counts_and_filters_a_passed_deadline_as_closed(client):
    _overdue("Matavfall på förskolor")
    challenge("Matavfall i skolkök", "Insamling av matavfall.")
    page = client.get("/challenges/").get_data(as_text=True)
    counts = dict(re.findall(r'<option value="(open|closed)"[^>]*>[^<(]*\((\d+)\)', page))
    assert counts == {"open": "1", "closed": "1"}
    closed = client.get("/challenges/?status=closed").get_data(as_text=True)
    opened = client.get("/challenges/?status=open").get_data(as_text=True)
    assert "Matavfall på förskolor" in closed and "Matavfall i skolkök" not in closed
    assert "Matavfall i skolkök" in opened and "Matavfall på förskolor" not in opened
