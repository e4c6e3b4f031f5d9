"""Faults: the mail server away for an hour, the worker killed mid-batch, a burst of
submissions at the deadline. Nothing lost, nothing sent twice with different content,
no 500s. (Concurrent edits of a challenge: tests/test_challenges.py; a locked database:
tests/test_account_security.py.)"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

from aiosmtpd.controller import Controller
from freezegun import freeze_time
from sqlalchemy import create_engine, select, update
from sqlalchemy.orm import Session

from app.core.db import utcnow
from app.extensions import db, limiter
from app.notifications.models import OutboxMessage, OutboxStatus
from app.notifications.services import queue_email_to_user
from app.solutions.models import Solution, SolutionState
from tests.conftest import csrf_from, log_in
from tests.factories import make_challenge, make_solution, make_supplier, make_user
from tests.smtp_sink import free_port, html_of, text_of

ROOT = Path(__file__).resolve().parent.parent
FLASK = [str(Path(sys.executable).parent / "flask"), "--app", "wsgi"]
# The mail server's threads keep real time while the test travels.
REAL_TIME = ["asyncio", "aiosmtpd", "concurrent.futures", "socket", "smtplib"]


# --- the mail server away for an hour ------------------------------------------------------

def test_smtp_down_for_an_hour_then_back_delivers_every_message_exactly_once(app, mailbox):
    people = [make_user(email=f"reader{n}@outage.example") for n in range(12)]
    queued = [queue_email_to_user("accounts/password_changed", person) for person in people]
    db.session.commit()
    start = utcnow().replace(microsecond=0)
    unreachable, real_port = free_port(), app.extensions["mail"].port
    later = []
    with freeze_time(start, ignore=REAL_TIME) as clock:
        for minute in range(150):  # the worker runs every minute for two and a half hours
            app.extensions["mail"].port = unreachable if minute < 30 else real_port
            mailbox.refuse = 30 <= minute < 60  # answering, but "451 try again later"
            if minute == 45:  # messages queued during the outage go out too
                later = [queue_email_to_user("accounts/password_changed", person)
                         for person in people[:3]]
                db.session.commit()
            report = _worker_pass()
            assert report.sent == 0 or minute >= 60
            clock.tick(timedelta(minutes=1))
    app.extensions["mail"].port = real_port
    expected = {m.message_id for m in queued + later}
    received = [m["Message-ID"] for m in mailbox.messages]
    assert sorted(received) == sorted(expected)  # each one, once
    db.session.expire_all()
    for message in queued + later:
        stored = db.session.get(OutboxMessage, message.id)
        assert stored.status == OutboxStatus.SENT and stored.attempts > 1
        assert stored.attempts <= app.config["OUTBOX_MAX_ATTEMPTS"]


def _worker_pass():
    from app.notifications.delivery import deliver_due

    return deliver_due()


# --- the worker killed in the middle of a batch -------------------------------------------

class HoldingHandler:
    """Keeps every message; from the `hold_at`-th on, never answers (the client waits)."""

    def __init__(self) -> None:
        self.received: list[bytes] = []
        self.hold_at: int | None = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.received.append(envelope.content)
        if self.hold_at is not None and len(self.received) >= self.hold_at:
            await asyncio.sleep(3600)  # accepted, but the reply never comes
        return "250 OK"


def _queue_for_real(engine, count: int) -> dict[str, tuple]:
    with Session(engine) as session:
        messages = [OutboxMessage(
            message_id=f"<killed-{n}-{uuid.uuid4().hex}@arena.test>", event="tests/killed",
            to_address=f"reader{n}@killed.example", subject=f"Your message number {n}",
            body_text=f"Text of message {n}.\n", body_html=f"<p>Message {n}</p>", headers={},
            created_at=utcnow()) for n in range(count)]
        session.add_all(messages)
        session.commit()
        return {m.message_id: (m.subject, m.body_text, m.body_html) for m in messages}


def _worker(database_url: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url, "ARENA_ENV": "development",
           "MAIL_TRANSPORT": "smtp", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(port),
           "MAIL_CONNECTIONS": "2", "MAIL_TIMEOUT_SECONDS": "30"}
    env.pop("TEST_DATABASE_URL", None)
    return subprocess.Popen([*FLASK, "outbox", "send", "--batch-size", "25"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _wait_for(condition, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _parsed(raw: bytes):
    import email
    import email.policy

    return email.message_from_bytes(raw, policy=email.policy.default)


def test_worker_killed_mid_batch_loses_nothing_and_resends_identically(committed_database):
    engine = create_engine(committed_database)
    sent = _queue_for_real(engine, 60)
    handler = HoldingHandler()
    handler.hold_at = 10  # the worker hangs on the 10th message of its first batch
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        first = _worker(committed_database, controller.port)
        _wait_for(lambda: len(handler.received) >= handler.hold_at)
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        with Session(engine) as session:
            statuses = set(session.scalars(select(OutboxMessage.status)))
        assert OutboxStatus.SENT not in statuses  # its batch was never recorded
        before_crash = len(handler.received)

        # Five minutes later its claims have expired; another worker takes over.
        with engine.begin() as connection:
            connection.execute(update(OutboxMessage).where(
                OutboxMessage.status == OutboxStatus.SENDING).values(
                claimed_until=utcnow() - timedelta(seconds=1)))
        handler.hold_at = None
        second = _worker(committed_database, controller.port)
        output = second.communicate(timeout=120)[0]
        assert second.returncode == 0, output
    finally:
        controller.stop()
    received = [_parsed(raw) for raw in handler.received]
    by_id: dict[str, list] = {}
    for message in received:
        by_id.setdefault(message["Message-ID"], []).append(message)
    assert set(by_id) == set(sent)  # nothing lost
    for message_id, copies in by_id.items():
        subject, body_text, body_html = sent[message_id]
        for copy in copies:  # a message sent twice is the very same message
            assert copy["Subject"] == subject
            assert text_of(copy).replace("\r\n", "\n") == body_text
            assert html_of(copy).strip() == body_html
        assert len({c["Date"] for c in copies}) == 1
    assert len(received) - len(sent) <= before_crash  # only the interrupted batch again
    with Session(engine) as session:
        assert set(session.scalars(select(OutboxMessage.status))) == {OutboxStatus.SENT}
    engine.dispose()


# --- a burst of submissions at the deadline -----------------------------------------------

def _solution_form(challenge, page: str) -> dict:
    data = {"csrf_token": csrf_from(page), "title": "Solar benches",
            "public_summary": "Benches that charge phones.", "details": "Confidential plan.",
            "trl": "6", "references": "", "price_model": "", "ip_statement": "",
            "ip_terms_acknowledged": "y", "action": "submit",
            "version": _field(page, "version")}
    for requirement in challenge.requirements:
        data[f"answer_{requirement.id}"] = "Like this."
    return data


def _field(page: str, name: str) -> str:
    import re

    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', page)
    return match.group(1) if match else ""


def test_submission_burst_at_the_deadline(app, mailbox):
    deadline = utcnow().replace(microsecond=0) + timedelta(days=1)
    challenge = make_challenge(submission_deadline_at=deadline,
                               question_deadline_at=deadline - timedelta(days=7))
    suppliers = []
    for n in range(30):
        person = make_user(email=f"last-minute{n}@burst.example")
        organisation = make_supplier(admin=person, name=f"Sista minuten {n} AB")
        make_solution(challenge, organisation, person, submit=False)
        suppliers.append((person, organisation))
    db.session.commit()
    browsers = []
    with freeze_time(deadline - timedelta(minutes=10)):  # everyone has the form open
        for person, _organisation in suppliers:
            limiter.reset()
            browser = app.test_client()
            log_in(browser, person)
            page = browser.get(f"/challenges/{challenge.id}/solution")
            assert page.status_code == 200
            browsers.append((browser, _solution_form(challenge, page.get_data(as_text=True))))
    outcomes = []
    for n, (browser, form) in enumerate(browsers):  # one a second, across the deadline
        moment = deadline + timedelta(seconds=n - 15)
        with freeze_time(moment):
            response = browser.post(f"/challenges/{challenge.id}/solution", data=form)
        outcomes.append((moment < deadline, response))
    assert all(r.status_code < 500 for _before, r in outcomes)
    for before, response in outcomes:
        if before:
            assert response.status_code == 302, response.get_data(as_text=True)[:500]
        else:
            assert response.status_code == 409
            assert "The deadline for solutions passed on" in response.get_data(as_text=True)
    db.session.expire_all()
    states = {s.organisation_id: s for s in db.session.scalars(
        db.select(Solution).filter_by(challenge_id=challenge.id))}
    for (before, _response), (_person, organisation) in zip(outcomes, suppliers, strict=True):
        solution = states[organisation.id]
        if before:
            assert solution.state == SolutionState.SUBMITTED and len(solution.versions) == 1
            assert solution.submitted_at < deadline
        else:
            assert solution.state == SolutionState.DRAFT and not solution.versions
    from app.notifications.delivery import deliver_due

    deliver_due(now=deadline + timedelta(minutes=1))  # receipts for accepted ones only
    for (before, _response), (person, _organisation) in zip(outcomes, suppliers, strict=True):
        assert len(mailbox.to(person.email)) == (1 if before else 0)
