"""The buyer's block on My pages: challenges by state, questions waiting for an answer,
deadlines in the next 14 days and outcomes to record, in one query."""

from __future__ import annotations

from datetime import timedelta

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from app.challenges.models import Challenge, ChallengeCoOwner, Clarification
from app.challenges.models import ChallengeState as S
from app.challenges.workflow import STATE_LABELS
from app.core.db import utcnow
from app.core.workspace import WorkspaceBlock, WorkspaceItem
from app.extensions import db
from app.organisations.models import OrganisationKind
from app.organisations.workspace import organisation_ids_of

SOON = timedelta(days=14)
MAX_ACTIONS = 8
STATE_ORDER = (S.DRAFT, S.IN_REVIEW, S.PUBLISHED, S.CLOSED, S.IN_EVALUATION, S.DECIDED,
               S.OUTCOME_RECORDED)
DEADLINES = (("question_deadline_at", S.PUBLISHED), ("submission_deadline_at", S.PUBLISHED),
             ("evaluation_deadline_at", S.IN_EVALUATION))


def is_buyer(user) -> bool:
    """Whether the person belongs to a contracting authority, from the memberships My
    pages read once: the blocks about a buyer's challenges skip their query otherwise."""
    return any(m.organisation.kind == OrganisationKind.CONTRACTING_AUTHORITY
               for m in user.memberships)


def owned_by(user_id: int):
    """The condition: a challenge the person's organisations own or co-own.

    One list of ids from two indexed lookups (owner, co-owner) rather than an OR, which
    made the database scan every solution or registration joined to a challenge."""
    organisations = organisation_ids_of(user_id)
    return Challenge.id.in_(
        select(Challenge.id).where(Challenge.owner_id.in_(organisations)).union(
            select(ChallengeCoOwner.challenge_id)
            .where(ChallengeCoOwner.organisation_id.in_(organisations))))


def _waiting_questions():
    return (select(func.count(Clarification.id))
            .where(Clarification.challenge_id == Challenge.id,
                   Clarification.published_at.is_(None))
            .correlate(Challenge).scalar_subquery())


def my_challenge_rows(user_id: int) -> list:
    """One row per challenge the person's organisations own: id, title, state, deadlines
    and the number of questions waiting."""
    return list(db.session.execute(
        select(Challenge.id, Challenge.title, Challenge.state, Challenge.question_deadline_at,
               Challenge.submission_deadline_at, Challenge.evaluation_deadline_at,
               _waiting_questions().label("waiting"))
        .where(owned_by(user_id), Challenge.state != S.WITHDRAWN)))


def workspace_block(user) -> WorkspaceBlock | None:
    """My challenges: how many in each state, and what needs the buyer now."""
    rows = my_challenge_rows(user.id) if is_buyer(user) else []
    if not rows:
        return None
    return WorkspaceBlock(
        key="challenges", title=_("My challenges"), order=10,
        items=_state_items(rows) + _action_items(rows)[:MAX_ACTIONS],
        more_label=_("All my challenges"), more_url=url_for("challenges.dashboard"))


def _state_items(rows) -> list[WorkspaceItem]:
    counts = {state: 0 for state in STATE_ORDER}
    for row in rows:
        counts[row.state] += 1
    return [WorkspaceItem(label=str(STATE_LABELS[state]), count=count,
                          url=url_for("challenges.dashboard"))
            for state, count in counts.items() if count]


def _action_items(rows) -> list[WorkspaceItem]:
    """What needs the buyer: questions first, then the nearest deadlines, then outcomes
    to record; only the shown ones are built (addresses and texts cost at 200 rows)."""
    now = utcnow()
    far = now + timedelta(days=3650)
    actions = [action for row in rows for action in _row_actions(row, now)]
    actions.sort(key=lambda action: (action[0] != "questions", action[2] or far))
    return [_action_item(*action) for action in actions[:MAX_ACTIONS]]


def _row_actions(row, now) -> list[tuple]:
    """(kind, row, deadline) for each thing a challenge needs from the buyer now."""
    actions = [("questions", row, None)] if row.waiting else []
    for name, state in DEADLINES:
        at = getattr(row, name)
        if row.state == state and at and now < at <= now + SOON:
            actions.append((name, row, at))
    if row.state == S.DECIDED:
        actions.append(("outcome", row, None))
    return actions


def _action_item(kind: str, row, at) -> WorkspaceItem:
    url = url_for("challenges.detail", challenge_id=row.id)
    if kind == "questions":
        return WorkspaceItem(
            label=row.title, url=url + "#questions", count=row.waiting,
            note=ngettext("%(num)d question waits for an answer",
                          "%(num)d questions wait for an answer", row.waiting))
    if kind == "outcome":
        return WorkspaceItem(
            label=row.title, url=url_for("challenges.outcome", challenge_id=row.id),
            note=_("Record what followed: a procurement, a contract or why not"))
    return WorkspaceItem(label=row.title, url=url, due_at=at, note=_deadline_label(kind))


def _deadline_label(name: str) -> str:
    return {"question_deadline_at": _("Last day for questions"),
            "submission_deadline_at": _("Submission deadline"),
            "evaluation_deadline_at": _("Evaluation deadline")}[name]
