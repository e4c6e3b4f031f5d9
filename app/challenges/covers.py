"""A challenge's cover picture: the buyer's own (re-encoded, without metadata, with an alt
text) or a calm default for its sector, on cards, the page, the feed and link previews.

The defaults in static/img/covers/ are abstract shapes with nothing to say about the
challenge, so pages show them as decoration (alt=""); a buyer's picture shows something
about it, so its alt text is required.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _

from app.accounts.models import User
from app.attachments import pictures
from app.attachments import services as attachments
from app.attachments.models import Attachment
from app.audit.services import record
from app.challenges.models import Challenge, ChallengeCover
from app.core.domain import DomainError
from app.core.templating import template_global
from app.extensions import db

OWNER_TYPE = "challenge_cover"  # never registered for app.attachments' download route
CARD = pictures.Size("card", 640, 360)
PAGE = pictures.Size("page", 1200, 630)  # the page and Open Graph / Twitter link previews
SIZES = {size.name: size for size in (CARD, PAGE)}
ALT_MAX = 300
# The default picture of each sector group (static/img/covers/<group>.png, 1200 × 630,
# made by tools/cover_defaults.py); a challenge takes the group of its first sector.
SECTOR_GROUPS = {
    "health": "care", "elderly_care": "care",
    "education": "learning", "culture": "learning",
    "transport": "city", "construction": "city",
    "energy": "nature", "environment": "nature", "water": "nature", "food": "nature",
    "digital": "society", "safety": "society", "administration": "society",
}
DEFAULT_GROUP = "general"


@dataclass(frozen=True)
class CoverImage:
    """What an <img> or a meta tag needs: the address, the size and the alt text."""

    url: str
    width: int
    height: int
    alt: str  # "" for a default: decoration
    content_type: str
    is_default: bool
    length: int | None = None  # bytes, when known (the feed's enclosure)


def _alt_text(alt_text: str | None) -> str:
    text = " ".join((alt_text or "").split())
    if not text:
        raise DomainError(_("Describe the picture for people who cannot see it."),
                          422, field="alt_text")
    if len(text) > ALT_MAX:
        raise DomainError(_("Describe the picture in at most %(count)d characters.",
                            count=ALT_MAX), 422, field="alt_text")
    return text


def set_cover(challenge: Challenge, actor: User, upload, alt_text: str) -> ChallengeCover:
    """Give the challenge a new picture (replacing any), in the sizes the pages use; the
    alt text is required. Flushed, not committed."""
    alt = _alt_text(alt_text)
    stored = {name: attachments.attach(checked, OWNER_TYPE, challenge.id, actor)
              for name, checked in pictures.renditions(
                  upload, tuple(SIZES.values()), "picture").items()}
    _drop(challenge)
    cover = ChallengeCover(challenge=challenge, alt_text=alt, card=stored["card"],
                           page=stored["page"], uploaded_by_id=actor.id)
    db.session.add(cover)
    db.session.flush()
    record("challenge.cover_set", actor=actor, obj=challenge, cover_id=cover.id)
    return cover


def describe_cover(challenge: Challenge, actor: User, alt_text: str) -> None:
    """Change the alt text of the challenge's picture (flushed)."""
    if challenge.cover is None:
        raise DomainError(_("Choose a picture to upload."), 422, field="picture")
    challenge.cover.alt_text = _alt_text(alt_text)
    db.session.flush()
    record("challenge.cover_described", actor=actor, obj=challenge)


def remove_cover(challenge: Challenge, actor: User) -> None:
    """Remove the challenge's picture: it shows its sector's default again (flushed)."""
    if _drop(challenge):
        record("challenge.cover_removed", actor=actor, obj=challenge)


def _drop(challenge: Challenge) -> bool:
    """Delete the cover row, then its files (after the commit); False if there was none."""
    cover = challenge.cover
    if cover is None:
        return False
    files = [cover.card, cover.page]
    db.session.delete(cover)
    db.session.flush()
    for attachment in files:
        attachments.delete(attachment)
    db.session.expire(challenge, ["cover"])
    return True


def cover_file(challenge: Challenge, file_id: int, size: str) -> Attachment | None:
    """The rendition `size` of the challenge's current picture, if `file_id` names it
    (a new picture has new files, so an address is never reused for other bytes)."""
    cover = challenge.cover
    file = None if cover is None else cover.card if size == CARD.name else cover.page
    return file if file is not None and file.id == file_id else None


def default_group(challenge: Challenge) -> str:
    """The sector group whose default picture the challenge shows."""
    return next((SECTOR_GROUPS[s] for s in challenge.sectors if s in SECTOR_GROUPS),
                DEFAULT_GROUP)


@template_global
def cover_of(challenge: Challenge, size: str = "card", external: bool = False) -> CoverImage:
    """The picture to show for a challenge in a size ("card" or "page")."""
    target = SIZES[size]
    cover = challenge.cover
    if cover is None:
        url = url_for("static", filename=f"img/covers/{default_group(challenge)}.png",
                      _external=external)
        return CoverImage(url, target.width, target.height, "", "image/png", True)
    file = cover.card if size == CARD.name else cover.page
    url = url_for("challenges.cover", challenge_id=challenge.id, file_id=file.id, size=size,
                  _external=external)
    return CoverImage(url, target.width, target.height, cover.alt_text, file.content_type,
                      False, file.size_bytes)
