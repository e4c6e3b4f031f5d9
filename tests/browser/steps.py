"""Steps that several journeys share, each done through the pages as a person would."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import expect

from tests.browser.support import PASSWORD, Mail, Visitor, assert_errors_announced
from tests.factories import valid_org_number


@dataclass
class Person:
    name: str
    email: str
    lang: str
    visitor: Visitor | None = None


@dataclass
class Story:
    """What the journeys hand on to each other (in file order)."""

    people: dict[str, Person] = field(default_factory=dict)
    challenge_url: str = ""
    challenge_id: int = 0
    challenge_title: str = ""
    authority_name: str = ""
    supplier_name: str = ""
    rival_name: str = ""
    done: set[str] = field(default_factory=set)

    def need(self, *steps: str) -> None:
        """Skip the test when a journey it builds on did not complete."""
        missing = [step for step in steps if step not in self.done]
        if missing:
            pytest.skip(f"needs the earlier journey steps: {', '.join(missing)}")


def register(visitor: Visitor, mail: Mail, name: str, email: str,
             from_header: bool = True) -> None:
    """Create an account in the visitor's language and confirm it by the e-mailed link
    (from the header's link, or from a "Create an account" link on the current page)."""
    if from_header:
        visitor.goto("/")
        visitor.page.locator("header").get_by_role(
            "link", name=visitor.t("Create account")).click()
    else:
        visitor.page.locator("main").get_by_role(
            "link", name=visitor.t("Create an account")).click()
    visitor.arrived().sees_heading(visitor.t("Create an account"))
    visitor.fill(visitor.t("Full name"), name).fill(visitor.t("E-mail address"), email)
    visitor.page.get_by_label(visitor.t("Password"), exact=True).fill(PASSWORD)
    visitor.choose("Svenska" if visitor.lang == "sv" else "English")
    visitor.press(visitor.t("Create account"), exact=True)
    visitor.sees(email)
    message = mail.latest(email)
    visitor.goto(mail.link(message, "/auth/verify/"))
    visitor.sees_success(visitor.t("Thank you, your e-mail address is confirmed."))
    visitor.sees_heading(visitor.t("Your account"))


def log_in(visitor: Visitor, email: str, password: str = PASSWORD) -> None:
    visitor.goto("/auth/login")
    visitor.fill(visitor.t("E-mail address"), email)
    visitor.page.get_by_label(visitor.t("Password"), exact=True).fill(password)
    visitor.page.locator("main").get_by_role("button", name=visitor.t("Log in")).click()
    visitor.arrived(in_my_language=False)
    expect_logged_in(visitor)
    if visitor.page.locator("html").get_attribute("lang") != visitor.lang:
        switch_language(visitor)


def switch_language(visitor: Visitor) -> None:
    """Use the language link in the header (it also changes the account's language)."""
    name = "Svenska" if visitor.lang == "sv" else "English"
    visitor.page.locator("header").get_by_role("link", name=name).click()
    visitor.arrived()


def expect_logged_in(visitor: Visitor) -> None:
    expect(visitor.page.locator('header a[href="/auth/logout"]:visible')).to_be_visible()


def register_organisation(visitor: Visitor, name: str, kind: str, size: str,
                          seed: int) -> str:
    """Register an organisation from the account page; returns its public address."""
    visitor.goto("/account/")
    visitor.click_link(visitor.t("Register an organisation"))
    visitor.fill(visitor.t("Name of the organisation"), name)
    visitor.fill(visitor.t("Organisation number"), valid_org_number(seed))
    visitor.choose(visitor.t(kind))
    visitor.choose(visitor.t(size))
    visitor.press(visitor.t("Save organisation"))
    visitor.sees_success(visitor.t("The organisation has been created."))
    visitor.sees_heading(name)
    return visitor.path


def verify_organisation(admin: Visitor, name: str) -> None:
    """An administrator verifies a contracting authority from the administration pages."""
    admin.goto("/admin/")
    admin.click_link(admin.t("Organisations waiting for verification"))
    card = admin.page.locator("section.arena-card", has_text=name)
    card.get_by_role("button", name=f"{admin.t('Verify')} {name}").click()
    admin.arrived().sees_success(admin.t("%(name)s has been answered.", name=name))
    expect(admin.page.locator("section.arena-card", has_text=name)).to_have_count(0)


AUTHORITY = "Contracting authority (municipality, region, agency, public company)"
SUPPLIER = "Supplier (company or cooperative)"
LARGE = "Large (250 employees or more)"
SMALL = "Small (10–49 employees)"
MICRO = "Micro (fewer than 10 employees)"


def find_challenge(visitor: Visitor, app, story: Story, search_words: str) -> None:
    """A supplier finds the published challenge and opens it.

    SEARCH SWITCH: full-text search (`/search`, the header's search box) is built on
    another branch. When it is there, this step uses the search box; until then it uses
    the challenge list and its filters. After the merge, the search path is the one that
    runs (delete the fallback once search is part of every build).
    """
    visitor.goto("/")
    if "search.search" in app.view_functions:
        _run_indexing_jobs(app)
        header = visitor.page.locator("header .arena-header__tools")  # the wide header
        header.get_by_label(visitor.t("Search")).fill(search_words)
        header.get_by_role("button", name=visitor.t("Search")).click()
        visitor.arrived()
    else:
        nav = visitor.page.get_by_role("navigation", name=visitor.t("Main menu"))
        nav.get_by_role("link", name=visitor.t("Challenges")).click()
        visitor.arrived().sees_heading(visitor.t("Challenges and needs"))
        visitor.page.get_by_label(visitor.t("Status"), exact=True).select_option("open")
        visitor.page.get_by_label(visitor.t("Kind"), exact=True).select_option("challenge")
        visitor.select(visitor.t("Buyer"), story.authority_name)
        visitor.press(visitor.t("Show challenges"))
        visitor.sees(visitor.tn("%(num)d challenge found", "%(num)d challenges found", 1))
    visitor.click_link(story.challenge_title)
    visitor.sees_heading(story.challenge_title)


def _run_indexing_jobs(app) -> None:
    """If the search area indexes in a background job, run it as the worker would."""
    from app.core.jobs import JOBS, run_job

    with app.app_context():
        for job in JOBS.values():
            if "index" in job.name:
                run_job(job)


SOLUTION_TITLE = "Trygghetssulan"


def write_solution(supplier: Visitor, story: Story, doc: bool = False) -> None:
    """Save a draft solution, come back to it, submit it and read the receipt."""
    supplier.click_link(supplier.t("Answer this challenge"))
    supplier.sees_heading(supplier.t("Your solution"))
    supplier.fill(supplier.t("Title of your solution"), SOLUTION_TITLE)
    supplier.fill(supplier.t("Public summary"), "An insole that tells staff when a resident "
                  "leaves the building.")
    supplier.press(supplier.t("Save as draft"))
    supplier.sees_success(supplier.t("Your draft has been saved. Nobody outside %(name)s can "
                                     "see it.", name=story.supplier_name))

    supplier.goto(story.challenge_url)
    supplier.click_link(supplier.t("Edit"), exact=True)
    supplier.key_page("solution-form", doc=("phone",) if doc else ())
    supplier.press(supplier.t("Submit solution"))
    assert_errors_announced(supplier, supplier.t("Choose the technology readiness level."))
    supplier.fill(supplier.t("Confidential details"), "A pressure sensor in the insole and "
                  "a gateway at the door. Confidential: our antenna design.")
    for index, answer in enumerate(("Alarm within 20 seconds.", "Nothing visible to wear.",
                                    "Alarms go to the existing safety alarm system.")):
        supplier.page.locator("textarea[name^=answer_]").nth(index).fill(answer)
    supplier.choose("TRL 6", exact=False)
    supplier.choose(supplier.t("I have read the challenge's IP terms and accept them for "
                               "this solution"))
    supplier.press(supplier.t("Submit solution"))
    supplier.sees_success(supplier.t(
        "Your solution has been submitted (version %(number)d). We have e-mailed you a "
        "receipt with the time and the SHA-256 of what you submitted.", number=1))


def read_receipt(supplier: Visitor, mail: Mail, email: str, story: Story) -> str:
    """The receipt e-mail: what was received and its fingerprint; returns the SHA-256."""
    receipt = mail.latest(email, supplier.t("Receipt: your solution for %(challenge)s",
                                            challenge=story.challenge_title))
    text = mail.text(receipt)
    assert supplier.t('We received the solution of %(organisation)s for the challenge '
                      '"%(challenge)s".', organisation=story.supplier_name,
                      challenge=story.challenge_title) in text
    sha = re.search(r"SHA-256: ([0-9a-f]{64})", text)
    assert sha, text
    assert "antenna design" not in text  # nothing confidential in e-mail
    supplier.goto(mail.link(receipt, "/solutions/"))
    supplier.sees(SOLUTION_TITLE).sees(sha.group(1))
    return sha.group(1)
