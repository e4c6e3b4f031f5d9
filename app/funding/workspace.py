"""The funding block of My pages for suppliers: programmes that fit who they are, open
ones first, read with their organisations in one query."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select, true

from app.core.db import utcnow
from app.core.workspace import WorkspaceBlock, WorkspaceItem
from app.extensions import db
from app.funding.models import Audience, CallStatus, FundingProgramme
from app.funding.services import STATUS_ORDER, audiences_of
from app.organisations.models import Organisation
from app.organisations.workspace import organisation_ids_of

SHOWN = 3
SUPPLIER_AUDIENCES = {Audience.SME, Audience.COOPERATIVE}


def workspace_block(user) -> WorkspaceBlock | None:
    """Funding that fits: programmes for the person's supplier organisations."""
    rows = db.session.execute(
        select(Organisation, FundingProgramme).join(FundingProgramme, true())
        .where(Organisation.id.in_(organisation_ids_of(user.id)))).all()
    audiences = {a for organisation in {r[0] for r in rows} for a in audiences_of(organisation)}
    audiences &= SUPPLIER_AUDIENCES
    if not audiences:
        return None
    now, wanted = utcnow(), {str(a) for a in audiences}
    fitting = {p.id: p for _o, p in rows if wanted & set(p.audience or [])
               and p.status(now) != CallStatus.CLOSED}
    programmes = sorted(fitting.values(),
                        key=lambda p: (STATUS_ORDER[p.status(now)], p.key))[:SHOWN]
    query = {"who": next(iter(audiences)).value} if len(audiences) == 1 else {}
    return WorkspaceBlock(
        key="funding", title=_("Funding that can help"), order=40,
        empty_text=_("No programme for you is open or upcoming now."),
        items=[WorkspaceItem(label=p.name, url=url_for("funding.index", **query),
                             due_at=p.closes_at) for p in programmes],
        more_label=_("All funding"), more_url=url_for("funding.index", **query))
