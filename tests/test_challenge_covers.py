"""Issue 17, from the outside (HTTP, real files): a challenge's cover picture.

The owner uploads a picture on the edit page with an alt text; it is checked by its
content, re-encoded into the sizes the pages use without any metadata, and shown on
cards, the page, the feed and link previews; a draft's picture is only for its owners;
without a picture a challenge shows its sector's default.
"""

from __future__ import annotations

import io
import re
import resource
import struct
import zlib

from PIL import Image

from app.challenges.models import ChallengeSector, ChallengeState
from app.extensions import db
from tests.authorisation_world import picture_bytes
from tests.conftest import log_in, submit
from tests.factories import make_authority, make_challenge, make_user

GPS_IFD = 0x8825
MAKE = 0x010F


def photo_with_gps(size=(2000, 1500)) -> bytes:
    """A JPEG as a phone writes it: camera make and where it was taken in its EXIF."""
    picture = Image.new("RGB", size, (200, 120, 40))
    exif = picture.getexif()
    exif[MAKE] = "PhoneCam"
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (59.0, 19.0, 48.0), 3: "E", 4: (18.0, 4.0, 7.0)})
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A few bytes of PNG whose header claims a huge picture (a decompression bomb)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 1024)) + chunk(b"IEND", b""))


def _owner_and_challenge(**extra):
    user = make_user()
    challenge = make_challenge(owner=make_authority(admin=user), **extra)
    db.session.commit()
    return user, challenge


def _upload(client, challenge, data: bytes, filename="photo.jpg", alt="A nurse at a tablet"):
    return submit(client, f"/challenges/{challenge.id}/cover",
                  {"picture": (io.BytesIO(data), filename), "alt_text": alt},
                  page=f"/challenges/{challenge.id}/edit", content_type="multipart/form-data")


def _cover_urls(html: str) -> list[str]:
    return re.findall(r'(/challenges/\d+/cover/\d+/(?:card|page)\.jpg)', html)


def test_uploaded_photo_is_resized_and_loses_its_exif(client):
    user, challenge = _owner_and_challenge()
    assert Image.open(io.BytesIO(photo_with_gps())).getexif().get_ifd(GPS_IFD)  # it has GPS
    log_in(client, user)
    response = _upload(client, challenge, photo_with_gps())
    assert response.status_code == 302
    page = client.get(f"/challenges/{challenge.id}").get_data(as_text=True)
    urls = sorted(set(_cover_urls(page)))
    assert any(u.endswith("/page.jpg") for u in urls)
    assert 'alt="A nurse at a tablet"' in page
    listing = client.get("/challenges/").get_data(as_text=True)
    card_url = next(u for u in _cover_urls(listing) if u.endswith("/card.jpg"))
    for url, size in ((card_url, (640, 360)),
                      (next(u for u in urls if u.endswith("/page.jpg")), (1200, 630))):
        served = client.get(url)
        assert served.status_code == 200
        assert served.mimetype == "image/jpeg"
        picture = Image.open(io.BytesIO(served.data))
        assert picture.size == size
        assert not picture.getexif()
        assert b"PhoneCam" not in served.data and b"Exif" not in served.data
        assert "public" in served.headers["Cache-Control"]


def test_png_and_webp_are_accepted_and_re_encoded(client):
    user, challenge = _owner_and_challenge()
    log_in(client, user)
    for kind, name in (("PNG", "logo.png"), ("WEBP", "picture.webp")):
        response = _upload(client, challenge, picture_bytes((900, 900), kind), name)
        assert response.status_code == 302, kind


def test_non_image_with_jpeg_name_is_refused(client):
    user, challenge = _owner_and_challenge()
    log_in(client, user)
    response = _upload(client, challenge, b"#!/bin/sh\necho not a picture\n" * 20, "photo.jpg")
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "photo.jpg is not a picture we accept" in text
    assert 'value="A nurse at a tablet"' in text  # the form keeps what was typed
    assert not _cover_urls(client.get(f"/challenges/{challenge.id}").get_data(as_text=True))


def test_pdf_and_gif_are_refused(client):
    user, challenge = _owner_and_challenge()
    log_in(client, user)
    gif = io.BytesIO()
    Image.new("RGB", (300, 200)).save(gif, "GIF")
    for data, name in ((b"%PDF-1.7\n%%EOF\n", "brief.pdf"), (gif.getvalue(), "moving.gif")):
        response = _upload(client, challenge, data, name)
        assert response.status_code == 422
        assert "Upload a JPEG, PNG or WebP picture" in response.get_data(as_text=True)


def test_decompression_bomb_is_refused_without_decoding(client):
    user, challenge = _owner_and_challenge()
    log_in(client, user)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for width, height in ((10_000, 6_000), (100_000, 100_000)):  # ours, and Pillow's limit
        response = _upload(client, challenge, png_declaring(width, height), "huge.png")
        assert response.status_code == 413
        assert "megapixels we accept" in response.get_data(as_text=True)
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kb < 150_000  # decoding 60 megapixels alone would take 180 MB
    response = _upload(client, challenge, png_declaring(10_000, 6_000), "huge.png")
    assert "10000 × 6000 pixels" in response.get_data(as_text=True)


def test_alt_text_is_required_and_the_form_keeps_the_file_choice_message(client):
    user, challenge = _owner_and_challenge()
    log_in(client, user)
    response = _upload(client, challenge, photo_with_gps((800, 600)), alt="  ")
    assert response.status_code == 422
    assert "Describe the picture for people who cannot see it." in response.get_data(
        as_text=True)
    assert not _cover_urls(client.get(f"/challenges/{challenge.id}").get_data(as_text=True))


def test_alt_text_can_change_alone_and_the_picture_be_replaced_and_removed(client):
    user, challenge = _owner_and_challenge()
    log_in(client, user)
    _upload(client, challenge, photo_with_gps((800, 600)))
    first = _cover_urls(client.get(f"/challenges/{challenge.id}").get_data(as_text=True))[0]
    response = submit(client, f"/challenges/{challenge.id}/cover", {"alt_text": "Two nurses"},
                      page=f"/challenges/{challenge.id}/edit")
    assert response.status_code == 302
    assert 'alt="Two nurses"' in client.get(f"/challenges/{challenge.id}").get_data(as_text=True)
    _upload(client, challenge, picture_bytes((1000, 700)), "new.png", alt="A corridor")
    second = _cover_urls(client.get(f"/challenges/{challenge.id}").get_data(as_text=True))[0]
    assert second != first and client.get(first).status_code == 404
    response = submit(client, f"/challenges/{challenge.id}/cover/delete",
                      page=f"/challenges/{challenge.id}/edit")
    assert response.status_code == 302
    page = client.get(f"/challenges/{challenge.id}").get_data(as_text=True)
    assert not _cover_urls(page) and "/static/img/covers/" in page
    assert client.get(second).status_code == 404


def test_draft_cover_is_only_for_its_owners(client, app):
    user, draft = _owner_and_challenge(state=ChallengeState.DRAFT)
    log_in(client, user)
    _upload(client, draft, photo_with_gps((800, 600)))
    url = _cover_urls(client.get(f"/challenges/{draft.id}/edit").get_data(as_text=True))[0]
    own = client.get(url)
    assert own.status_code == 200 and "no-store" in own.headers["Cache-Control"]
    assert app.test_client().get(url).status_code == 404
    other = app.test_client()
    log_in(other, make_user())
    assert other.get(url).status_code == 404


def test_open_graph_and_feed_carry_the_picture(client, app):
    user, challenge = _owner_and_challenge()
    log_in(client, user)
    _upload(client, challenge, photo_with_gps((800, 600)))
    page = app.test_client().get(f"/challenges/{challenge.id}").get_data(as_text=True)
    image = re.search(r'<meta property="og:image" content="([^"]+)"', page).group(1)
    assert re.search(rf"http://[^/]+/challenges/{challenge.id}/cover/\d+/page\.jpg$", image)
    assert '<meta property="og:image:alt" content="A nurse at a tablet">' in page
    assert '<meta property="og:image:width" content="1200">' in page
    assert '<meta property="og:image:height" content="630">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    feed = app.test_client().get("/challenges/feed.atom").get_data(as_text=True)
    assert re.search(rf'<link rel="enclosure" type="image/jpeg" href="[^"]*/challenges/'
                     rf'{challenge.id}/cover/\d+/page\.jpg" length="\d+"', feed)


def test_without_a_picture_the_sector_default_is_shown(client):
    _, challenge = _owner_and_challenge()
    challenge.sector_links.append(ChallengeSector(sector="water"))
    _, plain = _owner_and_challenge()
    db.session.commit()
    page = client.get(f"/challenges/{challenge.id}").get_data(as_text=True)
    assert re.search(r'<img class="arena-cover arena-cover--page" src="/static/img/covers/'
                     r'nature\.png" width="1200" height="630" alt=""', page)
    assert '<meta property="og:image" content="http://' in page
    assert "/static/img/covers/general.png" in client.get(
        f"/challenges/{plain.id}").get_data(as_text=True)
    assert client.get("/static/img/covers/nature.png").status_code == 200
    listing = client.get("/challenges/").get_data(as_text=True)
    assert re.search(r'<img class="arena-cover arena-cover--card" src="/static/img/covers/'
                     r'nature\.png" width="640" height="360" alt=""', listing)


def test_every_cover_img_has_width_and_height(client):
    user, challenge = _owner_and_challenge()
    log_in(client, user)
    _upload(client, challenge, photo_with_gps((800, 600)))
    for url in ("/challenges/", f"/challenges/{challenge.id}",
                f"/challenges/{challenge.id}/edit"):
        images = re.findall(r"<img [^>]*>", client.get(url).get_data(as_text=True))
        covers = [tag for tag in images if "arena-cover" in tag]
        assert covers, url
        assert all('width="' in tag and 'height="' in tag for tag in covers), url
