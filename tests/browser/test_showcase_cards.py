"""Issue 17 in a browser: the list of challenges as cards with pictures (a buyer's own and
the calm sector defaults) and the facts suppliers decide on; every picture loads, keeps
the box its width and height promise (no layout shift), and the page is accessible and
reflows at 320 px. Its first screenful is the README's card list
(`ARENA_DOC_SCREENSHOTS=1`)."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from PIL import Image, ImageDraw
from werkzeug.datastructures import FileStorage

from app.challenges import covers
from app.challenges.models import ChallengeCoOwner, ChallengeKind, ChallengeSector
from app.extensions import db
from tests.browser.support import Visitor
from tests.factories import (
    make_authority,
    make_challenge,
    make_submitted_solution,
    make_supplier,
    make_user,
)


def _photo(sky: tuple[int, int, int], ground: tuple[int, int, int]) -> bytes:
    """A simple landscape-like picture, as a buyer might upload."""
    picture = Image.new("RGB", (1600, 1000), sky)
    draw = ImageDraw.Draw(picture)
    for row in range(500):  # a soft horizon
        shade = tuple(int(s + (g - s) * row / 500) for s, g in zip(sky, ground, strict=True))
        draw.line([(0, 500 + row), (1600, 500 + row)], fill=shade)
    draw.ellipse((1150, 120, 1350, 320), fill=(255, 236, 179))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


CARDS = (
    ("Safe home care at night", ChallengeKind.CHALLENGE, "elderly_care", (400_000, 1_500_000),
     ((124, 178, 214), (74, 140, 98)), "Evening light over a residential area"),
    ("Less food waste in school kitchens", ChallengeKind.NEED, "food", None, None, None),
    ("Clean water for small communities", ChallengeKind.CHALLENGE, "water", (None, 900_000),
     ((160, 200, 230), (40, 110, 150)), "A calm lake under a clear sky"),
    ("Digital visits to the library", ChallengeKind.NEED, "culture", None, None, None),
)


@pytest.fixture(scope="module")
def showcase(live_app):
    with live_app.app_context():
        buyer = make_user(name="Bea Buyer")
        owner = make_authority(admin=buyer, name="Municipality of Norrby")
        partner = make_authority(name="Region Söder")
        for days, (title, kind, sector, budget, colours, alt) in enumerate(CARDS):
            low, high = budget or (None, None)
            challenge = make_challenge(
                owner=owner, kind=kind, title=title, deadline_in=timedelta(days=20 + 9 * days),
                summary="What we need to achieve, in two sentences a supplier reads first.",
                budget_min=Decimal(low) if low else None,
                budget_max=Decimal(high) if high else None)
            challenge.sector_links.append(ChallengeSector(sector=sector))
            if days == 0:
                challenge.co_owner_links.append(ChallengeCoOwner(organisation=partner))
            for _ in range(3 - days % 3):
                make_submitted_solution(challenge, make_supplier())
            if colours:
                covers.set_cover(challenge, buyer, FileStorage(
                    io.BytesIO(_photo(*colours)), filename="photo.jpg"), alt)
        db.session.commit()
        return owner.id


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_the_card_list_with_pictures(chromium, live_app, showcase, lang):
    visitor = Visitor(chromium, live_app, lang)
    try:
        visitor.goto(f"/challenges/?buyer={showcase}")
        pictures = visitor.page.locator("img.arena-cover")
        assert pictures.count() == len(CARDS)
        for index in range(pictures.count()):
            picture = pictures.nth(index)
            picture.scroll_into_view_if_needed()
            loaded = picture.evaluate("img => img.complete && img.naturalWidth > 0")
            assert loaded, picture.get_attribute("src")
            box = picture.bounding_box()
            assert abs(box["height"] - box["width"] * 9 / 16) < 2  # the box it promised
        visitor.sees(visitor.t("Budget or prize"))
        # the README shows the cards: the first screenful starts at the results
        visitor.page.evaluate("document.querySelector('.govuk-grid-column-two-thirds h2')"
                              ".scrollIntoView()")
        visitor.key_page("challenge-cards", doc=("desktop",) if lang == "en" else ())
    finally:
        visitor.close()
