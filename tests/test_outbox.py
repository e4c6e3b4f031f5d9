"""The outbox: queued in the transaction, delivered by the worker to a real SMTP server."""

from __future__ import annotations

from datetime import timedelta

from app.core.db import utcnow
from app.extensions import db
from app.notifications.delivery import deliver_due, retry_delay
from app.notifications.models import OutboxMessage, OutboxStatus
from app.notifications.services import queue_email_to_user
from tests.factories import make_user
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
