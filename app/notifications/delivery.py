"""The outbox worker's delivery: claim due messages, send them, record the result.

Runs only in the CLI worker (`flask --app wsgi outbox send|work`, `worker`), never in a
request. Several workers may run at once: a claim takes row locks on PostgreSQL (FOR
UPDATE SKIP LOCKED) and a lease; a worker sends a message only while its claim still
holds, and a crashed worker's lease expires so another sends the very same message
(same Message-ID) later.
"""

from __future__ import annotations

import logging
import smtplib
import socket
import uuid
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app
from flask_mail import Message
from sqlalchemy import or_, update
from sqlalchemy.orm import Session

from app.core.db import utcnow
from app.extensions import db, mail
from app.notifications.models import OutboxMessage, OutboxStatus

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=5)
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=2)
CRASH_ERROR = "The worker stopped while sending (its claim expired)."


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


def new_worker_id() -> str:
    """An identifier for one worker pass; a claim belongs to it."""
    return uuid.uuid4().hex


def _max_attempts() -> int:
    return current_app.config["OUTBOX_MAX_ATTEMPTS"]


def _due_query(now: datetime, batch_size: int, ignore_backoff: bool, exclude):
    due = OutboxMessage.status == OutboxStatus.QUEUED
    if not ignore_backoff:
        due = due & (OutboxMessage.next_attempt_at <= now)
    expired_claim = (OutboxMessage.status == OutboxStatus.SENDING) & (
        OutboxMessage.claimed_until < now
    )
    query = db.select(OutboxMessage).where(or_(due, expired_claim)).order_by(OutboxMessage.id)
    if exclude:
        query = query.where(OutboxMessage.id.not_in(list(exclude)))
    return query.limit(batch_size)


def claim_due(
    now: datetime, batch_size: int, ignore_backoff: bool = False,
    exclude: set[int] = frozenset(), session: Session | None = None, worker: str | None = None,
) -> list[int]:
    """Claim due messages for this worker (row locks on PostgreSQL) and commit the claim.

    Each claim counts as an attempt, so a message whose sending keeps crashing the
    worker still ends up failed instead of being retried forever.
    """
    session = session or db.session
    query = _due_query(now, batch_size, ignore_backoff, exclude)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    claimed = []
    for message in session.scalars(query):
        if message.status == OutboxStatus.SENDING and message.attempts >= _max_attempts():
            message.status, message.last_error, message.claimed_until = (
                OutboxStatus.FAILED, CRASH_ERROR, None)
            continue
        message.status = OutboxStatus.SENDING
        message.claimed_until = now + LEASE
        message.claimed_by = worker
        message.attempts += 1
        claimed.append(message.id)
    session.commit()
    return claimed


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
    mail_message.date = message.created_at.timestamp()  # a resent message is the same one
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


class Transport:
    """The configured transport (SMTP, or a folder in development) for one worker pass.

    Keeps one SMTP connection open for the whole pass instead of one per message (the
    connection, not the messages, was what limited the delivery rate); a connection that
    fails is dropped, and the next message opens a new one.
    """

    def __init__(self) -> None:
        self._connection = None

    def send(self, mail_message: Message) -> None:
        """Hand one message over; raises if the server refuses it or cannot be reached."""
        if current_app.config["MAIL_TRANSPORT"] == "file":
            _write_to_folder(mail_message)
            return
        with _socket_timeout(current_app.config["MAIL_TIMEOUT_SECONDS"]):
            try:
                if self._connection is None:
                    self._connection = mail.connect().__enter__()
                self._connection.send(mail_message)
            except (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused):
                raise  # the server answered (and was reset): the connection still serves
            except OSError:  # refused, reset, timed out or disconnected: open a new one next
                self._drop()
                raise

    def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None and connection.host is not None:
            with suppress(smtplib.SMTPException, OSError):
                connection.host.close()

    def close(self) -> None:
        """Say goodbye to the server (QUIT), if a connection is open."""
        if self._connection is not None:
            with suppress(smtplib.SMTPException, OSError):
                self._connection.__exit__(None, None, None)
            self._connection = None


def _write_to_folder(mail_message: Message) -> None:
    folder = Path(current_app.config["MAIL_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    name = mail_message.msgId.strip("<>").replace("@", "_") + ".eml"
    (folder / name).write_bytes(mail_message.as_bytes())


def transmit(mail_message: Message) -> None:
    """Hand one message to the configured transport on a connection of its own."""
    transport = Transport()
    try:
        transport.send(mail_message)
    finally:
        transport.close()


def _record_failure(message: OutboxMessage, error: Exception, now: datetime) -> bool:
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    message.claimed_until = None
    message.claimed_by = None
    if message.attempts >= _max_attempts():
        message.status = OutboxStatus.FAILED
        return True
    message.status = OutboxStatus.QUEUED
    message.next_attempt_at = now + retry_delay(message.attempts)
    return False


def _still_ours(session: Session, message_id: int, worker: str | None, now: datetime) -> bool:
    """Renew our lease just before sending; False if another worker has taken the message."""
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == OutboxStatus.SENDING,
               OutboxMessage.claimed_by == worker if worker else OutboxMessage.claimed_by.is_(None))
        .values(claimed_until=max(now, utcnow()) + LEASE)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return result.rowcount == 1


def deliver_one(message_id: int, now: datetime, report: DeliveryReport,
                session: Session | None = None, worker: str | None = None,
                transport: Transport | None = None) -> None:
    """Send one claimed message and commit its new state."""
    session = session or db.session
    if not _still_ours(session, message_id, worker, now):
        return
    message = session.get(OutboxMessage, message_id)
    try:
        (transport or Transport()).send(build_mail(message))
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
    session.commit()


def deliver_due(
    now: datetime | None = None, batch_size: int = 50, ignore_backoff: bool = False,
    session: Session | None = None,
) -> DeliveryReport:
    """One pass of the worker: deliver every message that is due, in batches."""
    report = DeliveryReport()
    now = now or utcnow()
    worker = new_worker_id()
    seen: set[int] = set()
    transport = Transport()
    try:
        while ids := claim_due(now, batch_size, ignore_backoff, exclude=seen, session=session,
                               worker=worker):
            for message_id in ids:
                deliver_one(message_id, now, report, session=session, worker=worker,
                            transport=transport)
            seen.update(ids)
    finally:
        transport.close()
    return report


def retry_failed(message: OutboxMessage) -> None:
    """Put a failed message back in the queue (an administrator's retry), same Message-ID."""
    message.status = OutboxStatus.QUEUED
    message.attempts = 0
    message.last_error = None
    message.claimed_until = None
    message.claimed_by = None
    message.next_attempt_at = utcnow()
    db.session.flush()


def retry_all_failed() -> int:
    """Put every failed message back in the queue; returns how many."""
    failed = list(db.session.scalars(
        db.select(OutboxMessage).where(OutboxMessage.status == OutboxStatus.FAILED)))
    for message in failed:
        retry_failed(message)
    return len(failed)
