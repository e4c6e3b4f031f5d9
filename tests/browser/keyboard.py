"""Moving through pages with the keyboard only, checking every stop on the way.

Every element that Tab lands on must show that it has focus (an outline or a box-shadow
in its computed style; for GOV.UK radios and checkboxes, on their label's ::before), and
Tab must always move on (no keyboard trap). Radio groups are operated like a keyboard user
does: Tab into the group, then the arrow keys (the browser's own radio behaviour).
"""

from __future__ import annotations

from playwright.sync_api import Locator

from tests.browser.support import Visitor

MAX_TABS = 150

_FOCUS_STATE = r"""() => {
    const el = document.activeElement;
    if (!el || el === document.body) return {id: 'body', visible: true, name: ''};
    const shows = s => (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0)
        || (s.boxShadow && s.boxShadow !== 'none');
    let visible = shows(getComputedStyle(el));
    if (!visible && (el.type === 'radio' || el.type === 'checkbox') && el.id) {
        const label = document.querySelector('label[for="' + el.id + '"]');
        visible = !!label && shows(getComputedStyle(label, '::before'));
    }
    const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim();
    return {id: el.tagName + '#' + el.id + ' ' + text.slice(0, 40), visible: visible,
            name: el.name || ''};
}"""


class Keyboard:
    """One visitor's keyboard: Tab, Shift+Tab, Enter, Space, typing and radio arrows."""

    def __init__(self, visitor: Visitor):
        self.visitor = visitor
        self.page = visitor.page
        self.stops = 0

    def _press_tab(self, previous: str) -> dict:
        self.page.keyboard.press("Tab")
        self.stops += 1
        state = self.page.evaluate(_FOCUS_STATE)
        assert state["visible"], f"{self.page.url}: no visible focus on {state['id']}"
        assert state["id"] != previous or state["id"] == "body", (
            f"{self.page.url}: focus is stuck on {state['id']} (a keyboard trap)")
        return state

    def tab_to(self, target: Locator) -> None:
        """Press Tab until the target has focus, checking each element passed."""
        handle = target.element_handle()
        state, passed = {"id": ""}, []
        for _ in range(MAX_TABS):
            state = self._press_tab(state["id"])
            passed.append(state["id"])
            if self.page.evaluate("t => document.activeElement === t", handle):
                return
        raise AssertionError(f"{self.page.url}: Tab never reached the target; went {passed}")

    def tab_into_group(self, name: str) -> None:
        """Press Tab until focus is in the radio group with that name."""
        state, passed = {"id": ""}, []
        for _ in range(MAX_TABS):
            state = self._press_tab(state["id"])
            passed.append(state["id"])
            if state["name"] == name:
                return
        raise AssertionError(f"{self.page.url}: Tab never reached {name}; went {passed}")

    def type_into(self, target: Locator, text: str) -> None:
        self.tab_to(target)
        self.page.keyboard.type(text)

    def activate(self, target: Locator) -> None:
        """Tab to a link or button and press Enter; check the page that comes back."""
        self.tab_to(target)
        self.page.keyboard.press("Enter")
        self.visitor.arrived()

    def tick(self, target: Locator) -> None:
        """Tab to a checkbox and press Space."""
        self.tab_to(target)
        self.page.keyboard.press("Space")
        assert target.is_checked()

    def choose(self, group: str, target: Locator) -> None:
        """Tab into a radio group, then use the arrow keys until the target is chosen."""
        self.tab_into_group(group)
        self.page.keyboard.press("Space")
        for _ in range(20):
            if target.is_checked():
                return
            self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"{self.page.url}: could not choose {target} in {group}")
