"""Solutions: drafts, submissions with frozen hashed versions, withdrawal, receipts.

The Solution row is what the supplier works on. While it is a draft it may be saved at
will; once submitted it only changes by being submitted again, so what the buyer reads
is always exactly the latest submitted version (whose SHA-256 the supplier received).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from werkzeug.datastructures import FileStorage

from app.attachments import services as attachment_services
from app.attachments.models import Attachment
from app.attachments.services import CheckedUpload
from app.audit.services import record
from app.challenges.models import Challenge, ChallengeState
from app.challenges.services import follower_ids
from app.core.concurrency import no_lost_update
from app.core.dates import format_exact, format_moment
from app.core.db import utcnow
from app.core.domain import DomainError
from app.core.events import EventGroup, Situation, notify, register_event
from app.core.hooks import Hook
from app.extensions import db
from app.organisations.models import Membership, Organisation
from app.solutions import permissions
from app.solutions.models import RequirementAnswer, Solution, SolutionState, SolutionVersion

OWNER_TYPE = "solution"
MAX_ATTACHMENTS = 10
SNAPSHOT_FORMAT = 1

register_event("solutions/receipt", EventGroup.SOLUTIONS, essential=True)
register_event("solutions/received", EventGroup.MY_CHALLENGES)
CO_OWNER_JOINED = "solutions/co_owner_joined"
# Suppliers must know everyone who can read their solution, whatever their preferences.
register_event(CO_OWNER_JOINED, EventGroup.SOLUTIONS, essential=True)


@dataclass
class SolutionInput:
    """What a supplier typed into the solution form."""

    title: str = ""
    public_summary: str = ""
    details: str = ""
    trl: int | None = None
    references: str = ""
    price_model: str = ""
    ip_statement: str = ""
    ip_terms_acknowledged: bool = False
    summary_public_after_decision: bool = False
    answers: dict[int, str] = field(default_factory=dict)  # requirement id -> answer


@dataclass
class FileChanges:
    """Files to add to a solution and attachment ids to remove from it."""

    uploads: list[FileStorage] = field(default_factory=list)
    remove_ids: list[int] = field(default_factory=list)


class IncompleteSolution(DomainError):
    """A submission with required parts missing; `problems` lists (field, message)."""

    def __init__(self, problems: list[tuple[str, str]]):
        super().__init__(problems[0][1], 422, field=problems[0][0])
        self.problems = problems


# --- reading -------------------------------------------------------------------------

def solution_of(challenge: Challenge, organisation: Organisation) -> Solution | None:
    """The organisation's solution for a challenge, if it has started one."""
    return db.session.scalar(db.select(Solution).filter_by(
        challenge_id=challenge.id, organisation_id=organisation.id))


def attachments_of(solution: Solution) -> list[Attachment]:
    """The files attached to a solution, oldest first."""
    return attachment_services.attachments_of(OWNER_TYPE, solution.id)


def answer_texts(solution: Solution) -> dict[int, str]:
    """The solution's answers by requirement id."""
    return {answer.requirement_id: answer.answer for answer in solution.answers}


def received_solutions(challenge: Challenge) -> list[Solution]:
    """Solutions the owners may read: submitted, or withdrawn after submission."""
    query = db.select(Solution).filter(
        Solution.challenge_id == challenge.id, Solution.submitted_at.is_not(None),
        Solution.state.in_([SolutionState.SUBMITTED, SolutionState.WITHDRAWN]),
    ).options(selectinload(Solution.organisation), selectinload(Solution.versions),
              selectinload(Solution.answers)).order_by(Solution.submitted_at, Solution.id)
    return list(db.session.scalars(query))


def readable_solutions(challenge: Challenge, user) -> list[Solution]:
    """The challenge's received solutions this user may read in full (inbox, exports)."""
    return [s for s in received_solutions(challenge)
            if permissions.can_view_solution_details(user, s)]


def submitted_count(challenge: Challenge) -> int:
    """How many solutions are currently submitted (a public number)."""
    return db.session.scalar(db.select(db.func.count(Solution.id)).filter_by(
        challenge_id=challenge.id, state=SolutionState.SUBMITTED))


def submitted_counts(challenge_ids) -> dict[int, int]:
    """How many solutions are submitted to each of these challenges, in one query (a list
    of cards); challenges without any are left out."""
    ids = list(challenge_ids)
    if not ids:
        return {}
    rows = db.session.execute(db.select(Solution.challenge_id, db.func.count(Solution.id))
                              .where(Solution.challenge_id.in_(ids),
                                     Solution.state == SolutionState.SUBMITTED)
                              .group_by(Solution.challenge_id))
    return dict(rows.tuples().all())


def interested_ids(challenge_id: int):
    """The ids of a challenge's followers and of the members of organisations answering it
    (a draft or a submitted solution): the "challenges/interested" audience, told of
    clarifications, new deadlines and withdrawal."""
    working = (db.select(Membership.user_id)
               .join(Solution, Solution.organisation_id == Membership.organisation_id)
               .where(Solution.challenge_id == challenge_id,
                      Solution.state.in_([SolutionState.DRAFT, SolutionState.SUBMITTED])))
    return follower_ids(challenge_id).union(working)


def latest_version(solution: Solution) -> SolutionVersion | None:
    """The most recently submitted version, if any."""
    return solution.versions[-1] if solution.versions else None


# --- rules ---------------------------------------------------------------------------

def deadline_text(challenge: Challenge) -> str:
    """The submission deadline, a date and time in local time, for messages."""
    return format_moment(challenge.submission_deadline_at)


def ensure_open(challenge: Challenge) -> None:
    """DomainError (409) unless the challenge takes solutions now, to the second."""
    if challenge.state != ChallengeState.PUBLISHED:
        raise DomainError(_("This challenge does not accept solutions at the moment."), 409)
    if permissions.deadline_passed(challenge):
        raise DomainError(
            _("The deadline for solutions passed on %(deadline)s. Solutions can no longer be "
              "started or changed; what was saved before the deadline is kept.",
              deadline=deadline_text(challenge)), 409)


def _ensure_member(user, organisation: Organisation) -> None:
    if not any(m.organisation_id == organisation.id for m in user.memberships):
        raise DomainError(_("Only members of %(name)s may work on its solution.",
                            name=organisation.name), 403)


def _conflict() -> str:
    return _("Someone else in your organisation changed this solution while you were "
             "editing. Your text is below: compare it with the saved solution, then save again.")


def _ensure_not_paused(challenge: Challenge) -> None:
    if challenge.is_paused:
        raise DomainError(_("The buyer has paused this challenge. You can save a draft, and "
                            "submit when it resumes."), 409)


def missing_parts(challenge: Challenge, data: SolutionInput) -> list[tuple[str, str]]:
    """The required parts a submission lacks, as (form field, message)."""
    required = [
        ("title", data.title, _("Enter a title for your solution.")),
        ("public_summary", data.public_summary, _("Enter a public summary.")),
        ("details", data.details, _("Describe your solution in the confidential details.")),
        ("trl", data.trl, _("Choose the technology readiness level.")),
        ("ip_terms_acknowledged", data.ip_terms_acknowledged,
         _("Confirm that you have read the challenge's IP terms.")),
    ]
    problems = [(name, message) for name, value, message in required
                if not (value.strip() if isinstance(value, str) else value)]
    for number, requirement in enumerate(challenge.requirements, start=1):
        if not data.answers.get(requirement.id, "").strip():
            problems.append((f"answer_{requirement.id}",
                             _("Explain how you meet requirement %(number)d.", number=number)))
    return problems


# --- changing ------------------------------------------------------------------------

def start_solution(challenge: Challenge, organisation: Organisation, user) -> Solution:
    """Begin the organisation's (only) solution for a challenge, as a draft."""
    if not organisation.offers_solutions:
        raise DomainError(_("Only suppliers and universities can answer challenges."), 403)
    _ensure_member(user, organisation)
    ensure_open(challenge)
    if solution_of(challenge, organisation):
        raise DomainError(_("%(name)s already has a solution for this challenge.",
                            name=organisation.name), 409)
    solution = Solution(challenge=challenge, organisation=organisation, created_by_id=user.id)
    try:
        with db.session.begin_nested():
            db.session.add(solution)
    except IntegrityError:  # a colleague started one at the same moment
        raise DomainError(_("%(name)s already has a solution for this challenge.",
                            name=organisation.name), 409) from None
    record("solution.started", actor=user, obj=solution, challenge_id=challenge.id)
    solution_started(solution)
    return solution


# Called with each newly started solution, in the same transaction: higher areas register
# what an organisation answering a challenge changes for them (the evaluation area: its
# members on that challenge's jury become conflicted).
solution_started = Hook("solutions.solution_started")
on_solution_started = solution_started.register


def save_draft(solution: Solution, user, data: SolutionInput,
               files: FileChanges | None = None, expected_version: int | None = None) -> None:
    """Save a draft that has never been submitted; anything may still be missing."""
    _ensure_editable(solution, user)
    if solution.state != SolutionState.DRAFT:
        raise DomainError(_("A submitted solution only changes when you submit it again."),
                          409)
    prepared = _checked_files(solution, files)
    with no_lost_update(solution, expected_version, _conflict()):
        _apply(solution, data)
        _store_files(solution, user, files, prepared)
    record("solution.draft_saved", actor=user, obj=solution)


def submit_solution(solution: Solution, user, data: SolutionInput,
                    files: FileChanges | None = None,
                    expected_version: int | None = None) -> SolutionVersion:
    """Submit (or resubmit) a solution: a new frozen version, a receipt, the buyer told."""
    _ensure_editable(solution, user)
    _ensure_not_paused(solution.challenge)
    problems = missing_parts(solution.challenge, data)
    if problems:
        raise IncompleteSolution(problems)
    prepared = _checked_files(solution, files)
    first_submission = not solution.versions
    with no_lost_update(solution, expected_version, _conflict()):
        _apply(solution, data)
        _store_files(solution, user, files, prepared)
        version = _new_version(solution, user)
    _send_receipt(solution, version, user)
    if first_submission:
        _tell_the_buyer(solution)
    record("solution.submitted", actor=user, obj=solution, version=version.number,
           sha256=version.sha256)
    return version


def withdraw_solution(solution: Solution, user) -> None:
    """Withdraw a submitted solution before the deadline (it may be submitted again)."""
    _ensure_editable(solution, user)
    if solution.state != SolutionState.SUBMITTED:
        raise DomainError(_("Only a submitted solution can be withdrawn."), 409)
    with no_lost_update(solution, None, _conflict()):
        solution.state = SolutionState.WITHDRAWN
        solution.withdrawn_at = utcnow()
    record("solution.withdrawn", actor=user, obj=solution)


def delete_draft(solution: Solution, user) -> None:
    """Delete a draft that was never submitted, with its files."""
    _ensure_editable(solution, user)
    if solution.state != SolutionState.DRAFT or solution.submitted_at is not None:
        raise DomainError(_("Only a draft that was never submitted can be deleted."), 409)
    for attachment in attachments_of(solution):
        attachment_services.delete(attachment)
    record("solution.draft_deleted", actor=user, obj=solution)
    db.session.delete(solution)
    db.session.flush()


def set_summary_consent(solution: Solution, user, consent: bool) -> None:
    """Allow or refuse showing the public summary after the decision (at any time)."""
    _ensure_member(user, solution.organisation)
    with no_lost_update(solution, None, _conflict()):
        solution.summary_public_after_decision = consent
    record("solution.consent_changed", actor=user, obj=solution, consent=consent)


def _ensure_editable(solution: Solution, user) -> None:
    _ensure_member(user, solution.organisation)
    ensure_open(solution.challenge)


def _apply(solution: Solution, data: SolutionInput) -> None:
    for name in ("title", "public_summary", "details", "references", "price_model",
                 "ip_statement"):
        setattr(solution, name, getattr(data, name).strip())
    solution.trl = data.trl
    solution.ip_terms_acknowledged = data.ip_terms_acknowledged
    solution.summary_public_after_decision = data.summary_public_after_decision
    solution.updated_at = utcnow()  # always touch the row, so its version number moves
    _apply_answers(solution, data.answers)


def _apply_answers(solution: Solution, answers: dict[int, str]) -> None:
    existing = {answer.requirement_id: answer for answer in solution.answers}
    for requirement in solution.challenge.requirements:
        text = answers.get(requirement.id, "").strip()
        if requirement.id in existing:
            existing[requirement.id].answer = text
        else:
            solution.answers.append(RequirementAnswer(requirement=requirement, answer=text))


# --- files ---------------------------------------------------------------------------

def _checked_files(solution: Solution, files: FileChanges | None) -> list[CheckedUpload]:
    """Check every upload before anything changes; DomainError for a refused file."""
    if not files:
        return []
    kept = [a for a in attachments_of(solution) if a.id not in set(files.remove_ids)]
    if len(kept) + len(files.uploads) > MAX_ATTACHMENTS:
        raise DomainError(_("A solution can have at most %(count)d attachments.",
                            count=MAX_ATTACHMENTS), field="attachments")
    return [attachment_services.checked_upload(upload) for upload in files.uploads]


def _store_files(solution: Solution, user, files: FileChanges | None,
                 prepared: list[CheckedUpload]) -> None:
    if not files:
        return
    db.session.flush()  # a new solution needs its id
    for attachment in attachments_of(solution):
        if attachment.id in set(files.remove_ids):
            attachment_services.delete(attachment)
    for checked in prepared:
        attachment_services.attach(checked, OWNER_TYPE, solution.id, user)


# --- versions and hashes -------------------------------------------------------------

def canonical_json(content: dict) -> bytes:
    """The one byte sequence a version's hash is computed over (sorted keys, UTF-8)."""
    return json.dumps(content, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def content_sha256(content: dict) -> str:
    """The SHA-256 (hex) of a version's canonical JSON."""
    return hashlib.sha256(canonical_json(content)).hexdigest()


def snapshot(solution: Solution, number: int, submitted_at: datetime) -> dict:
    """Everything submitted, frozen: texts, answers and the attachments' hashes."""
    challenge, organisation = solution.challenge, solution.organisation
    answers = answer_texts(solution)
    return {
        "format": SNAPSHOT_FORMAT,
        "challenge": {"id": challenge.id, "title": challenge.title,
                      "ip_terms": challenge.ip_terms.value},
        "organisation": {"id": organisation.id, "name": organisation.name,
                         "org_number": organisation.org_number},
        "version": number,
        "submitted_at": submitted_at.isoformat(),
        "title": solution.title,
        "public_summary": solution.public_summary,
        "details": solution.details,
        "trl": solution.trl,
        "references": solution.references,
        "price_model": solution.price_model,
        "ip_statement": solution.ip_statement,
        "ip_terms_acknowledged": solution.ip_terms_acknowledged,
        "requirement_answers": [
            {"requirement_id": r.id, "requirement": r.text, "answer": answers.get(r.id, "")}
            for r in challenge.requirements
        ],
        "attachments": [
            {"filename": a.filename, "content_type": a.content_type,
             "size_bytes": a.size_bytes, "sha256": a.sha256}
            for a in attachments_of(solution)
        ],
    }


def _new_version(solution: Solution, user) -> SolutionVersion:
    db.session.flush()  # answers and attachments in place before the snapshot
    now = utcnow()
    number = len(solution.versions) + 1
    content = snapshot(solution, number, now)
    version = SolutionVersion(number=number, submitted_at=now, submitted_by_id=user.id,
                              content=content, sha256=content_sha256(content))
    solution.versions.append(version)
    solution.state = SolutionState.SUBMITTED
    solution.submitted_at = solution.submitted_at or now
    solution.withdrawn_at = None
    return version


# --- e-mail --------------------------------------------------------------------------

def _send_receipt(solution: Solution, version: SolutionVersion, user) -> None:
    """The submitter's receipt: when, and the hash (never the content)."""
    notify("solutions/receipt", [user], challenge=solution.challenge,
           organisation=solution.organisation, solution_id=solution.id,
           version_number=version.number, submitted_at=version.submitted_at,
           submitted_exact=format_exact(version.submitted_at),
           sha256=version.sha256, situation=Situation.SME_ANSWERING,
           funding_organisation=solution.organisation)


def tell_suppliers_of_co_owner(challenge: Challenge, organisation: Organisation) -> None:
    """Every supplier that submitted a solution is told that a new co-owner can read it."""
    for solution in received_solutions(challenge):
        members = [m.user for m in solution.organisation.memberships]
        notify(CO_OWNER_JOINED, members, challenge=challenge, organisation=organisation,
               supplier=solution.organisation, solution_id=solution.id)


def _tell_the_buyer(solution: Solution) -> None:
    """One message per solution to the owners' members: who answered, nothing more."""
    challenge = solution.challenge
    members = [m.user for owner in challenge.owners for m in owner.memberships]
    notify("solutions/received", members, challenge=challenge,
           organisation=solution.organisation, solution_id=solution.id)
