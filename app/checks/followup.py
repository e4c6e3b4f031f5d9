"""Following a check project up: the final report as a survey, and reminders until it is in."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import or_, select

from app.accounts.models import User
from app.audit.services import record
from app.checks.applications import add_event
from app.checks.models import ApplicationState, CheckApplication
from app.checks.permissions import can_report
from app.checks.programme_forms import ProgrammeForm
from app.core.db import utcnow
from app.core.domain import DomainError
from app.core.events import EventGroup, notify, register_event
from app.core.jobs import register_job
from app.extensions import db

for _key in ("checks/report_soon", "checks/report_due"):
    register_event(_key, EventGroup.CHECKS, essential=True)
REMIND_BEFORE_END = timedelta(days=30)
CHASE_EVERY = timedelta(days=14)


def _people(application: CheckApplication) -> list[User]:
    return [m.user for m in application.applicant.memberships]


def _locked(query):
    return db.session.scalars(query.with_for_update(skip_locked=True)).all()


def remind_before_the_end(now: datetime) -> int:
    """Tell applicants once, a month before their project ends, that the report follows."""
    due = _locked(select(CheckApplication).where(
        CheckApplication.state == ApplicationState.RUNNING,
        CheckApplication.project_ends_at <= now + REMIND_BEFORE_END,
        CheckApplication.project_ends_at > now, CheckApplication.report_reminded_at.is_(None)))
    for application in due:
        notify("checks/report_soon", _people(application), application=application)
        application.report_reminded_at = now
    return len(due)


def open_due_reports(now: datetime) -> int:
    """Projects that ended: the final report is due now (first request)."""
    ended = _locked(select(CheckApplication).where(
        CheckApplication.state == ApplicationState.RUNNING,
        CheckApplication.project_ends_at <= now))
    for application in ended:
        application.state = ApplicationState.REPORT_DUE
        _chase(application, now)
    return len(ended)


def chase_overdue_reports(now: datetime) -> int:
    """Ask again, every two weeks, for a final report that has not come in."""
    overdue = _locked(select(CheckApplication).where(
        CheckApplication.state == ApplicationState.REPORT_DUE,
        or_(CheckApplication.report_reminded_at.is_(None),
            CheckApplication.report_reminded_at <= now - CHASE_EVERY)))
    for application in overdue:
        _chase(application, now)
    return len(overdue)


def _chase(application: CheckApplication, now: datetime) -> None:
    application.report_reminders = (application.report_reminders or 0) + 1
    application.report_reminded_at = now
    notify("checks/report_due", _people(application), application=application,
           reminders=application.report_reminders)


def check_projects(now: datetime | None = None) -> tuple[int, int, int]:
    """One pass: early reminders, reports falling due, overdue reports chased."""
    now = now or utcnow()
    result = (remind_before_the_end(now), open_due_reports(now), chase_overdue_reports(now))
    db.session.flush()
    return result


@register_job("check_projects", every_seconds=3600)
def check_projects_job() -> str | None:
    """The worker's job: reminders for final reports of check projects."""
    soon, due, chased = check_projects()
    return f"{soon} reminded, {due} reports due, {chased} chased" if soon or due or chased \
        else None


def answers_from(form: ProgrammeForm, values: dict) -> dict:
    """The survey's answers, checked: numbers are whole and not negative, yes/no is yes/no."""
    answers = {}
    for question in form.final_report:
        raw = (values.get(question["key"]) or "").strip()
        answers[question["key"]] = _parsed(question, raw)
    return answers


def _parsed(question: dict, raw: str):
    if not raw:
        raise DomainError(_("Answer every question of the report."), field=question["key"])
    if question.get("kind") == "number":
        if not raw.replace(" ", "").isdigit():
            raise DomainError(_("Enter a whole number, 0 or more."), field=question["key"])
        return int(raw.replace(" ", ""))
    if question.get("kind") == "yesno":
        if raw not in ("yes", "no"):
            raise DomainError(_("Choose yes or no."), field=question["key"])
        return raw == "yes"
    return raw[:10000]


def submit_report(application: CheckApplication, user: User, answers: dict) -> None:
    """Record the final report; the project is then complete."""
    if not can_report(user, application):
        raise DomainError(_("No final report is expected for this application."), 409)
    application.report, application.reported_at = answers, utcnow()
    application.state = ApplicationState.REPORTED
    add_event(application, user, ApplicationState.REPORTED.value)
    db.session.flush()
    record("check_application.reported", actor=user, obj=application)
