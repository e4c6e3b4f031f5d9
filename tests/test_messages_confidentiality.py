"""Who reads buyer ↔ supplier messages, from the outside: every role of the authorisation
world opens the thread, the list, the message's file and the e-mails, and the leak markers
(the message text, the file's name) reach only the supplier's members and the owners."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.messages import services
from app.solutions.models import Solution
from tests.authorisation_world import MESSAGE_FILE, MESSAGE_TEXT, ROLES, build_world
from tests.conftest import log_in, submit
from tests.smtp_sink import html_of, text_of

READERS = {"supplier", "owner", "co_owner"}


def client_for(app, world, role):
    client = app.test_client()
    if role != "anonymous":
        log_in(client, world.users[role])
    return client


@pytest.mark.parametrize("role", ROLES)
def test_only_the_parties_read_the_thread_its_file_and_the_list(app, role):
    world = build_world()
    client = client_for(app, world, role)
    solution_id, file_id = world.values["solution_id"], world.values["message_attachment_id"]
    thread = client.get(f"/messages/solutions/{solution_id}")
    listing = client.get("/messages/")
    download = client.get(f"/attachments/{file_id}/file.pdf")  # the name is not echoed
    if role in READERS:
        assert thread.status_code == 200
        assert f"{MESSAGE_TEXT} question" in thread.get_data(as_text=True)
        assert "Jurors never see messages" in thread.get_data(as_text=True)
        assert "World challenge" in listing.get_data(as_text=True)
        assert download.status_code == 200
    else:
        assert thread.status_code == (302 if role == "anonymous" else 404)
        assert download.status_code in (302, 404)
        for response in (thread, listing, download):
            body = response.get_data(as_text=True)
            assert MESSAGE_TEXT not in body and MESSAGE_FILE not in body


@pytest.mark.parametrize("role", sorted(set(ROLES) - READERS - {"anonymous"}))
def test_outsiders_cannot_write_or_publish(app, monkeypatch, role):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)  # the permission decides
    world = build_world()
    client = client_for(app, world, role)
    url = f"/messages/solutions/{world.values['solution_id']}"
    sent = client.post(url, data={"body": "Let me in"})
    published = client.post(f"{url}/clarification", data={"text": "Let me in"})
    assert sent.status_code == 404 and published.status_code == 404
    assert not [m for m in _thread_messages(world) if "Let me in" in m.body]


def _thread_messages(world):
    solution = db.session.get(Solution, world.values["solution_id"])
    return services.messages_of(services.thread_of(solution))


def test_the_co_owner_writes_and_the_supplier_reads_it(app):
    world = build_world()
    co_owner = client_for(app, world, "co_owner")
    url = f"/messages/solutions/{world.values['solution_id']}"
    response = submit(co_owner, url, {"body": "From the co-owner, CO-OWNER-NOTE"})
    assert response.status_code == 302
    page = client_for(app, world, "supplier").get(url).get_data(as_text=True)
    assert "CO-OWNER-NOTE" in page


def test_message_e_mails_go_to_the_parties_only(app, deliver):
    world = build_world()
    supplier = client_for(app, world, "supplier")
    url = f"/messages/solutions/{world.values['solution_id']}"
    submit(supplier, url, {"body": "MAIL-LEAK-MARKER about delivery"})
    sink = deliver()
    parties = {world.users[r].email for r in READERS}
    carrying = [m for m in sink.messages if "MAIL-LEAK-MARKER" in text_of(m) + html_of(m)]
    assert carrying, "the buyers are e-mailed the message"
    assert {m["To"] for m in carrying} <= parties
    assert world.users["owner"].email in {m["To"] for m in carrying}
    assert world.users["supplier"].email not in {m["To"] for m in carrying}  # the author


def test_a_draft_has_no_thread_even_for_its_supplier(app):
    world = build_world()
    draft = db.session.scalars(db.select(Solution).where(
        Solution.submitted_at.is_(None))).first()
    for role in ("supplier", "owner"):
        client = client_for(app, world, role)
        assert client.get(f"/messages/solutions/{draft.id}").status_code == 404


def test_the_owners_protocol_has_the_messages_in_its_annex_anonymised(app):
    """The world's evaluation is anonymised: the annex names "Solution 1" and "Supplier",
    never the supplier (nor its file's name), and only the owner's members read it."""
    world = build_world()
    base = f"/challenges/{world.values['challenge_id']}/evaluation"
    owner = client_for(app, world, "owner")
    page = owner.get(f"{base}/protocol").get_data(as_text=True)
    csv_text = owner.get(f"{base}/protocol.csv").get_data(as_text=True)
    for document in (page, csv_text):
        assert "Annex: Messages with the suppliers" in document
        assert f"{MESSAGE_TEXT} question" in document and f"{MESSAGE_TEXT} answer" in document
        assert "Solution 1" in document and "1 file" in document
        assert not [m for m in world.markers if m in document]
        assert MESSAGE_FILE not in document
    assert owner.get(f"{base}/protocol.pdf").status_code == 200
    for role in ("juror", "conflicted_juror", "supplier"):
        response = client_for(app, world, role).get(f"{base}/protocol")
        assert response.status_code in (403, 404)
        assert MESSAGE_TEXT not in response.get_data(as_text=True)
