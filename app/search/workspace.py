"""The interest block of My pages: open challenges that match the person's interest
profile, as the alert job recorded them (app/search/alerts.py), in one query."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import and_, func, or_, select

from app.challenges.models import Challenge, ChallengeState
from app.core.db import utcnow
from app.core.workspace import WorkspaceBlock, WorkspaceItem
from app.extensions import db
from app.organisations.models import OrganisationKind
from app.search.models import SavedSearch, SavedSearchKind, SavedSearchMatch
from app.search.services import params_of

SHOWN = 5


def _open_matches(user_id: int) -> list:
    """The profile's filters beside its open matches, soonest deadline first, with their
    number; one row with no challenge when nothing matches, none without a profile."""
    now = utcnow()
    open_now = and_(Challenge.id == SavedSearchMatch.object_id,
                    Challenge.state == ChallengeState.PUBLISHED,
                    or_(Challenge.submission_deadline_at.is_(None),
                        Challenge.submission_deadline_at > now))
    return list(db.session.execute(
        select(SavedSearch.filters, Challenge.id, Challenge.title,
               Challenge.submission_deadline_at, func.count(Challenge.id).over().label("total"))
        .select_from(SavedSearch)
        .outerjoin(SavedSearchMatch, SavedSearchMatch.saved_search_id == SavedSearch.id)
        .outerjoin(Challenge, open_now)
        .where(SavedSearch.user_id == user_id, SavedSearch.kind == SavedSearchKind.PROFILE)
        .order_by(Challenge.id.is_(None), Challenge.submission_deadline_at, Challenge.id)
        .limit(SHOWN)))


def _is_supplier(user) -> bool:
    return any(m.organisation.kind == OrganisationKind.SUPPLIER for m in user.memberships)


def workspace_block(user) -> WorkspaceBlock | None:
    """Open challenges for you: what the interest profile finds now, or for a supplier
    without one an invitation to make it."""
    rows = _open_matches(user.id)
    if not rows:
        return _no_profile_block() if _is_supplier(user) else None
    found = [row for row in rows if row.id is not None]
    total = found[0].total if found else 0
    search_url = params_of(SavedSearch(query="", filters=rows[0].filters)).url()
    return WorkspaceBlock(
        key="matching", title=_("Open challenges for you"), order=25,
        empty_text=_("No open challenge matches your interest profile now."),
        items=[WorkspaceItem(label=row.title, due_at=row.submission_deadline_at,
                             url=url_for("challenges.detail", challenge_id=row.id))
               for row in found],
        more_label=ngettext("The %(num)d open challenge that matches your interest profile",
                            "All %(num)d open challenges that match your interest profile",
                            total) if total else _("Change your interest profile"),
        more_url=search_url if total else url_for("search.profile"))


def _no_profile_block() -> WorkspaceBlock:
    return WorkspaceBlock(
        key="matching", title=_("Open challenges for you"), order=25,
        empty_text=_("Tell us what you offer, and the open challenges that match it "
                     "show here and come by e-mail."),
        more_label=_("Make your interest profile"), more_url=url_for("search.profile"))
