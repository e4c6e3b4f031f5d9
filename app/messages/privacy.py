"""A person's messages: in their data download, and detached from them when the account
is erased (the message stays in the record as its organisation's)."""

from __future__ import annotations

from sqlalchemy import select, update

from app.extensions import db
from app.messages.models import Message


def export(user) -> list[dict]:
    """Every message the person wrote, with the challenge and organisation it was for."""
    messages = db.session.scalars(select(Message).where(Message.author_id == user.id)
                                  .order_by(Message.id))
    return [{"challenge": m.thread.solution.challenge.title,
             "solution_id": m.thread.solution_id, "organisation": m.organisation.name,
             "sent_at": m.created_at.isoformat(), "text": m.body} for m in messages]


def erase(user) -> None:
    """The messages stay with both parties as the record, no longer naming the person."""
    db.session.execute(update(Message).where(Message.author_id == user.id)
                       .values(author_id=None))
