"""Composing My pages from the blocks the areas offer."""

from __future__ import annotations

from app.core.workspace import WorkspaceBlock
from app.workspace.blocks import BLOCKS


def blocks_for(user) -> list[WorkspaceBlock]:
    """The blocks that have something for this person, in their order."""
    blocks = [block for make in BLOCKS if (block := make(user)) is not None]
    return sorted(blocks, key=lambda block: block.order)
