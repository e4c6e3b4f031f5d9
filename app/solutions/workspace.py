"""The solutions blocks of My pages, one query each: the supplier's own solutions
(drafts with how complete each is and time left, submitted ones with their challenge's
state, results), and for buyers the solutions received on their challenges."""

from __future__ import annotations

from datetime import timedelta

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import case, func, select

from app.challenges.models import Challenge, ChallengeRequirement
from app.challenges.workflow import STATE_LABELS
from app.challenges.workspace import is_buyer, owned_by
from app.core.db import utcnow
from app.core.workspace import WorkspaceBlock, WorkspaceItem
from app.extensions import db
from app.organisations.workspace import organisation_ids_of
from app.solutions.models import RequirementAnswer, Solution, SolutionResult, SolutionState
from app.solutions.permissions import RESULT_PUBLISHED_STATES

MAX_ITEMS = 10
NEW_FOR = timedelta(days=14)
RESULT_LABELS = {SolutionResult.WINNER: _l("Winner"), SolutionResult.SHORTLISTED: _l("Shortlisted"),
                 SolutionResult.NOT_SELECTED: _l("Not selected")}


def _filled(column):
    return case((func.length(func.trim(column)) > 0, 1), else_=0)


def _parts_done():
    answered = (select(func.count(RequirementAnswer.id))
                .where(RequirementAnswer.solution_id == Solution.id,
                       func.length(func.trim(RequirementAnswer.answer)) > 0)
                .correlate(Solution).scalar_subquery())
    return (_filled(Solution.title) + _filled(Solution.public_summary)
            + _filled(Solution.details) + case((Solution.trl.is_not(None), 1), else_=0)
            + case((Solution.ip_terms_acknowledged, 1), else_=0) + answered)


def _parts_needed():
    return 5 + (select(func.count(ChallengeRequirement.id))
                .where(ChallengeRequirement.challenge_id == Solution.challenge_id)
                .correlate(Solution).scalar_subquery())


def solution_rows(user_id: int) -> list:
    """The person's organisations' solutions that are not withdrawn, with their challenge."""
    return list(db.session.execute(
        select(Solution.id, Solution.challenge_id, Solution.state, Solution.result,
               Challenge.title, Challenge.state.label("challenge_state"),
               Challenge.submission_deadline_at, _parts_done().label("done"),
               _parts_needed().label("needed"))
        .join(Challenge, Challenge.id == Solution.challenge_id)
        .where(Solution.organisation_id.in_(organisation_ids_of(user_id)),
               Solution.state != SolutionState.WITHDRAWN)
        .order_by(Challenge.submission_deadline_at, Solution.id)))


def workspace_block(user) -> WorkspaceBlock | None:
    """My solutions: drafts first (soonest deadline first), then submitted ones."""
    rows = solution_rows(user.id)
    if not rows:
        return None
    # Only the shown rows become items (texts and addresses cost at 100 rows).
    shown = ([r for r in rows if r.state == SolutionState.DRAFT]
             + [r for r in rows if r.state == SolutionState.SUBMITTED])[:MAX_ITEMS]
    return WorkspaceBlock(
        key="solutions", title=_("My solutions"), order=20,
        items=[_draft_item(r) if r.state == SolutionState.DRAFT else _submitted_item(r)
               for r in shown],
        more_label=ngettext("All %(num)d solutions", "All %(num)d solutions", len(rows)),
        more_url=url_for("solutions.dashboard"))


def _draft_item(row) -> WorkspaceItem:
    percent = round(100 * row.done / row.needed) if row.needed else 0
    open_now = row.submission_deadline_at is None or row.submission_deadline_at > utcnow()
    return WorkspaceItem(
        label=row.title, url=url_for("solutions.my_solution", challenge_id=row.challenge_id),
        status=_("Draft"), due_at=row.submission_deadline_at if open_now else None,
        note=_("Draft, %(percent)d%% complete", percent=percent) if open_now
        else _("Draft; the deadline has passed"))


def _submitted_item(row) -> WorkspaceItem:
    url = url_for("solutions.show", challenge_id=row.challenge_id, solution_id=row.id)
    if row.challenge_state in RESULT_PUBLISHED_STATES and row.result:
        return WorkspaceItem(label=row.title, url=url, status=str(RESULT_LABELS[row.result]),
                             note=_("Decision: %(result)s", result=RESULT_LABELS[row.result]))
    return WorkspaceItem(label=row.title, url=url, status=_("Submitted"),
                         note=_("Submitted; the challenge is %(state)s",
                                state=str(STATE_LABELS[row.challenge_state]).lower()))


def received_block(user) -> WorkspaceBlock | None:
    """For buyers: solutions received on their challenges, with how many are new."""
    if not is_buyer(user):
        return None
    new_since = utcnow() - NEW_FOR
    rows = db.session.execute(
        select(Challenge.id, Challenge.title, func.count(Solution.id).label("total"),
               func.sum(case((Solution.submitted_at >= new_since, 1), else_=0)).label("new"))
        .join(Solution, Solution.challenge_id == Challenge.id)
        .where(owned_by(user.id), Solution.state == SolutionState.SUBMITTED)
        .group_by(Challenge.id, Challenge.title)
        .order_by(func.max(Solution.submitted_at).desc()).limit(MAX_ITEMS)).all()
    if not rows:
        return None
    return WorkspaceBlock(key="received", title=_("Solutions received"), order=15, items=[
        WorkspaceItem(label=r.title, count=r.total,
                      url=url_for("solutions.inbox", challenge_id=r.id),
                      note=ngettext("%(num)d new in the last 14 days",
                                    "%(num)d new in the last 14 days", r.new or 0)
                      if r.new else None) for r in rows])
