"""How many interest profiles a challenge about to be published matches (for the
publishing confirmation; registered on `challenges.publication.publication_audience`)."""

from __future__ import annotations

from flask_babel import gettext as _

from app.challenges.models import Challenge
from app.core.db import utcnow
from app.extensions import db
from app.search.backends.base import matches_filters
from app.search.documents import IndexDocument, _values
from app.search.models import SavedSearch, SavedSearchKind
from app.search.services import params_of


def open_tokens(challenge: Challenge) -> list[str]:
    """The facet tokens the challenge will have once it is open."""
    facets = {"status": "open", "kind": challenge.kind.value, "sector": challenge.sectors,
              "region": challenge.region, "route": challenge.procurement_route.value,
              "buyer": [o.id for o in challenge.owners], "cpv": challenge.cpv_codes}
    document = IndexDocument("challenge", challenge.id, "", "", challenge.language, "",
                             facets={k: _values(v) for k, v in facets.items() if _values(v)})
    return document.tokens()


def matching_profile_count(challenge: Challenge) -> int:
    """The people whose interest profile the challenge will match once published."""
    tokens, now = open_tokens(challenge), utcnow()
    profiles = db.session.scalars(db.select(SavedSearch).where(
        SavedSearch.kind == SavedSearchKind.PROFILE))
    return sum(1 for profile in profiles if matches_filters(
        tokens, challenge.submission_deadline_at, params_of(profile).filters, now))


def add_matching_profiles(challenge: Challenge, rows: list) -> None:
    """The confirmation's line for matching interest profiles."""
    rows.append((_("People whose interest profile matches (e-mailed with their alerts)"),
                 matching_profile_count(challenge)))
