"""Notifications to a large audience, expanded by the worker instead of the request.

`notify_audience(event, audience(...), **context)` is `notify()` for an audience that
can be large (everyone following a challenge, and later everyone whose interest profile
matches a new one). A small audience is told at once, exactly as `notify()` does. A
larger one costs the request one row: the worker's `fanout` job expands it in batches
into the very messages and in-app notifications `notify()` would have made. Each batch
commits together with the expansion's progress, so a worker stopped half-way neither
loses nor repeats a recipient; a claim with a lease (and row locks on PostgreSQL) keeps
two workers from expanding the same fan-out.

An audience is a named query of user ids that areas register with
`app.core.events.register_audience`; the context holds plain values and model objects,
stored as references.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import Select, or_, update

from app.accounts.models import User
from app.core.db import utcnow
from app.core.events import Audience, notify
from app.core.events import event as catalogue_event
from app.extensions import db
from app.notifications.delivery import new_worker_id
from app.notifications.models import NotificationFanout

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=5)


# --- the context, stored between the request and the worker -------------------------------

def encode(value):
    """A JSON-ready form of a context value: model objects become references."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, list | tuple):
        return [encode(item) for item in value]
    if isinstance(value, dict):
        return {"$dict": {str(k): encode(v) for k, v in value.items()}}
    if isinstance(value, db.Model):
        return {"$model": type(value).__name__, "id": value.id}
    raise TypeError(f"cannot keep a {type(value).__name__} for a later notification")


class Vanished(LookupError):
    """A model object named in the context no longer exists."""


def _model_class(name: str):
    for mapper in db.Model.registry.mappers:
        if mapper.class_.__name__ == name:
            return mapper.class_
    raise Vanished(name)


def decode(value):
    """The value `encode` stored, with model objects loaded again."""
    if isinstance(value, list):
        return [decode(item) for item in value]
    if not isinstance(value, dict):
        return value
    if "$datetime" in value:
        return datetime.fromisoformat(value["$datetime"])
    if "$dict" in value:
        return {k: decode(v) for k, v in value["$dict"].items()}
    loaded = db.session.get(_model_class(value["$model"]), value["id"])
    if loaded is None:
        raise Vanished(f"{value['$model']} {value['id']}")
    return loaded


# --- recording ----------------------------------------------------------------------------

def _users(ids: Select, after: int = 0, limit: int | None = None) -> list[User]:
    query = (db.select(User).where(User.id.in_(ids), User.id > after,
                                   User.is_active_account.is_(True)).order_by(User.id))
    return list(db.session.scalars(query.limit(limit) if limit else query))


def _is_small(ids: Select, limit: int) -> bool:
    sample = db.select(User.id).where(User.id.in_(ids)).limit(limit + 1).subquery()
    return db.session.scalar(db.select(db.func.count()).select_from(sample)) <= limit


def notify_audience(event_key: str, target: Audience, **context) -> NotificationFanout | None:
    """Tell an audience about an event: at once if small, else through the worker.

    Returns the recorded fan-out, or None if everyone was told at once.
    """
    catalogue_event(event_key)  # an unknown event fails here, in the request
    stored = encode(context)
    ids = target.user_ids()
    if _is_small(ids, current_app.config["NOTIFY_INLINE_LIMIT"]):
        notify(event_key, _users(ids), **context)
        return None
    fanout = NotificationFanout(event=event_key, audience=target.name,
                                audience_args=dict(target.args), context=stored)
    db.session.add(fanout)
    db.session.flush()
    return fanout


# --- expanding (the worker) ---------------------------------------------------------------

@dataclass
class ExpansionReport:
    fanouts: int = 0
    recipients: int = 0


def _claim(worker: str, now: datetime) -> int | None:
    query = (db.select(NotificationFanout).where(
        NotificationFanout.done_at.is_(None),
        or_(NotificationFanout.claimed_until.is_(None), NotificationFanout.claimed_until < now))
        .order_by(NotificationFanout.id).limit(1))
    if db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    fanout = db.session.scalar(query)
    if fanout is None:
        db.session.commit()
        return None
    fanout.claimed_by, fanout.claimed_until = worker, now + LEASE
    db.session.commit()
    return fanout.id


def _advance(fanout: NotificationFanout, worker: str, last_user_id: int, told: int) -> bool:
    """Move the progress on, only if the claim is still ours and nobody moved it meanwhile."""
    result = db.session.execute(
        update(NotificationFanout)
        .where(NotificationFanout.id == fanout.id, NotificationFanout.claimed_by == worker,
               NotificationFanout.last_user_id == fanout.last_user_id)
        .values(last_user_id=last_user_id, recipients=NotificationFanout.recipients + told,
                claimed_until=utcnow() + LEASE)
        .execution_options(synchronize_session=False))
    return result.rowcount == 1


def _finish(fanout: NotificationFanout, error: str | None = None) -> None:
    fanout.done_at, fanout.error = utcnow(), error
    fanout.claimed_by = fanout.claimed_until = None
    db.session.commit()


def expand_batch(fanout_id: int, worker: str, batch_size: int) -> int | None:
    """Tell the next batch of the fan-out's audience; the number told, None when done."""
    fanout = db.session.get(NotificationFanout, fanout_id, populate_existing=True)
    if fanout.claimed_by != worker or fanout.done_at:
        return None
    users = _users(Audience(fanout.audience, fanout.audience_args).user_ids(),
                   after=fanout.last_user_id, limit=batch_size)
    if not users:
        _finish(fanout)
        return None
    try:
        notify(fanout.event, users, **decode(fanout.context))
    except Vanished as gone:
        db.session.rollback()
        log.warning("fan-out %s dropped: %s no longer exists", fanout_id, gone)
        _finish(db.session.get(NotificationFanout, fanout_id), f"{gone} no longer exists")
        return None
    if not _advance(fanout, worker, users[-1].id, len(users)):
        db.session.rollback()  # another worker took over after our lease ran out
        return None
    db.session.commit()
    return len(users)


def expand_pending(batch_size: int | None = None) -> ExpansionReport:
    """Expand every recorded fan-out, batch by batch (the worker's `fanout` job)."""
    batch_size = batch_size or current_app.config["FANOUT_BATCH_SIZE"]
    report, worker = ExpansionReport(), new_worker_id()
    while (fanout_id := _claim(worker, utcnow())) is not None:
        report.fanouts += 1
        while (told := expand_batch(fanout_id, worker, batch_size)) is not None:
            report.recipients += told
    return report
