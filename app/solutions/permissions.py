"""Who may see and do what with solutions.

`can_view_solution_details` is the single rule for the supplier's and the buyers' pages
of a solution: the solution page, the owners' inbox and exports, the attachment
downloads and the version files all ask it, and nothing else decides. Platform
administrators are deliberately not in it: they moderate the platform, they do not read
suppliers' know-how.

Jurors are not in it either, even when they may score the solution: a juror reads a
solution only through the jury's pages (the evaluation area's `juror_can_view_solution`),
which show it as "Solution 4" and, in an anonymised evaluation, never name the supplier.
A juror who also belongs to the supplier or to a buyer gets those pages through that
membership, not through the seat on the jury.

Extension point: an area whose people read solutions in some other way (the evaluation
area: the jury) says so to the supplier with `register_reader_group`, so the solution
page can list everyone who can read it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from flask_babel import gettext as _

from app.challenges.models import Challenge, ChallengeState
from app.core.templating import template_global
from app.organisations.models import Organisation
from app.solutions.models import Solution, SolutionResult, SolutionState

# Functions naming a further group of readers of a solution ("the jury (3 people)"), or
# None when there is none; the evaluation area registers the jury's.
READER_GROUPS: list[Callable[[Solution], str | None]] = []

RESULT_PUBLISHED_STATES = frozenset({ChallengeState.DECIDED, ChallengeState.OUTCOME_RECORDED})


def register_reader_group(describe: Callable[[Solution], str | None]):
    """Add a group of people who can read solutions (usable as a decorator)."""
    if describe not in READER_GROUPS:
        READER_GROUPS.append(describe)
    return describe


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated)


def _member_of_any(user, organisations: Iterable[Organisation]) -> bool:
    if not _signed_in(user):
        return False
    wanted = {organisation.id for organisation in organisations}
    return any(m.organisation_id in wanted for m in user.memberships)


@template_global
def was_submitted(solution: Solution) -> bool:
    """True if the solution is submitted, or was submitted before being withdrawn."""
    return solution.state == SolutionState.SUBMITTED or (
        solution.state == SolutionState.WITHDRAWN and solution.submitted_at is not None
    )


@template_global
def can_view_solution_details(user, solution: Solution) -> bool:
    """May this user open a solution's supplier and buyer pages (details, files, versions)?

    Yes for members of the submitting organisation, and for members of the challenge's
    owner and accepted co-owners once the solution has been submitted (never a draft).
    No for everyone else: jurors read through the jury's pages only, and platform
    administrators not at all.
    """
    if not _signed_in(user):
        return False
    if _member_of_any(user, [solution.organisation]):
        return True
    return was_submitted(solution) and _member_of_any(user, solution.challenge.owners)


@template_global
def solution_readers(solution: Solution) -> list[str]:
    """Who besides the supplier can read the submitted solution, to show the supplier: the
    owner, each accepted co-owner and any further group (the jury)."""
    challenge = solution.challenge
    names = [_("%(name)s (the buyer)", name=challenge.owner.name)]
    names += [_("%(name)s (co-owner)", name=org.name) for org in challenge.co_owners]
    groups = (describe(solution) for describe in READER_GROUPS)
    return names + [group for group in groups if group]


@template_global
def can_view_solution_inbox(user, challenge: Challenge) -> bool:
    """Members of the owner and co-owners see the solutions received and export them."""
    return _member_of_any(user, challenge.owners)


@template_global
def solution_organisations(user) -> list[Organisation]:
    """The user's organisations that may answer challenges (suppliers, universities)."""
    if not _signed_in(user):
        return []
    organisations = [m.organisation for m in user.memberships if m.organisation.offers_solutions]
    return sorted(organisations, key=lambda o: o.name.lower())


def deadline_passed(challenge: Challenge) -> bool:
    """True from the second the submission deadline is reached (UTC, server clock)."""
    return challenge.deadline_reached


@template_global
def accepts_solutions(challenge: Challenge) -> bool:
    """A published challenge whose submission deadline has not been reached."""
    return challenge.state == ChallengeState.PUBLISHED and not deadline_passed(challenge)


@template_global
def can_answer_challenge(user, challenge: Challenge) -> bool:
    """A member of a supplier (or university) may answer an open challenge."""
    return accepts_solutions(challenge) and bool(solution_organisations(user))


@template_global
def can_edit_solution(user, solution: Solution) -> bool:
    """Members of the supplier edit, submit and resubmit until the deadline."""
    return _member_of_any(user, [solution.organisation]) and accepts_solutions(
        solution.challenge)


@template_global
def can_withdraw_solution(user, solution: Solution) -> bool:
    """A submitted solution may be withdrawn by its supplier before the deadline."""
    return solution.state == SolutionState.SUBMITTED and can_edit_solution(user, solution)


@template_global
def can_delete_solution(user, solution: Solution) -> bool:
    """A draft that was never submitted may be deleted by its supplier before the deadline."""
    return (solution.state == SolutionState.DRAFT and solution.submitted_at is None
            and can_edit_solution(user, solution))


@template_global
def can_change_solution_consent(user, solution: Solution) -> bool:
    """The supplier may change whether its public summary is shown, at any time."""
    return _member_of_any(user, [solution.organisation])


def result_is_published(challenge: Challenge) -> bool:
    """Results are public (to the supplier too) once the decision is published."""
    return challenge.state in RESULT_PUBLISHED_STATES


@template_global
def published_result(solution: Solution) -> SolutionResult | None:
    """The solution's result if the decision is published and it was submitted, else None."""
    if solution.state != SolutionState.SUBMITTED or not result_is_published(solution.challenge):
        return None
    return solution.result
