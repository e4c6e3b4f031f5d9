"""The supplier readiness journey in a real browser: a Swedish-speaking supplier takes the
quick check (refused while incomplete, errors announced), reads the advice and the linked
guide, shows "self-assessed" on the public profile, where a visitor sees the date and
never the answers; an administrator then reads the knowledge hub's reach, where figures
under 5 sessions are hidden. Every page anyone arrives on is checked by axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import steps
from tests.browser.steps import Person
from tests.browser.support import PASSWORD, Visitor

NO_ANSWERS = ("partners", "environment", "own_ip", "background_ip")
COMPANY = "Beredskapsbolaget Sigrid AB"


@pytest.fixture(scope="module")
def people(chromium, live_app):
    cast = {
        "supplier": Person("Sigrid Säljare", "sigrid@beredskap.example", "sv"),
        "visitor": Person("", "", "en"),
        "admin": Person("Rut Räckvidd", "rut-admin@arena.example", "en"),
    }
    for key, person in cast.items():
        person.visitor = Visitor(chromium, live_app, person.lang, f"readiness-{key}")
    yield cast
    for person in cast.values():
        person.visitor.close()


def _answer_all(visitor: Visitor) -> None:
    from app.readiness.questions import QUESTIONS

    for key in QUESTIONS:
        value = "no" if key in NO_ANSWERS else "yes"
        visitor.page.locator(f'input[name="q_{key}"][value="{value}"]').check()


def test_a_supplier_takes_the_quick_check_and_shows_it_on_the_profile(live_app, mail, people):
    supplier = people["supplier"].visitor
    steps.register(supplier, mail, people["supplier"].name, people["supplier"].email)
    profile = steps.register_organisation(supplier, COMPANY, steps.SUPPLIER, steps.MICRO,
                                          seed=7301)

    supplier.goto("/readiness/").sees_heading(supplier.t("Supplier readiness quick check"))
    supplier.click_link(supplier.t("Take the quick check"))
    supplier.page.locator('input[name="q_registered"][value="yes"]').check()
    supplier.press(supplier.t("See my result"))
    steps.assert_errors_announced(supplier, supplier.t("Choose an answer."))
    expect(supplier.page.locator('input[name="q_registered"][value="yes"]')).to_be_checked()

    _answer_all(supplier)
    supplier.press(supplier.t("See my result"))
    supplier.sees(supplier.t("Next steps"))
    supplier.sees(supplier.t("List what you own: code, designs, brands, data, know-how, and "
                             "who created each (employees, consultants)."))
    supplier.key_page("readiness-result")
    guide = supplier.page.locator("main").get_by_role(
        "link", name="Att läsa en utmanings IP-villkor som leverantör").first
    expect(guide).to_have_attribute("href", "/knowledge/supplier-ip-terms")

    supplier.press(supplier.t('Show "readiness self-assessed" on our profile'))
    supplier.sees_success(supplier.t("Your profile now shows when you assessed your "
                                     "readiness."))

    visitor = people["visitor"].visitor
    visitor.goto(profile).sees_heading(COMPANY)
    visitor.sees(visitor.t("Readiness")).sees("Self-assessed")
    visitor.does_not_see("%").does_not_see("List what you own")
    assert visitor.page.goto(f"/readiness/{profile.rsplit('/', 1)[-1]}/result").url.endswith(
        "/auth/login?next=%2Freadiness%2F" + profile.rsplit("/", 1)[-1] + "%2Fresult")
    visitor.arrived()


def test_an_administrator_sees_the_reach_with_small_figures_hidden(live_app, people):
    visitor = people["visitor"].visitor
    visitor.goto("/knowledge/supplier-ip-terms").sees_heading(
        "Reading a challenge's IP terms as a supplier")
    admin = people["admin"]
    result = live_app.test_cli_runner().invoke(args=[
        "users", "create-admin", "--email", admin.email, "--name", admin.name,
        "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    steps.log_in(admin.visitor, admin.email)
    admin.visitor.goto("/knowledge/reach/").sees_heading(
        admin.visitor.t("Reach of the knowledge material"))
    row = admin.visitor.page.locator("#reach-supplier-ip-terms")
    expect(row).to_contain_text(admin.visitor.t("fewer than %(n)d", n=5))
    admin.visitor.key_page("knowledge-reach")
