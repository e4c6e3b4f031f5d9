"""Messages between a challenge's owners and one supplier: threads, sending (with files
checked like solution files), e-mail to the other party, read receipts, and turning a
buyer's message into a public clarification (equal treatment)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from flask_babel import gettext as _
from sqlalchemy import exists, func, select, union, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, contains_eager, joinedload
from werkzeug.datastructures import FileStorage

from app.attachments import services as attachment_services
from app.attachments.models import Attachment
from app.audit.services import record
from app.challenges import questions
from app.challenges.models import Challenge, ChallengeCoOwner, Clarification
from app.core.db import utcnow
from app.core.domain import DomainError
from app.core.events import EventGroup, notify, register_event
from app.core.transactions import write_beside_reading
from app.extensions import db
from app.messages.models import Message, MessageThread, Side, ThreadReading
from app.messages.permissions import (
    buyer_organisations,
    can_read_messages,
    can_send_message,
    side_of,
    writing_organisation,
)
from app.organisations.models import Organisation
from app.solutions.models import Solution

OWNER_TYPE = "message"  # attachments of a message
MAX_BODY = 20000
TO_SUPPLIER = "messages/to_supplier"
TO_BUYER = "messages/to_buyer"
register_event(TO_SUPPLIER, EventGroup.SOLUTIONS)
register_event(TO_BUYER, EventGroup.MY_CHALLENGES)


@dataclass(frozen=True)
class ThreadRow:
    """A line of a person's message list."""

    thread: MessageThread
    unread: bool


def load_solution(solution_id: int) -> Solution | None:
    """A solution with what its thread page shows (supplier, challenge, owner and
    co-owners) in two queries, whoever wrote in the thread."""
    challenge = joinedload(Solution.challenge)
    return db.session.scalar(select(Solution).where(Solution.id == solution_id).options(
        joinedload(Solution.organisation), challenge.joinedload(Challenge.owner),
        challenge.selectinload(Challenge.co_owner_links)
        .joinedload(ChallengeCoOwner.organisation)))


def load_message(message_id: int) -> Message | None:
    """A message by id (for the attachments' permission check)."""
    return db.session.get(Message, message_id)


def thread_of(solution: Solution) -> MessageThread | None:
    """The solution's thread, if anyone has written."""
    return db.session.scalar(select(MessageThread).filter_by(solution_id=solution.id))


def _thread_for(solution: Solution) -> MessageThread:
    """The solution's thread, started now if needed (two first messages at once: one
    thread, the other waits for it through the unique solution id)."""
    thread = thread_of(solution)
    if thread is not None:
        return thread
    try:
        with db.session.begin_nested():
            thread = MessageThread(solution_id=solution.id)
            db.session.add(thread)
    except IntegrityError:
        thread = thread_of(solution)
    return thread


def _body(text: str) -> str:
    body = (text or "").strip()
    if not body:
        raise DomainError(_("Write your message."), field="body")
    if len(body) > MAX_BODY:
        raise DomainError(_("Write at most %(count)d characters.", count=MAX_BODY),
                          field="body")
    return body


def send_message(solution: Solution, user, text: str,
                 uploads: Sequence[FileStorage] = ()) -> Message:
    """Send a message for the user's side; its files are checked like solution files,
    the other party is told (in the same transaction). Flushed, not committed."""
    if not can_send_message(user, solution):
        raise DomainError(_("You cannot write in this conversation."), 403)
    body = _body(text)
    checked = [attachment_services.checked_upload(upload) for upload in uploads]
    thread = _thread_for(solution)
    message = Message(thread=thread, side=side_of(user, solution), author_id=user.id,
                      organisation_id=writing_organisation(user, solution).id, body=body)
    db.session.add(message)
    db.session.flush()
    _count(thread, message)
    for upload in checked:
        attachment_services.attach(upload, OWNER_TYPE, message.id, user)
    _mark_read(thread.id, [message.organisation_id], message.created_at)
    _tell_the_other_side(solution, message)
    record("message.sent", actor=user, obj=solution, message_id=message.id)
    return message


def _count(thread: MessageThread, message: Message) -> None:
    db.session.execute(update(MessageThread).where(MessageThread.id == thread.id).values(
        message_count=MessageThread.message_count + 1, last_message_at=message.created_at))
    db.session.refresh(thread)


def _tell_the_other_side(solution: Solution, message: Message) -> None:
    """The other party's members, each as they chose (never the author)."""
    if message.side == Side.BUYER:
        key, organisations = TO_SUPPLIER, [solution.organisation]
    else:
        key, organisations = TO_BUYER, solution.challenge.owners
    people = [m.user for o in organisations for m in o.memberships
              if m.user_id != message.author_id]
    if people:
        notify(key, people, solution=solution, challenge=solution.challenge,
               message=message, sender=message.organisation)


def messages_of(thread: MessageThread | None) -> list[Message]:
    """A thread's messages, oldest first, with their organisations and authors (one
    query, however many people wrote)."""
    if thread is None:
        return []
    return list(db.session.scalars(
        select(Message).where(Message.thread_id == thread.id).order_by(Message.id)
        .options(joinedload(Message.organisation), joinedload(Message.author))))


def files_of(messages: Iterable[Message]) -> dict[int, list[Attachment]]:
    """Each message's files, in one query."""
    ids = [m.id for m in messages]
    files: dict[int, list[Attachment]] = {i: [] for i in ids}
    if ids:
        for attachment in db.session.scalars(select(Attachment).where(
                Attachment.owner_type == OWNER_TYPE, Attachment.owner_id.in_(ids))
                .order_by(Attachment.id)):
            files[attachment.owner_id].append(attachment)
    return files


def _party_ids(user, solution: Solution) -> list[int]:
    if side_of(user, solution) == Side.SUPPLIER:
        return [solution.organisation_id]
    return [o.id for o in buyer_organisations(user, solution.challenge)]


def mark_read(thread: MessageThread | None, solution: Solution, user) -> None:
    """The user opened the thread: their organisation(s) have read it now. Recorded
    beside the reading (once the page is sent), so the page never waits for a write."""
    if thread is not None and can_read_messages(user, solution):
        write_beside_reading(partial(_mark_read, thread.id, _party_ids(user, solution),
                                     utcnow()))


def _mark_read(thread_id: int, organisation_ids: Iterable[int], now: datetime) -> None:
    for organisation_id in organisation_ids:
        reading = db.session.scalar(select(ThreadReading).filter_by(
            thread_id=thread_id, organisation_id=organisation_id))
        if reading is not None:
            reading.read_at = max(reading.read_at, now)
            continue
        try:
            with db.session.begin_nested():
                db.session.add(ThreadReading(thread_id=thread_id,
                                             organisation_id=organisation_id, read_at=now))
        except IntegrityError:
            pass  # read at the same moment in another request: that receipt stands
    db.session.flush()


def receipts(thread: MessageThread | None, user) -> list[ThreadReading]:
    """When the other organisations last read the thread (read receipts)."""
    if thread is None:
        return []
    mine = [m.organisation_id for m in user.memberships]
    readings = db.session.scalars(
        select(ThreadReading).where(ThreadReading.thread_id == thread.id,
                                    ThreadReading.organisation_id.not_in(mine))
        .options(joinedload(ThreadReading.organisation)))
    return sorted(readings, key=lambda r: r.organisation.name.lower())


def _visible_threads(organisation_ids: list[int]):
    """The threads whose solution one of these organisations submitted, or whose
    challenge one of them owns or co-owns (submitted solutions only). Each way is its own
    indexed lookup of thread ids, so a person's list never scans every thread."""
    by_solution = select(MessageThread.id).join(MessageThread.solution)
    ids = union(
        by_solution.where(Solution.organisation_id.in_(organisation_ids)),
        by_solution.join(Solution.challenge).where(Challenge.owner_id.in_(organisation_ids)),
        by_solution.join(ChallengeCoOwner, ChallengeCoOwner.challenge_id == Solution.challenge_id)
        .where(ChallengeCoOwner.organisation_id.in_(organisation_ids)))
    return (select(MessageThread).join(MessageThread.solution).join(Solution.challenge)
            .where(MessageThread.id.in_(ids), Solution.submitted_at.is_not(None)))


def _unread_clause(organisation_ids: list[int]):
    read = exists().where(ThreadReading.thread_id == MessageThread.id,
                          ThreadReading.organisation_id.in_(organisation_ids),
                          ThreadReading.read_at >= MessageThread.last_message_at)
    return ~read


def _organisation_ids(user) -> list[int]:
    return [m.organisation_id for m in user.memberships]  # read once per request


def threads_for(user, limit: int = 100, unread_only: bool = False) -> list[ThreadRow]:
    """The user's threads, newest message first, with whether each is unread (one query,
    the solutions and organisations named in the list loaded with it)."""
    ids = _organisation_ids(user)
    if not ids:
        return []
    unread = _unread_clause(ids)
    query = (_visible_threads(ids).add_columns(unread.label("unread"))
             .options(contains_eager(MessageThread.solution).options(
                 contains_eager(Solution.challenge), joinedload(Solution.organisation)))
             .order_by(MessageThread.last_message_at.desc(), MessageThread.id.desc())
             .limit(limit))
    if unread_only:
        query = query.where(unread)
    return [ThreadRow(thread, bool(flag)) for thread, flag in db.session.execute(query)]


def unread_thread_rows(user, limit: int) -> list:
    """My pages: the user's unread threads, newest message first, as plain rows
    (solution id, challenge title, supplier name) in one query, without loading objects."""
    ids = _organisation_ids(user)
    if not ids:
        return []
    supplier = aliased(Organisation)
    query = (_visible_threads(ids).join(supplier, supplier.id == Solution.organisation_id)
             .where(_unread_clause(ids))
             .with_only_columns(Solution.id.label("solution_id"), Challenge.title,
                                supplier.name.label("supplier"))
             .order_by(MessageThread.last_message_at.desc(), MessageThread.id.desc())
             .limit(limit))
    return list(db.session.execute(query))


def unread_count(user) -> int:
    """How many of the user's threads have a message their organisation has not read."""
    ids = _organisation_ids(user)
    if not ids:
        return 0
    query = _visible_threads(ids).where(_unread_clause(ids)).with_only_columns(
        func.count(MessageThread.id))
    return db.session.scalar(query) or 0


def publish_as_clarification(challenge: Challenge, user, subject: str,
                             text: str) -> Clarification:
    """The buyer's message changes or clarifies the conditions: it goes to everyone as a
    public clarification instead of to one supplier or group (flushed)."""
    if not buyer_organisations(user, challenge):
        raise DomainError(_("Only the buyers can publish clarifications."), 403)
    clarification = questions.clarify(challenge, user, subject, text)
    record("message.published_as_clarification", actor=user, obj=challenge,
           clarification_id=clarification.id)
    return clarification


