"""The accessibility statement says what is tested now and what is not (issue 19)."""

from __future__ import annotations

import pytest


def text_of(response) -> str:
    import re

    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split()).replace(
        "&#39;", "'")


@pytest.mark.parametrize("lang, expected", [
    ("en", ["axe-core", "320 pixels width", "the menu and the list filters fold away",
            "every error names its field", "Only the supplier's journey has been tested with "
            "the keyboard alone", "one browser engine (Chromium)",
            "last assessed on 5 December 2026"]),
    ("sv", ["axe-core", "320 pixlars bredd", "menyn och listornas filter fälls ihop",
            "varje fel namnger sitt fält", "Bara leverantörens flöde har testats med enbart "
            "tangentbord", "en webbläsarmotor (Chromium)", "5 december 2026"]),
])
def test_the_statement_says_what_was_tested_and_the_known_gaps(client, lang, expected):
    client.set_cookie("arena_lang", lang)
    response = client.get("/accessibility")
    assert response.status_code == 200
    text = text_of(response)
    for phrase in expected:
        assert phrase in text, phrase
    assert "the most important pages can be read" not in text  # every page is, now
