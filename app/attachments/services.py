"""Storing and serving attachments: type checked by content, size-limited, access-checked.

Every upload is streamed to disk in chunks (`storage`), so no upload is ever held whole in
memory, and its bytes follow the transaction: in place after the commit, gone after a
rollback. Each area registers who may read its attachments with
`register_owner(owner_type, ...)`; the download view asks that function, so nobody else
ever gets the bytes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import LazyString
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

from app.attachments import archives, filetypes, storage
from app.attachments.models import Attachment
from app.core.domain import DomainError
from app.extensions import db

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CheckedUpload:
    """An accepted upload, waiting under its staging name for a row (see `attach`)."""

    staged: storage.StagedFile
    filename: str
    content_type: str


def zip_limits() -> archives.Limits:
    """What a ZIP-based document (OOXML, OpenDocument) may claim, from the settings."""
    config = current_app.config
    return archives.Limits(max_entries=config["UPLOAD_ZIP_MAX_ENTRIES"],
                           max_unpacked_bytes=config["UPLOAD_ZIP_MAX_UNPACKED_BYTES"],
                           max_ratio=config["UPLOAD_ZIP_MAX_RATIO"])


def with_size_limit(text) -> LazyString:
    """A form hint naming the per-file limit as configured: `text` has `%(mb)d`."""
    return LazyString(lambda: str(text) % {"mb": current_app.config["UPLOAD_MAX_BYTES"] // 2**20})


def checked_upload(upload: FileStorage) -> CheckedUpload:
    """Stream an upload to a staging file and check it; DomainError if refused (and then
    nothing of it is left on disk).

    The content must be what the file name says: a script renamed to .pdf is refused.
    """
    filename = secure_filename(upload.filename or "") or "file"
    staged = storage.stage(upload.stream, current_app.config["UPLOAD_MAX_BYTES"])
    try:
        return CheckedUpload(staged, filename, _accepted_type(staged, filename))
    except DomainError:
        storage.discard(staged)
        raise


def check_size(staged: storage.StagedFile, field: str = "attachments") -> None:
    """DomainError (naming the form field) if a staged upload is empty or too large."""
    max_bytes = current_app.config["UPLOAD_MAX_BYTES"]
    if staged.size > max_bytes:
        raise DomainError(_("The file is larger than %(mb)d MB.", mb=max_bytes // 2**20),
                          413, field=field)
    if not staged.size:
        raise DomainError(_("The file is empty."), field=field)


def _accepted_type(staged: storage.StagedFile, filename: str) -> str:
    check_size(staged)
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    try:
        kind = filetypes.detect(staged.path, staged.head, zip_limits())
    except archives.ImplausibleArchive as refusal:
        log.info("refused archive %s: implausible %s", filename, refusal.reason)
        raise DomainError(_implausible(refusal.reason, filename), field="attachments") from None
    if kind is None or extension not in filetypes.KINDS[kind].extensions:
        raise DomainError(
            _("%(name)s is not an accepted file. Upload PDF, Word, Excel, PowerPoint, "
              "OpenDocument, PNG or JPEG files.", name=filename), field="attachments")
    return filetypes.content_type(kind, extension)


def _implausible(reason: str, filename: str) -> str:
    config = current_app.config
    if reason == "entries":
        return _("%(name)s holds more than %(count)d parts, more than any document we accept. "
                 "Save it again from your office program, or upload it as PDF.",
                 name=filename, count=config["UPLOAD_ZIP_MAX_ENTRIES"])
    return _("%(name)s would unpack to far more than its own size (or to more than %(mb)d MB), "
             "which documents we accept never do. Save it again from your office program, "
             "or upload it as PDF.", name=filename,
             mb=config["UPLOAD_ZIP_MAX_UNPACKED_BYTES"] // 2**20)


def storage_path(attachment: Attachment) -> Path:
    """Where a committed attachment's bytes are kept (never under static/)."""
    return storage.stored_path(attachment.storage_key)


def readable_path(attachment: Attachment) -> Path | None:
    """The file to serve an attachment from, or None if its bytes are missing."""
    path = storage.readable_path(attachment.storage_key)
    if path is None:
        log.error("attachment %s has no file (%s)", attachment.id, attachment.storage_key)
    return path


def attach(checked: CheckedUpload, owner_type: str, owner_id: int, user=None) -> Attachment:
    """Give a checked upload its row; the file moves into place when the transaction
    commits (flushed, not committed)."""
    staged = checked.staged
    attachment = Attachment(
        owner_type=owner_type, owner_id=owner_id, filename=checked.filename,
        content_type=checked.content_type, size_bytes=staged.size, sha256=staged.sha256,
        storage_key=staged.key, uploaded_by_id=getattr(user, "id", None),
    )
    db.session.add(attachment)
    db.session.flush()
    storage.keep(staged)
    return attachment


def store(upload: FileStorage, owner_type: str, owner_id: int, user=None) -> Attachment:
    """Check and save an upload for an object; flushed, not committed."""
    return attach(checked_upload(upload), owner_type, owner_id, user)


def attachments_of(owner_type: str, owner_id: int) -> list[Attachment]:
    """An object's attachments, oldest first."""
    return list(db.session.scalars(db.select(Attachment).filter_by(
        owner_type=owner_type, owner_id=owner_id).order_by(Attachment.id)))


def delete(attachment: Attachment) -> None:
    """Remove an attachment; its file goes when the transaction commits (flushed)."""
    db.session.delete(attachment)
    db.session.flush()
    storage.remove_after_commit(attachment.storage_key)


def sweep_files() -> str | None:
    """The `file_sweep` job: finish moves a stopped process left undone and remove files
    no attachment names, once older than UPLOAD_ORPHAN_GRACE_SECONDS."""
    moved, removed = storage.sweep(current_app.config["UPLOAD_ORPHAN_GRACE_SECONDS"])
    if not (moved or removed):
        return None
    return f"{removed} orphaned files removed, {moved} staged files moved into place"


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
