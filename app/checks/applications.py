"""Check applications: eligibility at the door, a prefilled form as data, submission."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _

from app.accounts.models import User
from app.audit.services import record
from app.challenges.models import Challenge
from app.checks.models import (
    GRANTED_STATES,
    ApplicationEvent,
    ApplicationState,
    CheckApplication,
    IntermediaryOffice,
)
from app.checks.permissions import can_edit_application, is_verified_intermediary
from app.checks.programme_forms import ProgrammeForm, Refusal, refusal
from app.core.db import utcnow
from app.core.domain import DomainError
from app.core.events import EventGroup, notify, register_event
from app.extensions import db
from app.funding.models import FundingProgramme
from app.organisations.models import Organisation
from app.solutions.models import Solution

register_event("checks/application_submitted", EventGroup.CHECKS)
ECONOMIC_ASSOCIATION_DIGIT = "7"  # the first digit of an ekonomisk förening's number


def is_economic_association(organisation: Organisation) -> bool:
    """Swedish organisation numbers of economic associations begin with 7."""
    return organisation.org_number.startswith(ECONOMIC_ASSOCIATION_DIGIT)


def offices_handing_out(programme_key: str, county: str | None) -> list[IntermediaryOffice]:
    """The verified intermediaries' offices handing out a programme in a county."""
    offices = db.session.scalars(db.select(IntermediaryOffice).order_by(IntermediaryOffice.name))
    return [o for o in offices if programme_key in (o.programme_keys or [])
            and county in (o.counties or []) and is_verified_intermediary(o.organisation)]


def previous_grants(organisation: Organisation, programme_key: str) -> int:
    """How many checks of this programme the organisation has been granted."""
    return db.session.scalar(db.select(db.func.count(CheckApplication.id)).where(
        CheckApplication.applicant_id == organisation.id,
        CheckApplication.programme_key == programme_key,
        CheckApplication.state.in_(GRANTED_STATES))) or 0


def _passes(rule: dict, form: ProgrammeForm, organisation: Organisation,
            owners: int | None) -> bool:
    check = rule["rule"]
    if check == "kinds":
        return organisation.kind.value in rule["values"]
    if check == "sizes":
        return organisation.size_class.value in rule["values"]
    if check == "economic_association":
        return is_economic_association(organisation)
    if check == "min_owners":
        return owners is not None and owners >= int(rule["value"])
    if check == "office_in_county":
        return bool(offices_handing_out(form.key, organisation.region))
    if check == "no_previous":
        return previous_grants(organisation, form.key) == 0
    raise ValueError(f"unknown eligibility rule {check!r} in forms.yaml")


def check_eligibility(form: ProgrammeForm, organisation: Organisation,
                      owners: int | None = None) -> Refusal | None:
    """The first rule the organisation fails, as a refusal; None if it may apply."""
    for rule in form.eligibility:
        if not _passes(rule, form, organisation, owners):
            return refusal(rule)
    return None


def _source_value(source: str, organisation, challenge, solution) -> str:
    kind, _dot, field = source.partition(".")
    obj = {"organisation": organisation, "challenge": challenge, "solution": solution}[kind]
    return str(getattr(obj, field, "") or "") if obj is not None else ""


def prefilled_answers(form: ProgrammeForm, organisation: Organisation,
                      challenge: Challenge | None, solution: Solution | None) -> dict:
    """The answers that start from the organisation, the challenge and the solution's
    public summary (never its confidential details)."""
    answers = {}
    for question in form.questions:
        if question.get("prefill"):
            answers[question["key"]] = _source_value(question["prefill"], organisation,
                                                     challenge, solution)
    return answers


def start_application(form: ProgrammeForm, organisation: Organisation, user: User,
                      owners: int | None, prefill: bool, challenge: Challenge | None = None,
                      solution: Solution | None = None) -> CheckApplication:
    """Open a draft after the eligibility rules passed; the office of the county decides."""
    if (problem := check_eligibility(form, organisation, owners)) is not None:
        raise DomainError(problem.reason, 422)
    if solution is not None and solution.organisation_id != organisation.id:
        solution = None
    application = CheckApplication(
        programme_key=form.key, applicant=organisation, created_by_id=user.id, owners=owners,
        office=offices_handing_out(form.key, organisation.region)[0],
        challenge_id=challenge and challenge.id, solution_id=solution and solution.id,
        answers=prefilled_answers(form, organisation, challenge, solution) if prefill else {})
    db.session.add(application)
    db.session.flush()
    record("check_application.started", actor=user, obj=application)
    return application


def save_answers(application: CheckApplication, user: User, answers: dict,
                 budget: dict) -> None:
    """Keep what the applicant wrote (a draft, or a completion asked for)."""
    if not can_edit_application(user, application):
        raise DomainError(_("This application can no longer be changed."), 409)
    application.answers, application.budget = answers, budget
    application.amount_requested = Decimal(sum(budget.values()))
    db.session.flush()


def missing_answers(form: ProgrammeForm, application: CheckApplication) -> list[str]:
    """The keys of required questions without an answer."""
    return [q["key"] for q in form.questions
            if q.get("required") and not (application.answers or {}).get(q["key"], "").strip()]


def add_event(application: CheckApplication, actor: User | None, kind: str,
              note: str = "") -> None:
    """Record a step of the application with its reason."""
    application.events.append(ApplicationEvent(actor=actor, kind=kind, note=note.strip()))


def submit_application(application: CheckApplication, form: ProgrammeForm,
                       programme: FundingProgramme, user: User) -> None:
    """Send the application to the deciding office, once complete and within the ceiling."""
    if not can_edit_application(user, application):
        raise DomainError(_("This application can no longer be changed."), 409)
    if missing_answers(form, application):
        raise DomainError(_("Answer every required question before you submit."))
    if not application.amount_requested:
        raise DomainError(_("Enter the budget: the amount applied for cannot be zero."))
    if programme.max_amount and application.amount_requested > programme.max_amount:
        raise DomainError(_("The amount applied for is above the programme's maximum."))
    if application.state == ApplicationState.DRAFT and (
            problem := check_eligibility(form, application.applicant, application.owners)):
        raise DomainError(problem.reason)
    application.state, application.submitted_at = ApplicationState.SUBMITTED, utcnow()
    add_event(application, user, ApplicationState.SUBMITTED.value)
    db.session.flush()
    _tell_the_office(application, programme)
    record("check_application.submitted", actor=user, obj=application)


def _tell_the_office(application: CheckApplication, programme: FundingProgramme) -> None:
    office = application.office
    if office is not None:
        notify("checks/application_submitted", [m.user for m in office.organisation.memberships],
               application=application, programme=programme, office=office)


def applications_of(organisations: list[Organisation]) -> list[CheckApplication]:
    """The organisations' applications, newest first."""
    ids = [o.id for o in organisations]
    if not ids:
        return []
    return list(db.session.scalars(
        db.select(CheckApplication).where(CheckApplication.applicant_id.in_(ids))
        .order_by(CheckApplication.created_at.desc())))
