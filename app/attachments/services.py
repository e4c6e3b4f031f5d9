"""Storing and serving attachments: type checked by content, size-limited, access-checked.

Each area registers who may read its attachments with `register_owner(owner_type, ...)`;
the download view asks that function, so nobody else ever gets the bytes.
"""

from __future__ import annotations

import hashlib
import io
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

from app.attachments.models import Attachment
from app.core.domain import DomainError
from app.extensions import db

MAX_BYTES = 10 * 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extensions: frozenset[str]


KINDS = {
    "pdf": FileKind("application/pdf", frozenset({"pdf"})),
    "png": FileKind("image/png", frozenset({"png"})),
    "jpeg": FileKind("image/jpeg", frozenset({"jpg", "jpeg"})),
    "docx": FileKind("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                     frozenset({"docx"})),
    "xlsx": FileKind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     frozenset({"xlsx"})),
    "pptx": FileKind("application/vnd.openxmlformats-officedocument.presentationml.presentation",
                     frozenset({"pptx"})),
    "odt": FileKind("application/vnd.oasis.opendocument.text", frozenset({"odt"})),
    "ods": FileKind("application/vnd.oasis.opendocument.spreadsheet", frozenset({"ods"})),
    "odp": FileKind("application/vnd.oasis.opendocument.presentation", frozenset({"odp"})),
    "ole": FileKind("application/octet-stream", frozenset({"doc", "xls", "ppt"})),
}
OLE_TYPES = {"doc": "application/msword", "xls": "application/vnd.ms-excel",
             "ppt": "application/vnd.ms-powerpoint"}
OOXML_PARTS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}


def _zip_kind(data: bytes) -> str | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
        if "mimetype" in names:
            mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
            return next((k for k in ("odt", "ods", "odp") if KINDS[k].content_type == mimetype),
                        None)
    except (zipfile.BadZipFile, KeyError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    return next((k for k, part in OOXML_PARTS.items()
                 if any(n.startswith(part) for n in names)), None)


def sniff(data: bytes) -> str | None:
    """The kind of file its first bytes show (pdf, png, jpeg, office...), or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(OLE_MAGIC):
        return "ole"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    return None


def checked_upload(upload: FileStorage) -> tuple[bytes, str, str]:
    """Read an upload and return (bytes, safe filename, content type), or DomainError.

    The content must be what the file name says: a script renamed to .pdf is refused.
    """
    filename = secure_filename(upload.filename or "") or "file"
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise DomainError(_("The file is larger than %(mb)d MB.", mb=MAX_BYTES // 2**20),
                          413, field="attachments")
    if not data:
        raise DomainError(_("The file is empty."), field="attachments")
    kind = sniff(data)
    if kind is None or extension not in KINDS[kind].extensions:
        raise DomainError(
            _("%(name)s is not an accepted file. Upload PDF, Word, Excel, PowerPoint, "
              "OpenDocument, PNG or JPEG files.", name=filename), field="attachments")
    content_type = OLE_TYPES[extension] if kind == "ole" else KINDS[kind].content_type
    return data, filename, content_type


def storage_path(attachment: Attachment) -> Path:
    """Where an attachment's bytes are kept (never under static/)."""
    return Path(current_app.config["UPLOAD_DIR"]) / attachment.storage_key[:2] / (
        attachment.storage_key)


def store(upload: FileStorage, owner_type: str, owner_id: int, user=None) -> Attachment:
    """Check and save an upload for an object; flushed, not committed."""
    data, filename, content_type = checked_upload(upload)
    attachment = Attachment(
        owner_type=owner_type, owner_id=owner_id, filename=filename,
        content_type=content_type, size_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(), storage_key=uuid.uuid4().hex,
        uploaded_by_id=getattr(user, "id", None),
    )
    path = storage_path(attachment)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    db.session.add(attachment)
    db.session.flush()
    return attachment


def attachments_of(owner_type: str, owner_id: int) -> list[Attachment]:
    """An object's attachments, oldest first."""
    return list(db.session.scalars(db.select(Attachment).filter_by(
        owner_type=owner_type, owner_id=owner_id).order_by(Attachment.id)))


def read_bytes(attachment: Attachment) -> bytes:
    """The stored content of an attachment."""
    return storage_path(attachment).read_bytes()


def delete(attachment: Attachment) -> None:
    """Remove an attachment and its file."""
    storage_path(attachment).unlink(missing_ok=True)
    db.session.delete(attachment)
    db.session.flush()


# owner_type -> (load the owner by id, may this user read its attachments?)
_OWNERS: dict[str, tuple[Callable[[int], object], Callable[[object, object], bool]]] = {}


def register_owner(owner_type: str, load: Callable[[int], object],
                   can_read: Callable[[object, object], bool]) -> None:
    """Declare a kind of object that has attachments and who may read them."""
    _OWNERS[owner_type] = (load, can_read)


def can_read_attachment(user, attachment: Attachment) -> bool:
    """True if the owner's area allows this user to read the attachment."""
    if attachment.owner_type not in _OWNERS:
        return False
    load, can_read = _OWNERS[attachment.owner_type]
    owner = load(attachment.owner_id)
    return owner is not None and bool(can_read(user, owner))
