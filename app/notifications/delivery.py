"""The outbox worker's delivery: claim due messages, send them, record the result.

Runs only in the CLI worker (`flask --app wsgi outbox send|work`), never in a request.
"""

from __future__ import annotations

import logging
import socket
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app
from flask_mail import Message
from sqlalchemy import or_

from app.core.db import utcnow
from app.extensions import db, mail
from app.notifications.models import OutboxMessage, OutboxStatus

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=5)
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=2)


@dataclass
class DeliveryReport:
    sent: int = 0
    deferred: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def attempted(self) -> int:
        return self.sent + self.deferred + self.failed


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff: 30 s, 1 min, 2 min, ... capped at two hours."""
    return min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), LONGEST_RETRY)


def claim_due(
    now: datetime, batch_size: int, ignore_backoff: bool = False, exclude: set[int] = frozenset()
) -> list[int]:
    """Claim due messages for this worker (row locks on PostgreSQL) and commit the claim."""
    due = OutboxMessage.status == OutboxStatus.QUEUED
    if not ignore_backoff:
        due = due & (OutboxMessage.next_attempt_at <= now)
    expired_claim = (OutboxMessage.status == OutboxStatus.SENDING) & (
        OutboxMessage.claimed_until < now
    )
    query = (
        db.select(OutboxMessage)
        .where(or_(due, expired_claim))
        .where(OutboxMessage.id.not_in(exclude))
        .order_by(OutboxMessage.id)
        .limit(batch_size)
    )
    if db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    messages = list(db.session.scalars(query))
    for message in messages:
        message.status = OutboxStatus.SENDING
        message.claimed_until = now + LEASE
    db.session.commit()
    return [m.id for m in messages]


def build_mail(message: OutboxMessage) -> Message:
    """The Flask-Mail message for an outbox row, with its stable Message-ID."""
    mail_message = Message(
        subject=message.subject,
        recipients=[message.to_address],
        body=message.body_text,
        html=message.body_html,
        sender=current_app.config["MAIL_DEFAULT_SENDER"],
        extra_headers=dict(message.headers or {}),
    )
    mail_message.msgId = message.message_id
    return mail_message


@contextmanager
def _socket_timeout(seconds: float):
    # Flask-Mail opens smtplib connections without a timeout; a hung server must not hang us.
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(seconds)
    try:
        yield
    finally:
        socket.setdefaulttimeout(previous)


def transmit(mail_message: Message) -> None:
    """Hand one message to the configured transport (SMTP, or a folder in development)."""
    if current_app.config["MAIL_TRANSPORT"] == "file":
        folder = Path(current_app.config["MAIL_FOLDER"])
        folder.mkdir(parents=True, exist_ok=True)
        name = mail_message.msgId.strip("<>").replace("@", "_") + ".eml"
        (folder / name).write_bytes(mail_message.as_bytes())
        return
    with _socket_timeout(current_app.config["MAIL_TIMEOUT_SECONDS"]):
        mail.send(mail_message)


def _record_failure(message: OutboxMessage, error: Exception, now: datetime) -> bool:
    message.attempts += 1
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    message.claimed_until = None
    if message.attempts >= current_app.config["OUTBOX_MAX_ATTEMPTS"]:
        message.status = OutboxStatus.FAILED
        return True
    message.status = OutboxStatus.QUEUED
    message.next_attempt_at = now + retry_delay(message.attempts)
    return False


def deliver_one(message_id: int, now: datetime, report: DeliveryReport) -> None:
    """Send one claimed message and commit its new state."""
    message = db.session.get(OutboxMessage, message_id)
    try:
        transmit(build_mail(message))
    except Exception as error:  # any transport error: keep the message, note why
        gave_up = _record_failure(message, error, now)
        report.failed += gave_up
        report.deferred += not gave_up
        report.errors.append(message.last_error)
        log.warning("outbox message %s not delivered: %s", message.id, message.last_error)
    else:
        message.status = OutboxStatus.SENT
        message.sent_at = utcnow()
        message.claimed_until = None
        report.sent += 1
    db.session.commit()


def deliver_due(
    now: datetime | None = None, batch_size: int = 200, ignore_backoff: bool = False
) -> DeliveryReport:
    """One pass of the worker: deliver every message that is due, in batches."""
    report = DeliveryReport()
    now = now or utcnow()
    seen: set[int] = set()
    while True:
        ids = claim_due(now, batch_size, ignore_backoff, exclude=seen)
        if not ids:
            return report
        for message_id in ids:
            deliver_one(message_id, now, report)
        seen.update(ids)


def retry_failed(message: OutboxMessage) -> None:
    """Put a failed message back in the queue (an administrator's retry)."""
    message.status = OutboxStatus.QUEUED
    message.attempts = 0
    message.next_attempt_at = utcnow()
    db.session.flush()
