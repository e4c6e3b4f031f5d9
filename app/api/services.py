"""Reading open data: public challenges, organisations, networks, outcomes and funding.

Only what `app.api.permissions` calls open leaves through here: drafts and challenges in
review are never found, solutions only count, and interest registrations only show as
pooled demand.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import selectinload

from app.api.http import PageRequest, latest
from app.api.permissions import is_open_challenge, is_open_clarification, shares_estimate
from app.challenges import questions
from app.challenges import services as challenge_services
from app.challenges.models import (
    PUBLIC_STATES,
    Challenge,
    ChallengeCoOwner,
    ChallengeCpv,
    ChallengeState,
    Clarification,
    OutcomeKind,
)
from app.challenges.queries import STATUS_STATES, ListFilters, search_challenges
from app.extensions import db
from app.funding.models import FundingProgramme
from app.networks import demand
from app.networks.models import (
    Network,
    NetworkMember,
    NetworkSector,
    NetworkStatus,
    PlannedProcurement,
)
from app.networks.services import update_count
from app.organisations.models import Organisation, OrganisationKind
from app.solutions.models import Solution, SolutionState

# The API names a challenge's status by its state; the public list page uses short names.
WEB_STATUS = {state.value: name for name, state in STATUS_STATES.items()}
STATUSES = frozenset(WEB_STATUS)
COUNTED_SOLUTIONS = (SolutionState.SUBMITTED,)
LEADS_ON = frozenset({OutcomeKind.PROCUREMENT_ANNOUNCED, OutcomeKind.CONTRACT_AWARDED,
                      OutcomeKind.PARTNERSHIP_STARTED})
EXPORT_BATCH = 500


# --- challenges ------------------------------------------------------------------------------

@dataclass(frozen=True)
class ChallengeFilters:
    """The filters of the challenge list (all optional; status is a state value)."""

    kind: str | None = None
    status: str | None = None
    sector: str | None = None
    region: str | None = None
    route: str | None = None
    buyer: int | None = None
    sort: str = "newest"

    def as_list_filters(self) -> ListFilters:
        return ListFilters(kind=self.kind, status=WEB_STATUS.get(self.status or ""),
                           sector=self.sector, region=self.region, route=self.route,
                           buyer=self.buyer, sort=self.sort)


def _load_details(challenges: list[Challenge]) -> list[Challenge]:
    """Load owners, co-owners, sectors, CPV codes and requirements in a few queries."""
    if challenges:
        db.session.scalars(db.select(Challenge).where(
            Challenge.id.in_([c.id for c in challenges])).options(
            selectinload(Challenge.owner), selectinload(Challenge.sector_links),
            selectinload(Challenge.requirements),
            selectinload(Challenge.cpv_links).selectinload(ChallengeCpv.cpv),
            selectinload(Challenge.co_owner_links).selectinload(ChallengeCoOwner.organisation),
        )).all()
    return challenges


def challenges_page(filters: ChallengeFilters, paging: PageRequest):
    """One page of public challenges matching the filters."""
    pagination = search_challenges(filters.as_list_filters(), paging.page, paging.per_page)
    _load_details(pagination.items)
    return pagination


def all_challenges(filters: ChallengeFilters) -> Iterator[Challenge]:
    """Every public challenge matching the filters (for exports), in batches."""
    page = 1
    while True:
        pagination = search_challenges(filters.as_list_filters(), page, EXPORT_BATCH)
        yield from _load_details(pagination.items)
        if not pagination.has_next:
            return
        page += 1


def public_challenge(challenge_id: int) -> Challenge | None:
    """The challenge if it is open data (drafts and reviews are as if they did not exist)."""
    challenge = db.session.get(Challenge, challenge_id)
    return challenge if is_open_challenge(challenge) else None


def solution_counts(challenges: list[Challenge]) -> dict[int, int]:
    """How many solutions each challenge has received (submitted ones only, never content)."""
    ids = [c.id for c in challenges]
    if not ids:
        return {}
    rows = db.session.execute(db.select(Solution.challenge_id, db.func.count(Solution.id)).where(
        Solution.challenge_id.in_(ids), Solution.state.in_(COUNTED_SOLUTIONS))
        .group_by(Solution.challenge_id))
    counts = dict.fromkeys(ids, 0)
    counts.update({challenge_id: count for challenge_id, count in rows})
    return counts


def _solution_count_changes(challenges: list[Challenge]) -> datetime | None:
    """When a solution was last submitted or withdrawn (what changes the public count)."""
    ids = [c.id for c in challenges]
    if not ids:
        return None
    row = db.session.execute(db.select(db.func.max(Solution.submitted_at),
                                       db.func.max(Solution.withdrawn_at)).where(
        Solution.challenge_id.in_(ids),
        Solution.state.in_([SolutionState.SUBMITTED, SolutionState.WITHDRAWN]))).one()
    return latest(*row)


def _challenge_dates(challenge: Challenge) -> list[datetime | None]:
    # A deadline passed but not yet recorded by the close job changed the status shown.
    closed_at_deadline = (challenge.submission_deadline_at
                          if challenge.effective_state != challenge.state else None)
    return [challenge.updated_at, closed_at_deadline, *(o.updated_at for o in challenge.owners),
            *(link.added_at for link in challenge.co_owner_links)]


def latest_update(model, *conditions) -> datetime | None:
    """The latest `updated_at` of a table's rows (matching the conditions)."""
    return db.session.scalar(db.select(db.func.max(model.updated_at)).where(*conditions))


def challenges_changed_at(challenges: list[Challenge]) -> datetime | None:
    """The latest change to anything shown for these challenges in a list."""
    dates = [d for c in challenges for d in _challenge_dates(c)]
    return latest(*dates, _solution_count_changes(challenges))


def challenge_list_changed_at(challenges: list[Challenge]) -> datetime | None:
    """For a filtered list or export: any public challenge changing may add or remove one."""
    return latest(latest_update(Challenge, Challenge.state.in_(PUBLIC_STATES)),
                  challenges_changed_at(challenges))


def published_clarifications(challenge: Challenge) -> list[Clarification]:
    """The answers and clarifications everyone may read (askers never named)."""
    return [c for c in questions.published(challenge) if is_open_clarification(c)]


def challenge_files(challenge: Challenge) -> list:
    """The challenge's public files."""
    return challenge_services.challenge_attachments(challenge)


def interest_in(challenge: Challenge | None = None,
                planned: PlannedProcurement | None = None) -> demand.PooledDemand:
    """The pooled demand the public sees (only the estimates authorities agreed to show)."""
    return demand.pooled_demand(demand.registrations_on(challenge=challenge, planned=planned))


def _interest_changed_at(challenge: Challenge | None = None,
                         planned: PlannedProcurement | None = None) -> datetime | None:
    registrations = demand.registrations_on(challenge=challenge, planned=planned)
    return latest(*(r.created_at for r in registrations),
                  *(r.updated_at for r in registrations if shares_estimate(r)))


def challenge_changed_at(challenge: Challenge) -> datetime | None:
    """The latest change to anything shown on a challenge's detail."""
    return latest(challenges_changed_at([challenge]),
                  *(c.published_at for c in published_clarifications(challenge)),
                  *(f.created_at for f in challenge_files(challenge)),
                  *(change.changed_at for change in challenge.changes),
                  _interest_changed_at(challenge=challenge))


# --- outcomes --------------------------------------------------------------------------------

def _outcomes_query(outcome: str | None):
    query = db.select(Challenge).where(Challenge.state == ChallengeState.OUTCOME_RECORDED,
                                       Challenge.outcome_kind.is_not(None))
    if outcome:
        query = query.where(Challenge.outcome_kind == OutcomeKind(outcome))
    return query.order_by(Challenge.outcome_recorded_at.desc(), Challenge.id.desc())


def outcomes_page(outcome: str | None, paging: PageRequest):
    """One page of challenges whose outcome is recorded, the latest first."""
    pagination = db.paginate(_outcomes_query(outcome), page=paging.page,
                             per_page=paging.per_page, error_out=False)
    _load_details(pagination.items)
    return pagination


def all_outcomes(outcome: str | None = None) -> list[Challenge]:
    """Every recorded outcome (for the CSV export)."""
    return _load_details(list(db.session.scalars(_outcomes_query(outcome))))


def leads_on(challenge: Challenge) -> bool:
    """True if the outcome is a procurement, a contract or an innovation partnership."""
    return challenge.outcome_kind in LEADS_ON


# --- organisations ---------------------------------------------------------------------------

def organisations_page(kind: str | None, paging: PageRequest):
    """One page of organisations (public profiles), by name."""
    query = db.select(Organisation).order_by(Organisation.name, Organisation.id)
    if kind:
        query = query.where(Organisation.kind == OrganisationKind(kind))
    return db.paginate(query, page=paging.page, per_page=paging.per_page, error_out=False)


def organisation(organisation_id: int) -> Organisation | None:
    """An organisation's public profile."""
    return db.session.get(Organisation, organisation_id)


def challenges_of(organisation: Organisation) -> list[Challenge]:
    """The public challenges an organisation owns or co-owns, newest first."""
    return list(db.session.scalars(db.select(Challenge).where(
        Challenge.state.in_(PUBLIC_STATES), db.or_(
            Challenge.owner_id == organisation.id,
            Challenge.co_owner_links.any(ChallengeCoOwner.organisation_id == organisation.id)))
        .order_by(Challenge.published_at.desc(), Challenge.id.desc())))


def networks_of(organisation: Organisation) -> list[Network]:
    """The networks an organisation belongs to, by name."""
    return list(db.session.scalars(db.select(Network).join(NetworkMember).where(
        NetworkMember.organisation_id == organisation.id).order_by(Network.name, Network.id)))


def organisation_list_changed_at() -> datetime | None:
    """The latest change to any organisation (a new one moves every page)."""
    return latest_update(Organisation)


def organisation_changed_at(organisation: Organisation) -> datetime | None:
    """The latest change to an organisation's profile or what it is linked to."""
    challenges = challenges_of(organisation)
    return latest(organisation.updated_at, *(c.updated_at for c in challenges),
                  *(n.updated_at for n in networks_of(organisation)))


# --- networks --------------------------------------------------------------------------------

@dataclass(frozen=True)
class NetworkFilters:
    status: str | None = None
    region: str | None = None
    sector: str | None = None


def networks_page(filters: NetworkFilters, paging: PageRequest):
    """One page of networks (active and archived), by name."""
    query = db.select(Network).order_by(Network.name, Network.id)
    if filters.status:
        query = query.where(Network.status == NetworkStatus(filters.status))
    if filters.region:
        query = query.where(Network.region == filters.region)
    if filters.sector:
        query = query.where(Network.sector_links.any(NetworkSector.sector == filters.sector))
    return db.paginate(query, page=paging.page, per_page=paging.per_page, error_out=False)


def network(network_id: int) -> Network | None:
    """A network's public data."""
    return db.session.get(Network, network_id)


def joint_challenges(network: Network) -> list[Challenge]:
    """The network's joint challenges that have been published."""
    return [p.challenge for p in network.planned_procurements if is_open_challenge(p.challenge)]


def network_update_count(network: Network) -> int:
    """How many updates the members have (the public sees the number, not the updates)."""
    return update_count(network)


def networks_changed_at(networks: list[Network]) -> datetime | None:
    """The latest change to these networks, their members and their coordinators."""
    return latest(*(n.updated_at for n in networks),
                  *(m.joined_at for n in networks for m in n.members),
                  *(n.coordinator.updated_at for n in networks if n.coordinator))


def network_list_changed_at(networks: list[Network]) -> datetime | None:
    """For a page of networks: any network changing may move it, plus this page's data."""
    return latest(latest_update(Network), networks_changed_at(networks))


def network_changed_at(network: Network) -> datetime | None:
    """The latest change to anything shown on a network's detail."""
    planned = network.planned_procurements
    return latest(networks_changed_at([network]),
                  *(m.organisation.updated_at for m in network.members),
                  *(p.created_at for p in planned), *(p.converted_at for p in planned),
                  *(p.cancelled_at for p in planned),
                  *(_interest_changed_at(planned=p) for p in planned),
                  *(c.updated_at for c in joint_challenges(network)),
                  *(u.created_at for u in network.updates))


# --- funding programmes ----------------------------------------------------------------------

def programmes_page(paging: PageRequest):
    """One page of funding programmes, by key."""
    query = db.select(FundingProgramme).order_by(FundingProgramme.key)
    return db.paginate(query, page=paging.page, per_page=paging.per_page, error_out=False)


def programme(key: str) -> FundingProgramme | None:
    """A funding programme by its key (its stable identifier)."""
    return db.session.scalar(db.select(FundingProgramme).filter_by(key=key))


def programmes_changed_at(programmes: list[FundingProgramme], now: datetime
                          ) -> datetime | None:
    """The latest edit, or the moment a call opened or closed (that changes its status)."""
    return latest(*(p.updated_at for p in programmes),
                  *(p.opens_at for p in programmes if p.opens_at and p.opens_at <= now),
                  *(p.closes_at for p in programmes if p.closes_at and p.closes_at <= now))


def programme_list_changed_at(programmes: list[FundingProgramme], now: datetime
                              ) -> datetime | None:
    """For a page of programmes: any programme changing may move it, plus this page's data."""
    return latest(latest_update(FundingProgramme), programmes_changed_at(programmes, now))
