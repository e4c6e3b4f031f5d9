"""One source for each rule: the dates people type, and the words for enum values."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.challenges.models import ProcurementRoute
from app.core.dates import local_input_value, parse_local_datetime
from app.core.forms import choices


@pytest.mark.parametrize("typed, utc", [
    ("2026-05-31", datetime(2026, 5, 31, 10, 0, tzinfo=UTC)),         # a date: noon, summer
    ("2026-01-15", datetime(2026, 1, 15, 11, 0, tzinfo=UTC)),         # noon, winter
    ("2026-05-31 14:30", datetime(2026, 5, 31, 12, 30, tzinfo=UTC)),
    ("2026-05-31T23:59", datetime(2026, 5, 31, 21, 59, tzinfo=UTC)),  # a datetime-local input
    ("", None),
])
def test_a_typed_date_is_stockholm_time_and_a_date_alone_means_noon(app, typed, utc):
    assert parse_local_datetime(typed) == utc


def test_the_zone_is_the_configured_one(app, monkeypatch):
    monkeypatch.setitem(app.config, "BABEL_DEFAULT_TIMEZONE", "UTC")
    assert parse_local_datetime("2026-05-31") == datetime(2026, 5, 31, 12, 0, tzinfo=UTC)
    assert local_input_value(datetime(2026, 5, 31, 12, 0, tzinfo=UTC)) == "2026-05-31T12:00"


@pytest.mark.parametrize("typed", ["31 May", "2026-13-01", "2026-05-31 25:00"])
def test_an_unreadable_date_is_refused(app, typed):
    with pytest.raises(ValueError):
        parse_local_datetime(typed)


def test_enum_labels_are_the_form_choices(app):
    route_choices = dict(choices(ProcurementRoute))
    assert route_choices["procurement_of_innovation"] == \
        ProcurementRoute.PROCUREMENT_OF_INNOVATION.label
    assert str(ProcurementRoute.PROCUREMENT_OF_INNOVATION.label) == \
        "Procurement of innovative solutions"
    assert ProcurementRoute("undecided") is ProcurementRoute.UNDECIDED  # values unchanged


DRAFT_PAGES = ["/challenges/{id}", "/challenges/{id}/evaluation/",
               "/challenges/{id}/evaluation/criteria", "/challenges/{id}/evaluation/criteria/edit",
               "/challenges/{id}/solution", "/challenges/{id}/solutions",
               "/challenges/{id}/interest", "/knowledge/cases/new?challenge={id}"]


def test_every_area_loads_a_challenge_with_the_same_visibility(app):
    """A draft is not confirmed to anyone outside its owners and the administrators, on
    any area's page about it; its owner reaches them all (some then say what is not
    possible yet, never "not found")."""
    from app.challenges.models import ChallengeState
    from app.extensions import db
    from tests.conftest import log_in
    from tests.factories import make_authority, make_challenge, make_organisation, make_user

    owner, other_buyer, supplier = make_user(), make_user(), make_user()
    draft = make_challenge(owner=make_authority(admin=owner), state=ChallengeState.DRAFT)
    make_authority(admin=other_buyer)
    make_organisation(admin=supplier)
    db.session.commit()
    for user in (None, other_buyer, supplier):
        client = app.test_client()
        if user is not None:
            log_in(client, user)
        for page in DRAFT_PAGES:
            response = client.get(page.format(id=draft.id))
            if user is None and response.status_code == 302:  # pages that need a log-in
                assert "/auth/login" in response.location
                continue
            assert response.status_code == 404, (page, user)
    client = app.test_client()
    log_in(client, owner)
    for page in DRAFT_PAGES:
        assert client.get(page.format(id=draft.id)).status_code != 404, page
