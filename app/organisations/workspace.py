"""What the workspace blocks of every area share: the organisations a person belongs to,
as a subquery, so that a block reads its data in one query."""

from __future__ import annotations

from sqlalchemy import Select, select

from app.organisations.models import Membership


def organisation_ids_of(user_id: int) -> Select:
    """A subquery of the ids of the organisations the person is a member of."""
    return select(Membership.organisation_id).where(Membership.user_id == user_id)
