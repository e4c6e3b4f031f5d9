"""Reach of the knowledge material: counters per day and kind of reader, no personal data,
figures under 5 sessions never shown, the page only for the hub's editors."""

from __future__ import annotations

from app.extensions import db
from app.knowledge.models import ArticleReach
from tests.conftest import log_in
from tests.factories import (
    make_admin,
    make_article,
    make_authority,
    make_supplier,
    make_user,
)


def browser_of(app, user=None):
    """A fresh browser (a new session), logged in as the user if one is given."""
    browser = app.test_client()
    if user is not None:
        log_in(browser, user)
    return browser


def counters(article) -> dict[str, tuple[int, int]]:
    db.session.expire_all()
    rows = db.session.scalars(db.select(ArticleReach).filter_by(article_id=article.id))
    return {r.reader_role: (r.sessions, r.views) for r in rows}


def guide():
    return make_article(slug="reach-guide", title_en="A guide on reach",
                        body_en="Read this.", title_sv="En guide", body_sv="Läs detta.")


def test_a_session_counts_once_a_day_and_every_view_counts(app):
    article = guide()
    browser = browser_of(app)
    for _ in range(3):
        assert browser.get("/knowledge/reach-guide").status_code == 200
    assert counters(article) == {"public": (1, 3)}
    browser_of(app).get("/knowledge/reach-guide")  # another browser: another session
    assert counters(article) == {"public": (2, 4)}


def test_the_cookie_holds_no_identifier_and_no_personal_data_is_stored(app):
    article = guide()
    user = make_user(email="reader-person@example.org")
    make_supplier(admin=user, name="Läsarbolaget AB")
    browser = browser_of(app, user)
    response = browser.get("/knowledge/reach-guide")
    cookie = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("arena_reach=")]
    assert len(cookie) == 1
    value = cookie[0].split(";")[0].removeprefix("arena_reach=")
    day, _, ids = value.partition(":")
    assert ids == str(article.id) and len(day) == 10  # the day and the article, nothing else
    assert "Path=/knowledge/" in cookie[0] and "HttpOnly" in cookie[0]
    assert "Expires" not in cookie[0] and "Max-Age" not in cookie[0]  # a session cookie
    row = db.session.scalars(db.select(ArticleReach)).one()
    assert row.reader_role == "sme"
    assert set(ArticleReach.__table__.columns.keys()) == {
        "id", "article_id", "day", "reader_role", "views", "sessions"}


def test_readers_count_by_the_kind_of_their_organisation_and_the_higher_areas_roles(app):
    article = guide()
    buyer = make_user()
    make_authority(admin=buyer)
    cooperative = make_user()
    make_supplier(admin=cooperative, is_cooperative=True)
    browser_of(app, buyer).get("/knowledge/reach-guide")
    browser = browser_of(app, cooperative)
    browser.get("/knowledge/reach-guide")
    assert counters(article) == {"contracting_authority": (1, 1), "cooperative": (1, 1)}


def test_drafts_are_not_counted(app):
    make_article(slug="reach-draft", title_en="Draft", body_en="Draft.", published=False)
    browser_of(app, make_admin()).get("/knowledge/reach-draft")
    assert db.session.scalars(db.select(ArticleReach)).first() is None


def test_the_reach_page_shows_figures_only_from_five_sessions(app):
    guide()
    for _ in range(4):
        browser_of(app).get("/knowledge/reach-guide")
    buyer = make_user()
    make_authority(admin=buyer)
    browser_of(app, buyer).get("/knowledge/reach-guide")
    admin = browser_of(app, make_admin())
    page = admin.get("/knowledge/reach/").get_data(as_text=True)
    row = page.split('id="reach-reach-guide"')[1].split("</tr>")[0]
    assert "4" not in row.replace("fewer than 5", "") and "fewer than 5" in row

    browser_of(app).get("/knowledge/reach-guide")  # the fifth public session
    page = admin.get("/knowledge/reach/").get_data(as_text=True)
    row = page.split('id="reach-reach-guide"')[1].split("</tr>")[0]
    assert "5 <span" in row  # 5 sessions (5 views) now shown
    missed = page.split('id="reach-missed"')[1].split("</ul>")[0]
    assert "Contracting authorities" in missed and "Not signed in" not in missed


def test_the_reach_page_is_for_the_hubs_editors_only(app):
    assert browser_of(app).get("/knowledge/reach/").status_code == 302
    assert browser_of(app, make_user()).get("/knowledge/reach/").status_code == 403
    response = browser_of(app, make_admin()).get("/knowledge/reach/?days=7")
    assert response.status_code == 200 and "Last 7 days" in response.get_data(as_text=True)
    assert browser_of(app, make_admin()).get("/knowledge/reach/?days=x").status_code == 200


def test_a_supplier_that_took_the_quick_check_counts_as_such(app):
    from app.readiness.questions import QUESTIONS
    from app.readiness.services import record_check

    article = guide()
    user = make_user()
    supplier = make_supplier(admin=user)
    record_check(supplier, user, {key: "yes" for key in QUESTIONS})
    browser_of(app, user).get("/knowledge/reach-guide")
    assert counters(article) == {"sme": (1, 1), "readiness_assessed": (1, 1)}


def reach_on_days(article):
    """Today: 5 public sessions and 4 of contracting authorities; three days ago 7 SME
    sessions and 3 of cooperatives (counters as the reading writes them)."""
    from datetime import timedelta

    from app.core.dates import local_day
    from app.core.db import utcnow

    today = local_day(utcnow())
    earlier = today - timedelta(days=3)
    for day, role, sessions, views in ((today, "public", 5, 9),
                                       (today, "contracting_authority", 4, 4),
                                       (earlier, "sme", 7, 11), (earlier, "cooperative", 3, 8)):
        db.session.add(ArticleReach(article_id=article.id, day=day, reader_role=role,
                                    sessions=sessions, views=views))
    db.session.flush()
    return today, earlier


def test_the_reach_per_day_shows_only_days_with_five_sessions(app):
    article = guide()
    today, earlier = reach_on_days(article)
    page = browser_of(app, make_admin()).get("/knowledge/reach/?days=7").get_data(
        as_text=True)
    daily = page.split('id="reach-daily"')[1].split("</table>")[0]
    assert "<caption" in daily and daily.count('scope="row"') == 2
    assert "Not signed in" in daily and "9)" in daily  # 5 sessions (9 views) today
    assert "Small and medium-sized companies" in daily and "11)" in daily
    assert "Contracting authorities" not in daily and "Cooperatives" not in daily
    row = page.split('id="reach-reach-guide"')[1].split("</tr>")[0]
    assert "Contracting authorities" in row and "Cooperatives" in row  # missed by it
    assert "Not signed in</" not in row


def test_the_reach_api_gives_the_same_thresholded_figures(app, client):
    article = guide()
    today, earlier = reach_on_days(article)
    data = client.get("/api/v1/knowledge-reach?days=7").get_json()
    assert data["threshold"] == 5 and data["days"] == 7
    (item,) = [a for a in data["articles"] if a["slug"] == "reach-guide"]
    assert item["daily"] == [
        {"day": today.isoformat(), "audience": "public", "sessions": 5, "views": 9},
        {"day": earlier.isoformat(), "audience": "sme", "sessions": 7, "views": 11}]
    assert item["totals"] == {"public": {"sessions": 5, "views": 9},
                              "sme": {"sessions": 7, "views": 11}}
    assert {"contracting_authority", "cooperative"} <= set(item["missed"])
    assert "public" not in item["missed"]
    text = client.get("/api/v1/knowledge-reach?days=7").get_data(as_text=True)
    assert '"sessions": 4' not in text and '"sessions":4' not in text
    assert '"sessions":3' not in text and '"sessions": 3' not in text
    assert client.get("/api/v1/knowledge-reach?days=8").status_code == 400


def test_the_funders_desk_and_advisors_see_the_reach_page(app):
    from app.organisations.models import OrganisationKind
    from tests.factories import make_organisation

    advisor = make_user()
    make_organisation(OrganisationKind.INTERMEDIARY, admin=advisor)
    assert browser_of(app, advisor).get("/knowledge/reach/").status_code == 200
    waiting = make_user()
    make_organisation(OrganisationKind.INTERMEDIARY, admin=waiting, verified=False)
    assert browser_of(app, waiting).get("/knowledge/reach/").status_code == 403
