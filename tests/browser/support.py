"""What the journeys use: a visitor with a browser tab, the mailbox, axe and screenshots.

Every page a visitor arrives on is checked by axe-core (WCAG 2.0/2.1 A and AA) and for
scripts or styles refused by the Content Security Policy; a test fails on the first
violation, with axe's report.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from flask_babel import force_locale, gettext, ngettext
from playwright.sync_api import Browser, Page, expect

from app.notifications.delivery import deliver_due
from tests.smtp_sink import SmtpSink, html_of, text_of

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
DOC_SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PASSWORD = "Tallriksmodell-2026!"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
NARROW = {"width": 320, "height": 720}
WCAG_TAGS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
             "resultTypes": ["violations"]}  # the same rules; passes are not sent back
LOCALES = {"sv": "sv-SE", "en": "en-GB"}
URL_PATTERN = re.compile(r"https?://[^\s<>\"')\]]+")

_axe = Axe()
checked_pages: list[str] = []


class Mail:
    """The SMTP sink, filled by running the outbox worker's delivery on demand."""

    def __init__(self, app, sink: SmtpSink):
        self.app = app
        self.sink = sink

    def deliver(self) -> None:
        with self.app.app_context():
            deliver_due()

    def all_to(self, address: str) -> list:
        self.deliver()
        return self.sink.to(address)

    def latest(self, address: str, subject: str = ""):
        """The newest message to an address whose subject contains `subject`."""
        found = [m for m in self.all_to(address) if subject.lower() in m["Subject"].lower()]
        subjects = [m["Subject"] for m in self.sink.to(address)]
        assert found, f"no e-mail to {address} about {subject!r}; it has: {subjects}"
        return found[-1]

    @staticmethod
    def text(message) -> str:
        return text_of(message)

    @staticmethod
    def html(message) -> str:
        return html_of(message)

    @staticmethod
    def link(message, path_part: str) -> str:
        """The first link in the plain-text part whose address contains `path_part`."""
        links = [url for url in URL_PATTERN.findall(text_of(message)) if path_part in url]
        assert links, f"no link with {path_part!r} in:\n{text_of(message)}"
        return links[0]


def translate(app, lang: str, msgid: str, plural: str | None = None, **values) -> str:
    """What the user sees for an English message in their language (from our catalogues)."""
    with app.test_request_context(), force_locale(lang):
        if plural:
            return ngettext(msgid, plural, values.pop("num"), **values)
        return gettext(msgid, **values)


class Visitor:
    """One person in their own browser context (cookies), in one language."""

    def __init__(self, browser: Browser, app, lang: str, name: str = "visitor"):
        self.app = app
        self.lang = lang
        self.name = name
        self.base_url = app.config["BASE_URL"]
        self.context = browser.new_context(locale=LOCALES[lang], viewport=DESKTOP,
                                           base_url=self.base_url)
        self.context.set_default_timeout(15_000)
        self.page: Page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))

    def _console(self, message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.problems.append(message.text)

    def close(self) -> None:
        self.context.close()

    # --- words ---------------------------------------------------------------------------
    def t(self, msgid: str, **values) -> str:
        """An English message as this visitor reads it."""
        return translate(self.app, self.lang, msgid, **values)

    def tn(self, singular: str, plural: str, num: int, **values) -> str:
        """A message with a number, in its singular or plural form, as this visitor reads it."""
        return translate(self.app, self.lang, singular, plural, num=num, **values)

    # --- moving around --------------------------------------------------------------------
    def goto(self, path_or_url: str) -> Visitor:
        self.page.goto(path_or_url)
        return self.arrived()

    def arrived(self, in_my_language: bool = True) -> Visitor:
        """Check the page just shown: in my language, accessible, nothing refused by CSP."""
        self.page.wait_for_load_state("load")
        if in_my_language:
            expect(self.page.locator("html")).to_have_attribute("lang", self.lang)
        check_accessible(self.page)
        assert not self.problems, f"{self.page.url}: {self.problems}"
        self.assert_reflows(NARROW)  # every page of every journey, at 320 px (issue 19)
        return self

    def click_link(self, name: str, exact: bool = False, within: str = "main") -> Visitor:
        self.page.locator(within).get_by_role("link", name=name, exact=exact).first.click()
        return self.arrived()

    def press(self, name: str, exact: bool = False, within: str = "main") -> Visitor:
        """Press a button (by its text) and check the page that comes back."""
        self.page.locator(within).get_by_role("button", name=name, exact=exact).first.click()
        return self.arrived()

    def fill(self, label: str, value: str, exact: bool = True) -> Visitor:
        self.page.get_by_label(label, exact=exact).first.fill(value)
        return self

    def choose(self, label: str, exact: bool = True) -> Visitor:
        """Tick a radio button or checkbox by its label."""
        self.page.get_by_label(label, exact=exact).first.check()
        return self

    def select(self, label: str, option: str) -> Visitor:
        self.page.get_by_label(label, exact=True).select_option(label=option)
        return self

    # --- what the user sees ----------------------------------------------------------------
    @property
    def path(self) -> str:
        return urlsplit(self.page.url).path

    def heading(self) -> str:
        return self.page.locator("main h1").first.inner_text()

    def sees_heading(self, text: str) -> Visitor:
        expect(self.page.locator("h1").first).to_contain_text(text)
        return self

    def sees(self, text: str, within: str = "main") -> Visitor:
        expect(self.page.locator(within).first).to_contain_text(text)
        return self

    def does_not_see(self, text: str, within: str = "main") -> Visitor:
        expect(self.page.locator(within).first).not_to_contain_text(text)
        return self

    def sees_success(self, text: str) -> Visitor:
        expect(self.page.locator(".govuk-notification-banner--success")).to_contain_text(text)
        return self

    # --- screenshots and layout ------------------------------------------------------------
    def key_page(self, name: str, doc: tuple[str, ...] = ()) -> None:
        """A page people judge the product by: screenshots, and no sideways scrolling on a
        phone or at 320 px."""
        self.screenshot(name, doc)
        self.assert_reflows(PHONE)
        self.assert_reflows()

    def screenshot(self, name: str, doc: tuple[str, ...] = ()) -> None:
        """The whole page at desktop and phone widths, as test artefacts. With
        ARENA_DOC_SCREENSHOTS=1, the first screenful at the widths named in `doc` is also
        written to docs/screenshots/ for the README."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
            self.page.set_viewport_size(size)
            self.page.screenshot(path=SCREENSHOTS / f"{name}-{self.lang}-{label}.png",
                                 full_page=True)
            if label in doc and os.environ.get("ARENA_DOC_SCREENSHOTS") == "1":
                DOC_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                self.page.screenshot(path=DOC_SCREENSHOTS / f"{name}-{self.lang}-{label}.png")
        self.page.set_viewport_size(DESKTOP)

    def doc_screenshot_at(self, name: str, selector: str) -> None:
        """With ARENA_DOC_SCREENSHOTS=1: the desktop screenful that starts at `selector`
        (e.g. a part of the page below the first screen) into docs/screenshots/."""
        if os.environ.get("ARENA_DOC_SCREENSHOTS") != "1":
            return
        self.page.locator(selector).evaluate("el => el.scrollIntoView({block: 'start'})")
        DOC_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=DOC_SCREENSHOTS / f"{name}-{self.lang}-desktop.png")
        self.page.evaluate("window.scrollTo(0, 0)")

    def sideways_scroll(self, size: dict = NARROW) -> str | None:
        """What scrolls sideways at a width (None: nothing). At 320 CSS pixels (400 % zoom
        of a 1280 px window; 200 % zoom is 640 px) document.documentElement.scrollWidth
        must not exceed clientWidth."""
        before = self.page.viewport_size or DESKTOP
        self.page.set_viewport_size(size)
        try:
            scroll, client = self.page.evaluate(
                "() => [document.documentElement.scrollWidth,"
                " document.documentElement.clientWidth]")
            if scroll <= client:
                return None
            return (f"{self.page.url} scrolls sideways at {size['width']} px: "
                    f"{scroll} > {client}; widest: {self._widest()}")
        finally:
            self.page.set_viewport_size(before)

    def assert_reflows(self, size: dict = NARROW) -> None:
        problem = self.sideways_scroll(size)
        assert problem is None, problem

    def _widest(self) -> list:
        return self.page.evaluate("""() => [...document.querySelectorAll('main *')]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth
                         || e.scrollWidth > e.clientWidth + 1)
            .map(e => e.tagName + '.' + e.className + ' ' + Math.round(
                 e.getBoundingClientRect().right) + ' ' + (e.textContent || '').trim().slice(0, 40))
            .slice(-8)""")


def check_accessible(page: Page) -> None:
    """axe-core with the WCAG 2.0/2.1 A and AA rules: zero violations."""
    results = _axe.run(page, options=WCAG_TAGS)
    checked_pages.append(page.url)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def assert_errors_announced(visitor: Visitor, message: str) -> None:
    """After a refused form: the error summary has focus (GOV.UK Frontend's script, so it
    also shows that arena.js ran under the CSP), lists `message`, and every error in it
    links to a field whose aria-describedby points at that field's error message (the
    summary's text ends with what the field's own message says)."""
    summary = visitor.page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(message)
    problems = visitor.page.evaluate(r"""() => {
        const problems = [];
        for (const link of document.querySelectorAll('.govuk-error-summary__list a')) {
            const target = document.getElementById(link.getAttribute('href').slice(1));
            if (!target) { problems.push('no field for ' + link.href); continue; }
            const holder = target.closest('fieldset[aria-describedby]') || target;
            const ids = (holder.getAttribute('aria-describedby') || '').split(/\s+/);
            const error = ids.map(id => document.getElementById(id))
                .find(el => el && el.classList.contains('govuk-error-message'));
            // the summary names the field ("Title: required"), the field's own error
            // message only says what is wrong (after a hidden "Error:" prefix)
            const hidden = error && error.querySelector('.govuk-visually-hidden');
            const prefix = hidden ? hidden.textContent : '';
            const said = error && error.textContent.replace(prefix, '').trim();
            if (!error || !said || !link.textContent.trim().endsWith(said))
                problems.push('not described by its error: ' + link.textContent.trim());
        }
        return problems;
    }""")
    assert not problems, f"{visitor.page.url}: {problems}"
