"""Who may read and write a solution's messages.

A thread is confidential like the solution's details and has exactly two parties: the
members of the organisation that submitted the solution, and the members of the
challenge's owner and accepted co-owners. Jurors are never a party (they read solutions
only through the jury's pages), nor are platform administrators, invited co-owners who
have not answered, or other suppliers. A draft has no thread: the buyers cannot read it.
"""

from __future__ import annotations

from app.challenges.models import Challenge, ChallengeState
from app.core.templating import template_global
from app.messages.models import Message, Side
from app.organisations.models import Organisation
from app.solutions.models import Solution
from app.solutions.permissions import was_submitted

# While suppliers can still answer, a word to one of them may change the competition.
GUARDED_STATES = frozenset({ChallengeState.PUBLISHED})


def _organisation_ids(user) -> set[int]:
    if not (user and user.is_authenticated):
        return set()
    return {m.organisation_id for m in user.memberships}


def buyer_organisations(user, challenge: Challenge) -> list[Organisation]:
    """The user's organisations among the challenge's owner and co-owners."""
    mine = _organisation_ids(user)
    return [o for o in challenge.owners if o.id in mine]


def side_of(user, solution: Solution) -> Side | None:
    """Which party the user writes for (the supplier first, if someone is both)."""
    mine = _organisation_ids(user)
    if solution.organisation_id in mine:
        return Side.SUPPLIER
    if buyer_organisations(user, solution.challenge):
        return Side.BUYER
    return None


def writing_organisation(user, solution: Solution) -> Organisation | None:
    """The organisation a message by this user is sent for."""
    side = side_of(user, solution)
    if side == Side.SUPPLIER:
        return solution.organisation
    return buyer_organisations(user, solution.challenge)[0] if side else None


@template_global
def can_read_messages(user, solution: Solution) -> bool:
    """Members of the submitting supplier and of the owner and co-owners, once the
    solution has been submitted; nobody else (jurors, administrators, other suppliers)."""
    return was_submitted(solution) and side_of(user, solution) is not None


@template_global
def can_send_message(user, solution: Solution) -> bool:
    """The parties may write while the challenge is not withdrawn."""
    return (can_read_messages(user, solution)
            and solution.challenge.state != ChallengeState.WITHDRAWN)


def can_read_message(user, message: Message) -> bool:
    """A message's files: for the thread's parties only."""
    return can_read_messages(user, message.thread.solution)


@template_global
def guard_applies(user, solution: Solution) -> bool:
    """A buyer writing to one supplier while the challenge is open is asked whether the
    message changes or clarifies the conditions (equal treatment)."""
    return (side_of(user, solution) == Side.BUYER
            and solution.challenge.state in GUARDED_STATES)
