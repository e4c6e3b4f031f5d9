"""Benchmark data for My pages: the heaviest people issue 19 names.

A step of `flask --app wsgi bench generate` (see `app.demo.bench.STEPS`). Challenges and
solutions are spread evenly (about 67 challenges per authority, 50 solutions per
supplier), so the first generated authority is given 200 challenges and the first
supplier 100 solutions, taken over from others so the totals stay as asked; the supplier
also gets an interest profile of its sectors. Their e-mails are printed, and
`bench/pages.py` finds them as the organisations closest to those numbers.
"""

from __future__ import annotations

import random

import click
from sqlalchemy import func, select, update

from app.accounts.models import User
from app.challenges.models import Challenge
from app.core.db import utcnow
from app.core.events import Frequency
from app.extensions import db
from app.organisations.models import Membership, Organisation, OrganisationKind
from app.search.models import SavedSearch, SavedSearchKind
from app.solutions.models import Solution

BUYER_CHALLENGES = 200
SUPPLIER_SOLUTIONS = 100


def _first(kind: OrganisationKind) -> Membership | None:
    """The account of the first generated organisation of a kind."""
    return db.session.scalars(
        select(Membership).join(Organisation).join(User)
        .where(Organisation.kind == kind, User.email.like("member%@bench.example"))
        .order_by(Organisation.id, Membership.id)).first()


def _give_challenges(authority: int) -> int:
    """Move challenges of other authorities to this one until it owns BUYER_CHALLENGES."""
    owned = db.session.scalar(select(func.count()).where(Challenge.owner_id == authority))
    if owned < BUYER_CHALLENGES:
        taken = select(Challenge.id).where(Challenge.owner_id != authority).order_by(
            Challenge.id).limit(BUYER_CHALLENGES - owned).scalar_subquery()
        db.session.execute(update(Challenge).where(Challenge.id.in_(taken))
                           .values(owner_id=authority))
    return db.session.scalar(select(func.count()).where(Challenge.owner_id == authority))


def _give_solutions(supplier: int) -> int:
    """Move one solution each of challenges the supplier has not answered to it, until it
    has SUPPLIER_SOLUTIONS (one solution per supplier and challenge stays true)."""
    have = db.session.scalar(select(func.count()).where(Solution.organisation_id == supplier))
    if have < SUPPLIER_SOLUTIONS:
        answered = select(Solution.challenge_id).where(Solution.organisation_id == supplier)
        taken = list(db.session.scalars(
            select(func.min(Solution.id)).where(Solution.challenge_id.not_in(answered))
            .group_by(Solution.challenge_id).order_by(Solution.challenge_id)
            .limit(SUPPLIER_SOLUTIONS - have)))
        db.session.execute(update(Solution).where(Solution.id.in_(taken))
                           .values(organisation_id=supplier))
    return db.session.scalar(select(func.count()).where(Solution.organisation_id == supplier))


def _give_profile(supplier: int, user_id: int) -> None:
    """An interest profile of the supplier's sectors (open challenges only)."""
    if db.session.scalar(select(SavedSearch.id).where(
            SavedSearch.user_id == user_id, SavedSearch.kind == SavedSearchKind.PROFILE)):
        return
    sectors = db.session.get(Organisation, supplier).sectors or []
    db.session.add(SavedSearch(
        user_id=user_id, kind=SavedSearchKind.PROFILE, name="Min intresseprofil",
        filters={"type": ["challenge"], "status": ["open"], "sector": sorted(sectors)},
        frequency=Frequency.WEEKLY, checked_through=utcnow()))


def generate_heavy_users(_rng: random.Random) -> None:
    """A buyer with BUYER_CHALLENGES challenges and a supplier with SUPPLIER_SOLUTIONS
    solutions and an interest profile; prints their e-mails."""
    buyer, supplier = (_first(OrganisationKind.CONTRACTING_AUTHORITY),
                       _first(OrganisationKind.SUPPLIER))
    if buyer is None or supplier is None:
        return
    challenges = _give_challenges(buyer.organisation_id)
    solutions = _give_solutions(supplier.organisation_id)
    _give_profile(supplier.organisation_id, supplier.user_id)
    click.echo(f"  buyer {buyer.user.email}: {challenges} challenges")
    click.echo(f"  supplier {supplier.user.email}: {solutions} solutions, an interest profile")
