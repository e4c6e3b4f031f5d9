"""The messages in the evaluation protocol's annex: the record of what the buyers and
each supplier wrote to each other (the protocol is the owner's; jurors never read it)."""

from __future__ import annotations

from flask_babel import format_datetime, ngettext
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from app.challenges.models import Challenge
from app.evaluation.protocol import Annex, solution_name
from app.evaluation.scoring import entries_of
from app.extensions import db
from app.messages.models import Message, MessageThread, Side
from app.messages.services import files_of
from app.solutions.models import Solution


def _messages(challenge: Challenge) -> list[Message]:
    return list(db.session.scalars(
        select(Message).join(Message.thread).join(MessageThread.solution)
        .where(Solution.challenge_id == challenge.id)
        .options(contains_eager(Message.thread).contains_eager(MessageThread.solution))
        .order_by(Solution.id, Message.id)))


def _sender(message: Message, anonymised: bool) -> str:
    if anonymised:
        return _("Buyer") if message.side == Side.BUYER else _("Supplier")
    return message.organisation.name


def _files(names: list[str], anonymised: bool) -> str:
    if anonymised and names:  # a file's own name may name the supplier
        return ngettext("%(num)d file", "%(num)d files", len(names))
    return ", ".join(names)


def messages_annex(challenge: Challenge, anonymised: bool) -> Annex | None:
    """Every message about the challenge's solutions, by solution then date; None if none."""
    messages = _messages(challenge)
    if not messages:
        return None
    labels = {e.solution_id: solution_name(e, anonymised) for e in entries_of(challenge)}
    files = files_of(messages)
    rows = [[labels.get(m.thread.solution_id, _("Not in the evaluation")),
             format_datetime(m.created_at, "short"), _sender(m, anonymised), m.body,
             _files([a.filename for a in files[m.id]], anonymised)] for m in messages]
    return Annex(
        key="messages", title=_("Messages with the suppliers"), rows=rows,
        header=[_("Solution"), _("Sent"), _("From"), _("Message"), _("Files")],
        note=_("Written between the buyers and each supplier, as sent. Jurors never saw "
               "them."), widths=(30, 25, 30, 70, 25))
