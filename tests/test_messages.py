"""Buyer ↔ supplier messages through HTTP: writing and answering, e-mail to the other
party, read receipts per organisation, files checked like solution files, bad input kept,
and the equal-treatment guard that turns a buyer's message into a public clarification."""

from __future__ import annotations

import io

import pytest

from app.challenges.models import ChallengeState
from app.extensions import db
from tests.conftest import log_in, submit
from tests.factories import (
    make_authority,
    make_challenge,
    make_solution,
    make_solution_record,
    make_supplier,
    make_user,
)
from tests.smtp_sink import text_of

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def people():
    buyer, supplier = make_user(name="Britt Buyer"), make_user(name="Sam Supplier")
    challenge = make_challenge(owner=make_authority(admin=buyer, name="Lunds kommun"),
                               title="Safe medication at home")
    organisation = make_supplier(admin=supplier, name="Dosera AB")
    solution = make_solution(challenge, organisation, supplier, title="Pill robot")
    challenge.state = ChallengeState.CLOSED  # no longer open: no guard
    db.session.commit()
    return {"buyer": buyer, "supplier": supplier, "solution": solution, "challenge": challenge}


def browser(app, user):
    client = app.test_client()
    log_in(client, user)
    return client


def url(people) -> str:
    return f"/messages/solutions/{people['solution'].id}"


def test_buyer_writes_supplier_is_e_mailed_and_answers_on_the_web(app, people, deliver):
    buyer, supplier = browser(app, people["buyer"]), browser(app, people["supplier"])
    assert submit(buyer, url(people), {"body": "Can you run a pilot in May?"}).status_code == 302
    mail = [m for m in deliver().messages if m["To"] == people["supplier"].email
            and "New message" in m["Subject"]]
    assert "Can you run a pilot in May?" in text_of(mail[0])
    assert url(people) in text_of(mail[0]) and "Lunds kommun" in mail[0]["Subject"]
    assert submit(supplier, url(people), {"body": "Yes, from 5 May."}).status_code == 302
    page = buyer.get(url(people)).get_data(as_text=True)
    assert "Can you run a pilot in May?" in page and "Yes, from 5 May." in page


def test_read_receipts_per_organisation_and_unread_in_the_list(app, people):
    buyer, supplier = browser(app, people["buyer"]), browser(app, people["supplier"])
    submit(buyer, url(people), {"body": "Hello"})
    assert "Not read by the other party yet" in buyer.get(url(people)).get_data(as_text=True)
    assert "Unread" in supplier.get("/messages/").get_data(as_text=True)
    supplier.get(url(people))
    assert "Unread" not in supplier.get("/messages/").get_data(as_text=True)
    assert "Read by Dosera AB" in buyer.get(url(people)).get_data(as_text=True)


def test_files_are_checked_like_solution_files(app, people):
    supplier = browser(app, people["supplier"])
    fake = (io.BytesIO(b"#!/bin/sh\nrm -rf /\n"), "brochure.pdf")
    refused = submit(supplier, url(people), {"body": "Our brochure", "attachments": fake},
                     content_type="multipart/form-data")
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "brochure.pdf is not an accepted file" in page and "Our brochure" in page
    good = (io.BytesIO(PDF), "brochure.pdf")
    submit(supplier, url(people), {"body": "Our brochure", "attachments": good},
           content_type="multipart/form-data")
    buyer = browser(app, people["buyer"])
    link = buyer.get(url(people)).get_data(as_text=True).split('href="/attachments/')[1]
    assert buyer.get("/attachments/" + link.split('"')[0]).data == PDF


def test_an_empty_message_is_refused_in_the_readers_language(app, people):
    supplier = browser(app, people["supplier"])
    response = submit(supplier, url(people), {"body": "   "})
    assert response.status_code == 422 and "Write your message." in response.get_data(True)


@pytest.fixture
def open_challenge(people):
    people["challenge"].state = ChallengeState.PUBLISHED
    db.session.commit()
    return people


def test_guard_asks_the_buyer_during_an_open_challenge(app, open_challenge, deliver):
    buyer = browser(app, open_challenge["buyer"])
    unanswered = submit(buyer, url(open_challenge), {"body": "The deadline moves."})
    assert unanswered.status_code == 422
    assert "changes or clarifies the conditions" in unanswered.get_data(as_text=True)
    sent = submit(buyer, url(open_challenge), {"body": "Your file is unreadable.",
                                               "changes_conditions": "no"})
    assert sent.status_code == 302


def test_guard_turns_the_message_into_a_public_clarification(app, open_challenge, deliver):
    buyer = browser(app, open_challenge["buyer"])
    step = submit(buyer, url(open_challenge), {"body": "Deliveries may be in stages.",
                                               "changes_conditions": "yes"})
    assert step.status_code == 200
    assert "Deliveries may be in stages." in step.get_data(as_text=True)  # kept, prefilled
    assert "No messages yet" in buyer.get(url(open_challenge)).get_data(as_text=True)
    published = submit(buyer, f"{url(open_challenge)}/clarification",
                       {"text": "Deliveries may be in stages."}, page=url(open_challenge))
    assert published.status_code == 302
    public = app.test_client().get(f"/challenges/{open_challenge['challenge'].id}")
    assert "Deliveries may be in stages." in public.get_data(as_text=True)
    mails = deliver().messages
    assert not [m for m in mails if m["To"] == open_challenge["supplier"].email
                and "New message" in m["Subject"]]


def test_the_supplier_is_not_asked(app, open_challenge):
    supplier = browser(app, open_challenge["supplier"])
    page = supplier.get(url(open_challenge)).get_data(as_text=True)
    assert "change or clarify the conditions" not in page
    assert submit(supplier, url(open_challenge), {"body": "A question"}).status_code == 302


def test_my_pages_show_unread_conversations_until_read(app, people):
    buyer, supplier = browser(app, people["buyer"]), browser(app, people["supplier"])
    submit(buyer, url(people), {"body": "Hello"})
    page = supplier.get("/my/").get_data(as_text=True)
    assert "Unread messages" in page and "Safe medication at home: Dosera AB" in page
    supplier.get(url(people))
    assert "Unread messages" not in supplier.get("/my/").get_data(as_text=True)
    assert "Unread messages" not in buyer.get("/my/").get_data(as_text=True)  # their own


def test_a_persons_messages_in_their_data_and_after_erasure_the_record_stays(app, people):
    supplier = browser(app, people["supplier"])
    submit(supplier, url(people), {"body": "Our answer, for the record"})
    data = supplier.get("/account/data.json").get_json()
    assert data["messages"][0]["text"] == "Our answer, for the record"
    response = submit(supplier, "/account/delete", {"password": "correct-horse-battery-9"})
    assert response.status_code == 302
    page = browser(app, people["buyer"]).get(url(people)).get_data(as_text=True)
    assert "Our answer, for the record" in page and "Sam Supplier" not in page


# -- announcements ------------------------------------------------------------------------

def announce_url(people) -> str:
    return f"/messages/challenges/{people['challenge'].id}/announcements"


def test_an_announcement_reaches_everyone_who_submitted_and_no_one_else(app, people, deliver):
    drafting = make_user(name="Dora Drafter")
    make_solution_record(people["challenge"], make_supplier(admin=drafting))
    db.session.commit()
    buyer = browser(app, people["buyer"])
    sent = submit(buyer, announce_url(people), {"target": "submitted", "subject": "Pilot sites",
                                                "body": "The pilot sites are Lund and Eslöv."})
    assert sent.status_code == 302
    mails = [m for m in deliver().messages if "Pilot sites" in m["Subject"]]
    assert [m["To"] for m in mails] == [people["supplier"].email]
    assert "The pilot sites are Lund and Eslöv." in text_of(mails[0])
    link = text_of(mails[0]).split("/messages/announcements/")[1].split()[0]
    page = browser(app, people["supplier"]).get(f"/messages/announcements/{link}")
    assert "The pilot sites are Lund and Eslöv." in page.get_data(as_text=True)
    assert browser(app, drafting).get(f"/messages/announcements/{link}").status_code == 404
    assert "Pilot sites" in buyer.get(announce_url(people)).get_data(as_text=True)


def test_only_the_buyers_announce(app, people):
    supplier = browser(app, people["supplier"])
    assert supplier.get(announce_url(people)).status_code == 403


def test_an_announcement_needs_a_group_and_keeps_what_was_typed(app, people):
    buyer = browser(app, people["buyer"])
    response = submit(buyer, announce_url(people), {"subject": "Hello", "body": "Kept text"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Choose who the announcement is for." in page and "Kept text" in page


def test_during_an_open_challenge_an_announcement_can_become_a_clarification(
        app, open_challenge):
    buyer = browser(app, open_challenge["buyer"])
    url = announce_url(open_challenge)
    step = submit(buyer, url, {"target": "interested", "subject": "Budget",
                               "body": "The budget is 2 MSEK.", "changes_conditions": "yes"})
    assert step.status_code == 200 and "The budget is 2 MSEK." in step.get_data(as_text=True)
    published = submit(buyer, f"/messages/challenges/{open_challenge['challenge'].id}/"
                              "clarification", {"subject": "Budget",
                                                "text": "The budget is 2 MSEK."}, page=url)
    assert published.status_code == 302
    public = app.test_client().get(f"/challenges/{open_challenge['challenge'].id}")
    assert "The budget is 2 MSEK." in public.get_data(as_text=True)
    assert "No announcements yet." in buyer.get(url).get_data(as_text=True)


def test_another_area_adds_a_group_per_object(app, people, monkeypatch, deliver):
    """The extension point the dialogue area uses for an event's registrants."""
    from sqlalchemy import select

    from app.accounts.models import User
    from app.core import events
    from app.messages import announcements

    monkeypatch.setitem(events.AUDIENCES, "test/only_the_supplier",
                        lambda challenge_id, target_id: select(User.id).where(
                            User.id == target_id))
    monkeypatch.setitem(announcements.TARGETS, "test_group", announcements.Target(
        "test_group", "Registered for %(name)s", "test/only_the_supplier",
        objects=lambda challenge: [(people["supplier"].id, "Info day")]))
    buyer = browser(app, people["buyer"])
    assert "Registered for Info day" in buyer.get(announce_url(people)).get_data(as_text=True)
    submit(buyer, announce_url(people), {"target": f"test_group:{people['supplier'].id}",
                                         "subject": "Room change", "body": "Room B."})
    mails = [m for m in deliver().messages if "Room change" in m["Subject"]]
    assert [m["To"] for m in mails] == [people["supplier"].email]


def test_the_demo_has_a_conversation_the_demo_supplier_has_not_read(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "messages between a buyer and the demo supplier: 3" in result.output
    from app.accounts.services import find_user_by_email

    supplier = app.test_client()
    log_in(supplier, find_user_by_email("supplier@demo.example"), "arena-demo-2026")
    listing = supplier.get("/messages/").get_data(as_text=True)
    assert "Oläst" in listing  # the demo account reads Swedish
    again = runner.invoke(args=["demo", "load"])
    assert "messages between a buyer and the demo supplier: 0" in again.output


def test_bench_generate_makes_threads_whose_counts_match_their_messages(app):
    from app.messages.models import Message, MessageThread

    result = app.test_cli_runner().invoke(args=[
        "bench", "generate", "--challenges", "30", "--solutions", "120", "--authorities", "3",
        "--suppliers", "25", "--seed", "3"])
    assert result.exit_code == 0, result.output
    threads = db.session.scalars(db.select(MessageThread)).all()
    assert threads
    for thread in threads[:20]:
        messages = db.session.scalars(db.select(Message).filter_by(thread_id=thread.id)).all()
        assert thread.message_count == len(messages) >= 1
        assert thread.last_message_at == max(m.created_at for m in messages)
