"""The outbox: queued in the transaction, delivered by the worker to a real SMTP server."""

from __future__ import annotations

import os
import threading
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, delete, select
from sqlalchemy.orm import Session

from app.core.db import utcnow
from app.extensions import db
from app.notifications.delivery import (
    LEASE,
    DeliveryReport,
    build_mail,
    claim_due,
    deliver_due,
    renew_claims,
    retry_delay,
)
from app.notifications.models import OutboxMessage, OutboxStatus
from app.notifications.services import queue_email_to_user
from app.notifications.transport import transmit
from tests.conftest import submit
from tests.factories import make_admin, make_user
from tests.smtp_sink import SmtpSink, text_of


def queued_reset_for(user) -> OutboxMessage:
    message = queue_email_to_user("accounts/password_changed", user)
    db.session.commit()
    return message


def test_queued_message_is_delivered_once_with_its_message_id(mailbox):
    user = make_user(locale="sv")
    message = queued_reset_for(user)
    report = deliver_due()
    assert report.sent == 1
    (received,) = mailbox.to(user.email)
    assert received["Message-ID"] == message.message_id
    assert received["Subject"] == "Ditt lösenord har ändrats" or received["Subject"]
    assert "password" in text_of(received).lower() or "lösenord" in text_of(received).lower()
    db.session.refresh(message)
    assert message.status == OutboxStatus.SENT and message.sent_at is not None
    assert deliver_due().sent == 0  # nothing left to send


def test_rolled_back_change_leaves_no_message():
    user = make_user()
    db.session.commit()
    queue_email_to_user("accounts/password_changed", user)
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count(OutboxMessage.id)).filter_by(
        recipient_id=user.id)) == 0


def test_smtp_server_down_keeps_the_message_queued_with_its_error(app, mailbox):
    user = make_user()
    message = queued_reset_for(user)
    original_port = app.config["MAIL_PORT"]
    down = SmtpSink()  # a port nobody listens on
    app.extensions["mail"].port = down.port
    try:
        report = deliver_due()
    finally:
        app.extensions["mail"].port = original_port
    assert report.deferred == 1 and report.sent == 0
    db.session.refresh(message)
    assert message.status == OutboxStatus.QUEUED
    assert message.attempts == 1
    assert "Connection refused" in message.last_error or "Errno" in message.last_error
    assert message.next_attempt_at > utcnow()

    # The server is back: the next run after the back-off delivers it.
    report = deliver_due(now=utcnow() + timedelta(minutes=1))
    assert report.sent == 1
    assert len(mailbox.to(user.email)) == 1


def test_server_refusing_then_accepting(mailbox):
    user = make_user()
    message = queued_reset_for(user)
    mailbox.refuse = True
    assert deliver_due().deferred == 1
    db.session.refresh(message)
    assert "451" in message.last_error
    mailbox.refuse = False
    assert deliver_due(ignore_backoff=True).sent == 1
    assert len(mailbox.to(user.email)) == 1


def test_gives_up_after_the_maximum_number_of_attempts(app, mailbox):
    user = make_user()
    message = queued_reset_for(user)
    mailbox.refuse = True
    for _ in range(app.config["OUTBOX_MAX_ATTEMPTS"]):
        deliver_due(ignore_backoff=True)
    db.session.refresh(message)
    assert message.status == OutboxStatus.FAILED
    assert message.attempts == app.config["OUTBOX_MAX_ATTEMPTS"]


def test_backoff_grows_exponentially_and_is_capped():
    assert retry_delay(1) == timedelta(seconds=30)
    assert retry_delay(2) == timedelta(seconds=60)
    assert retry_delay(3) == timedelta(seconds=120)
    assert retry_delay(20) == timedelta(hours=2)


def test_a_crashed_workers_claim_expires_and_the_message_is_sent(mailbox):
    user = make_user()
    message = queued_reset_for(user)
    message.status = OutboxStatus.SENDING
    message.claimed_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert deliver_due().sent == 1
    (received,) = mailbox.to(user.email)
    assert received["Message-ID"] == message.message_id


def test_outbox_send_command(app, mailbox):
    user = make_user()
    queued_reset_for(user)
    result = app.test_cli_runner().invoke(args=["outbox", "send"])
    assert result.exit_code == 0, result.output
    assert "sent 1" in result.output
    assert len(mailbox.to(user.email)) == 1


def test_file_transport_writes_messages_to_a_folder(app, tmp_path):
    user = make_user()
    queued_reset_for(user)
    app.config.update(MAIL_TRANSPORT="file", MAIL_FOLDER=str(tmp_path))
    try:
        assert deliver_due().sent == 1
    finally:
        app.config["MAIL_TRANSPORT"] = "smtp"
    (written,) = tmp_path.glob("*.eml")
    assert user.email in written.read_text()


# --- retries, crashes and several workers ---

def test_backoff_against_a_server_that_refuses_then_accepts(mailbox):
    user = make_user()
    message = queued_reset_for(user)
    start = utcnow()
    mailbox.refuse = True
    assert deliver_due(now=start).deferred == 1
    db.session.refresh(message)
    assert message.next_attempt_at == start + timedelta(seconds=30)
    assert deliver_due(now=start + timedelta(seconds=20)).attempted == 0  # still backing off
    assert deliver_due(now=start + timedelta(seconds=31)).deferred == 1
    db.session.refresh(message)
    assert message.attempts == 2
    assert message.next_attempt_at == start + timedelta(seconds=31 + 60)
    mailbox.refuse = False
    assert deliver_due(now=start + timedelta(seconds=92)).sent == 1
    (received,) = mailbox.to(user.email)
    assert received["Message-ID"] == message.message_id


def test_a_retry_after_a_crash_sends_the_very_same_message(mailbox):
    user = make_user()
    message = queued_reset_for(user)
    # A worker claims the message, hands it to the SMTP server, and dies before
    # recording that it was sent.
    (claimed,) = claim_due(utcnow(), 10, worker="crashed")
    transmit(build_mail(db.session.get(OutboxMessage, claimed)))
    later = utcnow() + LEASE + timedelta(seconds=1)
    assert deliver_due(now=later).sent == 1
    first, second = mailbox.to(user.email)
    assert first["Message-ID"] == second["Message-ID"] == message.message_id
    assert text_of(first) == text_of(second) and first["Subject"] == second["Subject"]
    assert first["Date"] is not None


def test_a_worker_never_sends_a_message_another_worker_took_over(mailbox):
    user = make_user()
    queued_reset_for(user)
    now = utcnow()
    (message_id,) = claim_due(now, 10, worker="slow")
    later = now + LEASE + timedelta(seconds=1)
    assert claim_due(later, 10, worker="fast") == [message_id]  # the lease had expired
    # Before each step of sending, a worker renews its claims and sends only those it holds.
    assert renew_claims(db.session, [message_id], "slow", later) == set()
    assert renew_claims(db.session, [message_id], "fast", later) == {message_id}


def test_a_message_that_keeps_crashing_the_worker_ends_up_failed(app):
    user = make_user()
    message = queued_reset_for(user)
    now = utcnow()
    for _ in range(app.config["OUTBOX_MAX_ATTEMPTS"]):
        claim_due(now, 10, worker="crashes")
        now += LEASE + timedelta(seconds=1)
    assert claim_due(now, 10, worker="next") == []
    db.session.refresh(message)
    assert message.status == OutboxStatus.FAILED
    assert "claim expired" in message.last_error


def test_outbox_work_command_prints_its_progress(app, mailbox):
    user = make_user()
    queued_reset_for(user)
    result = app.test_cli_runner().invoke(
        args=["outbox", "work", "--passes", "2", "--interval", "0"])
    assert result.exit_code == 0, result.output
    assert "outbox worker started" in result.output and "sent 1" in result.output
    assert len(mailbox.to(user.email)) == 1


def test_jobs_run_is_one_command_for_cron(app, mailbox):
    user = make_user()
    queued_reset_for(user)
    result = app.test_cli_runner().invoke(args=["jobs", "run"])
    assert result.exit_code == 0, result.output
    for job in ("deadline_reminders", "digests", "outbox"):
        assert f"{job}:" in result.output
    assert len(mailbox.to(user.email)) == 1


# --- the administrator's page ---

def failed_message(app, mailbox) -> OutboxMessage:
    user = make_user()
    message = queued_reset_for(user)
    mailbox.refuse = True
    for _ in range(app.config["OUTBOX_MAX_ATTEMPTS"]):
        deliver_due(ignore_backoff=True)
    mailbox.refuse = False
    db.session.refresh(message)
    assert message.status == OutboxStatus.FAILED
    return message


def test_administrator_sees_failures_and_retries_one(app, client, login, mailbox):
    message = failed_message(app, mailbox)
    waiting = queued_reset_for(make_user())
    login(make_admin())
    dashboard = client.get("/admin/").get_data(as_text=True)
    assert 'href="/admin/outbox"' in dashboard
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert message.to_address in page and "451" in page
    assert waiting.to_address in page  # the queue
    response = submit(client, f"/admin/outbox/{message.id}/retry", page="/admin/outbox")
    assert response.status_code == 302
    db.session.expire_all()
    message = db.session.get(OutboxMessage, message.id)
    assert message.status == OutboxStatus.QUEUED and message.attempts == 0
    deliver_due()
    (received,) = mailbox.to(message.to_address)
    assert received["Message-ID"] == message.message_id


def test_administrator_retries_all_failed(app, client, login, mailbox):
    message = failed_message(app, mailbox)
    login(make_admin(locale="sv"))
    page = client.get("/admin/outbox", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    assert "Misslyckade" in page
    response = submit(client, "/admin/outbox/retry-failed", page="/admin/outbox")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(OutboxMessage, message.id).status == OutboxStatus.QUEUED


def test_only_administrators_see_the_queue(client, login):
    assert client.get("/admin/outbox").status_code == 302  # to the log-in page
    login(make_user())
    assert client.get("/admin/outbox").status_code == 403
    assert client.post("/admin/outbox/retry-failed").status_code in (400, 403)


# --- two workers on PostgreSQL ---

def _postgresql_url() -> str | None:
    url = os.environ.get("TEST_DATABASE_URL", "")
    return url if url.startswith("postgresql") else None


@pytest.mark.skipif(not _postgresql_url(), reason="row locking needs PostgreSQL")
def test_two_workers_on_postgresql_never_send_a_message_twice(app, mailbox):
    """Real commits on a separate engine: the rolled-back test transaction cannot show this."""
    engine = create_engine(_postgresql_url())
    ids = _queue_for_real(engine, 200)
    barrier = threading.Barrier(2)
    reports: list[DeliveryReport] = []
    errors: list[BaseException] = []

    def worker():
        worker_engine = create_engine(_postgresql_url())
        try:
            with app.app_context(), Session(worker_engine) as session:
                barrier.wait()
                reports.append(deliver_due(batch_size=7, session=session))
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            worker_engine.dispose()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert errors == []
        message_ids = [m["Message-ID"] for m in mailbox.messages
                       if m["To"].endswith("@two-workers.example")]
        assert len(message_ids) == 200 and len(set(message_ids)) == 200
        assert sum(r.sent for r in reports) == 200
        assert all(r.sent > 0 for r in reports), "both workers should have taken part"
        with Session(engine) as session:
            statuses = set(session.scalars(select(OutboxMessage.status)
                                           .where(OutboxMessage.id.in_(ids))))
        assert statuses == {OutboxStatus.SENT}
    finally:
        with Session(engine) as session:
            session.execute(delete(OutboxMessage).where(OutboxMessage.id.in_(ids)))
            session.commit()
        engine.dispose()


def _queue_for_real(engine, count: int) -> list[int]:
    with Session(engine) as session:
        messages = [OutboxMessage(
            message_id=f"<two-workers-{uuid.uuid4().hex}@arena.test>", event="tests/two_workers",
            to_address=f"reader{n}@two-workers.example", subject=f"Message {n}",
            body_text=f"Message number {n}.\n", headers={},
        ) for n in range(count)]
        session.add_all(messages)
        session.commit()
        return [m.id for m in messages]
