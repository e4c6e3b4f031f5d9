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
