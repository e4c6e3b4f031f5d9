"""Daily and weekly digests: every pending item of a user in ONE e-mail per period.

A daily item waits for the next 07:00 in Stockholm, a weekly one for the next Monday
07:00; the job (`jobs run digests`, or the worker) may run as often as it likes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, or_

from app.accounts.models import User
from app.core.dates import local_zone
from app.core.db import utcnow
from app.core.events import EventGroup, Frequency
from app.extensions import db
from app.funding.models import FundingProgramme
from app.funding.services import FundingSuggestion, audiences_of
from app.notifications.models import Notification
from app.notifications.preferences import stored_frequencies
from app.notifications.services import optional_email_extras, queue_email_to_user

DIGEST_HOUR = 7
DIGEST_EVENT = "notifications/digest"


def daily_cutoff(now: datetime) -> datetime:
    """The latest 07:00 in Stockholm at or before now (items before it are due)."""
    local = now.astimezone(local_zone())
    cutoff = local.replace(hour=DIGEST_HOUR, minute=0, second=0, microsecond=0)
    if cutoff > local:
        cutoff -= timedelta(days=1)
    return cutoff.astimezone(UTC)


def weekly_cutoff(now: datetime) -> datetime:
    """The latest Monday 07:00 in Stockholm at or before now."""
    local = daily_cutoff(now).astimezone(local_zone())
    return (local - timedelta(days=local.weekday())).astimezone(UTC)


def _due_condition(now: datetime):
    return and_(
        Notification.digested_at.is_(None),
        or_(and_(Notification.frequency == Frequency.DAILY,
                 Notification.created_at < daily_cutoff(now)),
            and_(Notification.frequency == Frequency.WEEKLY,
                 Notification.created_at < weekly_cutoff(now))),
    )


def users_with_due_items(now: datetime) -> list[int]:
    """The users who have digest items due."""
    return list(db.session.scalars(
        db.select(Notification.user_id).where(_due_condition(now)).distinct()))


def _claim_items(user_id: int, now: datetime) -> list[Notification]:
    # Row locks (PostgreSQL) keep two workers from sending the same digest.
    query = (db.select(Notification)
             .where(Notification.user_id == user_id, _due_condition(now))
             .order_by(Notification.created_at, Notification.id))
    if db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return list(db.session.scalars(query))


def _still_wanted(user: User, items: list[Notification]) -> list[Notification]:
    """Items of groups the user has turned off since are dropped, not sent."""
    stored = stored_frequencies([user.id])
    return [i for i in items if stored.get((user.id, i.group)) != Frequency.OFF]


def _funding_for(user: User, items: list[Notification]) -> FundingSuggestion:
    keys = list(dict.fromkeys(k for item in items for k in item.funding_keys or []))[:2]
    if not keys:
        return FundingSuggestion(None)
    by_key = {p.key: p for p in db.session.scalars(
        db.select(FundingProgramme).where(FundingProgramme.key.in_(keys)))}
    audiences = set().union(*(audiences_of(m.organisation) for m in user.memberships))
    return FundingSuggestion(None, audiences, [by_key[k] for k in keys if k in by_key])


@dataclass
class DigestReport:
    sent: int = 0
    items: int = 0


def _period(items: list[Notification]) -> str:
    return "weekly" if all(i.frequency == Frequency.WEEKLY for i in items) else "daily"


def send_digest(user: User, items: list[Notification], now: datetime):
    """Queue one digest e-mail with the items, in the user's language, and mark them done."""
    groups = sorted({i.group for i in items} - {EventGroup.SECURITY.value})
    extras, headers = optional_email_extras(user, groups)
    message = queue_email_to_user(
        DIGEST_EVENT, user, headers=headers, items=items, period=_period(items),
        funding_suggestion=_funding_for(user, items), **extras)
    for item in items:
        item.digested_at = now
        item.outbox_message_id = message.id
    db.session.flush()
    return message


def send_due_digests(now: datetime | None = None) -> DigestReport:
    """Send every due digest, one e-mail per user, committing user by user."""
    now = now or utcnow()
    report = DigestReport()
    for user_id in users_with_due_items(now):
        items = _claim_items(user_id, now)
        user = db.session.get(User, user_id)
        wanted = _still_wanted(user, items) if user.is_active_account else []
        for item in set(items) - set(wanted):
            item.digested_at = now  # turned off since, or the account is closed: dropped
        if wanted:
            send_digest(user, wanted, now)
            report.sent += 1
            report.items += len(wanted)
        db.session.commit()
    return report
