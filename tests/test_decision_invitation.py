"""The decision form says, at the date and place fields, that publishing needs them to
invite the winners; the publish page says why there is no button (issue 19)."""

from __future__ import annotations

import re

from tests.conftest import submit
from tests.test_evaluation import decided_scene, decision_form, page

NEEDED = "Needed to invite the winners: the decision cannot be published without it."


def hint_of(html: str, field: str) -> str:
    match = re.search(rf'<div id="{field}-hint" class="govuk-hint">\s*(.*?)\s*</div>', html, re.S)
    return match.group(1) if match else ""


def test_the_form_marks_the_missing_date_and_place_of_the_invitation(client, login):
    scene = decided_scene()
    login(scene.owner)
    submit(client, scene.url("decision"), decision_form(
        scene, {1: "winner", 2: "not_selected", 3: "not_selected"}, presentation_at="",
        presentation_place="", presentation_booking_url=""))
    html = page(client, scene.url("decision"))
    assert hint_of(html, "presentation_at") == NEEDED
    assert hint_of(html, "presentation_place") == NEEDED
    assert "You have marked a winner, so the decision cannot be published" in html
    assert 'aria-describedby="presentation-hint presentation-missing"' in html
    assert "There is no publish button yet." in html
    assert "Check and publish the decision" not in html

    publish = page(client, scene.url("decision/publish"))
    assert "The decision cannot be published yet" in publish
    assert "There is no publish button until these are done:" in publish
    assert "Invite the winners to present" in publish
    assert f'href="{scene.url("decision")}#presentation"' in publish
    assert ">Publish the decision</button>" not in publish


def test_only_the_missing_field_is_marked(client, login):
    scene = decided_scene()
    login(scene.owner)
    submit(client, scene.url("decision"), decision_form(
        scene, {1: "winner", 2: "not_selected", 3: "not_selected"},
        presentation_at="2031-03-01 10:00", presentation_place="",
        presentation_booking_url=""))
    html = page(client, scene.url("decision"))
    assert hint_of(html, "presentation_at") == ""
    assert hint_of(html, "presentation_place") == NEEDED


def test_nothing_is_marked_without_a_winner_or_once_complete(client, login):
    scene = decided_scene()
    login(scene.owner)
    submit(client, scene.url("decision"), decision_form(
        scene, {1: "shortlisted", 2: "not_selected", 3: "not_selected"}, presentation_at="",
        presentation_place="", presentation_booking_url=""))
    html = page(client, scene.url("decision"))
    assert NEEDED not in html and "You have marked a winner" not in html
    submit(client, scene.url("decision"), decision_form(
        scene, {1: "winner", 2: "not_selected", 3: "not_selected"}))
    html = page(client, scene.url("decision"))
    assert NEEDED not in html
    publish = page(client, scene.url("decision/publish"))
    assert ">Publish the decision</button>" in publish
    assert "The decision cannot be published yet" not in publish
