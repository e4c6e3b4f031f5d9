"""Check applications on My pages: the person's organisations' applications, and what waits
at the desks of the intermediaries they advise for (one query)."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import and_, or_
from sqlalchemy.orm import joinedload

from app.checks.models import ApplicationState, CheckApplication, IntermediaryOffice
from app.checks.programme_forms import form_for
from app.checks.templating import state_label
from app.core.workspace import WorkspaceBlock, WorkspaceItem
from app.extensions import db

SHOWN = 8
ACTIVE_STATES = (ApplicationState.DRAFT, ApplicationState.SUBMITTED,
                 ApplicationState.COMPLETION_REQUESTED, ApplicationState.RUNNING,
                 ApplicationState.REPORT_DUE)


def _item(application: CheckApplication, own_ids: set[int]) -> WorkspaceItem:
    mine = application.applicant_id in own_ids
    label = (_("Check application %(number)s", number=application.id) if mine else
             _("To decide: %(applicant)s", applicant=application.applicant.name))
    due = application.project_ends_at if application.state in (
        ApplicationState.RUNNING, ApplicationState.REPORT_DUE) else None
    return WorkspaceItem(label=label, status=state_label(application.state), due_at=due,
                         url=url_for("checks.application", application_id=application.id))


def workspace_block(user) -> WorkspaceBlock | None:
    """The block, for people at an applicant or at a deciding intermediary."""
    own_ids = {m.organisation_id for m in user.memberships}
    if not own_ids:
        return None
    rows = db.session.scalars(
        db.select(CheckApplication).outerjoin(IntermediaryOffice)
        .where(or_(and_(CheckApplication.applicant_id.in_(own_ids),
                        CheckApplication.state.in_(ACTIVE_STATES)),
                   and_(IntermediaryOffice.organisation_id.in_(own_ids),
                        CheckApplication.state == ApplicationState.SUBMITTED)))
        .options(joinedload(CheckApplication.applicant))
        .order_by(CheckApplication.submitted_at.desc()).limit(SHOWN)).unique().all()
    if not rows:
        return None
    return WorkspaceBlock(
        key="checks", title=_("Check funding"),
        items=[_item(a, own_ids) for a in rows if form_for(a.programme_key)],
        more_label=_("All applications"), more_url=url_for("checks.applications"), order=55)
