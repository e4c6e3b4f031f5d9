"""Index changes follow commits: each flush records what it changed in `search_queue`.

The rows are inserted on the flush's own connection, inside its transaction: they
commit with the change and vanish with a rollback. One indexer applies them later
(`app/search/indexer.py`). Bulk statements (`session.execute(update(...))`) bypass the
ORM's flush, so code using them calls `enqueue` itself.
"""

from __future__ import annotations

from sqlalchemy import event, insert
from sqlalchemy.orm import Session

from app.core.db import utcnow
from app.search.models import SearchQueueEntry
from app.search.registry import document_types


def changed_documents(session: Session) -> set[tuple[str, int]]:
    """(type, id) of every document the pending flush changes, directly or through a
    related model."""
    connection = session.connection()
    changed: set[tuple[str, int]] = set()
    objects = [*session.new, *session.dirty, *session.deleted]
    for search_type in document_types():
        for obj in objects:
            if isinstance(obj, search_type.model) and obj.id is not None:
                changed.add((search_type.name, obj.id))
            for model, related_ids in search_type.related.items():
                if isinstance(obj, model):
                    changed.update((search_type.name, i) for i in related_ids(connection, obj))
    return changed


def enqueue(session: Session, doc_type: str, ids) -> None:
    """Queue documents for (re)indexing in the session's current transaction."""
    rows = [{"doc_type": doc_type, "object_id": int(i), "enqueued_at": utcnow()} for i in ids]
    if rows:
        session.connection().execute(insert(SearchQueueEntry), rows)


def _after_flush(session: Session, _flush_context) -> None:
    changed = changed_documents(session)
    if changed:
        now = utcnow()
        session.connection().execute(insert(SearchQueueEntry), [
            {"doc_type": doc_type, "object_id": object_id, "enqueued_at": now}
            for doc_type, object_id in sorted(changed)
        ])


def install() -> None:
    """Listen to every session's flushes (idempotent)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
