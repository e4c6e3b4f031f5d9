"""Funding programmes in full-text search: every programme on the public funding page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.funding.models import FundingProgramme
from app.search.documents import joined_text
from app.search.registry import SearchType, register_document_type


def programme_document(programme: FundingProgramme) -> dict:
    """Name, purpose and eligibility in Swedish, the English texts as extra, and the funder."""
    return {
        "title": programme.name_sv or programme.name_en,
        "body": joined_text(programme.purpose_sv, programme.eligibility_sv),
        "language": "sv",
        "extra_text": {
            "sv": programme.funder,
            "en": joined_text(programme.name_en, programme.purpose_en, programme.eligibility_en),
        },
        "published_at": programme.created_at,
    }


def register_funding_type() -> None:
    """Make funding programmes findable in the search box."""
    register_document_type(SearchType(
        name="funding", model=FundingProgramme, to_document=programme_document,
        label=_l("Funding programme"),
        url=lambda programme: f"/funding/#programme-{programme.key}",
    ))
