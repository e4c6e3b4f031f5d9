"""Every list with filters folds them behind one "Filter" disclosure that says how many
are active (templates/macros/filters.html; on phones the results come first, see
tests/browser/test_phone.py), and the challenge list and the events calendar share
their county and sector selects."""

from __future__ import annotations

import re

import pytest

from tests.factories import make_user

ACTIVE = re.compile(r'<details class="arena-filters__toggle"(?: data-active="(\d+)")?>\s*'
                    r'<summary><span class="arena-filters__label">([^<]+)</span>')

LISTS = [
    ("/challenges/", "/challenges/?sector=water&region=SE110&kind=need", 3),
    ("/events/", "/events/?sector=water&region=SE110", 2),
    ("/events/?view=month", "/events/?view=month&kind=workshop", 1),
    ("/search?q=vatten", "/search?q=vatten&type=challenge&status=open&status=closed", 3),
    ("/networks/", "/networks/?q=avfall&sector=water", 2),
    ("/knowledge/", "/knowledge/?kind=guide", 1),
    ("/knowledge/cases/", "/knowledge/cases/?sector=water", 1),
    ("/organisations/", "/organisations/?kind=supplier", 1),
]


def disclosure(page: str) -> tuple[int, str]:
    found = ACTIVE.findall(page)
    assert len(found) == 1, found  # one disclosure per list
    count, label = found[0]
    return int(count or 0), label


@pytest.mark.parametrize(("plain", "filtered", "active"), LISTS)
def test_the_filter_disclosure_counts_the_active_filters(client, plain, filtered, active):
    page = client.get(plain, headers={"Accept-Language": "en"})
    assert page.status_code == 200
    assert disclosure(page.get_data(as_text=True)) == (0, "Filter")
    page = client.get(filtered, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert disclosure(page) == (active, "Filter")
    said = "filters are active" if active > 1 else "filter is active"
    assert f'{active}<span class="govuk-visually-hidden"> {said}</span>' in page


def test_in_swedish_it_says_filtrera(client, login):
    login(make_user(locale="sv"))
    page = client.get("/events/?region=SE110&sector=water").get_data(as_text=True)
    assert disclosure(page) == (2, "Filtrera")
    assert '2<span class="govuk-visually-hidden"> filter är aktiva</span>' in page


def test_the_calendar_and_the_challenge_list_share_the_county_and_sector_selects(client):
    calendar = client.get("/events/?region=SE110&sector=water").get_data(as_text=True)
    listing = client.get("/challenges/?region=SE110&sector=water").get_data(as_text=True)
    for page in (calendar, listing):
        assert re.search(r'<option value="SE110" selected>', page)
        assert re.search(r'<option value="water" selected>', page)
        assert '<select class="govuk-select" id="region" name="region">' in page
