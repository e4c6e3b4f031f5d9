"""English plural forms are right wherever a count is shown ("1 solution is waiting",
"2 solutions are waiting"), and Swedish has its own (issue 19)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from flask import render_template
from flask_babel import force_locale

from tests.conftest import log_in
from tests.factories import make_user
from tests.test_dialogue import buyer, challenge, schedule  # noqa: F401 - fixtures


@pytest.mark.parametrize("lang, count, expected", [
    ("en", 1, "has closed and 1 solution is waiting for the jury."),
    ("en", 2, "has closed and 2 solutions are waiting for the jury."),
    ("sv", 1, "har stängt och 1 lösning väntar på juryn."),
    ("sv", 2, "har stängt och 2 lösningar väntar på juryn."),
])
def test_the_jury_is_told_how_many_solutions_wait(app, lang, count, expected):
    opened = SimpleNamespace(id=1, title="Trygg utevistelse")
    recipient = SimpleNamespace(name="Jana Juror")
    with app.test_request_context(), force_locale(lang):
        text = render_template("email/evaluation/evaluation_opened.txt", challenge=opened,
                               recipient=recipient, solution_count=count)
    assert expected in " ".join(text.split())


@pytest.mark.parametrize("lang, people, expected", [
    ("en", 1, "at most 1 person per organisation"),
    ("en", 2, "at most 2 people per organisation"),
    ("sv", 1, "högst 1 person per organisation"),
    ("sv", 2, "högst 2 personer per organisation"),
])
def test_an_event_says_how_many_people_each_organisation_may_send(
        app, client, buyer, challenge, lang, people, expected):  # noqa: F811
    event = schedule(challenge, buyer, people_per_organisation=people, capacity=people)
    log_in(client, make_user(locale=lang))
    page = " ".join(client.get(f"/events/{event.id}").get_data(as_text=True).split())
    assert expected in page
    seats = {("en", 1): "1 of 1 seat free", ("en", 2): "2 of 2 seats free",
             ("sv", 1): "1 av 1 plats ledig", ("sv", 2): "2 av 2 platser lediga"}
    assert seats[(lang, people)] in page
