"""Composing My pages from the blocks the areas offer."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from app.core.workspace import WorkspaceBlock
from app.extensions import db
from app.organisations.models import Membership
from app.workspace.blocks import BLOCKS


def load_memberships(user) -> None:
    """Read the person's memberships with their organisations once, in one query, for
    every block that starts from them (and the header)."""
    memberships = db.session.scalars(
        select(Membership).options(joinedload(Membership.organisation))
        .where(Membership.user_id == user.id)).all()
    set_committed_value(user, "memberships", list(memberships))


def blocks_for(user) -> list[WorkspaceBlock]:
    """The blocks that have something for this person, in their order."""
    load_memberships(user)
    blocks = [block for make in BLOCKS if (block := make(user)) is not None]
    return sorted(blocks, key=lambda block: block.order)
