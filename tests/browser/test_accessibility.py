"""Accessibility beyond the journeys: the statement, reflow, error messages, the scripts
under the Content Security Policy. (axe runs on every page here too, as everywhere.)"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.support import NARROW, PHONE, Visitor, assert_errors_announced

PUBLIC_PAGES = ["/", "/challenges/", "/networks/", "/events/", "/events/?view=month",
                "/funding/", "/knowledge/",
                "/organisations/", "/accessibility", "/help", "/auth/register", "/auth/login"]


@pytest.fixture(params=["sv", "en"])
def visitor(request, chromium, live_app):
    person = Visitor(chromium, live_app, request.param)
    yield person
    person.close()


def test_the_accessibility_statement_says_what_digg_requires(visitor):
    visitor.goto("/")
    visitor.page.locator("footer").get_by_role(
        "link", name=visitor.t("Accessibility statement")).click()
    visitor.arrived().sees_heading(visitor.t("Accessibility statement for Innovation Arena"))
    for heading in ("Compliance status", "Known gaps", "How we tested",
                    "Feedback and contact", "Enforcement"):
        expect(visitor.page.locator("main h2", has_text=visitor.t(heading))).to_be_visible()
    visitor.sees(visitor.t(
        "Innovation Arena is partially compliant with the Swedish law on accessibility to "
        "digital public services (DOS law), which requires the Web Content Accessibility "
        "Guidelines (WCAG) 2.1 level AA, because of the known gaps listed below."))
    visitor.sees(visitor.t("the WCAG 2.0 and 2.1 level A and AA rules with axe-core, against "
                           "pages served with their real security settings;"))
    assessed = "5 december 2026" if visitor.lang == "sv" else "5 December 2026"
    visitor.sees(visitor.t("The service was last assessed on %(date)s, and this statement "
                           "was last updated the same day.", date=assessed))
    expect(visitor.page.locator('main a[href="mailto:kontakt@arena.example"]')
           ).to_be_visible()
    digg = visitor.page.locator("main").get_by_role("link", name=visitor.t("Report to Digg"))
    expect(digg).to_have_attribute("href", "https://www.digg.se/tdosanmalan")


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_reflow_at_320_pixels(chromium, live_app, path):
    visitor = Visitor(chromium, live_app, "sv")
    try:
        visitor.goto(path)
        problem = visitor.sideways_scroll()
        assert problem is None, problem
    finally:
        visitor.close()


def test_the_home_page_at_both_widths(visitor):
    visitor.goto("/")
    visitor.sees_heading(visitor.t("Public needs, innovative answers"))
    visitor.screenshot("home", doc=("desktop",) if visitor.lang == "sv" else ())
    for size in (PHONE, NARROW):
        problem = visitor.sideways_scroll(size)
        assert problem is None, problem


def test_form_errors_are_announced_and_linked(visitor):
    visitor.goto("/auth/register")
    visitor.fill(visitor.t("E-mail address"), "not-an-address")
    visitor.press(visitor.t("Create account"), exact=True)
    assert_errors_announced(visitor, visitor.t("Enter a valid e-mail address."))
    summary_links = visitor.page.locator(".govuk-error-summary__list a")
    expect(summary_links).to_have_count(3)  # name, e-mail address, password
    summary_links.nth(1).click()
    expect(visitor.page.get_by_label(visitor.t("E-mail address"))).to_be_focused()
    expect(visitor.page.get_by_label(visitor.t("E-mail address"))).to_have_value(
        "not-an-address")


def test_scripts_run_under_the_content_security_policy(chromium, live_app):
    visitor = Visitor(chromium, live_app, "en")
    try:
        response = visitor.page.goto("/auth/login")
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy
        visitor.arrived()  # no script or style was refused
        expect(visitor.page.locator("body")).to_have_class(
            "govuk-template__body js-enabled govuk-frontend-supported")
        password = visitor.page.get_by_label(visitor.t("Password"), exact=True)
        expect(password).to_have_attribute("type", "password")
        visitor.page.get_by_role("button", name=visitor.t("Show password")).click()
        expect(password).to_have_attribute("type", "text")  # GOV.UK's script at work
    finally:
        visitor.close()


def test_error_pages_and_refusals_are_accessible(visitor):
    response = visitor.page.goto("/challenges/987654")
    assert response.status == 404
    visitor.arrived().sees_heading(visitor.t("Page not found"))
    visitor.goto("/auth/login")
    visitor.fill(visitor.t("E-mail address"), "nobody@arena.example")
    visitor.page.get_by_label(visitor.t("Password"), exact=True).fill("wrong-password-1")
    visitor.press(visitor.t("Log in"), exact=True)
    assert_errors_announced(visitor, visitor.t(
        "The e-mail address or password is not correct."))
