"""What the administrator's e-mail queue page shows."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.extensions import db
from app.notifications.models import OutboxMessage, OutboxStatus

LIST_LIMIT = 100


@dataclass
class OutboxOverview:
    counts: dict[str, int] = field(default_factory=dict)
    waiting: list[OutboxMessage] = field(default_factory=list)
    failed: list[OutboxMessage] = field(default_factory=list)
    recently_sent: list[OutboxMessage] = field(default_factory=list)


def _messages(statuses, order, limit: int = LIST_LIMIT) -> list[OutboxMessage]:
    return list(db.session.scalars(
        db.select(OutboxMessage).where(OutboxMessage.status.in_(statuses))
        .order_by(order).limit(limit)))


def outbox_overview() -> OutboxOverview:
    """Counts per status, the waiting queue (oldest first), failures and the latest sent."""
    rows = db.session.execute(
        db.select(OutboxMessage.status, db.func.count(OutboxMessage.id))
        .group_by(OutboxMessage.status))
    counts = {status.value: 0 for status in OutboxStatus}
    counts.update({status.value: count for status, count in rows})
    return OutboxOverview(
        counts=counts,
        waiting=_messages([OutboxStatus.QUEUED, OutboxStatus.SENDING], OutboxMessage.id),
        failed=_messages([OutboxStatus.FAILED], OutboxMessage.id.desc()),
        recently_sent=_messages([OutboxStatus.SENT], OutboxMessage.sent_at.desc(), 20),
    )
