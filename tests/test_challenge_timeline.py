"""The dated phase timeline of a challenge page (issue 17): a date for every phase, or
"date not set", dialogue days among them, where the challenge is now marked for screen
readers and by more than colour, and the .ics file made of the very same entries."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from app.challenges.models import ChallengeState
from app.core.db import utcnow
from app.dialogue import services as dialogue
from app.dialogue.models import EventKind
from app.dialogue.services import EventInput
from app.extensions import db
from tests.factories import make_authority, make_challenge, make_user

S = ChallengeState
STEP = re.compile(r'<li data-timeline="([^"]+)"([^>]*)>(.*?)</li>', re.S)


@pytest.fixture
def buyer():
    return make_user(name="Britt Buyer")


def _challenge(buyer, **extra):
    owner = buyer.memberships[0].organisation if buyer.memberships else make_authority(
        admin=buyer)
    return make_challenge(owner=owner, title="Trygg läkemedelshantering", **extra)


def _pitch_day(buyer, challenge, days: int):
    start = (utcnow() + timedelta(days=days)).replace(minute=0, second=0, microsecond=0)
    return dialogue.create_event(buyer, EventInput(
        kind=EventKind.INFORMATION_MEETING, title="Pitch day", starts_at=start,
        ends_at=start + timedelta(hours=2), location="Stadshuset",
        online_url="https://meet.example/room", description="Agenda."), challenge=challenge)


def _steps(client, challenge) -> list[tuple[str, bool, str, str | None]]:
    """(key, current, text, datetime attribute) of each timeline step on the page."""
    page = client.get(f"/challenges/{challenge.id}").get_data(as_text=True)
    steps = []
    for key, attributes, body in STEP.findall(page):
        when = re.search(r'<time datetime="([^"]+)"', body)
        steps.append((key, 'aria-current="step"' in attributes,
                      re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).strip(),
                      when.group(1) if when else None))
    return steps


def _ics_starts(client, challenge) -> dict[str, datetime]:
    calendar = Calendar.from_ical(client.get(f"/challenges/{challenge.id}/calendar.ics").data)
    return {str(event["UID"]).split("@")[0].removeprefix(f"challenge-{challenge.id}-"):
            event.decoded("DTSTART") for event in calendar.walk("VEVENT")}


def test_every_phase_has_a_date_or_says_it_is_not_set(client, buyer):
    challenge = _challenge(buyer, evaluation_deadline_at=utcnow() + timedelta(days=60))
    db.session.commit()
    steps = _steps(client, challenge)
    assert [key for key, *_rest in steps] == [
        "published", "questions", "submissions", "evaluation", "decision", "outcome"]
    dated = {key: when for key, _current, _text, when in steps}
    assert dated["submissions"] == challenge.submission_deadline_at.strftime(
        "%Y-%m-%dT%H:%M:%SZ")
    assert all(dated[key] for key in ("published", "questions", "submissions", "evaluation"))
    for key, _current, text, when in steps:
        if key in ("decision", "outcome"):
            assert when is None and "date not set" in text


def test_the_current_phase_is_marked_for_everyone(client, buyer):
    challenge = _challenge(buyer)
    db.session.commit()
    steps = _steps(client, challenge)
    current = [(key, text) for key, is_current, text, _when in steps if is_current]
    assert len(current) == 1 and current[0][0] == "questions"
    assert "Now" in current[0][1]  # said in words, not only by colour
    done = [key for key, _current, text, _when in steps if "Done" in text]
    assert done == ["published"]


def test_a_closed_challenge_is_in_evaluation(client, buyer):
    challenge = _challenge(buyer, state=S.CLOSED, deadline_in=timedelta(days=-1))
    db.session.commit()
    steps = _steps(client, challenge)
    assert [key for key, is_current, *_rest in steps if is_current] == ["evaluation"]
    assert [key for key, _c, text, _w in steps if "Done" in text] == [
        "published", "questions", "submissions"]


def test_dialogue_days_sit_among_the_phases_by_date(client, buyer):
    challenge = _challenge(buyer, deadline_in=timedelta(days=30))
    _pitch_day(buyer, challenge, days=25)
    db.session.commit()
    keys = [key for key, *_rest in _steps(client, challenge)]
    event_key = next(key for key in keys if key.startswith("event-"))
    assert keys.index("questions") < keys.index(event_key) < keys.index("submissions")
    assert "Pitch day" in dict((k, t) for k, _c, t, _w in _steps(client, challenge))[event_key]


def test_the_ics_file_holds_every_dated_entry_of_the_page_with_the_same_date(client, buyer):
    challenge = _challenge(buyer, evaluation_deadline_at=utcnow() + timedelta(days=60))
    _pitch_day(buyer, challenge, days=25)
    db.session.commit()
    on_page = {key: when for key, _current, _text, when in _steps(client, challenge) if when}
    in_file = {key: start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
               for key, start in _ics_starts(client, challenge).items()}
    assert len(on_page) == 5 and in_file == on_page
