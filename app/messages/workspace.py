"""The messages block on My pages: conversations with a message the person's
organisation has not read."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from app.core.workspace import WorkspaceBlock, WorkspaceItem
from app.messages import services

SHOWN = 5


def _item(row) -> WorkspaceItem:
    return WorkspaceItem(
        label=_("%(challenge)s: %(supplier)s", challenge=row.title, supplier=row.supplier),
        url=url_for("messages.thread", solution_id=row.solution_id),
        due_at=None, status=_("Unread"))


def workspace_block(user) -> WorkspaceBlock | None:
    """Unread conversations, newest first (one query); None when there are none."""
    rows = services.unread_thread_rows(user, limit=SHOWN)
    if not rows:
        return None
    return WorkspaceBlock(key="messages", title=_("Unread messages"),
                          items=[_item(row) for row in rows],
                          more_label=_("All your messages"), more_url=url_for("messages.index"),
                          order=15)
