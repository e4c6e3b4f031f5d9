"""Who may see and do what with solutions.

`can_view_solution_details` is the single rule for confidential solution content: the
solution pages, the owners' inbox and exports, the attachment downloads and the version
files all ask it, and nothing else decides. Platform administrators are deliberately not
in it: they moderate the platform, they do not read suppliers' know-how.

Extension point: an area that gives more people access (the evaluation area: jurors
assigned to the challenge who declared no conflict for the solution) registers a rule
with `register_detail_rule`. Until such a rule exists, nobody else sees the details.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from app.challenges.models import Challenge, ChallengeState
from app.core.db import utcnow
from app.core.templating import template_global
from app.organisations.models import Organisation
from app.solutions.models import Solution, SolutionResult, SolutionState

DetailRule = Callable[[object, Solution], bool]

# Extra rules, each answering "may this user read this solution's confidential details?".
# A rule only ever adds access; the evaluation area appends its juror rule here.
DETAIL_RULES: list[DetailRule] = []

RESULT_PUBLISHED_STATES = frozenset({ChallengeState.DECIDED, ChallengeState.OUTCOME_RECORDED})


def register_detail_rule(rule: DetailRule) -> DetailRule:
    """Add a rule granting access to confidential details (usable as a decorator)."""
    if rule not in DETAIL_RULES:
        DETAIL_RULES.append(rule)
    return rule


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated)


def _member_of_any(user, organisations: Iterable[Organisation]) -> bool:
    if not _signed_in(user):
        return False
    wanted = {organisation.id for organisation in organisations}
    return any(m.organisation_id in wanted for m in user.memberships)


def was_submitted(solution: Solution) -> bool:
    """True if the solution is submitted, or was submitted before being withdrawn."""
    return solution.state == SolutionState.SUBMITTED or (
        solution.state == SolutionState.WITHDRAWN and solution.submitted_at is not None
    )


@template_global
def can_view_solution_details(user, solution: Solution) -> bool:
    """May this user read the confidential parts of a solution (and its attachments)?

    Yes for members of the submitting organisation; for members of the challenge's owner
    and co-owners once the solution has been submitted (never a draft); and for whoever a
    registered extra rule admits (jurors, from the evaluation area). No for everyone else,
    platform administrators included.
    """
    if not _signed_in(user):
        return False
    if _member_of_any(user, [solution.organisation]):
        return True
    if was_submitted(solution) and _member_of_any(user, solution.challenge.owners):
        return True
    return any(rule(user, solution) for rule in DETAIL_RULES)


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
    deadline = challenge.submission_deadline_at
    return deadline is not None and utcnow() >= deadline


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
