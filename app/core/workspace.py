"""What an area offers to a person's workspace (My pages at `/my/`).

Each area that has something for a person to do writes a function
`workspace_block(user) -> WorkspaceBlock | None` in its own `workspace.py`; the workspace
(a consumer at the top layer) calls them and shows the blocks that are not None. A block
reads its data in at most one query, whatever the amount of data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class WorkspaceItem:
    """One thing that needs the person: a line with a link, and what makes it urgent."""

    label: str
    url: str
    count: int | None = None        # e.g. 3 questions waiting
    due_at: datetime | None = None  # a UTC deadline shown as a date and a relative time
    note: str | None = None         # e.g. "3 of 7 scored"
    status: str | None = None       # a short state label shown as a tag


@dataclass(frozen=True)
class WorkspaceBlock:
    """A titled block of items on My pages, with an optional link to the whole list."""

    key: str                  # stable id, used as the block's HTML id
    title: str
    items: list[WorkspaceItem] = field(default_factory=list)
    empty_text: str | None = None
    more_label: str | None = None
    more_url: str | None = None
    order: int = 100          # lower comes first
