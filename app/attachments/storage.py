"""Attachment bytes on disk, following the database transaction.

An upload is streamed in chunks to `UPLOAD_DIR/staging/<key>` (never held whole in
memory). Only when the transaction that added its row commits is it moved to its place,
`UPLOAD_DIR/<key[:2]>/<key>`; a deleted attachment's file is unlinked only when the
transaction that deleted its row commits. On rollback the staged files are removed and
nothing else changes, so the bytes always match the rows. A process that stops between
the commit and the move leaves work for `sweep`, which the `file_sweep` job runs: it
finishes the move of staged files whose row committed and removes files no row names.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from flask import current_app
from sqlalchemy import event, select
from sqlalchemy.orm import Session, SessionTransaction

from app.attachments.models import Attachment
from app.extensions import db

log = logging.getLogger(__name__)

CHUNK_BYTES = 64 * 1024
STAGING = "staging"
HEAD_BYTES = 16  # kept from the start of each upload for the type check
KEY = re.compile(r"[0-9a-f]{32}")
PENDING = "attachment_file_changes"  # session.info key
COMMITTED = "attachment_files_committed"
SWEEP_BATCH = 500


@dataclass
class FileChange:
    """What happens on disk when the transaction that made the change ends."""

    transaction: SessionTransaction
    staged: Path | None = None  # written in this transaction: removed unless kept
    keep_as: Path | None = None  # where the staged file goes once committed
    remove: Path | None = None  # a stored file to unlink once committed

    def commit(self) -> None:
        if self.staged and self.keep_as:
            _move(self.staged, self.keep_as)
        elif self.staged:
            self.staged.unlink(missing_ok=True)
        if self.remove:
            self.remove.unlink(missing_ok=True)

    def roll_back(self) -> None:
        if self.staged:
            self.staged.unlink(missing_ok=True)


@dataclass
class StagedFile:
    """An upload written to its staging name: its size, SHA-256 and first bytes."""

    key: str
    path: Path
    size: int
    sha256: str
    head: bytes
    change: FileChange


def upload_dir() -> Path:
    return Path(current_app.config["UPLOAD_DIR"])


def stored_path(key: str) -> Path:
    """Where the bytes of a committed attachment live."""
    return upload_dir() / key[:2] / key


def staged_path(key: str) -> Path:
    """Where an upload waits until its transaction commits."""
    return upload_dir() / STAGING / key


def stage(stream: BinaryIO, max_bytes: int) -> StagedFile:
    """Copy an upload to a new staging file in chunks, stopping after `max_bytes` + 1
    bytes (a size above `max_bytes` means "too large"). Removed again on rollback, and
    on commit unless `keep` was called."""
    key = uuid.uuid4().hex
    path = staged_path(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    change = _register(FileChange(_current_transaction(), staged=path))
    digest, size, head = hashlib.sha256(), 0, b""
    with path.open("xb") as out:
        for chunk in _chunks(stream, max_bytes + 1):
            digest.update(chunk)
            head = head or chunk[:HEAD_BYTES]
            size += len(chunk)
            out.write(chunk)
    return StagedFile(key, path, size, digest.hexdigest(), head, change)


def discard(staged: StagedFile) -> None:
    """Remove a refused upload's staging file now."""
    staged.path.unlink(missing_ok=True)
    staged.change.staged = None


def keep(staged: StagedFile) -> None:
    """Move the staged file into place when the current transaction commits."""
    staged.change.keep_as = stored_path(staged.key)
    staged.change.transaction = _current_transaction()


def remove_after_commit(key: str) -> None:
    """Unlink a stored file when the current transaction commits (never before)."""
    _register(FileChange(_current_transaction(), remove=stored_path(key)))


def readable_path(key: str) -> Path | None:
    """The file holding an attachment's bytes (in place, or still staged if the move after
    its commit has not happened yet), or None if it is missing."""
    for path in (stored_path(key), staged_path(key)):
        if path.is_file():
            return path
    return None


def _chunks(stream: BinaryIO, limit: int) -> Iterator[bytes]:
    remaining = limit
    while remaining > 0:
        chunk = stream.read(min(CHUNK_BYTES, remaining))
        if not chunk:
            return
        remaining -= len(chunk)
        yield chunk


def _move(staged: Path, target: Path) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged, target)
    except FileNotFoundError:
        pass  # the sweep finished it first
    except OSError:  # the row is committed: the sweep finishes the move later
        log.exception("could not move %s into place; the file sweep will retry", staged)


# --- following the session's transactions ---------------------------------------------

def _current_transaction() -> SessionTransaction:
    session = db.session()
    return session.get_nested_transaction() or session.get_transaction() or session.begin()


def _register(change: FileChange) -> FileChange:
    db.session().info.setdefault(PENDING, []).append(change)
    return change


def _within(transaction: SessionTransaction | None, ended: SessionTransaction) -> bool:
    while transaction is not None:
        if transaction is ended:
            return True
        transaction = transaction.parent
    return False


def _after_commit(session: Session) -> None:
    session.info[COMMITTED] = True  # the transaction_end that follows learns it committed


def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    """Apply the changes of a committed top-level transaction; undo those of any
    transaction (or savepoint) that ended without committing."""
    committed = session.info.pop(COMMITTED, False)
    changes = session.info.get(PENDING)
    if not changes or (committed and transaction.parent is not None):
        return  # a released savepoint: its changes wait for the top-level commit
    ended = [c for c in changes if transaction.parent is None or _within(c.transaction,
                                                                         transaction)]
    session.info[PENDING] = [c for c in changes if c not in ended]
    for change in ended:
        if committed:
            change.commit()
        else:
            change.roll_back()


def install() -> None:
    """Listen to every session's transactions (idempotent)."""
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_transaction_end", _after_transaction_end)


# --- the sweep --------------------------------------------------------------------------

def sweep(grace_seconds: float) -> tuple[int, int]:
    """Finish interrupted moves and remove orphans older than the grace period: staged
    files whose row committed go into place, other staged files and stored files that
    no row names are removed. Returns (moved, removed). Touches nothing else.

    A database without a single attachment (a worker pointed at the wrong or a freshly
    restored database) never costs a stored file: they are then left alone.
    """
    cutoff = time.time() - grace_seconds
    any_rows = db.session.scalar(select(Attachment.id).limit(1)) is not None
    moved = removed = 0
    for batch in _batches(_old_files(cutoff)):
        known = set(db.session.scalars(select(Attachment.storage_key).where(
            Attachment.storage_key.in_([key for key, _path, _staged in batch]))))
        for key, path, is_staged in batch:
            if is_staged and key in known:
                _move(path, stored_path(key))
                moved += 1
            elif key not in known and (is_staged or any_rows):
                path.unlink(missing_ok=True)
                removed += 1
    return moved, removed


def _old_files(cutoff: float) -> Iterator[tuple[str, Path, bool]]:
    """(key, path, is staged) of every attachment file last written before the cutoff."""
    root = upload_dir()
    if not root.is_dir():
        return
    for folder in sorted(root.iterdir()):
        is_staged = folder.name == STAGING
        if not (is_staged or re.fullmatch(r"[0-9a-f]{2}", folder.name)) or not folder.is_dir():
            continue
        for path in folder.iterdir():
            if _is_attachment_file(path, folder, is_staged) and path.stat().st_mtime < cutoff:
                yield path.name, path, is_staged


def _is_attachment_file(path: Path, folder: Path, is_staged: bool) -> bool:
    return bool(KEY.fullmatch(path.name)) and path.is_file() and (
        is_staged or path.name[:2] == folder.name)


def _batches(items: Iterable, size: int = SWEEP_BATCH) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
