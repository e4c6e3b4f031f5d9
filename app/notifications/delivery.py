"""The outbox worker's delivery: claim due messages, send them, record the result.

Runs only in the CLI worker (`flask --app wsgi outbox send|work`, `worker`), never in a
request. Several workers may run at once: a claim takes row locks on PostgreSQL (FOR
UPDATE SKIP LOCKED) and a lease; a worker sends a message only while its claim still
holds, and a crashed worker's lease expires so another sends the very same message
(same Message-ID) later.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from flask_mail import Message
from sqlalchemy import or_, update
from sqlalchemy.orm import Session, selectinload

from app.core.db import utcnow
from app.extensions import db
from app.notifications.models import OutboxMessage, OutboxStatus
from app.notifications.transport import TransportPool

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=5)
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=2)
# Small enough that a step stays well within a third of the lease even when every
# message waits for the SMTP timeout.
MESSAGES_PER_CONNECTION_STEP = 4
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
    for attachment in message.attachments:
        mail_message.attach(attachment.filename, attachment.content_type, attachment.data)
    return mail_message


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


def _ours(worker: str | None):
    return OutboxMessage.claimed_by == worker if worker else OutboxMessage.claimed_by.is_(None)


def renew_claims(session: Session, ids, worker: str | None, now: datetime) -> set[int]:
    """Renew our lease on claimed messages and commit; the ids that are still ours (a
    message whose lease ran out may have been taken over by another worker)."""
    held = session.scalars(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(list(ids)), OutboxMessage.status == OutboxStatus.SENDING,
               _ours(worker))
        .values(claimed_until=max(now, utcnow()) + LEASE)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    ).all()
    session.commit()
    return set(held)


def _record(message: OutboxMessage, error: BaseException | None, report: DeliveryReport,
            now: datetime) -> None:
    """Note what became of a message handed over (the caller commits)."""
    if error is None:
        message.status = OutboxStatus.SENT
        message.sent_at = utcnow()
        message.claimed_until = None
        report.sent += 1
        return
    gave_up = _record_failure(message, error, now)  # keep the message, note why
    report.failed += gave_up
    report.deferred += not gave_up
    report.errors.append(message.last_error)
    log.warning("outbox message %s not delivered: %s", message.id, message.last_error)


def deliver_batch(ids: list[int], now: datetime, report: DeliveryReport, session: Session,
                  worker: str | None, pool: TransportPool) -> None:
    """Send a batch this worker has just claimed and commit the outcomes together.

    Messages go out over the pool's connections side by side, a few per connection at a
    time; one commit per batch rather than two per message (each commit waits for the
    disk). Between those steps the claim is renewed once a third of the lease has passed
    (a slow server), so a message is only ever sent while this worker holds it. A worker
    killed mid-batch leaves its claims to expire: that batch is then sent again, identical
    (same Message-ID and content), never lost.
    """
    held, renewed = set(ids), time.monotonic()
    messages = {m.id: m for m in session.scalars(
        db.select(OutboxMessage).where(OutboxMessage.id.in_(ids))
        .options(selectinload(OutboxMessage.attachments)))}
    step = pool.size * MESSAGES_PER_CONNECTION_STEP
    for start in range(0, len(ids), step):
        if time.monotonic() - renewed > LEASE.total_seconds() / 3:
            session.commit()  # keep the outcomes so far
            held, renewed = renew_claims(session, ids[start:], worker, now), time.monotonic()
        ready = [messages[i] for i in ids[start:start + step] if i in held]
        errors = pool.send_all([build_mail(message) for message in ready])
        for message, error in zip(ready, errors, strict=True):
            _record(message, error, report, now)
    session.commit()


def deliver_due(
    now: datetime | None = None, batch_size: int = 50, ignore_backoff: bool = False,
    session: Session | None = None,
) -> DeliveryReport:
    """One pass of the worker: deliver every message that is due, in batches."""
    report = DeliveryReport()
    now = now or utcnow()
    session = session or db.session
    worker = new_worker_id()
    seen: set[int] = set()
    pool = TransportPool()
    try:
        while ids := claim_due(now, batch_size, ignore_backoff, exclude=seen, session=session,
                               worker=worker):
            deliver_batch(ids, now, report, session, worker, pool)
            seen.update(ids)
    finally:
        pool.close()
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
