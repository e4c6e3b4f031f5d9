"""Saved searches, the interest profile and the alert e-mails — for both backends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.challenges.models import ChallengeState
from app.core.events import Frequency
from app.extensions import db
from app.search.alerts import run_alerts
from app.search.models import SavedSearch, SavedSearchKind, SavedSearchMatch
from app.search.services import SearchParams, save_search
from tests.conftest import submit
from tests.factories import make_organisation, make_user
from tests.search_support import challenge, index_now
from tests.smtp_sink import html_of, text_of

# Tuesday 3 November 2026, 10:00 in Stockholm (CET, UTC+1): a fixed week for digests.
TUESDAY_10 = datetime(2026, 11, 3, 9, 0, tzinfo=UTC)


def alerts_to(deliver, user) -> list:
    return deliver().to(user.email)


def test_saving_the_search_on_the_page_keeps_query_and_filters(client, login, backend):
    user = make_user(name="Sara")
    login(user)
    page = "/search?q=sensorer&sector=water&region=SE224"
    response = submit(client, "/search/saved", {
        "search": page, "name": "Vattensensorer", "frequency": "immediately"}, page=page)
    assert response.status_code == 302
    listing = client.get("/search/saved").get_data(as_text=True)
    assert "Vattensensorer" in listing
    assert 'href="/search?q=sensorer&amp;sector=water&amp;region=SE224"' in listing
    saved = db.session.scalar(db.select(SavedSearch).filter_by(user_id=user.id))
    assert saved.query == "sensorer" and saved.frequency == Frequency.IMMEDIATELY
    assert saved.filters == {"sector": ["water"], "region": ["SE224"]}


def test_a_new_matching_challenge_is_mailed_once_with_a_link_back(client, backend, deliver):
    user = make_user(name="Sara")
    challenge("Vattensensorer från förra året", sectors=["water"])  # published before saving
    saved = save_search(user, "Vattensensorer", SearchParams(q="sensorer",
                                                             filters={"sector": ("water",)}),
                        Frequency.IMMEDIATELY)
    wanted = challenge("Sensorer i vattenledningar", sectors=["water"])
    challenge("Sensorer i skolor", sectors=["education"])
    challenge("Sensorer i brunnar, utkast", sectors=["water"], state=ChallengeState.DRAFT)
    index_now()
    run_alerts()
    (message,) = alerts_to(deliver, user)
    assert "Vattensensorer" in message["Subject"]
    text = text_of(message)
    assert "Sensorer i vattenledningar" in text
    assert f"http://arena.test/challenges/{wanted.id}" in text
    assert "http://arena.test/search?q=sensorer&sector=water" in text
    assert "skolor" not in text and "utkast" not in text and "förra året" not in text
    assert "Sensorer i vattenledningar" in html_of(message)

    wanted.summary = "Ändrad sammanfattning."  # indexed again: still alerted only once
    db.session.flush()
    index_now()
    run_alerts()
    assert alerts_to(deliver, user) == [message]
    assert db.session.scalar(db.select(db.func.count(SavedSearchMatch.id)).filter_by(
        saved_search_id=saved.id)) == 1


def _fixed_search(user, frequency: Frequency) -> SavedSearch:
    saved = save_search(user, "Laddning", SearchParams(q="laddstolpar"), frequency)
    saved.created_at = saved.checked_through = TUESDAY_10
    db.session.flush()
    return saved


def _published(title: str, at: datetime):
    item = challenge(title, "Laddstolpar i kommunen.")
    item.published_at = at
    db.session.flush()
    index_now()
    return item


def test_daily_alerts_come_as_a_digest_at_seven(client, backend, deliver):
    user = make_user()
    _fixed_search(user, Frequency.DAILY)
    _published("Laddstolpar vid skolor", TUESDAY_10 + timedelta(minutes=5))
    run_alerts(now=TUESDAY_10 + timedelta(minutes=10))
    assert alerts_to(deliver, user) == []
    run_alerts(now=TUESDAY_10 + timedelta(hours=20, minutes=59))  # Wednesday 06:59
    assert alerts_to(deliver, user) == []
    _published("Laddstolpar vid badhus", TUESDAY_10 + timedelta(hours=21))
    run_alerts(now=TUESDAY_10 + timedelta(hours=21, minutes=1))  # Wednesday 07:01
    (digest,) = alerts_to(deliver, user)
    assert "2 new challenges" in digest["Subject"]
    assert "vid skolor" in text_of(digest) and "vid badhus" in text_of(digest)
    _published("Laddstolpar vid bibliotek", TUESDAY_10 + timedelta(hours=22))
    run_alerts(now=TUESDAY_10 + timedelta(hours=23))
    assert len(alerts_to(deliver, user)) == 1
    run_alerts(now=TUESDAY_10 + timedelta(days=1, hours=21, minutes=1))  # Thursday 07:01
    assert len(alerts_to(deliver, user)) == 2


def test_weekly_alerts_come_on_monday_morning(client, backend, deliver):
    user = make_user()
    _fixed_search(user, Frequency.WEEKLY)
    _published("Laddstolpar på landsbygden", TUESDAY_10 + timedelta(hours=1))
    run_alerts(now=TUESDAY_10 + timedelta(hours=21, minutes=1))  # Wednesday 07:01
    run_alerts(now=TUESDAY_10 + timedelta(days=4, hours=21, minutes=1))  # Sunday 07:01
    run_alerts(now=TUESDAY_10 + timedelta(days=5, hours=20, minutes=59))  # Monday 06:59
    assert alerts_to(deliver, user) == []
    run_alerts(now=TUESDAY_10 + timedelta(days=5, hours=21, minutes=1))  # Monday 07:01
    (digest,) = alerts_to(deliver, user)
    assert "Laddstolpar på landsbygden" in text_of(digest)


def test_immediate_alerts_do_not_wait(client, backend, deliver):
    user = make_user()
    _fixed_search(user, Frequency.IMMEDIATELY)
    _published("Laddstolpar i hamnen", TUESDAY_10 + timedelta(minutes=1))
    run_alerts(now=TUESDAY_10 + timedelta(minutes=2))
    assert len(alerts_to(deliver, user)) == 1


def test_alerts_can_be_changed_turned_off_and_deleted(client, login, backend, deliver):
    user = make_user()
    saved = _fixed_search(user, Frequency.IMMEDIATELY)
    login(user)
    response = submit(client, f"/search/saved/{saved.id}/frequency",
                      {f"s{saved.id}-frequency": "off"}, page="/search/saved")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(SavedSearch, saved.id).frequency == Frequency.OFF
    _published("Laddstolpar vid stationen", TUESDAY_10 + timedelta(minutes=1))
    run_alerts(now=TUESDAY_10 + timedelta(minutes=2))
    assert alerts_to(deliver, user) == []
    saved_id = saved.id
    response = submit(client, f"/search/saved/{saved_id}/delete", {}, page="/search/saved")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(SavedSearch, saved_id) is None


def test_nobody_else_can_see_or_change_a_saved_search(client, login, backend):
    owner = make_user()
    saved = _fixed_search(owner, Frequency.DAILY)
    login(make_user())
    assert "Laddning" not in client.get("/search/saved").get_data(as_text=True)
    response = submit(client, f"/search/saved/{saved.id}/delete", {}, page="/search/profile")
    assert response.status_code == 404
    response = submit(client, f"/search/saved/{saved.id}/frequency",
                      {f"s{saved.id}-frequency": "off"}, page="/search/profile")
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(SavedSearch, saved.id) is not None


def test_saving_needs_a_confirmed_account(client, login):
    assert client.get("/search/saved").status_code == 302  # to the log-in page
    login(make_user(verified=False))
    assert client.get("/search/saved").status_code == 403
    assert client.get("/search/profile").status_code == 403


def test_the_interest_profile_is_a_standing_search(client, login, backend, deliver):
    user = make_user()
    make_organisation(admin=user, sectors=["environment"], region="SE232")
    login(user)
    form = client.get("/search/profile").get_data(as_text=True)
    assert 'value="environment" checked' in form and 'value="SE232" checked' in form
    response = submit(client, "/search/profile", {
        "cpv_codes": "90500000-2, 72000000", "sectors": ["environment"], "regions": ["SE232"],
        "nationwide": "y", "frequency": "immediately"})
    assert response.status_code == 302
    db.session.expire_all()
    profile = db.session.scalar(db.select(SavedSearch).filter_by(
        user_id=user.id, kind=SavedSearchKind.PROFILE))
    profile.created_at = profile.checked_through = TUESDAY_10
    db.session.flush()
    near = challenge("Sopkärl med sensorer", cpv=["90511000-2"], sectors=["environment"],
                     region="SE232")
    everywhere = challenge("Nationell återvinning", cpv=["90500000-2"],
                           sectors=["environment"], region="SE")
    challenge("Sopkärl i Stockholm", cpv=["90511000-2"], sectors=["environment"],
              region="SE110")
    challenge("Skolmat", cpv=["15000000-8"], sectors=["environment"], region="SE232")
    for item in (near, everywhere):
        item.published_at = TUESDAY_10 + timedelta(minutes=1)
    db.session.flush()
    index_now()
    run_alerts(now=TUESDAY_10 + timedelta(minutes=5))
    (message,) = alerts_to(deliver, user)
    text = text_of(message)
    assert "Sopkärl med sensorer" in text and "Nationell återvinning" in text
    assert "Stockholm" not in text and "Skolmat" not in text
    page = client.get("/search/profile").get_data(as_text=True)
    assert "See the open challenges that match your profile now" in page


def test_the_interest_profile_refuses_a_wrong_cpv_code(client, login):
    login(make_user())
    response = submit(client, "/search/profile", {"cpv_codes": "9050", "frequency": "daily"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "9050 is not a CPV code" in page and 'value="9050"' in page


def test_the_demo_supplier_gets_an_interest_profile(app):
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    supplier = db.session.scalar(db.select(SavedSearch).filter_by(kind=SavedSearchKind.PROFILE))
    assert supplier.user.email == "supplier@demo.example"
    assert supplier.filters["cpv"] == ["72000000"] and "SE" in supplier.filters["region"]


@pytest.fixture(autouse=True)
def _cpv_codes():
    """Challenges may only carry known CPV codes: load the shipped list."""
    from app.challenges import cpv

    cpv.ensure_seeded()


FILTER_SETS = [
    {"sector": ("water",)},
    {"sector": ("water", "energy"), "region": ("SE224",)},
    {"cpv": ("90000000",)},
    {"cpv": ("90511000",), "kind": ("need",)},
    {"type": ("challenge",), "status": ("open",), "region": ("SE224", "SE00")},
    {"deadline": ("week",)},
    {"deadline": ("month", "later"), "sector": ("energy",)},
]


def test_alerts_of_filters_only_match_exactly_what_the_search_page_finds(client, backend):
    """Searches of filters only (every interest profile) are matched without asking the
    backend: they must agree with it, filter by filter."""
    from app.challenges.models import ChallengeKind
    from app.core.db import utcnow
    from app.search.alerts import _candidates
    from app.search.backends.base import matches_filters
    from tests.search_support import results

    challenge("Vatten i Skåne", sectors=["water"], region="SE224", cpv=["90511000-2"],
              deadline_in=timedelta(days=3))
    challenge("Energi i Skåne", sectors=["energy"], region="SE224", deadline_in=timedelta(days=20))
    challenge("Energi i hela landet", sectors=["energy"], region="SE00",
              kind=ChallengeKind.NEED, cpv=["90511000-2"], deadline_in=timedelta(days=60))
    challenge("Avlopp i Norrbotten", sectors=["water"], region="SE332", cpv=["90400000-1"],
              kind=ChallengeKind.NEED, deadline_in=timedelta(days=100))
    index_now()
    candidates = _candidates(db.session, datetime(2000, 1, 1, tzinfo=UTC))
    now = utcnow()
    for filters in FILTER_SETS:
        by_page = sorted(int(link.rsplit("/", 1)[1]) for link, _ in
                         results(client, "", **{k: list(v) for k, v in filters.items()}))
        matched = sorted(c.object_id for c in candidates
                         if matches_filters(c.tokens, c.deadline_at, filters, now))
        assert matched == by_page, filters
        assert by_page, f"the example must find something: {filters}"


def test_many_profiles_are_told_once_each_across_commit_batches(backend, deliver,
                                                                 monkeypatch):
    from app.search import alerts
    from app.search.services import save_interest_profile

    monkeypatch.setattr(alerts, "SEND_BATCH", 2)  # five profiles: three commits
    users = [make_user(name=f"Leverantör {n}") for n in range(5)]
    for user in users:
        save_interest_profile(user, [], ["water"], [], False, Frequency.IMMEDIATELY)
    challenge("Läckage i ledningsnätet", sectors=["water"])
    challenge("Skolmåltider", sectors=["education"])
    index_now()
    assert run_alerts().sent == 5
    assert run_alerts().sent == 0
    for user in users:
        (message,) = alerts_to(deliver, user)
        assert "Läckage i ledningsnätet" in text_of(message)
        assert "Skolmåltider" not in text_of(message)


def test_a_saved_search_of_stop_words_only_never_alerts(client, backend, deliver):
    user = make_user(name="Sara")
    save_search(user, "Och i på", SearchParams(q="och i på"), Frequency.IMMEDIATELY)
    challenge("Sensorer i vattenledningar", sectors=["water"])
    index_now()
    run_alerts()
    assert alerts_to(deliver, user) == []


def test_a_profile_keeps_older_open_challenges_for_my_pages_without_mailing_them(backend,
                                                                                 deliver):
    from app.search.services import save_interest_profile

    user = make_user()
    older = challenge("Dagvattenrening", sectors=["water"])
    older.published_at = older.published_at - timedelta(days=3)
    profile = save_interest_profile(user, [], ["water"], [], False, Frequency.IMMEDIATELY)
    index_now()  # indexed after the profile was made, as on a new demo or a rebuild
    run_alerts()
    assert alerts_to(deliver, user) == []  # not news: published before the profile
    (match,) = db.session.scalars(db.select(SavedSearchMatch).filter_by(
        saved_search_id=profile.id))
    assert match.object_id == older.id and match.sent_at is not None
