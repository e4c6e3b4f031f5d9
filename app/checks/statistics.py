"""What the checks add up to: applications, grants, time to decision, final reports and what
followed on the platform. Read by /statistics/ and the open data API; never one
organisation's answers.

An application counts once submitted (drafts never do). What the final reports say is
summed per programme only where at least `MIN_GROUP` different organisations reported;
the row for all programmes is left out too when it would give away a hidden group by
subtraction (one hidden group, or hidden groups of fewer than `MIN_GROUP` organisations
together). Every figure comes from a fixed number of queries, whatever the number of
applications.
"""

from __future__ import annotations

import statistics as stats
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import aliased

from app.challenges.models import PUBLIC_STATES, Challenge, OutcomeKind
from app.checks.models import (
    GRANTED_STATES,
    ApplicationEvent,
    ApplicationState,
    CheckApplication,
    IntermediaryOffice,
)
from app.core.db import utcnow
from app.extensions import db
from app.organisations.models import Organisation, OrganisationKind
from app.solutions.models import Solution, SolutionState

MIN_GROUP = 5  # organisations that must have reported before their answers are summed
DECIDED_STATES = GRANTED_STATES | {ApplicationState.REFUSED}
DUE_STATES = (ApplicationState.REPORT_DUE, ApplicationState.REPORTED)
LEADS_ON = (OutcomeKind.PROCUREMENT_ANNOUNCED, OutcomeKind.CONTRACT_AWARDED,
            OutcomeKind.PARTNERSHIP_STARTED)
NUMBER_ANSWERS = ("costs", "turnover", "jobs")
YES_NO_ANSWERS = ("procurement", "ip")
SECONDS_A_DAY = Decimal(86400)


def share(part: int, whole: int) -> Decimal | None:
    """part / whole as a fraction, or None when there is nothing to divide."""
    return Decimal(part) / Decimal(whole) if whole else None


@dataclass
class CheckGroup:
    """Applications, grants and the amount granted for one programme, intermediary,
    county or kind of organisation (key None: not given)."""

    key: str | None
    applications: int = 0
    grants: int = 0
    granted: Decimal = Decimal(0)


@dataclass(frozen=True)
class ReportGroup:
    """What the final reports of one programme (key None: all) say, or only that fewer
    than MIN_GROUP organisations reported (answers None)."""

    key: str | None
    answers: dict | None = None  # reports, sums of numbers, shares of yes

    @property
    def shown(self) -> bool:
        return self.answers is not None


@dataclass(frozen=True)
class FollowedBy:
    """Granted checks after which the same organisation published a challenge, submitted
    a solution, or had a procurement outcome recorded on the platform."""

    granted: int
    challenge: int
    solution: int
    outcome: int


@dataclass(frozen=True)
class CheckStatistics:
    """Every check figure of /statistics/ and /api/v1/check-statistics."""

    total: CheckGroup
    by_programme: list[CheckGroup]
    by_intermediary: list[CheckGroup]
    by_county: list[CheckGroup]
    by_kind: list[CheckGroup]
    decisions: int
    median_days: Decimal | None
    reports_due: int
    reports_received: int
    reports: list[ReportGroup]
    followed: FollowedBy
    computed_at: datetime = field(default_factory=utcnow)

    @property
    def report_share(self) -> Decimal | None:
        """The share of the final reports due that have come in."""
        return share(self.reports_received, self.reports_due)


# --- applications and grants ---------------------------------------------------------------

def _kind_key(kind: OrganisationKind, cooperative: bool) -> str:
    return "cooperative" if kind == OrganisationKind.SUPPLIER and cooperative else kind.value


def _group_rows():
    deciding = aliased(Organisation)
    return db.session.execute(
        select(CheckApplication.programme_key, deciding.name, Organisation.region,
               Organisation.kind, Organisation.is_cooperative, CheckApplication.state,
               func.count(CheckApplication.id), func.sum(CheckApplication.amount_granted))
        .join(Organisation, Organisation.id == CheckApplication.applicant_id)
        .outerjoin(IntermediaryOffice, IntermediaryOffice.id == CheckApplication.office_id)
        .outerjoin(deciding, deciding.id == IntermediaryOffice.organisation_id)
        .where(CheckApplication.submitted_at.is_not(None))
        .group_by(CheckApplication.programme_key, deciding.name, Organisation.region,
                  Organisation.kind, Organisation.is_cooperative, CheckApplication.state))


def _add(group: CheckGroup, state, count: int, granted) -> None:
    group.applications += count
    if state in GRANTED_STATES:
        group.grants += count
        group.granted += Decimal(granted or 0)


def _sorted(groups: dict) -> list[CheckGroup]:
    return sorted(groups.values(), key=lambda g: (-g.applications, g.key is None, g.key or ""))


def application_groups() -> tuple[CheckGroup, list[list[CheckGroup]]]:
    """The total and the groups per programme, intermediary, county and kind (one query)."""
    total = CheckGroup(None)
    dimensions: list[dict] = [{}, {}, {}, {}]
    for programme, intermediary, county, kind, cooperative, state, count, granted \
            in _group_rows():
        _add(total, state, count, granted)
        keys = (programme, intermediary, county, _kind_key(kind, cooperative))
        for groups, key in zip(dimensions, keys, strict=True):
            _add(groups.setdefault(key, CheckGroup(key)), state, count, granted)
    return total, [_sorted(groups) for groups in dimensions]


# --- time to decision and the final reports ------------------------------------------------

def decision_days() -> list[Decimal]:
    """Days from the first submission to the grant or refusal, per decided application."""
    first = (select(ApplicationEvent.application_id,
                    func.min(ApplicationEvent.created_at).label("at"))
             .where(ApplicationEvent.kind == ApplicationState.SUBMITTED.value)
             .group_by(ApplicationEvent.application_id).subquery())
    rows = db.session.execute(
        select(first.c.at, CheckApplication.decided_at)
        .join(first, first.c.application_id == CheckApplication.id)
        .where(CheckApplication.state.in_(DECIDED_STATES),
               CheckApplication.decided_at.is_not(None)))
    return [Decimal((decided - submitted).total_seconds()) / SECONDS_A_DAY
            for submitted, decided in rows]


def median_days(days: list[Decimal]) -> Decimal | None:
    """The median, to one decimal, or None without decisions."""
    return round(Decimal(stats.median(days)), 1) if days else None


def report_counts() -> tuple[int, int]:
    """Final reports due (the project has ended) and received."""
    due, received = db.session.execute(
        select(func.count(CheckApplication.id),
               func.sum(case((CheckApplication.state == ApplicationState.REPORTED, 1),
                             else_=0)))
        .where(CheckApplication.state.in_(DUE_STATES))).one()
    return due or 0, received or 0


def _summed(reports: list[dict]) -> dict:
    answers: dict = {"reports": len(reports)}
    for key in NUMBER_ANSWERS:
        answers[key] = sum(int(r.get(key) or 0) for r in reports)
    for key in YES_NO_ANSWERS:
        answers[key] = share(sum(1 for r in reports if r.get(key) is True), len(reports))
    return answers


def _report_group(key, reports: list[tuple[int, dict]]) -> ReportGroup:
    organisations = {organisation for organisation, _report in reports}
    if len(organisations) < MIN_GROUP:
        return ReportGroup(key)
    return ReportGroup(key, _summed([report for _organisation, report in reports]))


def report_groups() -> list[ReportGroup]:
    """What the reports say per programme, and for all programmes, where enough
    organisations reported (see the module's docstring)."""
    by_programme: dict[str, list] = defaultdict(list)
    for programme, organisation, report in db.session.execute(
            select(CheckApplication.programme_key, CheckApplication.applicant_id,
                   CheckApplication.report)
            .where(CheckApplication.state == ApplicationState.REPORTED)):
        by_programme[programme].append((organisation, report or {}))
    groups = [_report_group(key, by_programme[key]) for key in sorted(by_programme)]
    hidden = {o for g in groups if not g.shown for o, _r in by_programme[g.key]}
    everything = [item for items in by_programme.values() for item in items]
    total = _report_group(None, everything)
    if hidden and len(hidden) < MIN_GROUP:
        total = ReportGroup(None)  # else all minus the shown groups gives the hidden one
    return [*groups, total] if groups else []


# --- what followed on the platform ---------------------------------------------------------

def _latest_per_organisation(*selects):
    """Per organisation, the latest moment among the (organisation, moment) rows given."""
    rows = selects[0].union_all(*selects[1:]).subquery() if len(selects) > 1 \
        else selects[0].subquery()
    organisation, moment = rows.c
    return (select(organisation.label("organisation_id"), func.max(moment).label("at"))
            .group_by(organisation).subquery())


def followed_by() -> FollowedBy:
    """Granted checks followed (by the same organisation, after the grant) by a challenge,
    a solution or a procurement outcome, in one query.

    "Something after the grant" is "the organisation's latest such thing is after the
    grant": each kind is grouped per organisation once, then joined to the grants, instead
    of a search for every grant (which scanned every challenge per grant at national scale).
    """
    challenge = _latest_per_organisation(
        select(Challenge.owner_id, Challenge.published_at)
        .where(Challenge.state.in_(PUBLIC_STATES)))
    solution = _latest_per_organisation(
        select(Solution.organisation_id, Solution.submitted_at)
        .where(Solution.state == SolutionState.SUBMITTED))
    outcome = _latest_per_organisation(
        select(Challenge.owner_id, Challenge.outcome_recorded_at)
        .where(Challenge.outcome_kind.in_(LEADS_ON)),
        select(Solution.organisation_id, Challenge.outcome_recorded_at)
        .join(Challenge, Challenge.id == Solution.challenge_id)
        .where(Challenge.outcome_kind.in_(LEADS_ON),
               Solution.state == SolutionState.SUBMITTED))
    latest = (challenge, solution, outcome)
    counts = [func.sum(case((later.c.at > CheckApplication.decided_at, 1), else_=0))
              for later in latest]
    query = select(func.count(CheckApplication.id), *counts)
    query = query.select_from(CheckApplication)
    for later in latest:
        query = query.outerjoin(later, later.c.organisation_id == CheckApplication.applicant_id)
    row = db.session.execute(
        query.where(and_(CheckApplication.state.in_(GRANTED_STATES),
                         CheckApplication.decided_at.is_not(None)))).one()
    return FollowedBy(*(int(value or 0) for value in row))


def check_statistics() -> CheckStatistics:
    """Every check figure, computed now (six queries)."""
    total, (programme, intermediary, county, kind) = application_groups()
    days = decision_days()
    due, received = report_counts()
    return CheckStatistics(
        total=total, by_programme=programme, by_intermediary=intermediary, by_county=county,
        by_kind=kind, decisions=len(days), median_days=median_days(days), reports_due=due,
        reports_received=received, reports=report_groups(), followed=followed_by())
