"""The quick check's block on My pages: each of the person's suppliers and its result."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from app.core.workspace import WorkspaceBlock, WorkspaceItem
from app.readiness import services
from app.readiness.labels import LEVEL_LABELS


def _item(organisation, check) -> WorkspaceItem:
    if check is None:
        return WorkspaceItem(label=_("%(name)s: take the readiness quick check",
                                     name=organisation.name),
                             url=url_for("readiness.check", org_id=organisation.id))
    return WorkspaceItem(
        label=_("%(name)s: readiness %(score)d %%", name=organisation.name, score=check.score),
        url=url_for("readiness.result", org_id=organisation.id),
        status=str(LEVEL_LABELS[services.level(check.score)]),
    )


def workspace_block(user) -> WorkspaceBlock | None:
    """A block for members of suppliers (one query for every supplier's newest check)."""
    suppliers = [m.organisation for m in user.memberships
                 if services.is_supplier(m.organisation)]
    if not suppliers:
        return None
    latest = services.latest_checks_for(suppliers)
    return WorkspaceBlock(
        key="readiness", title=_("Supplier readiness"),
        items=[_item(o, latest.get(o.id)) for o in suppliers],
        more_label=_("About the quick check"), more_url=url_for("readiness.index"), order=60,
    )
