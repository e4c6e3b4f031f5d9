"""Factories for users and organisations, with valid organisation numbers."""

from __future__ import annotations

import itertools

from app.accounts.models import User
from app.accounts.passwords import hash_password
from app.core.db import utcnow
from app.extensions import db
from app.organisations.models import (
    MemberRole,
    Membership,
    Organisation,
    OrganisationKind,
    SizeClass,
    VerificationStatus,
)
from app.organisations.orgnumber import luhn_ok

PASSWORD = "correct-horse-battery-9"
_sequence = itertools.count(1)


def unique(prefix: str = "x") -> str:
    return f"{prefix}{next(_sequence)}"


def valid_org_number(seed: int | None = None) -> str:
    """A Luhn-valid organisation number (third digit 2 or more, like legal entities)."""
    body = f"55{(seed if seed is not None else next(_sequence) * 7919) % 10_000_000:07d}"
    check = next(d for d in range(10) if luhn_ok(body + str(d)))
    return f"{body[:6]}-{body[6:]}{check}"


def make_user(email: str | None = None, name: str = "Test Person", verified: bool = True,
              password: str = PASSWORD, locale: str = "en", **extra) -> User:
    user = User(
        email=email or f"{unique('user')}@example.org", name=name, locale=locale,
        password_hash=hash_password(password),
        email_verified_at=utcnow() if verified else None, **extra,
    )
    db.session.add(user)
    db.session.flush()
    return user


def make_organisation(kind: OrganisationKind = OrganisationKind.SUPPLIER, admin: User | None = None,
                      members: tuple[User, ...] = (), verified: bool = True,
                      name: str | None = None, **extra) -> Organisation:
    organisation = Organisation(
        name=name or unique("Organisation "), kind=kind, org_number=valid_org_number(),
        size_class=extra.pop("size_class", SizeClass.SMALL), sectors=extra.pop("sectors", []),
        **extra,
    )
    if kind == OrganisationKind.CONTRACTING_AUTHORITY:
        organisation.verification_status = (
            VerificationStatus.VERIFIED if verified else VerificationStatus.PENDING)
        organisation.verified_at = utcnow() if verified else None
    if admin:
        organisation.memberships.append(Membership(user=admin, role=MemberRole.ADMIN))
    for member in members:
        organisation.memberships.append(Membership(user=member, role=MemberRole.MEMBER))
    db.session.add(organisation)
    db.session.flush()
    return organisation


def make_authority(admin: User | None = None, **kwargs) -> Organisation:
    return make_organisation(OrganisationKind.CONTRACTING_AUTHORITY, admin=admin, **kwargs)


def make_challenge(owner: Organisation | None = None, state=None, kind=None,
                   requirements: tuple[str, ...] = ("Works offline", "Meets WCAG 2.1 AA"),
                   deadline_in=None, **extra):
    """A challenge of a verified authority, published by default, with requirements."""
    from datetime import timedelta

    from app.challenges.models import (
        Challenge,
        ChallengeKind,
        ChallengeRequirement,
        ChallengeState,
    )

    owner = owner or make_authority(admin=make_user())
    state = state or ChallengeState.PUBLISHED
    now = utcnow()
    deadline = now + (deadline_in if deadline_in is not None else timedelta(days=30))
    challenge = Challenge(
        owner=owner, kind=kind or ChallengeKind.CHALLENGE, state=state,
        title=extra.pop("title", unique("Challenge ")),
        summary=extra.pop("summary", "A short public summary."),
        problem_statement=extra.pop("problem_statement", "What we need to achieve."),
        submission_deadline_at=extra.pop("submission_deadline_at", deadline),
        question_deadline_at=extra.pop("question_deadline_at", deadline - timedelta(days=7)),
        published_at=now if state != ChallengeState.DRAFT else None,
        **extra,
    )
    for position, text in enumerate(requirements):
        challenge.requirements.append(ChallengeRequirement(position=position, text=text))
    db.session.add(challenge)
    db.session.flush()
    return challenge


def make_solution(challenge, organisation: Organisation | None = None, state=None,
                  answers: tuple[str, ...] | None = None, **extra):
    """A supplier's solution to a challenge, submitted by default, answering each requirement."""
    from app.solutions.models import RequirementAnswer, Solution, SolutionState

    organisation = organisation or make_organisation(admin=make_user())
    state = state or SolutionState.SUBMITTED
    now = utcnow()
    solution = Solution(
        challenge=challenge, organisation=organisation, state=state,
        title=extra.pop("title", unique("Solution ")),
        public_summary=extra.pop("public_summary", "A public summary."),
        details=extra.pop("details", "Confidential details."),
        trl=extra.pop("trl", 6),
        submitted_at=extra.pop("submitted_at", now if state != SolutionState.DRAFT else None),
        **extra,
    )
    texts = answers if answers is not None else tuple(
        f"How we meet: {r.text}" for r in challenge.requirements)
    for requirement, text in zip(challenge.requirements, texts, strict=False):
        solution.answers.append(RequirementAnswer(requirement=requirement, answer=text))
    db.session.add(solution)
    db.session.flush()
    return solution
