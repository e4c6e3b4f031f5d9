"""Two suppliers, one last slot or seat, at the same second: exactly one gets it.

Real parallel requests (threads, each its own browser and database connection) against a
database whose commits both can see: PostgreSQL when TEST_DATABASE_URL is set (as CI runs
it), SQLite otherwise. The database's unique constraints decide; the loser is put on the
waiting list or told the time was taken, never given a second booking.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from app.core.db import utcnow
from app.dialogue import services
from app.dialogue.models import DialogueEvent, EventKind, EventRegistration, RegistrationStatus
from app.extensions import db, limiter
from tests.conftest import csrf_from
from tests.factories import PASSWORD, make_authority, make_challenge, make_supplier, make_user

ROUNDS = 4


def _world(app, kind: EventKind) -> list[tuple[int, list[str]]]:
    """ROUNDS events with one slot (or one seat), and two suppliers' people for each."""
    rounds = []
    with app.app_context():
        buyer = make_user()
        challenge = make_challenge(owner=make_authority(admin=buyer))
        for number in range(ROUNDS):
            start = (utcnow() + timedelta(days=5 + number)).replace(microsecond=0)
            event = services.create_event(buyer, services.EventInput(
                kind=kind, title=f"Round {number}", starts_at=start,
                ends_at=start + timedelta(minutes=30), location="Room 1",
                slot_minutes=30 if kind == EventKind.ONE_TO_ONE else None,
                capacity=1 if kind != EventKind.ONE_TO_ONE else None), challenge=challenge)
            people = [make_user(email=f"r{number}-{side}-{kind.value}@race.example")
                      for side in "ab"]
            for person in people:
                make_supplier(admin=person)
            rounds.append((event.id, [p.email for p in people]))
        db.session.commit()
    return rounds


def _ready_browser(app, email: str, event_id: int):
    browser = app.test_client()
    page = browser.get("/auth/login").get_data(as_text=True)
    response = browser.post("/auth/login", data={"csrf_token": csrf_from(page), "email": email,
                                                 "password": PASSWORD})
    assert response.status_code == 302
    page = browser.get(f"/events/{event_id}").get_data(as_text=True)
    return browser, csrf_from(page), page


def _race(app, event_id: int, emails: list[str], choose_slot: bool) -> list[int]:
    limiter.reset()
    prepared = [_ready_browser(app, email, event_id) for email in emails]
    barrier, statuses = threading.Barrier(len(prepared)), [0] * len(prepared)

    def go(index: int) -> None:
        browser, token, page = prepared[index]
        data = {"csrf_token": token}
        if choose_slot:
            data["slot"] = page.split('name="slot" type="radio" value="')[1].split('"')[0]
        barrier.wait()
        statuses[index] = browser.post(f"/events/{event_id}/register", data=data).status_code

    threads = [threading.Thread(target=go, args=(i,)) for i in range(len(prepared))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


def _outcome(app, event_id: int):
    with app.app_context():
        event = db.session.get(DialogueEvent, event_id)
        registrations = db.session.scalars(db.select(EventRegistration).filter_by(
            event_id=event_id)).all()
        booked = [s.organisation_id for s in event.slots if s.organisation_id]
        return [r.status for r in registrations], booked


@pytest.mark.parametrize("choose_slot", [True, False], ids=["chosen-time", "first-free"])
def test_two_suppliers_one_last_slot_exactly_one_wins(parallel_app, choose_slot):
    for event_id, emails in _world(parallel_app, EventKind.ONE_TO_ONE):
        statuses = _race(parallel_app, event_id, emails, choose_slot)
        assert 500 not in statuses
        registrations, booked = _outcome(parallel_app, event_id)
        assert len(booked) == 1  # one organisation holds the one slot
        assert registrations.count(RegistrationStatus.REGISTERED) == 1
        if choose_slot:  # the loser is told the time was taken, and nothing is written
            assert sorted(statuses) == [302, 409] or sorted(statuses) == [302, 422]
        else:  # the loser waits for the slot
            assert statuses == [302, 302]
            assert registrations.count(RegistrationStatus.WAITING) == 1


def test_two_suppliers_one_last_seat_exactly_one_is_seated(parallel_app):
    for event_id, emails in _world(parallel_app, EventKind.INFORMATION_MEETING):
        statuses = _race(parallel_app, event_id, emails, choose_slot=False)
        assert statuses == [302, 302]
        registrations, _booked = _outcome(parallel_app, event_id)
        assert sorted(registrations) == [RegistrationStatus.REGISTERED,
                                         RegistrationStatus.WAITING]
