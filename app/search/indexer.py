"""The one indexer: applies queued changes in batches, rebuilds, checks.

Only the worker (`flask --app wsgi worker`, started by `make run`) and the `search`
commands run this; web requests never write the index. Each batch is applied to the
index first and then, in one database transaction, to `search_documents` together
with the removal of its queue rows: a crash in between leaves the rows queued, and
applying them again is harmless.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.core.db import utcnow
from app.core.jobs import register_job
from app.extensions import db
from app.search import cpv, lexicon, store
from app.search.backends import get_backend
from app.search.backends.base import IndexUnavailable, SearchBackend
from app.search.documents import IndexDocument, build_document, document_key
from app.search.fields import swedish_words
from app.search.models import SearchQueueEntry
from app.search.registry import SearchType, document_type, document_types

log = logging.getLogger(__name__)
BATCH_SIZE = 500
LOAD_CHUNK = 500


@dataclass
class IndexReport:
    indexed: int = 0
    removed: int = 0
    rebuilt: int | None = None
    busy: bool = False

    def line(self) -> str | None:
        if self.rebuilt is not None:
            return f"index built from scratch ({self.rebuilt} documents)"
        if self.indexed or self.removed:
            return f"indexed {self.indexed}, removed {self.removed}"
        return None


def load_objects(session: Session, search_type: SearchType, ids) -> dict[int, object]:
    """The type's objects with these ids, loaded together."""
    model = search_type.model
    rows = session.scalars(select(model).where(model.id.in_(list(ids)))
                           .options(*search_type.load_options()))
    return {row.id: row for row in rows}


def documents_for(session: Session, doc_type: str, ids) -> tuple[list[IndexDocument], list[str]]:
    """(documents to index, keys to remove) for changed objects of one type."""
    search_type = document_type(doc_type)
    if search_type is None:  # a type no longer registered: forget its documents
        return [], [document_key(doc_type, i) for i in ids]
    objects = load_objects(session, search_type, ids)
    documents, removed = [], []
    for object_id in ids:
        obj = objects.get(object_id)
        document = build_document(search_type, obj) if obj is not None else None
        if document is None:
            removed.append(document_key(doc_type, object_id))
        else:
            documents.append(document)
    return documents, removed


def claim(session: Session, batch_size: int) -> list[SearchQueueEntry]:
    """The oldest queued changes (locked on PostgreSQL, so a second indexer skips them).
    On SQLite the worker's transaction already holds the write lock (BEGIN IMMEDIATE)."""
    query = select(SearchQueueEntry).order_by(SearchQueueEntry.id).limit(batch_size)
    if store.is_postgresql(session):
        query = query.with_for_update(skip_locked=True)
    return list(session.scalars(query))


def apply_batch(session: Session, backend: SearchBackend, entries, report: IndexReport) -> None:
    """Index one batch of queued changes and remove them from the queue (then commit)."""
    by_type: dict[str, set[int]] = defaultdict(set)
    for entry in entries:
        by_type[entry.doc_type].add(entry.object_id)
    documents, removed = [], []
    for doc_type, ids in by_type.items():
        found, gone = documents_for(session, doc_type, sorted(ids))
        documents += found
        removed += gone
    lexicon.prime(word for document in documents for word in swedish_words(document))
    backend.apply(session, documents, removed)
    store.save_documents(session, documents, utcnow())
    store.remove_documents(session, removed)
    session.execute(delete(SearchQueueEntry).where(
        SearchQueueEntry.id.in_([entry.id for entry in entries])))
    session.commit()
    report.indexed += len(documents)
    report.removed += len(removed)


def process_queue(session: Session | None = None, batch_size: int = BATCH_SIZE) -> IndexReport:
    """Apply every queued change, batch by batch; build the index first if there is none."""
    session = session or db.session
    backend = get_backend()
    report = IndexReport()
    session.commit()  # start from a fresh transaction (and snapshot)
    with backend.writing() as allowed:
        if not allowed:  # a rebuild is running; the queue waits for it
            report.busy = True
            return report
        if backend.needs_rebuild(session):
            log.warning("no search index found: building one from the database")
            report.rebuilt = rebuild(session, backend, locked=True)
        while entries := claim(session, batch_size):
            apply_batch(session, backend, entries, report)
        session.commit()  # end the read transaction: later reads see later commits
    return report


def pending_count(session: Session | None = None) -> int:
    """How many changes wait in the queue."""
    session = session or db.session
    return session.scalar(select(func.count(SearchQueueEntry.id)))


def iterate_documents(session: Session, search_type: SearchType,
                      on_each: Callable[[], None] | None = None,
                      after_chunk: Callable[[list[IndexDocument]], None] | None = None,
                      ) -> Iterator[IndexDocument]:
    """Every indexable document of a type, loading objects in chunks by id;
    `after_chunk` gets each chunk's documents once they have been yielded."""
    model, last_id = search_type.model, 0
    while True:
        chunk = list(session.scalars(
            select(model).where(model.id > last_id).order_by(model.id).limit(LOAD_CHUNK)
            .options(*search_type.load_options())))
        if not chunk:
            return
        last_id = chunk[-1].id
        documents = []
        for obj in chunk:
            if on_each:
                on_each()
            document = build_document(search_type, obj)
            if document is not None:
                documents.append(document)
        lexicon.prime(word for document in documents for word in swedish_words(document))
        yield from documents
        if after_chunk:
            after_chunk(documents)


def count_objects(session: Session) -> int:
    """How many objects a rebuild will look at (for the progress bar)."""
    return sum(session.scalar(select(func.count(t.model.id))) for t in document_types())


class _Refill:
    """Refills `search_documents` during a rebuild: in one transaction on PostgreSQL; on
    SQLite chunk by chunk (one long write transaction would block every other writer),
    removing at the end the rows the rebuild did not write again."""

    def __init__(self, session: Session):
        self.session, self.now, self.written = session, utcnow(), 0
        self.words: Counter[str] = Counter()  # the vocabulary, written once at the end
        self.one_transaction = store.is_postgresql(session)
        session.commit()
        # Changes committed before the rebuild reads anything are in the new index.
        self.applied = list(session.scalars(select(SearchQueueEntry.id)))
        (store.clear if self.one_transaction else store.clear_words)(session)

    def save(self, documents: list[IndexDocument]) -> None:
        store.save_documents(self.session, documents, self.now, self.words)
        self.written += len(documents)
        if not self.one_transaction:
            self.session.commit()

    def finish(self) -> None:
        store.add_word_counts(self.session, self.words)
        if not self.one_transaction:
            store.remove_older_than(self.session, self.now)
        for start in range(0, len(self.applied), 1000):
            self.session.execute(delete(SearchQueueEntry).where(
                SearchQueueEntry.id.in_(self.applied[start:start + 1000])))
        self.session.commit()


def rebuild(session: Session, backend: SearchBackend | None = None,
            progress: Callable[[], None] | None = None, locked: bool = False) -> int:
    """Build a complete new index from the database and switch to it atomically.

    The old index keeps serving until the new one is complete; queued changes wait
    (the indexer cannot write meanwhile) and are applied to the new index afterwards.
    """
    backend = backend or get_backend()
    if not locked:
        with backend.writing(wait=True):
            return rebuild(session, backend, progress, locked=True)
    refill = _Refill(session)
    try:
        processes = getattr(backend, "rebuild_procs", None) or _rebuild_processes()
        with lexicon.looking_up_in(processes), cpv.names_remembered():
            handle = backend.rebuild(session, (
                (t.name, iterate_documents(session, t, progress, after_chunk=refill.save))
                for t in document_types()))
        refill.finish()
    except BaseException:
        session.rollback()  # the index keeps serving; so do the stored documents
        raise
    backend.activate(handle)
    return refill.written


def _rebuild_processes() -> int:
    from flask import current_app

    return int(current_app.config.get("SEARCH_REBUILD_PROCS", 1))


@dataclass
class CheckReport:
    problems: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    expected: int = 0
    pending: int = 0

    @property
    def ok(self) -> bool:
        return not any(any(kinds.values()) for kinds in self.problems.values())


def compare(expected: dict[str, str], actual: dict[str, str]) -> dict[str, list[str]]:
    """Keys missing from, stale in, and wrongly present in an index."""
    return {
        "missing": sorted(set(expected) - set(actual)),
        "stale": sorted(k for k in expected.keys() & actual.keys() if expected[k] != actual[k]),
        "unexpected": sorted(set(actual) - set(expected)),
    }


def check(session: Session | None = None) -> CheckReport:
    """Compare what the database says should be indexed with the index and the table."""
    session = session or db.session
    backend = get_backend()
    expected = {document.key: document.content_hash()
                for search_type in document_types()
                for document in iterate_documents(session, search_type)}
    report = CheckReport(expected=len(expected), pending=pending_count(session))
    try:
        report.problems[f"{backend.name} index"] = compare(expected,
                                                           backend.indexed_hashes(session))
    except IndexUnavailable as problem:
        report.problems[f"{backend.name} index"] = {"missing": sorted(expected),
                                                    "unreadable": [problem.state]}
    if backend.name != "postgres":
        report.problems["documents table"] = compare(expected, store.stored_hashes(session))
    return report


@register_job("search_index", every_seconds=1)
def index_job() -> str | None:
    """The worker's indexing job: apply what is queued, every second."""
    try:
        return process_queue().line()
    except IndexUnavailable as problem:
        log.error("search index cannot be updated (%s): run `flask --app wsgi search rebuild`",
                  problem)
        return f"index {problem.state}: run `flask --app wsgi search rebuild`"
