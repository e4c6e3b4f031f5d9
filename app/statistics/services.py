"""The statistics service: every figure on /statistics/ comes from here.

Only public data feeds it. A challenge counts once it is published (drafts and
challenges in review never do; a withdrawn one was published and still counts as
published). A solution counts only once submitted, by its supplier's size and
cooperative flag, never by its content. Pooled demand sums only the estimates that
authorities agreed to show, exactly as the network and challenge pages do.
"""

from __future__ import annotations

import statistics as stats
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from flask import current_app

from app.challenges.models import (
    PUBLIC_STATES,
    Challenge,
    ChallengeKind,
    ChallengeSector,
    ChallengeState,
    OutcomeKind,
    ProcurementRoute,
)
from app.checks.statistics import CheckStatistics, check_statistics
from app.core.cache import remembered
from app.core.dates import local_zone
from app.core.db import utcnow
from app.extensions import db
from app.funding.models import FundingEvent, FundingEventKind, FundingProgramme
from app.networks.demand import PooledDemand, pooled_demand
from app.networks.models import (
    InterestRegistration,
    Network,
    NetworkMember,
    NetworkStatus,
    PlannedProcurement,
    PlannedProcurementStatus,
)
from app.organisations.models import Organisation, SizeClass
from app.solutions.models import Solution, SolutionState

# The Austrian innovation platform reports that about 60 % of its decided challenges led
# to a procurement or a partnership; the page shows ours beside it.
AUSTRIAN_BENCHMARK = Decimal("0.60")
LEADS_ON = (OutcomeKind.PROCUREMENT_ANNOUNCED, OutcomeKind.CONTRACT_AWARDED,
            OutcomeKind.PARTNERSHIP_STARTED)
# Challenges whose submission period is over and that were not withdrawn.
SUBMISSIONS_OVER = (ChallengeState.CLOSED, ChallengeState.IN_EVALUATION,
                    ChallengeState.DECIDED, ChallengeState.OUTCOME_RECORDED)
PERIODS = ("quarter", "month")
DISTRIBUTION_CAP = 10  # "10 or more" solutions share one row
SME_SIZES = (SizeClass.MICRO, SizeClass.SMALL, SizeClass.MEDIUM)


def _published():
    """The condition for a challenge that has been published (public, with a date)."""
    return (Challenge.state.in_(PUBLIC_STATES), Challenge.published_at.is_not(None))


def share(part: int, whole: int) -> Decimal | None:
    """part / whole as a fraction, or None when there is nothing to divide."""
    return Decimal(part) / Decimal(whole) if whole else None


# --- challenges published --------------------------------------------------------------------

def published_total() -> int:
    """How many challenges and needs have been published."""
    return db.session.scalar(db.select(db.func.count(Challenge.id)).where(*_published()))


def _count_by(column) -> dict:
    rows = db.session.execute(db.select(column, db.func.count(Challenge.id))
                              .where(*_published()).group_by(column))
    return {value: count for value, count in rows}


def published_by_kind() -> dict[str, int]:
    """Published challenges per kind (need, challenge), every kind listed."""
    counts = _count_by(Challenge.kind)
    return {kind.value: counts.get(kind, 0) for kind in ChallengeKind}


def published_by_route() -> dict[str, int]:
    """Published challenges per intended procurement route, every route listed."""
    counts = _count_by(Challenge.procurement_route)
    return {route.value: counts.get(route, 0) for route in ProcurementRoute}


def published_by_region() -> dict[str | None, int]:
    """Published challenges per county code (None: not given), most first."""
    return _most_first(_count_by(Challenge.region))


def published_by_sector() -> dict[str | None, int]:
    """Published challenges per sector, most first; one with two sectors counts in both,
    one without a sector under None."""
    rows = db.session.execute(
        db.select(ChallengeSector.sector, db.func.count(ChallengeSector.challenge_id))
        .join(Challenge, Challenge.id == ChallengeSector.challenge_id)
        .where(*_published()).group_by(ChallengeSector.sector))
    counts: dict[str | None, int] = {sector: count for sector, count in rows}
    without = db.session.scalar(db.select(db.func.count(Challenge.id)).where(
        *_published(), ~Challenge.sector_links.any()))
    if without:
        counts[None] = without
    return _most_first(counts)


def _most_first(counts: dict) -> dict:
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0] is None,
                                                         str(item[0]))))


@dataclass(frozen=True)
class PeriodCount:
    """Challenges published in one quarter or month, by kind."""

    start: date
    needs: int = 0
    challenges: int = 0

    @property
    def total(self) -> int:
        return self.needs + self.challenges


def period_start(moment: datetime, period: str) -> date:
    """The first day of the quarter or month of an instant, in Stockholm time."""
    local = moment.astimezone(local_zone())
    month = local.month if period == "month" else 3 * ((local.month - 1) // 3) + 1
    return date(local.year, month, 1)


def _next_start(start: date, period: str) -> date:
    step = 1 if period == "month" else 3
    month = start.month + step
    return date(start.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def published_per_period(period: str = "quarter", now: datetime | None = None
                         ) -> list[PeriodCount]:
    """Published challenges per quarter (or month), from the first one to now, gaps as 0."""
    rows = db.session.execute(db.select(Challenge.published_at, Challenge.kind)
                              .where(*_published()))
    counts: Counter = Counter((period_start(at, period), kind) for at, kind in rows)
    if not counts:
        return []
    start, last = min(s for s, _k in counts), period_start(now or utcnow(), period)
    result = []
    while start <= max(last, max(s for s, _k in counts)):
        result.append(PeriodCount(start, counts[(start, ChallengeKind.NEED)],
                                  counts[(start, ChallengeKind.CHALLENGE)]))
        start = _next_start(start, period)
    return result


# --- outcomes --------------------------------------------------------------------------------

@dataclass(frozen=True)
class OutcomeFigures:
    """Of the challenges with a recorded outcome, how many led to a procurement or
    partnership, next to the Austrian benchmark."""

    by_kind: dict[str, int]
    recorded: int
    led_on: int
    benchmark: Decimal = AUSTRIAN_BENCHMARK

    @property
    def share(self) -> Decimal | None:
        return share(self.led_on, self.recorded)

    def share_of(self, kind: str) -> Decimal | None:
        """The share of the recorded outcomes that are of one kind."""
        return share(self.by_kind.get(kind, 0), self.recorded)


def outcome_figures() -> OutcomeFigures:
    """Recorded outcomes per kind and the share that led to a procurement or partnership."""
    rows = db.session.execute(
        db.select(Challenge.outcome_kind, db.func.count(Challenge.id)).where(
            Challenge.state == ChallengeState.OUTCOME_RECORDED,
            Challenge.outcome_kind.is_not(None)).group_by(Challenge.outcome_kind))
    counts = {kind: count for kind, count in rows}
    by_kind = {kind.value: counts.get(kind, 0) for kind in OutcomeKind}
    return OutcomeFigures(by_kind=by_kind, recorded=sum(counts.values()),
                          led_on=sum(counts.get(kind, 0) for kind in LEADS_ON))


# --- solutions -------------------------------------------------------------------------------

@dataclass(frozen=True)
class SolutionsPerChallenge:
    """Submitted solutions per challenge whose submission period is over."""

    counts: tuple[int, ...]

    @property
    def challenges(self) -> int:
        return len(self.counts)

    @property
    def median(self) -> Decimal | None:
        return Decimal(str(stats.median(self.counts))) if self.counts else None

    def distribution(self, cap: int = DISTRIBUTION_CAP) -> dict[int, int]:
        """How many challenges got 0, 1, 2 ... solutions (the last row: cap or more)."""
        capped = Counter(min(count, cap) for count in self.counts)
        top = min(max(self.counts, default=0), cap)
        return {n: capped.get(n, 0) for n in range(top + 1)}


def solutions_per_challenge() -> SolutionsPerChallenge:
    """The number of submitted solutions of each challenge whose submissions are closed."""
    submitted = (db.select(Solution.challenge_id, db.func.count(Solution.id).label("n"))
                 .where(Solution.state == SolutionState.SUBMITTED)
                 .group_by(Solution.challenge_id).subquery())
    rows = db.session.scalars(
        db.select(db.func.coalesce(submitted.c.n, 0))
        .select_from(Challenge).outerjoin(submitted, submitted.c.challenge_id == Challenge.id)
        .where(Challenge.state.in_(SUBMISSIONS_OVER), Challenge.published_at.is_not(None)))
    return SolutionsPerChallenge(tuple(sorted(rows)))


@dataclass(frozen=True)
class SupplierFigures:
    """Who submitted the solutions: size classes, SMEs and cooperatives."""

    by_size: dict[str, int]
    cooperatives: int

    @property
    def total(self) -> int:
        return sum(self.by_size.values())

    @property
    def smes(self) -> int:
        return sum(self.by_size[size.value] for size in SME_SIZES)

    @property
    def sme_share(self) -> Decimal | None:
        return share(self.smes, self.total)

    @property
    def cooperative_share(self) -> Decimal | None:
        return share(self.cooperatives, self.total)

    def share_of(self, size: str) -> Decimal | None:
        """The share of the solutions from suppliers of one size class."""
        return share(self.by_size.get(size, 0), self.total)


def supplier_figures() -> SupplierFigures:
    """Submitted solutions to published challenges by the supplier's size and cooperative flag."""
    rows = db.session.execute(
        db.select(Organisation.size_class, Organisation.is_cooperative,
                  db.func.count(Solution.id))
        .join(Solution, Solution.organisation_id == Organisation.id)
        .join(Challenge, Challenge.id == Solution.challenge_id)
        .where(Solution.state == SolutionState.SUBMITTED, *_published())
        .group_by(Organisation.size_class, Organisation.is_cooperative))
    by_size = dict.fromkeys((size.value for size in SizeClass), 0)
    cooperatives = 0
    for size, cooperative, count in rows:
        by_size[size.value] += count
        cooperatives += count if cooperative else 0
    return SupplierFigures(by_size=by_size, cooperatives=cooperatives)


# --- networks and pooled demand --------------------------------------------------------------

@dataclass(frozen=True)
class NetworkFigures:
    """Buyer networks and the demand authorities pool through them and on challenges."""

    active: int
    archived: int
    member_authorities: int
    planned_open: int
    joint_challenges: int
    registrations: int
    demand: PooledDemand = field(default_factory=PooledDemand)


def _count(query) -> int:
    return db.session.scalar(query) or 0


def public_registrations() -> list[InterestRegistration]:
    """Registrations the public can see the sum of: on published challenges and on planned
    procurements still collecting interest (a converted one lives on in its challenge)."""
    on_challenges = db.select(InterestRegistration).join(
        Challenge, Challenge.id == InterestRegistration.challenge_id).where(*_published())
    on_planned = db.select(InterestRegistration).join(
        PlannedProcurement, PlannedProcurement.id == InterestRegistration.planned_procurement_id
    ).where(PlannedProcurement.status == PlannedProcurementStatus.OPEN)
    found = [*db.session.scalars(on_challenges), *db.session.scalars(on_planned)]
    return sorted(found, key=lambda r: r.id)  # the oldest names a unit shared by several


def network_figures() -> NetworkFigures:
    """Networks, their member authorities, planned procurements, joint challenges and
    pooled demand (only shown estimates are summed)."""
    active = Network.status == NetworkStatus.ACTIVE
    registrations = public_registrations()
    return NetworkFigures(
        active=_count(db.select(db.func.count(Network.id)).where(active)),
        archived=_count(db.select(db.func.count(Network.id)).where(~active)),
        member_authorities=_count(db.select(db.func.count(
            db.distinct(NetworkMember.organisation_id))).select_from(NetworkMember)
            .join(Network).where(active)),
        planned_open=_count(db.select(db.func.count(PlannedProcurement.id)).where(
            PlannedProcurement.status == PlannedProcurementStatus.OPEN)),
        joint_challenges=_count(db.select(db.func.count(PlannedProcurement.id))
                                .select_from(PlannedProcurement).join(
            Challenge, Challenge.id == PlannedProcurement.challenge_id).where(*_published())),
        registrations=len(registrations),
        demand=pooled_demand(registrations),
    )


# --- funding ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class FundingCount:
    """How often a programme was shown as a match and how often its link was followed."""

    key: str
    name_sv: str
    name_en: str
    matched: int
    clicked: int


def funding_counts() -> list[FundingCount]:
    """Matches and clicks per funding programme (counted events, no personal data)."""
    rows = db.session.execute(
        db.select(FundingEvent.programme_id, FundingEvent.kind, db.func.count(FundingEvent.id))
        .group_by(FundingEvent.programme_id, FundingEvent.kind))
    counts = Counter({(programme_id, kind): count for programme_id, kind, count in rows})
    programmes = db.session.scalars(db.select(FundingProgramme).order_by(FundingProgramme.key))
    return [FundingCount(p.key, p.name_sv, p.name_en,
                         counts[(p.id, FundingEventKind.MATCHED)],
                         counts[(p.id, FundingEventKind.CLICKED)]) for p in programmes]


# --- everything at once ----------------------------------------------------------------------

@dataclass(frozen=True)
class Statistics:
    """Every figure of the statistics page."""

    published: int
    by_kind: dict[str, int]
    by_sector: dict[str | None, int]
    by_region: dict[str | None, int]
    by_route: dict[str, int]
    over_time: list[PeriodCount]
    period: str
    outcomes: OutcomeFigures
    solutions: SolutionsPerChallenge
    suppliers: SupplierFigures
    networks: NetworkFigures
    funding: list[FundingCount]
    checks: CheckStatistics
    computed_at: datetime = field(default_factory=utcnow)


def current(period: str = "quarter") -> Statistics:
    """The figures the page shows: computed at most once per STATISTICS_CACHE_SECONDS in
    each web process, because they read every challenge and solution (over a second at
    20 000 challenges and 200 000 solutions)."""
    return remembered(f"statistics:{period}", current_app.config["STATISTICS_CACHE_SECONDS"],
                      lambda: compute(period))


def compute(period: str = "quarter", now: datetime | None = None) -> Statistics:
    """All figures, computed from the database now."""
    return Statistics(
        published=published_total(), by_kind=published_by_kind(),
        by_sector=published_by_sector(), by_region=published_by_region(),
        by_route=published_by_route(), over_time=published_per_period(period, now),
        period=period, outcomes=outcome_figures(), solutions=solutions_per_challenge(),
        suppliers=supplier_figures(), networks=network_figures(), funding=funding_counts(),
        checks=check_statistics(),
    )
