"""Pictures from uploads: judged by their content, decoded within limits, and re-encoded
into the sizes the pages use, so nothing of the original (EXIF, GPS position, ICC or XMP
metadata, trailing bytes) is ever stored or served.

Only JPEG, PNG and WebP are opened (Pillow is told to try no other decoder). A picture's
header is read before any pixel is decoded: one that claims more than
UPLOAD_IMAGE_MAX_PIXELS is refused then, so a few kilobytes declaring a picture of
gigabytes ("decompression bomb") never costs that memory.
"""

from __future__ import annotations

import io
import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

from app.attachments import services, storage
from app.core.domain import DomainError

log = logging.getLogger(__name__)

FORMATS = ("JPEG", "PNG", "WEBP")
JPEG_QUALITY = 82
BACKGROUND = (255, 255, 255)  # what a transparent PNG or WebP is laid on
# A JPEG may be decoded at 1/2, 1/4 or 1/8 of its size, never below this (more than the
# largest rendition a page uses): memory is saved and no quality lost.
DRAFT_SIZE = (1200, 1200)


@dataclass(frozen=True)
class Size:
    """A rendition the pages use: the picture is cropped to fill it exactly."""

    name: str
    width: int
    height: int


def renditions(upload: FileStorage, sizes: tuple[Size, ...],
               field: str) -> dict[str, services.CheckedUpload]:
    """Check an uploaded picture by its content and re-encode it (JPEG, no metadata) in each
    size; DomainError naming `field` if refused. The original is never kept: its staging
    file is removed before this returns, the renditions wait for `services.attach`."""
    filename = secure_filename(upload.filename or "") or "picture"
    original = storage.stage(upload.stream, current_app.config["UPLOAD_MAX_BYTES"])
    try:
        services.check_size(original, field)
        with _opened(original.path, filename, field) as picture:
            return {size.name: _rendition(picture, size) for size in sizes}
    finally:
        storage.discard(original)


@contextmanager
def _opened(path: Path, filename: str, field: str) -> Iterator[Image.Image]:
    """The decoded picture, upright (EXIF orientation applied) and in RGB."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(path, formats=FORMATS) as picture:
                _check_pixels(picture, filename, field)
                picture.draft("RGB", DRAFT_SIZE)
                yield _flattened(ImageOps.exif_transpose(picture))
        except UnidentifiedImageError:
            raise DomainError(_("%(name)s is not a picture we accept. Upload a JPEG, PNG or "
                                "WebP picture.", name=filename), 422, field=field) from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels(filename, field) from None
        except (OSError, SyntaxError, ValueError) as error:
            log.info("unreadable picture %s: %s", filename, error)
            raise DomainError(_("%(name)s could not be read as a picture: it may be damaged. "
                                "Save it again, or upload another.", name=filename),
                              422, field=field) from None


def _check_pixels(picture: Image.Image, filename: str, field: str) -> None:
    if picture.width * picture.height > current_app.config["UPLOAD_IMAGE_MAX_PIXELS"]:
        raise _too_many_pixels(filename, field, picture.width, picture.height)


def _too_many_pixels(filename: str, field: str, width: int = 0, height: int = 0) -> DomainError:
    limit = current_app.config["UPLOAD_IMAGE_MAX_PIXELS"] // 1_000_000
    if width and height:
        message = _("%(name)s says it is %(width)d × %(height)d pixels, more than the "
                    "%(limit)d megapixels we accept. Make the picture smaller and upload it "
                    "again.", name=filename, width=width, height=height, limit=limit)
    else:
        message = _("%(name)s says it is larger than the %(limit)d megapixels we accept. "
                    "Make the picture smaller and upload it again.", name=filename,
                    limit=limit)
    return DomainError(message, 413, field=field)


def _flattened(picture: Image.Image) -> Image.Image:
    """RGB pixels; transparent areas laid on white (JPEG has no transparency)."""
    if picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info:
        rgba = picture.convert("RGBA")
        background = Image.new("RGB", rgba.size, BACKGROUND)
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return picture.convert("RGB")


def _rendition(picture: Image.Image, size: Size) -> services.CheckedUpload:
    """The picture cropped to fill `size`, as a staged JPEG without any metadata."""
    fitted = ImageOps.fit(picture, (size.width, size.height), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    # Nothing but pixels is written: no exif=, icc_profile= or comment= is passed.
    fitted.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    buffer.seek(0)
    staged = storage.stage(buffer, len(buffer.getvalue()))
    return services.CheckedUpload(staged, f"{size.name}.jpg", "image/jpeg")
