"""The evaluation blocks of My pages, one query each: a juror's seats with the solutions
left to score, and for buyers their evaluations' progress and decisions to publish."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import and_, exists, func, or_, select, union

from app.challenges.models import Challenge, ChallengeState
from app.challenges.workspace import is_buyer, owned_by
from app.core.db import utcnow
from app.core.workspace import WorkspaceBlock, WorkspaceItem
from app.evaluation.models import (
    ConflictDeclaration,
    Criterion,
    Evaluation,
    EvaluationEntry,
    JurorStatus,
    JuryMember,
    Score,
)
from app.extensions import db
from app.solutions.models import Solution, SolutionState

MAX_ITEMS = 10


def _entries_to_score(complete_only: bool):
    """Solutions in the running, not conflicted for the seat (and, if asked, not yet
    fully scored by it), counted per seat."""
    conflicted = exists().where(ConflictDeclaration.member_id == JuryMember.id,
                                ConflictDeclaration.solution_id == EvaluationEntry.solution_id,
                                ConflictDeclaration.has_conflict.is_(True))
    conditions = [EvaluationEntry.challenge_id == JuryMember.challenge_id,
                  Solution.state == SolutionState.SUBMITTED, ~conflicted]
    if complete_only:
        criteria = (select(func.count(Criterion.id))
                    .where(Criterion.challenge_id == JuryMember.challenge_id).scalar_subquery())
        scored = (select(func.count(Score.id))
                  .where(Score.member_id == JuryMember.id,
                         Score.solution_id == EvaluationEntry.solution_id,
                         Score.value.is_not(None)).scalar_subquery())
        conditions.append(scored < criteria)
    return (select(func.count(EvaluationEntry.id))
            .join(Solution, Solution.id == EvaluationEntry.solution_id)
            .where(*conditions).correlate(JuryMember).scalar_subquery())


def _seat_ids(user):
    """The ids of the person's seats and invitations, each way its own indexed lookup (an
    OR of user and e-mail made the database scan every seat)."""
    return union(select(JuryMember.id).where(JuryMember.user_id == user.id),
                 select(JuryMember.id).where(JuryMember.email == user.email))


def seat_rows(user) -> list:
    """The person's seats and open invitations, with counts of solutions to score."""
    mine = and_(JuryMember.user_id == user.id, JuryMember.status == JurorStatus.ACCEPTED)
    invited = and_(JuryMember.email == user.email, JuryMember.status == JurorStatus.INVITED,
                   JuryMember.expires_at > utcnow())
    return list(db.session.execute(
        select(JuryMember.id, JuryMember.status, JuryMember.submitted_at, Challenge.id.label(
            "challenge_id"), Challenge.title, Challenge.state, Challenge.evaluation_deadline_at,
            Evaluation.opened_at, Evaluation.scoring_closed_at,
            _entries_to_score(False).label("total"), _entries_to_score(True).label("left"))
        .join(Challenge, Challenge.id == JuryMember.challenge_id)
        .outerjoin(Evaluation, Evaluation.challenge_id == Challenge.id)
        .where(JuryMember.id.in_(_seat_ids(user)), or_(mine, invited))
        .order_by(Challenge.evaluation_deadline_at, JuryMember.id)))


def workspace_block(user) -> WorkspaceBlock | None:
    """My jury seats: invitations to answer, solutions left to score, deadlines."""
    rows = seat_rows(user)
    if not rows:
        return None
    return WorkspaceBlock(key="jury", title=_("My juries"), order=5,
                          items=[_seat_item(row) for row in rows][:MAX_ITEMS],
                          more_label=_("All my juries"), more_url=url_for("jury.home"))


def _seat_item(row) -> WorkspaceItem:
    if row.status == JurorStatus.INVITED:
        return WorkspaceItem(label=row.title, url=url_for("jury.home"), status=_("Invited"),
                             note=_("You are invited to the jury: answer the invitation"))
    url = url_for("jury.challenge_home", challenge_id=row.challenge_id)
    if row.submitted_at:
        return WorkspaceItem(label=row.title, url=url, status=_("Submitted"),
                             note=_("Your scores are submitted"))
    if row.opened_at is None or row.state != ChallengeState.IN_EVALUATION:
        return WorkspaceItem(label=row.title, url=url,
                             note=_("The evaluation has not opened yet"))
    return WorkspaceItem(
        label=row.title, url=url, count=row.left, due_at=row.evaluation_deadline_at,
        note=ngettext("%(num)d solution of %(total)d left to score",
                      "%(num)d solutions of %(total)d left to score", row.left,
                      total=row.total))


def _juror_count(submitted: bool):
    condition = [JuryMember.challenge_id == Challenge.id,
                 JuryMember.status == JurorStatus.ACCEPTED]
    if submitted:
        condition.append(JuryMember.submitted_at.is_not(None))
    return (select(func.count(JuryMember.id)).where(*condition)
            .correlate(Challenge).scalar_subquery())


def decisions_block(user) -> WorkspaceBlock | None:
    """For buyers: evaluations in progress ("3 of 7 jurors have submitted") and decisions
    ready to publish."""
    if not is_buyer(user):
        return None
    rows = db.session.execute(
        select(Challenge.id, Challenge.title, Challenge.evaluation_deadline_at,
               Evaluation.opened_at, Evaluation.scoring_closed_at,
               _juror_count(False).label("jurors"), _juror_count(True).label("done"))
        .join(Evaluation, Evaluation.challenge_id == Challenge.id)
        .where(owned_by(user.id), Challenge.state == ChallengeState.IN_EVALUATION,
               Evaluation.decision_published_at.is_(None))
        .order_by(Challenge.evaluation_deadline_at, Challenge.id).limit(MAX_ITEMS)).all()
    if not rows:
        return None
    return WorkspaceBlock(key="evaluations", title=_("Evaluations and decisions"), order=12,
                          items=[_evaluation_item(row) for row in rows])


def _evaluation_item(row) -> WorkspaceItem:
    if row.scoring_closed_at:
        return WorkspaceItem(label=row.title, status=_("Ready"),
                             url=url_for("evaluation.decide", challenge_id=row.id),
                             note=_("Scoring has ended: record and publish the decision"))
    return WorkspaceItem(
        label=row.title, url=url_for("evaluation.overview", challenge_id=row.id),
        due_at=row.evaluation_deadline_at,
        note=ngettext("%(done)d of %(num)d juror has submitted",
                      "%(done)d of %(num)d jurors have submitted", row.jurors, done=row.done))
