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
    if kind in (OrganisationKind.CONTRACTING_AUTHORITY, OrganisationKind.INTERMEDIARY):
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
                   deadline_in=None, criteria: tuple[tuple[str, int], ...] | None = None,
                   **extra):
    """A challenge of a verified authority, published by default, with requirements and a
    contact; a judged one also has criteria adding up to 100 % (as publishing requires),
    unless `criteria` says otherwise (`()` for none)."""
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
        contact_name=extra.pop("contact_name", "Contact Person"),
        contact_email=extra.pop("contact_email", "contact@example.org"),
        **extra,
    )
    for position, text in enumerate(requirements):
        challenge.requirements.append(ChallengeRequirement(position=position, text=text))
    db.session.add(challenge)
    db.session.flush()
    if challenge.kind == ChallengeKind.CHALLENGE:
        add_criteria(challenge, DEFAULT_CRITERIA if criteria is None else criteria)
    return challenge


DEFAULT_CRITERIA = (("Fit with the need", 60), ("Degree of innovation", 40))


def add_criteria(challenge, criteria=DEFAULT_CRITERIA, scale=(0, 5)):
    """Criteria (name, weight) on a challenge, written directly (any state)."""
    from app.evaluation.models import Criterion

    for position, (name, weight) in enumerate(criteria):
        db.session.add(Criterion(challenge_id=challenge.id, position=position, name=name,
                                 description="", weight=weight, scale_min=scale[0],
                                 scale_max=scale[1]))
    db.session.flush()
    return challenge


def make_article(slug: str | None = None, kind=None, published: bool = True, **texts):
    """A knowledge article (English only unless texts say otherwise) with its first revision."""
    from app.knowledge.models import ArticleKind
    from app.knowledge.services import ArticleContent, create_article

    texts = texts or {"title_en": "An article", "body_en": "Some *helpful* text."}
    content = ArticleContent(kind=kind or ArticleKind.METHOD_GUIDE, is_published=published,
                             **texts)
    return create_article(None, slug or unique("article-"), content)


def make_network(coordinator: Organisation | None = None, members: tuple[Organisation, ...] = (),
                 join_policy=None, **extra):
    """A buyer network coordinated by a verified authority, with member authorities."""
    from app.networks.models import JoinPolicy, Network, NetworkMember, NetworkSector

    coordinator = coordinator or make_authority(admin=make_user())
    network = Network(
        name=extra.pop("name", unique("Network ")), theme=extra.pop("theme", "Home care"),
        description=extra.pop("description", "We pool demand."),
        join_policy=join_policy or JoinPolicy.APPROVAL, coordinator=coordinator,
        sector_links=[NetworkSector(sector=s) for s in extra.pop("sectors", [])], **extra,
    )
    for organisation in (coordinator, *members):
        network.members.append(NetworkMember(organisation=organisation))
    db.session.add(network)
    db.session.flush()
    return network


def make_planned_procurement(network, **extra):
    """A planned procurement of a network, collecting interest."""
    from app.challenges.models import ProcurementRoute
    from app.networks.models import PlannedProcurement

    planned = PlannedProcurement(
        network=network, title=extra.pop("title", unique("Planned ")),
        need=extra.pop("need", "Safe medication at home."),
        expected_timing=extra.pop("expected_timing", "Autumn 2027"),
        route=extra.pop("route", ProcurementRoute.PROCUREMENT_OF_INNOVATION), **extra,
    )
    db.session.add(planned)
    db.session.flush()
    return planned


def make_interest(organisation: Organisation, challenge=None, planned=None, quantity=None,
                  unit: str = "", amount=None, public: bool = True, **extra):
    """An interest registration on a challenge or a planned procurement."""
    from decimal import Decimal

    from app.networks.models import InterestRegistration

    registration = InterestRegistration(
        organisation=organisation, challenge=challenge, planned_procurement=planned,
        volume_quantity=Decimal(str(quantity)) if quantity is not None else None,
        volume_unit=unit, amount_sek=Decimal(str(amount)) if amount is not None else None,
        time_frame=extra.pop("time_frame", "2027"),
        contact_name=extra.pop("contact_name", "Contact Person"),
        contact_email=extra.pop("contact_email", "contact@example.org"),
        show_volume_publicly=public, **extra,
    )
    db.session.add(registration)
    db.session.flush()
    return registration


def make_admin(**kwargs) -> User:
    """A platform administrator."""
    return make_user(is_admin=True, **kwargs)


def make_solution_record(challenge, organisation: Organisation | None = None, state=None,
                         **extra):
    """A supplier's solution to a challenge, a draft by default."""
    from app.solutions.models import Solution, SolutionState

    organisation = organisation or make_organisation(admin=make_user())
    state = state or SolutionState.DRAFT
    solution = Solution(
        challenge=challenge, organisation=organisation, state=state,
        title=extra.pop("title", unique("Solution ")),
        public_summary=extra.pop("public_summary", "A public summary."),
        details=extra.pop("details", "Confidential: our secret sauce."),
        submitted_at=utcnow() if state == SolutionState.SUBMITTED else None, **extra,
    )
    db.session.add(solution)
    db.session.flush()
    return solution


def make_submitted_solution(challenge, organisation: Organisation | None = None,
                            state=None, answers: tuple[str, ...] | None = None, **extra):
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


def load_funding_programmes():
    """The funding programmes shipped with the app (app/funding/programmes.yaml)."""
    from app.funding.services import import_programmes

    return import_programmes()


def make_supplier(admin: User | None = None, **kwargs) -> Organisation:
    """A supplier company with an admin (a new user unless given)."""
    return make_organisation(OrganisationKind.SUPPLIER, admin=admin or make_user(), **kwargs)


def make_solution(challenge=None, organisation: Organisation | None = None,
                  user: User | None = None, submit: bool = True, **content):
    """A solution from a supplier, submitted by default, through the real services."""
    from app.solutions import services

    challenge = challenge or make_challenge()
    if organisation is None:
        organisation = make_supplier(admin=user)
    user = user or organisation.memberships[0].user
    data = services.SolutionInput(
        title="A working solution", public_summary="What it does, in public.",
        details="How it works.", trl=6, ip_terms_acknowledged=True,
        answers={r.id: f"We meet: {r.text}" for r in challenge.requirements},
    )
    for key, value in content.items():
        setattr(data, key, value)
    solution = services.start_solution(challenge, organisation, user)
    if submit:
        services.submit_solution(solution, user, data)
    else:
        services.save_draft(solution, user, data)
    return solution
