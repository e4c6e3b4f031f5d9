"""The public list as a visitor uses it (issue 17): open challenges first, soonest deadline
first, "Show closed too" in one click keeping the other filters, and a withdrawn
challenge labelled "Withdrawn" the same on the list, in search, in the API and the feed."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ElementTree
from datetime import timedelta

import pytest

from app.challenges.models import ChallengeKind, ChallengeState
from app.core.db import utcnow
from app.extensions import db
from tests.factories import make_authority, make_challenge, make_user
from tests.search_support import index_now, result_text, search_page

pytest_plugins = ["tests.search_support"]  # the search tests' `backend` fixture

S = ChallengeState
ATOM = "{http://www.w3.org/2005/Atom}"
WITHDRAWN_TAG = '<strong class="govuk-tag govuk-tag--red">Withdrawn</strong>'


@pytest.fixture
def buyer_org():
    organisation = make_authority(admin=make_user(), region="SE110")
    db.session.commit()
    return organisation


def _card_titles(page: str) -> list[str]:
    return [html.unescape(title) for title in re.findall(
        r'arena-card__title"><a class="govuk-link" href="[^"]+">([^<]+)</a>', page)]


def _list(client, query: str = "") -> str:
    response = client.get(f"/challenges/{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _withdrawn(owner, title: str):
    return make_challenge(owner=owner, title=title, region="SE110", state=S.WITHDRAWN,
                          withdrawn_at=utcnow(), withdrawn_reason="The need changed.",
                          deadline_in=timedelta(days=5))


@pytest.fixture
def mixed(buyer_org):
    """Open challenges with different deadlines, one closed and one withdrawn."""
    def owned(title: str, days: int, **extra):
        make_challenge(owner=buyer_org, region="SE110", title=title,
                       deadline_in=timedelta(days=days), **extra)

    owned("Open later", 40)
    owned("Open soon", 3)
    owned("Open need", 10, kind=ChallengeKind.NEED)
    owned("Closed one", -2, state=S.CLOSED)
    _withdrawn(buyer_org, "Withdrawn one")
    db.session.commit()


def test_the_list_shows_open_challenges_soonest_deadline_first(client, mixed):
    page = _list(client)
    assert _card_titles(page) == ["Open soon", "Open need", "Open later"]
    assert "3 challenges found" in page and "Showing open challenges" in page
    assert '<option value="open" selected>Open (3)</option>' in page


def test_show_closed_too_is_one_click_that_keeps_the_other_filters(client, mixed):
    page = _list(client, "?kind=challenge&region=SE110")
    assert _card_titles(page) == ["Open soon", "Open later"]
    link = html.unescape(re.search(r'href="([^"]+)">Show closed too</a>', page).group(1))
    assert "status=all" in link and "kind=challenge" in link and "region=SE110" in link
    everything = _list(client, link.removeprefix("/challenges/"))
    assert _card_titles(everything) == ["Open soon", "Open later", "Withdrawn one",
                                        "Closed one"]
    assert "Open need" not in everything  # the kind filter was kept
    back = html.unescape(re.search(r'href="([^"]+)">Show only open ones</a>',
                                   everything).group(1))
    assert _card_titles(_list(client, back.removeprefix("/challenges/"))) == [
        "Open soon", "Open later"]


def test_a_withdrawn_challenge_is_labelled_withdrawn_on_the_list(client, mixed):
    page = _list(client, "?status=all")
    card = page[page.index("Withdrawn one"):]
    card = card[:card.index("arena-card")]
    assert WITHDRAWN_TAG in card
    assert page.count(WITHDRAWN_TAG) == 1
    only = _list(client, "?status=withdrawn")
    assert _card_titles(only) == ["Withdrawn one"] and WITHDRAWN_TAG in only


def test_a_withdrawn_challenge_is_labelled_withdrawn_in_the_api(client, mixed):
    body = client.get("/api/v1/challenges?status=withdrawn").get_json()
    assert [(item["title"], item["status"]) for item in body["data"]] == [
        ("Withdrawn one", "withdrawn")]
    every = client.get("/api/v1/challenges").get_json()["meta"]["total"]
    assert every == 5  # the API lists every public challenge, as before


def test_a_withdrawn_challenge_is_labelled_withdrawn_in_the_feed(client, mixed):
    root = ElementTree.fromstring(client.get("/challenges/feed.atom").data)
    entries = {entry.findtext(f"{ATOM}title"): entry for entry in root.iter(f"{ATOM}entry")}
    assert "Withdrawn: Withdrawn one" in entries and "Withdrawn one" not in entries
    category = entries["Withdrawn: Withdrawn one"].find(f"{ATOM}category")
    assert (category.get("term"), category.get("label")) == ("withdrawn", "Withdrawn")
    assert entries["Open soon"].find(f"{ATOM}category").get("label") == "Open"


def test_a_withdrawn_challenge_is_labelled_withdrawn_in_search(client, backend, buyer_org):
    _withdrawn(buyer_org, "Snow clearing withdrawn")
    make_challenge(owner=buyer_org, region="SE110", title="Snow clearing open")
    db.session.flush()
    index_now()
    shown = result_text(search_page(client, q="snow clearing"))
    assert shown.count(WITHDRAWN_TAG) == 1
    result = next(item for item in shown.split("<li")
                  if "Snow clearing withdrawn" in re.sub(r"<[^>]+>", "", item))
    assert WITHDRAWN_TAG in result
