"""Challenges, public solution summaries and organisations as search documents.

What each type puts in a document is public by construction: drafts and challenges in
review are not indexed, a solution only with its public summary once the challenge is
decided and the supplier agreed, never its confidential details.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.challenges.models import (
    Challenge,
    ChallengeCoOwner,
    ChallengeCpv,
    ChallengeRequirement,
    ChallengeSector,
    ChallengeState,
)
from app.organisations.models import Organisation, VerificationStatus
from app.search.documents import joined_text
from app.search.registry import SearchType, register_document_type
from app.solutions.models import Solution, SolutionState

CHALLENGE_STATUS = {
    ChallengeState.PUBLISHED: "open",
    ChallengeState.CLOSED: "closed",
    ChallengeState.IN_EVALUATION: "closed",
    ChallengeState.WITHDRAWN: "withdrawn",  # found, ranked last and labelled
    ChallengeState.DECIDED: "decided",
    ChallengeState.OUTCOME_RECORDED: "decided",
}
DECIDED_STATES = frozenset({ChallengeState.DECIDED, ChallengeState.OUTCOME_RECORDED})


def challenge_document(challenge: Challenge) -> dict | None:
    """A published (or later) challenge; drafts and challenges in review are not found."""
    status = CHALLENGE_STATUS.get(challenge.state)
    if status is None:
        return None
    owners = challenge.owners
    return {
        "title": challenge.title,
        "body": joined_text(challenge.summary, challenge.problem_statement,
                        challenge.desired_effects,
                        *(requirement.text for requirement in challenge.requirements),
                        challenge.constraints),
        "language": challenge.language,
        "extra_text": {challenge.language: joined_text(*(o.name for o in owners))},
        "facets": {
            "status": status, "kind": challenge.kind.value, "sector": challenge.sectors,
            "region": challenge.region, "route": challenge.procurement_route.value,
            "buyer": [o.id for o in owners], "cpv": challenge.cpv_codes,
        },
        "published_at": challenge.published_at or challenge.created_at,
        "deadline_at": challenge.submission_deadline_at,
    }


def is_public_summary(solution: Solution) -> bool:
    """Submitted, the challenge decided, and the supplier agreed to show its summary."""
    return (
        solution.state == SolutionState.SUBMITTED
        and solution.summary_public_after_decision
        and solution.challenge.state in DECIDED_STATES
        and bool(solution.public_summary.strip())
    )


def solution_document(solution: Solution) -> dict | None:
    """Only the public summary, and only where it is public; never the details."""
    if not is_public_summary(solution):
        return None
    challenge = solution.challenge
    return {
        "title": solution.title or challenge.title,
        "body": solution.public_summary,
        "language": challenge.language,
        "extra_text": {challenge.language: solution.organisation.name},
        "facets": {"status": "decided", "sector": challenge.sectors,
                   "region": challenge.region},
        "published_at": challenge.decided_at or solution.submitted_at or solution.created_at,
    }


def organisation_document(organisation: Organisation) -> dict | None:
    """An organisation's public profile (not one whose verification was rejected)."""
    if organisation.verification_status == VerificationStatus.REJECTED:
        return None
    return {
        "title": organisation.name,
        "body": organisation.description,
        "extra_text": {"sv": joined_text(organisation.org_number, organisation.website)},
        "facets": {"sector": organisation.sectors, "region": organisation.region},
        "published_at": organisation.created_at,
    }


def _challenges_of_organisation(connection, organisation) -> list[int]:
    owned = select(Challenge.id).where(Challenge.owner_id == organisation.id)
    shared = select(ChallengeCoOwner.challenge_id).where(
        ChallengeCoOwner.organisation_id == organisation.id)
    return list(connection.scalars(owned.union(shared)))


def _solutions_of_challenge(connection, challenge) -> list[int]:
    return list(connection.scalars(
        select(Solution.id).where(Solution.challenge_id == challenge.id)))


def _solutions_of_organisation(connection, organisation) -> list[int]:
    return list(connection.scalars(
        select(Solution.id).where(Solution.organisation_id == organisation.id)))


def _solutions_of_sector_link(connection, link) -> list[int]:
    return list(connection.scalars(
        select(Solution.id).where(Solution.challenge_id == link.challenge_id)))


def _challenge_of(_connection, link) -> list[int]:
    return [link.challenge_id]


def register_procurement_types() -> None:
    """Register challenges, solution summaries and organisations."""
    register_document_type(SearchType(
        name="challenge", model=Challenge, to_document=challenge_document,
        label=_l("Challenge"), url=lambda challenge: f"/challenges/{challenge.id}",
        related={ChallengeSector: _challenge_of, ChallengeCpv: _challenge_of,
                 ChallengeRequirement: _challenge_of, ChallengeCoOwner: _challenge_of,
                 Organisation: _challenges_of_organisation},
        load_options=lambda: (
            joinedload(Challenge.owner), selectinload(Challenge.sector_links),
            selectinload(Challenge.cpv_links), selectinload(Challenge.requirements),
            selectinload(Challenge.co_owner_links).joinedload(ChallengeCoOwner.organisation)),
    ))
    register_document_type(SearchType(
        name="solution", model=Solution, to_document=solution_document,
        label=_l("Solution"),
        # Public summaries are shown on the challenge's page, in its solutions panel.
        url=lambda solution: f"/challenges/{solution.challenge_id}#solutions-panel-heading",
        related={Challenge: _solutions_of_challenge, ChallengeSector: _solutions_of_sector_link,
                 Organisation: _solutions_of_organisation},
        load_options=lambda: (
            joinedload(Solution.organisation),
            joinedload(Solution.challenge).selectinload(Challenge.sector_links)),
    ))
    register_document_type(SearchType(
        name="organisation", model=Organisation, to_document=organisation_document,
        label=_l("Organisation"), url=lambda organisation: f"/organisations/{organisation.id}",
    ))
