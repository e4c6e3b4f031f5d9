"""Every form's error summary names the field each error is about (issue 19), so the list
reads on its own: "Rubrik: Det här fältet måste fyllas i." One shared macro renders it."""

from __future__ import annotations

import re

import pytest

from tests.conftest import submit
from tests.factories import make_authority, make_user
from tests.test_challenges import form_data

SUMMARY = re.compile(r'govuk-error-summary__list">(.*?)</ul>', re.S)


def summary_of(response) -> str:
    page = response.get_data(as_text=True)
    match = SUMMARY.search(page)
    assert match, "the page shows no error summary"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_registration_errors_name_their_fields(client, lang):
    client.set_cookie("arena_lang", lang)
    response = submit(client, "/auth/register", {"name": "", "email": "not-an-address",
                                                  "password": "", "locale": "sv"})
    assert response.status_code == 422
    summary = summary_of(response)
    expected = {"sv": ("För- och efternamn:", "E-postadress:", "Lösenord:"),
                "en": ("Full name:", "E-mail address:", "Password:")}[lang]
    for field in expected:
        assert field in summary, summary


@pytest.mark.parametrize("lang, expected", [
    ("sv", "Rubrik: "), ("en", "Title: ")])
def test_challenge_form_errors_name_their_fields(client, login, lang, expected):
    owner = make_user(locale=lang)
    make_authority(admin=owner)
    login(owner)
    response = submit(client, "/challenges/new", form_data(title=""))
    assert response.status_code == 422
    summary = summary_of(response)
    assert summary.startswith(expected), summary


@pytest.mark.parametrize("lang, expected", [
    ("sv", "E-postadress: "), ("en", "E-mail address: ")])
def test_log_in_errors_name_their_fields(client, lang, expected):
    client.set_cookie("arena_lang", lang)
    response = submit(client, "/auth/login", {"email": "", "password": "x"})
    assert response.status_code in (400, 401, 422)
    assert summary_of(response).startswith(expected)
