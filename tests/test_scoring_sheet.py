"""The jury's score sheet (issue 19): each criterion's scale as radio buttons in its own
fieldset, with what the ends of the scale mean; the solution beside the sheet on wide
screens; and, where the submit button would be, why it is not there yet."""

from __future__ import annotations

import re

import pytest

from app.extensions import db
from tests.test_evaluation import declare, make_scene, page, score


def squeezed(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_each_criterion_is_a_fieldset_of_radio_buttons_with_the_meaning_of_its_ends(
        client, login):
    scene = make_scene(solutions=1, jurors=1)
    score(scene, scene.seats[0], 1, (4, None))
    fit, cost = scene.criteria
    login(scene.jurors[0])
    html = page(client, scene.jury_url("/solutions/1"))
    assert html.count('<fieldset class="govuk-fieldset"') >= 2
    assert re.search(r"<legend[^>]*>\s*Fit with the need \(60 %\)\s*</legend>", html)
    assert re.search(r"<legend[^>]*>\s*Cost and value \(40 %\)\s*</legend>", html)
    fit_values = re.findall(rf'name="score_{fit.id}" type="radio" value="(\d+)"', html)
    cost_values = re.findall(rf'name="score_{cost.id}" type="radio" value="(\d+)"', html)
    assert fit_values == [str(n) for n in range(0, 6)]
    assert cost_values == [str(n) for n in range(1, 11)]
    assert re.search(rf'name="score_{fit.id}" type="radio" value="4" checked', html)
    text = squeezed(html)
    assert "Scale 0 to 5: 0 = does not meet the criterion, 5 = fully meets the criterion." in text
    assert "Scale 1 to 10: 1 = does not meet the criterion, 10 = fully meets the criterion." \
        in text
    assert 'class="arena-score-layout"' in html  # the solution beside the sheet when wide


def test_the_ends_of_the_scale_read_in_swedish(client, login):
    scene = make_scene(solutions=1, jurors=1)
    declare(scene.seats[0], scene.entry(1))
    scene.jurors[0].locale = "sv"
    db.session.commit()
    login(scene.jurors[0])
    text = squeezed(page(client, scene.jury_url("/solutions/1")))
    assert "0 = uppfyller inte kriteriet" in text and "5 = uppfyller kriteriet helt" in text


def test_a_score_is_chosen_and_kept_and_a_bad_one_refused(client, login):
    from tests.conftest import submit

    scene = make_scene(solutions=1, jurors=1)
    declare(scene.seats[0], scene.entry(1))
    fit, cost = scene.criteria
    login(scene.jurors[0])
    response = submit(client, scene.jury_url("/solutions/1"),
                      {f"score_{fit.id}": "5", f"score_{cost.id}": "11"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Enter a whole number from 1 to 10 for “Cost and value”." in html
    assert re.search(rf'name="score_{fit.id}" type="radio" value="5" checked', html)
    response = submit(client, scene.jury_url("/solutions/1"),
                      {f"score_{fit.id}": "5", f"score_{cost.id}": "10"})
    assert response.status_code == 302
    assert {s.value for s in scene.seats[0].scores} == {5, 10}


@pytest.mark.parametrize("anonymised", [True, False])
def test_why_submitting_is_not_possible_yet_stands_where_the_button_would(
        client, login, anonymised):
    scene = make_scene(solutions=3, jurors=1, anonymised=anonymised,
                       supplier_names=("Hemliga Leverantören AB",))
    score(scene, scene.seats[0], 1, (4, 7))
    score(scene, scene.seats[0], 2, (3, None))
    login(scene.jurors[0])
    html = page(client, scene.jury_url())
    text = squeezed(html)
    assert "You cannot submit your scores yet" in text
    assert "Solution 2: not scored yet on Cost and value" in text
    assert "Solution 3: declare whether you have a conflict of interest" in text
    assert "Solution 1:" not in text
    assert "Submit my scores" not in text
    assert f'href="{scene.jury_url("/solutions/2")}"' in html
    assert ("Hemliga Leverantören AB" in html) is False  # no supplier name on the juror home
    sheet = page(client, scene.jury_url("/solutions/1"))
    assert ("Hemliga Leverantören AB" in sheet) is (not anonymised)
