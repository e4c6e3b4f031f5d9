"""Supplier readiness quick check: answering, advice, privacy from the outside, profile."""

from __future__ import annotations

from app.extensions import db
from app.readiness.models import ReadinessCheck
from app.readiness.questions import QUESTIONS, THEMES
from tests.conftest import log_in, submit
from tests.factories import (
    load_funding_programmes,
    make_admin,
    make_article,
    make_authority,
    make_supplier,
    make_user,
)

ALL_YES = {f"q_{key}": "yes" for key in QUESTIONS}


def signed_in(app, user):
    """A separate browser, logged in as the user."""
    browser = app.test_client()
    log_in(browser, user)
    return browser


def answers(**overrides) -> dict:
    """Every question answered yes, except the ones given (by question key)."""
    return {**ALL_YES, **{f"q_{key}": value for key, value in overrides.items()}}


def supplier_with_member():
    user = make_user()
    return make_supplier(admin=user, name="Readiness Testbolaget AB"), user


def test_the_check_has_about_fifteen_questions_in_eight_themes():
    assert len(THEMES) == 8
    assert 15 <= len(QUESTIONS) <= 20


def test_a_member_answers_and_gets_advice_per_theme_with_articles_and_programmes(app):
    load_funding_programmes()
    make_article(slug="supplier-ip-terms", title_en="Reading IP terms as a supplier",
                 body_en="What the terms say.")
    organisation, user = supplier_with_member()
    browser = signed_in(app, user)
    url = f"/readiness/{organisation.id}/check"
    page = browser.get(url).get_data(as_text=True)
    assert "Registration and tax" in page and "Intellectual property" in page

    response = submit(browser, url, answers(own_ip="no", ip_terms="partly"))
    assert response.status_code == 302
    result = browser.get(response.headers["Location"]).get_data(as_text=True)
    assert "Describe your background IP" not in result  # answered yes: no step
    assert "List what you own" in result and "Read the IP terms of a challenge" in result
    assert "Reading IP terms as a supplier" in result  # the theme's article
    assert "/funding/#programme-" in result  # a programme for the IP step
    # 15 yes + 1 no + 1 partly of 17 questions: 31 of 34 points
    assert "Your readiness: 91 %" in result


def test_not_applicable_answers_leave_the_theme_out_of_the_score(app):
    organisation, user = supplier_with_member()
    browser = signed_in(app, user)
    submit(browser, f"/readiness/{organisation.id}/check",
           answers(standard="not_applicable", tested="not_applicable", volume="no"))
    check = db.session.scalars(db.select(ReadinessCheck)).one()
    assert check.score == round(100 * 28 / 30)
    page = browser.get(f"/readiness/{organisation.id}/result").get_data(as_text=True)
    assert "You answered that this does not apply to you." in page


def test_an_unanswered_question_is_refused_and_the_answers_kept(app):
    organisation, user = supplier_with_member()
    browser = signed_in(app, user)
    data = answers(partners="no")
    del data["q_liability"]
    response = submit(browser, f"/readiness/{organisation.id}/check", data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Choose an answer." in page and 'href="#q_liability"' in page
    assert 'value="no" checked' in page or 'checked value="no"' in page or "checked" in page
    assert db.session.scalars(db.select(ReadinessCheck)).first() is None


def test_an_answer_that_is_not_offered_is_refused(app):
    organisation, user = supplier_with_member()
    browser = signed_in(app, user)
    response = submit(browser, f"/readiness/{organisation.id}/check",
                      answers(registered="not_applicable"))
    assert response.status_code == 422


def test_answers_are_private_to_the_organisations_members(app):
    organisation, user = supplier_with_member()
    browser = signed_in(app, user)
    submit(browser, f"/readiness/{organisation.id}/check", answers(volume="no"))
    outsiders = [make_user(), make_admin(), make_authority(admin=make_user()).memberships[0].user]
    other_supplier_member = make_user()
    make_supplier(admin=other_supplier_member)
    for outsider in [*outsiders, other_supplier_member]:
        other = signed_in(app, outsider)
        for path in ("result", "check"):
            response = other.get(f"/readiness/{organisation.id}/{path}")
            assert response.status_code == 403
            assert "Work out how many units" not in response.get_data(as_text=True)
    anonymous = app.test_client()
    assert anonymous.get(f"/readiness/{organisation.id}/result").status_code == 302
    profile = anonymous.get(f"/organisations/{organisation.id}").get_data(as_text=True)
    assert "Self-assessed" not in profile and "Work out how many units" not in profile


def test_the_profile_shows_the_date_only_when_the_organisation_opts_in(app):
    organisation, user = supplier_with_member()
    browser = signed_in(app, user)
    submit(browser, f"/readiness/{organisation.id}/check", answers(volume="no"))
    public = app.test_client()
    assert "Self-assessed" not in public.get(f"/organisations/{organisation.id}").get_data(
        as_text=True)

    result_page = f"/readiness/{organisation.id}/result"
    response = submit(browser, f"/readiness/{organisation.id}/profile/show", page=result_page)
    assert response.status_code == 302
    profile = public.get(f"/organisations/{organisation.id}").get_data(as_text=True)
    assert "Readiness" in profile and "Self-assessed" in profile
    assert "94 %" not in profile  # the score stays private

    # A new check keeps the choice; hiding removes the line.
    submit(browser, f"/readiness/{organisation.id}/check", ALL_YES)
    assert "Self-assessed" in public.get(f"/organisations/{organisation.id}").get_data(
        as_text=True)
    submit(browser, f"/readiness/{organisation.id}/profile/hide", page=result_page)
    assert "Self-assessed" not in public.get(f"/organisations/{organisation.id}").get_data(
        as_text=True)


def test_only_the_organisations_admins_choose_the_profile_line(app):
    organisation, admin = supplier_with_member()
    member = make_user()
    from app.organisations.models import MemberRole, Membership

    organisation.memberships.append(Membership(user=member, role=MemberRole.MEMBER))
    db.session.flush()
    browser = signed_in(app, member)
    submit(browser, f"/readiness/{organisation.id}/check", ALL_YES)
    page = browser.get(f"/readiness/{organisation.id}/result").get_data(as_text=True)
    assert "admins choose whether to show it" in page
    response = submit(browser, f"/readiness/{organisation.id}/profile/show",
                      page=f"/readiness/{organisation.id}/check")
    assert response.status_code == 403


def test_the_check_is_for_suppliers_only(app):
    user = make_user()
    authority = make_authority(admin=user)
    browser = signed_in(app, user)
    assert browser.get(f"/readiness/{authority.id}/check").status_code == 404
    page = browser.get("/readiness/").get_data(as_text=True)
    assert "You are not a member of a supplier organisation yet." in page


def test_the_overview_lists_each_supplier_with_its_last_result(app):
    organisation, user = supplier_with_member()
    browser = signed_in(app, user)
    assert "Not assessed yet" in browser.get("/readiness/").get_data(as_text=True)
    submit(browser, f"/readiness/{organisation.id}/check", ALL_YES)
    page = browser.get("/readiness/").get_data(as_text=True)
    assert "100 %" in page and "Ready" in page


def test_swedish_readers_get_the_check_in_swedish(app):
    user = make_user(locale="sv")
    organisation = make_supplier(admin=user)
    browser = signed_in(app, user)
    page = browser.get(f"/readiness/{organisation.id}/check").get_data(as_text=True)
    assert "Registrering och skatt" in page and "Gäller inte oss" in page


def test_the_seeded_supplier_guides_are_linked_from_the_advice(app):
    from app.knowledge.seed import seed_knowledge

    seed_knowledge()
    organisation, user = supplier_with_member()
    browser = signed_in(app, user)
    submit(browser, f"/readiness/{organisation.id}/check",
           answers(registered="no", volume="partly", quality="no", standard="no", own_ip="no"))
    page = browser.get(f"/readiness/{organisation.id}/result").get_data(as_text=True)
    for slug in ("supplier-registration-tax-insurance", "supplier-references-capacity",
                 "supplier-quality-environment", "supplier-accessibility-data-protection",
                 "supplier-ip-terms"):
        assert f"/knowledge/{slug}" in page
    guide = app.test_client().get("/knowledge/supplier-ip-terms",
                                  headers={"Accept-Language": "sv"}).get_data(as_text=True)
    assert "Att läsa en utmanings IP-villkor som leverantör" in guide


def test_the_workspace_block_offers_the_check_and_then_shows_the_result(app):
    from app.readiness.workspace import workspace_block

    organisation, user = supplier_with_member()
    with app.test_request_context(headers={"Accept-Language": "en"}):
        block = workspace_block(user)
        assert block.items[0].url == f"/readiness/{organisation.id}/check"
    browser = signed_in(app, user)
    submit(browser, f"/readiness/{organisation.id}/check", ALL_YES)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        block = workspace_block(user)
        assert "readiness 100 %" in block.items[0].label and block.items[0].status == "Ready"
        assert workspace_block(make_user()) is None


def test_demo_load_gives_the_supplier_a_check_shown_on_its_profile(app):
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    from app.accounts.services import find_user_by_email

    supplier = find_user_by_email("supplier@demo.example").memberships[0].organisation
    page = app.test_client().get(f"/organisations/{supplier.id}").get_data(as_text=True)
    assert "Self-assessed" in page
    admin = signed_in(app, make_admin())
    reach = admin.get("/knowledge/reach/").get_data(as_text=True)
    assert "fewer than 5" in reach and 'id="reach-ip-guidance"' in reach


def test_a_persons_data_lists_the_checks_they_completed_and_erasure_forgets_them(app):
    from app.accounts.privacy import personal_data

    organisation, user = supplier_with_member()
    browser = signed_in(app, user)
    submit(browser, f"/readiness/{organisation.id}/check", ALL_YES)
    data = browser.get("/account/data.json").get_json()
    assert data["readiness_checks"][0]["organisation"] == "Readiness Testbolaget AB"
    assert "answers" not in data["readiness_checks"][0]
    from app.readiness.services import forget_person

    forget_person(user)
    assert personal_data(user)["readiness_checks"] == []
    check = db.session.scalars(db.select(ReadinessCheck)).one()
    assert check.completed_by_id is None and check.score == 100


def test_the_last_answers_prefill_the_form_but_a_post_counts_only_what_it_sends(app):
    organisation, user = supplier_with_member()
    browser = signed_in(app, user)
    url = f"/readiness/{organisation.id}/check"
    submit(browser, url, answers(volume="no"))
    page = browser.get(url).get_data(as_text=True)
    assert 'name="q_volume" type="radio" value="no" checked>' in page
    response = submit(browser, url, {"q_volume": "yes"})
    assert response.status_code == 422
    assert db.session.scalar(db.select(db.func.count(ReadinessCheck.id))) == 1
