"""The deciding office's desk: the queue, assessments and decisions with their letters."""

from __future__ import annotations

import calendar
from datetime import datetime
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.audit.services import record
from app.checks.applications import add_event
from app.checks.letter import decision_pdf
from app.checks.models import ApplicationState, CheckApplication, IntermediaryOffice
from app.checks.permissions import can_decide_now
from app.core.db import utcnow
from app.core.domain import DomainError
from app.core.events import EmailAttachment, EventGroup, notify, register_event
from app.extensions import db
from app.funding.models import FundingProgramme
from app.organisations.models import Organisation

# A decision is essential: the applicant is told at once whatever the preferences.
register_event("checks/decision", EventGroup.CHECKS, essential=True)
DESK_STATES = (ApplicationState.SUBMITTED, ApplicationState.COMPLETION_REQUESTED)
MIN_MONTHS, MAX_MONTHS = 5, 12


def desk_offices(organisations: list[Organisation]) -> list[IntermediaryOffice]:
    """The offices of the intermediaries, by name."""
    ids = [o.id for o in organisations]
    if not ids:
        return []
    return list(db.session.scalars(db.select(IntermediaryOffice).where(
        IntermediaryOffice.organisation_id.in_(ids)).order_by(IntermediaryOffice.name)))


def queue(office_ids: list[int], page: int = 1, per_page: int = 50):
    """The applications waiting for the offices, oldest first (one page)."""
    query = (db.select(CheckApplication)
             .options(selectinload(CheckApplication.applicant))  # named on every row
             .where(CheckApplication.office_id.in_(office_ids or [-1]),
                    CheckApplication.state.in_(DESK_STATES))
             .order_by(CheckApplication.submitted_at, CheckApplication.id))
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def assess(application: CheckApplication, user: User, note: str) -> None:
    """Record an assessment (a reason kept with the application) without deciding."""
    if not note.strip():
        raise DomainError(_("Write the assessment."), field="reason")
    add_event(application, user, "assessment", note)
    db.session.flush()


def add_months(moment: datetime, months: int) -> datetime:
    """The same day (or the month's last) `months` later."""
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    return moment.replace(year=year, month=month,
                          day=min(moment.day, calendar.monthrange(year, month)[1]))


def _checked_grant(programme: FundingProgramme, amount: Decimal | None,
                   share: Decimal | None, months: int | None) -> None:
    if amount is None or amount <= 0:
        raise DomainError(_("Enter the amount granted."), field="amount")
    if programme.max_amount is not None and amount > programme.max_amount:
        raise DomainError(_("The amount is above the programme's maximum of %(max)s.",
                            max=f"{programme.max_amount:,.0f}".replace(",", " ")),
                          field="amount")
    if share is None or not (0 < share <= 1):
        raise DomainError(_("The funding share must be above 0 and at most 100 %."),
                          field="share")
    if months is None or not (MIN_MONTHS <= months <= MAX_MONTHS):
        raise DomainError(_("A check project runs 5 to 12 months."), field="months")


def decide(application: CheckApplication, programme: FundingProgramme, user: User,
           decision: str, reason: str, amount: Decimal | None = None,
           share: Decimal | None = None, months: int | None = None) -> None:
    """Grant, refuse or ask for completion, with a recorded reason; the applicant gets the
    decision letter by e-mail (PDF attached)."""
    if not can_decide_now(user, application):
        raise DomainError(_("This application is not waiting for your decision."), 409)
    if not reason.strip():
        raise DomainError(_("Give the reason for the decision."), field="reason")
    if decision == "grant":
        _checked_grant(programme, amount, share, months)
        _grant(application, amount, share, months)
    elif decision in ("refuse", "complete"):
        application.state = (ApplicationState.REFUSED if decision == "refuse"
                             else ApplicationState.COMPLETION_REQUESTED)
    else:
        raise DomainError(_("Choose a decision."), field="decision")
    _record_decision(application, programme, user, reason)


def _grant(application: CheckApplication, amount, share, months: int) -> None:
    now = utcnow()
    application.state = ApplicationState.RUNNING
    application.amount_granted, application.share_granted = amount, share
    application.project_starts_at, application.project_ends_at = now, add_months(now, months)


def _record_decision(application, programme, user: User, reason: str) -> None:
    application.decision_reason = reason.strip()
    application.decided_by_id, application.decided_at = user.id, utcnow()
    add_event(application, user, application.state.value, reason)
    db.session.flush()
    letter = EmailAttachment(f"decision-{application.id}.pdf", "application/pdf",
                             decision_pdf(application, programme))
    notify("checks/decision", [m.user for m in application.applicant.memberships],
           attachments=[letter], application=application, programme=programme)
    record("check_application.decided", actor=user, obj=application,
           state=application.state.value)
