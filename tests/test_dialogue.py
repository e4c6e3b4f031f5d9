"""Dialogue events through HTTP: scheduling, registering, waiting lists, one-to-one slots,
moving and cancelling (calendar files with the same UID), the place and link shown only to
registered participants, the personal feed, the summary for all, reminders."""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar

from app.core.dates import local_input_value
from app.core.db import utcnow
from app.dialogue import jobs, services
from app.dialogue.models import DialogueEvent, EventKind, RegistrationStatus
from app.dialogue.services import EventInput
from app.extensions import db
from tests.conftest import log_in, submit
from tests.factories import (
    make_authority,
    make_challenge,
    make_network,
    make_planned_procurement,
    make_supplier,
    make_user,
)
from tests.smtp_sink import text_of

SECRET_LINK = "https://meet.example/secret-room-4711"
SECRET_PLACE = "Stadshuset, sal Hemlig"


def browser(app, user):
    """A separate browser, logged in as the user."""
    client = app.test_client()
    log_in(client, user)
    return client


def event_input(kind=EventKind.INFORMATION_MEETING, days: int = 10, hours: int = 2, **extra):
    start = (utcnow() + timedelta(days=days)).replace(minute=0, second=0, microsecond=0)
    values = {"kind": kind, "title": "Market dialogue on home care", "starts_at": start,
              "ends_at": start + timedelta(hours=hours), "location": SECRET_PLACE,
              "online_url": SECRET_LINK, "description": "Agenda: the need, questions."}
    values.update(extra)
    return EventInput(**values)


@pytest.fixture
def buyer():
    return make_user(name="Britt Buyer")


@pytest.fixture
def challenge(buyer):
    return make_challenge(owner=make_authority(admin=buyer), title="Safe medication at home")


def schedule(challenge, buyer, **extra) -> DialogueEvent:
    event = services.create_event(buyer, event_input(**extra), challenge=challenge)
    db.session.commit()
    return event


def supplier_person(name="Sam Supplier"):
    user = make_user(name=name)
    make_supplier(admin=user)
    return user


def register(app, user, event, **data):
    client = browser(app, user)
    organisation = user.memberships[0].organisation_id
    return client, submit(client, f"/events/{event.id}/register",
                          {"organisation": str(organisation), **data},
                          page=f"/events/{event.id}")


def readable(body: str) -> str:
    """A response as a reader sees it: iCalendar lines unfolded and unescaped."""
    return body.replace("\r\n ", "").replace("\\,", ",").replace("\\;", ";")


def ics_of(message):
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            return Calendar.from_ical(part.get_payload(decode=True))
    return None


def vevent(calendar):
    return next(c for c in calendar.walk() if c.name == "VEVENT")


# -- scheduling -----------------------------------------------------------------------------

def test_the_owner_schedules_an_event_in_swedish_time(app, client, buyer, challenge):
    log_in(client, buyer)
    start = utcnow() + timedelta(days=14)
    response = submit(client, f"/challenges/{challenge.id}/events/new", {
        "kind": "information_meeting", "title": "Information meeting",
        "starts_at": local_input_value(start),
        "ends_at": local_input_value(start + timedelta(hours=2)),
        "location": SECRET_PLACE, "online_url": SECRET_LINK, "capacity": "30",
        "people_per_organisation": "2", "language": "sv", "accessibility": "Hearing loop",
    })
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    event = db.session.scalars(db.select(DialogueEvent)).one()
    assert abs((event.starts_at - start).total_seconds()) < 60
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Information meeting" in page and SECRET_LINK in page  # the organiser sees it
    assert "Hearing loop" in page


def test_bad_input_is_refused_with_a_message_and_keeps_what_was_typed(client, buyer, challenge):
    log_in(client, buyer)
    start = utcnow() + timedelta(days=3)
    response = submit(client, f"/challenges/{challenge.id}/events/new", {
        "kind": "one_to_one", "title": "Kept title", "starts_at": local_input_value(start),
        "ends_at": local_input_value(start - timedelta(hours=1)), "location": "Here",
        "people_per_organisation": "two", "language": "sv"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Kept title" in page and "Enter a whole number" in page


def test_only_the_owners_schedule_events(app, challenge):
    stranger = supplier_person()
    other_buyer = make_user()
    make_authority(admin=other_buyer)
    db.session.commit()
    for user in (stranger, other_buyer):
        response = browser(app, user).get(f"/challenges/{challenge.id}/events/new")
        assert response.status_code == 403


def test_a_coordinator_schedules_an_event_on_a_planned_procurement(app):
    coordinator = make_user()
    network = make_network(coordinator=make_authority(admin=coordinator))
    planned = make_planned_procurement(network, title="Joint meal logistics")
    db.session.commit()
    client = browser(app, coordinator)
    start = utcnow() + timedelta(days=20)
    response = submit(client, f"/networks/{network.id}/procurements/{planned.id}/events/new", {
        "kind": "workshop", "title": "Workshop on meals", "starts_at": local_input_value(start),
        "ends_at": local_input_value(start + timedelta(hours=3)), "online_url": SECRET_LINK,
        "people_per_organisation": "3", "language": "en"})
    assert response.status_code == 302
    listing = app.test_client().get("/events/").get_data(as_text=True)
    assert "Workshop on meals" in listing and "Joint meal logistics" in listing


# -- the place and the link are for registered participants only ----------------------------

def test_the_place_and_link_never_reach_anyone_not_registered(app, client, buyer, challenge):
    event = schedule(challenge, buyer)
    outsider = supplier_person()
    waiting_room = schedule(challenge, buyer, capacity=1, title="Full one")
    register(app, supplier_person("First"), waiting_room)
    _, response = register(app, outsider, waiting_room)  # on the waiting list
    db.session.commit()
    anonymous = app.test_client()
    signed = browser(app, outsider)
    for reader in (anonymous, signed):
        for url in ("/events/", f"/events/{event.id}", f"/events/{waiting_room.id}",
                    "/events/feed.atom", "/events/calendar.ics", f"/events/{event.id}/calendar.ics",
                    f"/events/{waiting_room.id}/calendar.ics", f"/challenges/{challenge.id}/events",
                    "/events/?view=month", f"/api/v1/events/{event.id}", "/api/v1/events"):
            body = readable(reader.get(url).get_data(as_text=True))
            assert SECRET_LINK not in body and SECRET_PLACE not in body, url
    assert "Shown to registered participants" in anonymous.get(f"/events/{event.id}").get_data(
        as_text=True)


def test_registering_reveals_the_link_and_mails_a_calendar_file(app, deliver, buyer, challenge):
    event = schedule(challenge, buyer)
    supplier = supplier_person()
    client, response = register(app, supplier, event)
    assert response.status_code == 302
    assert SECRET_LINK in client.get(f"/events/{event.id}").get_data(as_text=True)
    mail = deliver().to(supplier.email)
    assert len(mail) == 1 and SECRET_LINK in text_of(mail[0])
    item = vevent(ics_of(mail[0]))
    assert str(item["uid"]) == event.uid and int(item["sequence"]) == 0
    assert SECRET_PLACE in str(item["location"])
    own_file = Calendar.from_ical(client.get(f"/events/{event.id}/calendar.ics").data)
    assert SECRET_LINK in str(vevent(own_file)["description"])


# -- capacity, organisations, waiting list --------------------------------------------------

def test_a_full_event_puts_people_on_a_waiting_list_that_moves_up(app, deliver, buyer,
                                                                  challenge):
    event = schedule(challenge, buyer, capacity=1)
    first, second = supplier_person("First"), supplier_person("Second")
    first_client, _ = register(app, first, event)
    second_client, response = register(app, second, event)
    assert response.status_code == 302
    page = second_client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "waiting list" in page and SECRET_LINK not in page
    waiting_mail = deliver().to(second.email)
    assert SECRET_LINK not in text_of(waiting_mail[0]) and ics_of(waiting_mail[0]) is None
    deliver().messages.clear()
    assert submit(first_client, f"/events/{event.id}/registration/cancel",
                  page=f"/events/{event.id}").status_code == 302
    assert SECRET_LINK in second_client.get(f"/events/{event.id}").get_data(as_text=True)
    promoted = deliver().to(second.email)
    assert len(promoted) == 1 and "A place freed" in promoted[0]["Subject"]
    assert ics_of(promoted[0]) is not None


def test_an_organisation_registers_at_most_its_number_of_people(app, buyer, challenge):
    event = schedule(challenge, buyer, people_per_organisation=1)
    first = supplier_person()
    colleague = make_user()
    organisation = first.memberships[0].organisation
    from app.organisations.models import MemberRole, Membership
    organisation.memberships.append(Membership(user=colleague, role=MemberRole.MEMBER))
    db.session.commit()
    register(app, first, event)
    _, response = register(app, colleague, event)
    assert response.status_code == 409
    assert "already registered 1 person, the most" in response.get_data(as_text=True)


def test_buyers_and_people_without_a_supplier_cannot_register(app, buyer, challenge):
    event = schedule(challenge, buyer)
    other_buyer = make_user()
    make_authority(admin=other_buyer)
    db.session.commit()
    client = browser(app, other_buyer)
    response = submit(client, f"/events/{event.id}/register", {"organisation": "1"},
                      page="/events/mine")
    assert response.status_code == 403
    assert browser(app, buyer).post(f"/events/{event.id}/register").status_code in (400, 409)


def test_registration_closes_at_its_deadline(app, buyer, challenge):
    event = schedule(challenge, buyer)
    event.registration_deadline_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    client = browser(app, supplier_person())
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "Registration closed" in page and f"/events/{event.id}/register" not in page
    response = submit(client, f"/events/{event.id}/register", page="/events/mine")
    assert response.status_code == 409


# -- one-to-one meetings --------------------------------------------------------------------

def test_one_to_one_slots_one_per_organisation_and_the_buyer_sees_who(app, deliver, buyer,
                                                                     challenge):
    event = schedule(challenge, buyer, kind=EventKind.ONE_TO_ONE, hours=1, slot_minutes=30)
    assert len(event.slots) == 2
    first, second, third = (supplier_person(n) for n in ("Ada", "Bo", "Cecilia"))
    second_slot = event.slots[1]
    _, response = register(app, first, event, slot=str(second_slot.id))
    assert response.status_code == 302
    db.session.refresh(second_slot)
    assert second_slot.organisation_id == first.memberships[0].organisation_id
    register(app, second, event)
    _, response = register(app, third, event)  # no slot left: waiting list
    registration = db.session.scalars(db.select(services.EventRegistration).filter_by(
        user_id=third.id)).one()
    assert registration.status == RegistrationStatus.WAITING
    page = browser(app, buyer).get(f"/events/{event.id}/participants").get_data(as_text=True)
    assert first.memberships[0].organisation.name in page
    assert second.memberships[0].organisation.name in page
    mail = deliver().to(first.email)
    item = vevent(ics_of(mail[0]))
    assert item.decoded("dtstart") == second_slot.starts_at  # the person's own meeting time


def test_a_freed_slot_goes_to_the_first_organisation_waiting(app, deliver, buyer, challenge):
    event = schedule(challenge, buyer, kind=EventKind.ONE_TO_ONE, hours=1, slot_minutes=60)
    first, second = supplier_person("Ada"), supplier_person("Bo")
    first_client, _ = register(app, first, event)
    register(app, second, event)
    submit(first_client, f"/events/{event.id}/registration/cancel", page=f"/events/{event.id}")
    db.session.expire_all()
    slot = db.session.get(DialogueEvent, event.id).slots[0]
    assert slot.organisation_id == second.memberships[0].organisation_id
    assert any("A place freed" in m["Subject"] for m in deliver().to(second.email))


def test_two_suppliers_for_the_last_slot_exactly_one_wins(app, buyer, challenge):
    event = schedule(challenge, buyer, kind=EventKind.ONE_TO_ONE, hours=1, slot_minutes=60)
    slot_id = event.slots[0].id
    first, second = supplier_person("Ada"), supplier_person("Bo")
    _, won = register(app, first, event, slot=str(slot_id))
    _, lost = register(app, second, event, slot=str(slot_id))
    assert won.status_code == 302
    assert lost.status_code == 422  # the form says the time was taken; nothing booked
    db.session.expire_all()
    booked = [s for s in db.session.get(DialogueEvent, event.id).slots if s.organisation_id]
    assert len(booked) == 1


# -- moving and cancelling ------------------------------------------------------------------

def test_moving_an_event_sends_the_same_uid_with_a_higher_sequence(app, deliver, buyer,
                                                                  challenge):
    event = schedule(challenge, buyer, capacity=1)
    registered, waiting = supplier_person("Reg"), supplier_person("Wait")
    register(app, registered, event)
    register(app, waiting, event)
    deliver().messages.clear()
    client = browser(app, buyer)
    new_start = event.starts_at + timedelta(days=1)
    response = submit(client, f"/events/{event.id}/edit", {
        "kind": "information_meeting", "title": event.title,
        "starts_at": local_input_value(new_start),
        "ends_at": local_input_value(new_start + timedelta(hours=2)), "location": SECRET_PLACE,
        "online_url": SECRET_LINK, "capacity": "1", "people_per_organisation": "2",
        "language": "sv"})
    assert response.status_code == 302
    sink = deliver()
    [moved] = sink.to(registered.email)
    item = vevent(ics_of(moved))
    assert str(item["uid"]) == event.uid and int(item["sequence"]) == 1
    assert item.decoded("dtstart") == new_start
    [told] = sink.to(waiting.email)
    assert SECRET_LINK not in text_of(told) and ics_of(told) is None


def test_cancelling_an_event_tells_everyone_with_a_cancelling_calendar_file(app, deliver, buyer,
                                                                           challenge):
    event = schedule(challenge, buyer)
    supplier = supplier_person()
    register(app, supplier, event)
    deliver().messages.clear()
    client = browser(app, buyer)
    page = client.get(f"/events/{event.id}/cancel").get_data(as_text=True)
    assert "Who will be told" in page and 'name="reason"' in page
    response = submit(client, f"/events/{event.id}/cancel", {"reason": "The room flooded."})
    assert response.status_code == 302
    [mail] = deliver().to(supplier.email)
    calendar = ics_of(mail)
    assert str(calendar["method"]) == "CANCEL"
    assert str(vevent(calendar)["status"]) == "CANCELLED" and int(vevent(calendar)["sequence"]) == 1
    assert "The room flooded." in text_of(mail)
    assert "cancelled" in app.test_client().get(f"/events/{event.id}").get_data(as_text=True)


def test_only_organisers_change_or_cancel(app, buyer, challenge):
    event = schedule(challenge, buyer)
    supplier = supplier_person()
    db.session.commit()
    client = browser(app, supplier)
    for url in (f"/events/{event.id}/edit", f"/events/{event.id}/cancel",
                f"/events/{event.id}/participants", f"/events/{event.id}/participants.csv"):
        assert client.get(url).status_code == 403, url


# -- participants, personal feed, summary, reminders ----------------------------------------

def test_the_buyer_downloads_the_participant_list(app, buyer, challenge):
    event = schedule(challenge, buyer)
    supplier = supplier_person("=HYPERLINK(evil)")
    register(app, supplier, event)
    response = browser(app, buyer).get(f"/events/{event.id}/participants.csv")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and supplier.email in body
    assert "'=HYPERLINK(evil)" in body


def test_the_personal_calendar_feed_is_secret_and_can_be_replaced(app, buyer, challenge):
    event = schedule(challenge, buyer)
    supplier = supplier_person()
    client, _ = register(app, supplier, event)
    page = client.get("/events/mine").get_data(as_text=True)
    feed_url = page.split("/events/feed/")[1].split("<")[0]
    feed = app.test_client().get(f"/events/feed/{feed_url}")
    assert feed.status_code == 200 and SECRET_LINK in readable(feed.get_data(as_text=True))
    assert submit(client, "/events/mine/feed", page="/events/mine").status_code == 302
    assert app.test_client().get(f"/events/feed/{feed_url}").status_code == 404
    assert app.test_client().get("/events/feed/forged.ics").status_code == 404


def test_reminders_go_the_day_before_once(app, deliver, buyer, challenge):
    event = schedule(challenge, buyer, days=2)
    supplier = supplier_person()
    register(app, supplier, event)
    deliver().messages.clear()
    assert jobs.send_event_reminders() == 0  # two days ahead: not yet
    assert jobs.send_event_reminders(now=event.starts_at - timedelta(hours=20)) == 1
    assert jobs.send_event_reminders(now=event.starts_at - timedelta(hours=19)) == 0
    [mail] = deliver().to(supplier.email)
    assert "Tomorrow" in mail["Subject"] and ics_of(mail) is not None


def test_the_summary_is_published_for_all_and_the_buyer_is_reminded_until_then(
        app, deliver, buyer, challenge):
    event = schedule(challenge, buyer, kind=EventKind.ONE_TO_ONE, hours=1, slot_minutes=30)
    supplier = supplier_person()
    register(app, supplier, event)
    event.starts_at -= timedelta(days=11)
    event.ends_at -= timedelta(days=11)
    db.session.commit()
    deliver().messages.clear()
    assert jobs.send_summary_reminders() == 1
    assert deliver().to(buyer.email)
    client = browser(app, buyer)
    organisation_id = supplier.memberships[0].organisation_id
    submit(client, f"/events/{event.id}/notes/{organisation_id}",
           {"text": "PRIVATE NOTE: price hint 4 MSEK"}, page=f"/events/{event.id}/participants")
    response = submit(client, f"/events/{event.id}/summary",
                      {"text": "Q: Can we deliver in stages? A: Yes."})
    assert response.status_code == 302
    public = app.test_client().get(f"/challenges/{challenge.id}/events").get_data(as_text=True)
    assert "Can we deliver in stages?" in public and "PRIVATE NOTE" not in public
    supplier_view = browser(app, supplier)
    for url in (f"/events/{event.id}", f"/events/{event.id}/participants"):
        assert "PRIVATE NOTE" not in supplier_view.get(url).get_data(as_text=True)
    assert "PRIVATE NOTE" in client.get(f"/events/{event.id}/participants").get_data(
        as_text=True)
    assert jobs.send_summary_reminders(now=utcnow() + timedelta(days=5)) == 0


def test_the_month_view_and_filters(app, buyer):
    health = make_challenge(owner=buyer.memberships[0].organisation if buyer.memberships
                            else make_authority(admin=buyer), region="SE110")
    event = schedule(health, buyer, title="Stockholm meeting")
    client = app.test_client()
    month = event.starts_at.strftime("%Y-%m")
    page = client.get(f"/events/?view=month&month={month}").get_data(as_text=True)
    assert "Stockholm meeting" in page
    assert "Stockholm meeting" in client.get("/events/?region=SE110").get_data(as_text=True)
    assert "Stockholm meeting" not in client.get("/events/?region=SE332").get_data(as_text=True)
    assert client.get("/events/?view=month&month=garbage").status_code == 200


def test_a_pitch_day_for_the_winners_admits_only_the_winners(app, buyer, challenge):
    from app.evaluation.models import Evaluation
    from app.solutions.models import SolutionResult
    from tests.factories import make_submitted_solution

    winner, loser = supplier_person("Winner"), supplier_person("Runner-up")
    for person, result in ((winner, SolutionResult.WINNER), (loser, SolutionResult.NOT_SELECTED)):
        make_submitted_solution(challenge, person.memberships[0].organisation, result=result)
    db.session.add(Evaluation(challenge=challenge, decision_published_at=utcnow()))
    event = schedule(challenge, buyer, kind=EventKind.PITCH_DAY, winners_only=True)
    client = browser(app, loser)
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "for the winners of the challenge only" in page and 'action="/events/' not in page
    refused = submit(client, f"/events/{event.id}/register", page="/events/mine")
    assert refused.status_code == 403
    assert "for the winners of the challenge only" in refused.get_data(as_text=True)
    _, admitted = register(app, winner, event)
    assert admitted.status_code == 302
    assert "The winners of the challenge" in app.test_client().get(
        f"/events/{event.id}").get_data(as_text=True)


def test_my_pages_block_lists_coming_events_and_summaries_owed(app, buyer, challenge):
    from app.dialogue.workspace import workspace_block

    event = schedule(challenge, buyer, title="Coming meeting")
    past = schedule(challenge, buyer, title="Held meeting")
    past.starts_at -= timedelta(days=12)
    past.ends_at -= timedelta(days=12)
    supplier = supplier_person()
    register(app, supplier, event)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        block = workspace_block(supplier)
        assert [(i.label, i.status) for i in block.items] == [
            ("Information meeting: Coming meeting", "Registered")]
        statuses = {i.label: i.status for i in workspace_block(buyer).items}
    assert statuses == {"Information meeting: Held meeting": "Publish the summary",
                        "Information meeting: Coming meeting": "You organise it"}


def test_events_join_the_challenge_timeline(buyer, challenge):
    from app.challenges.timeline import extra_entries

    event = schedule(challenge, buyer, title="Timeline meeting")
    entries = []
    extra_entries(challenge, entries)
    assert [(e.key, e.starts_at) for e in entries] == [(f"event-{event.id}", event.starts_at)]


def test_the_demo_has_events_of_each_kind_and_free_slots_for_the_demo_supplier(app):
    from app.accounts.services import find_user_by_email

    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    events = db.session.scalars(db.select(DialogueEvent)).all()
    assert {e.kind for e in events} == set(EventKind)
    one_to_one = next(e for e in events if e.is_one_to_one)
    assert any(s.is_free for s in one_to_one.slots) and not all(s.is_free for s in one_to_one.slots)
    assert any(e.winners_only for e in events)
    assert any(e.summary_published_at for e in events)
    client = app.test_client()
    log_in(client, find_user_by_email("supplier@demo.example"), "arena-demo-2026")
    page = client.get(f"/events/{one_to_one.id}").get_data(as_text=True)
    assert "Välj en mötestid" in page  # the demo supplier reads Swedish
    again = app.test_cli_runner().invoke(args=["demo", "load"])
    assert "dialogue events: 0 created" in again.output


def test_the_public_feeds_list_coming_events(app, buyer, challenge):
    event = schedule(challenge, buyer, title="Feed meeting")
    client = app.test_client()
    calendar = Calendar.from_ical(client.get("/events/calendar.ics").data)
    assert [str(c["uid"]) for c in calendar.walk("VEVENT")] == [event.uid]
    atom = client.get("/events/feed.atom")
    assert atom.mimetype == "application/atom+xml" and "Feed meeting" in atom.get_data(
        as_text=True)
    assert client.get("/events/feed.atom?kind=workshop").get_data(as_text=True).count(
        "<entry>") == 0


def test_erasing_an_account_gives_up_its_places_and_the_waiting_list_moves_up(
        app, deliver, buyer, challenge):
    from app.accounts.privacy import erase_account, personal_data

    event = schedule(challenge, buyer, capacity=1)
    leaving, waiting = supplier_person("Leaving"), supplier_person("Waiting")
    register(app, leaving, event)
    register(app, waiting, event)
    assert personal_data(leaving)["dialogue_events"][0]["event"] == event.title
    deliver().messages.clear()
    erase_account(leaving)
    db.session.commit()
    assert any("A place freed" in m["Subject"] for m in deliver().to(waiting.email))
    assert SECRET_LINK in browser(app, waiting).get(f"/events/{event.id}").get_data(
        as_text=True)


def test_more_seats_move_the_waiting_list_up(app, deliver, buyer, challenge):
    event = schedule(challenge, buyer, capacity=1)
    register(app, supplier_person("First"), event)
    waiting = supplier_person("Second")
    register(app, waiting, event)
    deliver().messages.clear()
    data = event_input(capacity=2)
    data.starts_at, data.ends_at = event.starts_at, event.ends_at
    services.update_event(event, buyer, data)
    db.session.commit()
    assert any("A place freed" in m["Subject"] for m in deliver().to(waiting.email))


def test_material_shown_at_the_meeting_is_public_with_the_summary(app, buyer, challenge):
    import io

    event = schedule(challenge, buyer)
    event.starts_at -= timedelta(days=11)
    event.ends_at -= timedelta(days=11)
    db.session.commit()
    client = browser(app, buyer)
    page = f"/events/{event.id}/summary"
    pdf = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    refused = submit(client, f"/events/{event.id}/material",
                     {"file": (io.BytesIO(b"MZ\x90\x00not a pdf"), "slides.pdf")}, page=page,
                     content_type="multipart/form-data")
    assert refused.status_code in (400, 415, 422)
    added = submit(client, f"/events/{event.id}/material",
                   {"file": (io.BytesIO(pdf), "slides.pdf")}, page=page,
                   content_type="multipart/form-data")
    assert added.status_code == 302
    link = client.get(page).get_data(as_text=True).split('href="/attachments/')[1].split('"')[0]
    visitor = app.test_client()
    assert "slides.pdf" not in visitor.get(f"/events/{event.id}").get_data(as_text=True)
    assert visitor.get(f"/attachments/{link}").status_code == 404  # not before the summary
    submit(client, page, {"text": "Q and A."})
    assert "slides.pdf" in visitor.get(f"/events/{event.id}").get_data(as_text=True)
    assert visitor.get(f"/attachments/{link}").data == pdf


def test_the_challenge_calendar_file_includes_its_events(app, buyer, challenge):
    event = schedule(challenge, buyer, title="Calendar meeting")
    body = readable(app.test_client().get(f"/challenges/{challenge.id}/calendar.ics")
                    .get_data(as_text=True))
    assert "Calendar meeting" in body and f"event-{event.id}@" in body
    assert SECRET_LINK not in body and SECRET_PLACE not in body
    services.cancel_event(event, buyer, "No room.")
    db.session.commit()
    assert "Calendar meeting" not in readable(app.test_client().get(
        f"/challenges/{challenge.id}/calendar.ics").get_data(as_text=True))


def test_the_buyer_announces_to_everyone_registered_for_an_event(app, deliver, buyer, challenge):
    event = schedule(challenge, buyer, capacity=1, title="Info day")
    registered, waiting, other = (supplier_person(n) for n in ("Reg", "Wait", "Other"))
    register(app, registered, event)
    register(app, waiting, event)
    other_event = schedule(challenge, buyer, title="Other day")
    register(app, other, other_event)
    deliver().messages.clear()
    client = browser(app, buyer)
    url = f"/messages/challenges/{challenge.id}/announcements"
    assert "Everyone registered for Info day" in client.get(url).get_data(as_text=True)
    sent = submit(client, url, {"target": f"event:{event.id}", "subject": "Room change",
                                "body": "We meet in room B.", "changes_conditions": "no"})
    assert sent.status_code == 302, sent.get_data(as_text=True)[:2000]
    mails = [m for m in deliver().messages if "Room change" in m["Subject"]]
    assert sorted(m["To"] for m in mails) == sorted([registered.email, waiting.email])


def test_withdrawing_the_challenge_cancels_its_coming_events_and_tells_who_registered(
        app, deliver, buyer, challenge):
    coming = schedule(challenge, buyer)
    held = schedule(challenge, buyer, days=5)
    held.starts_at, held.ends_at = (held.starts_at - timedelta(days=8),
                                    held.ends_at - timedelta(days=8))  # held last week
    db.session.commit()
    supplier = supplier_person()
    register(app, supplier, coming)
    deliver().messages.clear()
    client = browser(app, buyer)
    page = client.get(f"/challenges/{challenge.id}/withdraw").get_data(as_text=True)
    assert "1 coming event will be cancelled" in page
    response = submit(client, f"/challenges/{challenge.id}/withdraw",
                      {"reason": "The budget was moved to next year."})
    assert response.status_code == 302
    db.session.expire_all()
    assert coming.is_cancelled and not held.is_cancelled
    cancellation = [m for m in deliver().to(supplier.email) if ics_of(m) is not None]
    assert len(cancellation) == 1
    assert str(ics_of(cancellation[0])["method"]) == "CANCEL"
    assert "The budget was moved to next year." in text_of(cancellation[0])
    assert "cancelled" in app.test_client().get(f"/events/{coming.id}").get_data(as_text=True)
