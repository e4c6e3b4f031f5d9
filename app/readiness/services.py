"""The quick check's domain logic: scoring, advice per theme, the newest check, the profile."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _

from app.core.db import utcnow
from app.core.domain import DomainError
from app.extensions import db
from app.funding.models import FundingProgramme
from app.funding.services import audiences_of, matching_programmes
from app.organisations.models import Organisation, OrganisationKind
from app.readiness.models import ReadinessCheck
from app.readiness.questions import (
    MAX_POINTS,
    POINTS,
    QUESTIONS,
    THEMES,
    Answer,
    Question,
    Theme,
    answers_allowed,
)

READY_FROM = 80        # a theme (or the whole) at or above this percentage is "ready"
ON_THE_WAY_FROM = 50   # at or above this, "on the way"; below, "start here"
PROGRAMMES_PER_THEME = 2


def is_supplier(organisation: Organisation) -> bool:
    """The quick check is for suppliers (companies and cooperatives)."""
    return organisation.kind == OrganisationKind.SUPPLIER


def clean_answers(raw: dict[str, str]) -> dict[str, str]:
    """Only known questions with an answer they allow; anything else is dropped."""
    cleaned = {}
    for key, question in QUESTIONS.items():
        value = raw.get(key)
        if value in {a.value for a in answers_allowed(question)}:
            cleaned[key] = value
    return cleaned


def percentage(answers: dict[str, str], questions) -> int | None:
    """The share of points over the questions that apply; None if none applies."""
    counted = [Answer(answers[q.key]) for q in questions
               if answers.get(q.key) and answers[q.key] != Answer.NOT_APPLICABLE]
    if not counted:
        return None
    return round(100 * sum(POINTS[a] for a in counted) / (MAX_POINTS * len(counted)))


def level(score: int | None) -> str:
    """ready, on_the_way or start_here; not_applicable when nothing was counted."""
    if score is None:
        return "not_applicable"
    if score >= READY_FROM:
        return "ready"
    return "on_the_way" if score >= ON_THE_WAY_FROM else "start_here"


@dataclass
class ThemeResult:
    """One theme's score and advice: next steps, articles and fitting programmes."""

    theme: Theme
    score: int | None
    level: str
    next_steps: list[Question] = field(default_factory=list)
    programmes: list[FundingProgramme] = field(default_factory=list)


def _next_steps(theme: Theme, answers: dict[str, str]) -> list[Question]:
    return [q for q in theme.questions if answers.get(q.key) in (Answer.PARTLY, Answer.NO)]


def _programmes_for(theme: Theme, programmes: list[FundingProgramme]) -> list[FundingProgramme]:
    return [p for p in programmes if p.stage in theme.stages][:PROGRAMMES_PER_THEME]


def theme_results(check: ReadinessCheck) -> list[ThemeResult]:
    """Every theme's result, weakest first, with advice where an answer fell short of yes."""
    programmes = matching_programmes(audiences_of(check.organisation)) \
        if audiences_of(check.organisation) else []
    results = []
    for theme in THEMES:
        score = percentage(check.answers, theme.questions)
        steps = _next_steps(theme, check.answers)
        results.append(ThemeResult(theme, score, level(score), steps,
                                   _programmes_for(theme, programmes) if steps else []))
    order = {key: index for index, key in enumerate(t.key for t in THEMES)}
    return sorted(results, key=lambda r: (101 if r.score is None else r.score,
                                          order[r.theme.key]))


def latest_check(organisation: Organisation) -> ReadinessCheck | None:
    """The organisation's newest completed check, or None."""
    return db.session.scalars(
        db.select(ReadinessCheck).filter_by(organisation_id=organisation.id)
        .order_by(ReadinessCheck.completed_at.desc(), ReadinessCheck.id.desc()).limit(1)
    ).first()


def missing_questions(answers: dict[str, str]) -> list[str]:
    """The keys of the questions left unanswered."""
    return [key for key in QUESTIONS if key not in answers]


def record_check(organisation: Organisation, user, raw_answers: dict[str, str]
                 ) -> ReadinessCheck:
    """Save a completed check (every question answered); the profile choice carries over."""
    answers = clean_answers(raw_answers)
    if missing_questions(answers):
        raise DomainError(_("Answer every question."))
    previous = latest_check(organisation)
    check = ReadinessCheck(
        organisation=organisation, completed_by=user, answers=answers,
        score=percentage(answers, QUESTIONS.values()) or 0,
        show_on_profile=previous.show_on_profile if previous else False,
        completed_at=utcnow(),
    )
    db.session.add(check)
    db.session.flush()
    return check


def set_shown_on_profile(organisation: Organisation, shown: bool) -> ReadinessCheck | None:
    """Show or hide "readiness self-assessed (date)" on the public profile."""
    check = latest_check(organisation)
    if check is not None:
        check.show_on_profile = shown
        db.session.flush()
    return check


def public_assessment_date(organisation: Organisation):
    """When the organisation last assessed itself, if it chose to show that; else None."""
    if not is_supplier(organisation):
        return None
    check = latest_check(organisation)
    return check.completed_at if check is not None and check.show_on_profile else None


def latest_checks_for(organisations: list[Organisation]) -> dict[int, ReadinessCheck]:
    """The newest check of each organisation, in one query."""
    ids = [o.id for o in organisations]
    if not ids:
        return {}
    rows = db.session.scalars(
        db.select(ReadinessCheck).filter(ReadinessCheck.organisation_id.in_(ids))
        .order_by(ReadinessCheck.completed_at, ReadinessCheck.id))
    return {row.organisation_id: row for row in rows}


def has_assessed(user) -> bool:
    """True if one of the user's organisations has completed the quick check (one query)."""
    ids = [m.organisation_id for m in user.memberships]
    return bool(ids) and db.session.scalar(
        db.select(ReadinessCheck.id).filter(ReadinessCheck.organisation_id.in_(ids)).limit(1)
    ) is not None


def personal_data(user) -> list[dict]:
    """The quick checks the person completed (when, for which organisation): the answers
    are the organisation's, so its members download them, not one person's export."""
    checks = db.session.scalars(db.select(ReadinessCheck).filter_by(completed_by_id=user.id)
                                .order_by(ReadinessCheck.completed_at))
    return [{"organisation": c.organisation.name, "completed_at": c.completed_at.isoformat()}
            for c in checks]


def forget_person(user) -> None:
    """An erased account no longer names who completed its organisations' checks."""
    db.session.execute(db.update(ReadinessCheck).where(ReadinessCheck.completed_by_id == user.id)
                       .values(completed_by_id=None))
