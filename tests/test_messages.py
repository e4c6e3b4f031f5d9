"""Buyer ↔ supplier messages through HTTP: writing and answering, e-mail to the other
party, read receipts per organisation, files checked like solution files, bad input kept,
and the equal-treatment guard that turns a buyer's message into a public clarification."""

from __future__ import annotations

import io

import pytest

from app.challenges.models import ChallengeState
from app.extensions import db
from tests.conftest import log_in, submit
from tests.factories import make_authority, make_challenge, make_solution, make_supplier, make_user
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
