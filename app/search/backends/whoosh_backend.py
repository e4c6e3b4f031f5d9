"""The embedded default: one Whoosh index per document type, on local disk.

Layout of SEARCH_INDEX_DIR:

    current -> generations/20260101T120000-ab12cd34   (a symlink, swapped atomically)
    generations/<id>/   one Whoosh index per type (challenge, solution, ...)
    indexer.lock        held by the one process that writes (indexer or rebuild)

Web processes only read: one searcher per index per process, reopened when
`up_to_date()` turns false (never `Searcher.refresh()`, which returns stale and
duplicated documents in whoosh-reloaded 2.7.5) or when a rebuild swapped `current`.
"""

from __future__ import annotations

import fcntl
import heapq
import logging
import os
import shutil
import threading
import time
import uuid
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index

from app.core.db import utcnow
from app.search.analysis import analysis_version
from app.search.backends import bitsets
from app.search.backends.base import (
    Hit,
    IndexUnavailable,
    SearchBackend,
    SearchRequest,
    SearchResults,
)
from app.search.backends.whoosh_engine import IndexView, build_schema, codec, whoosh_fields
from app.search.documents import split_key
from app.search.registry import type_names

log = logging.getLogger(__name__)
SCHEMA_VERSION = "5"  # analysed title/body/parts/cpv_names, body_phrases; counts kept
VERSION_FILE = "VERSION"  # in each generation: what its terms were made with
WRITER_TIMEOUT = 120  # seconds a writer waits for Whoosh's own lock
# Segments are written as separate files, never "compound": opening a compound segment
# copies each of its files into memory (hundreds of MB per searcher at 100 000 documents).


class WhooshBackend(SearchBackend):
    name = "whoosh"

    def __init__(self, root: str, rebuild_procs: int = 1):
        self.root = Path(root)
        self.rebuild_procs = max(1, rebuild_procs)
        self._lock = threading.RLock()
        self._generation: str | None = None
        self._indexes: dict = {}
        self._views: dict[str, IndexView] = {}
        self._segment_caches: dict = {}

    # -- where the index lives ------------------------------------------------------

    @property
    def current_link(self) -> Path:
        return self.root / "current"

    def current_dir(self) -> Path | None:
        """The generation being served, or None if there is none."""
        target = self.current_link.resolve() if self.current_link.is_symlink() else None
        return target if target is not None and target.is_dir() else None

    def state(self, session) -> str:
        try:
            with self._lock:
                self._open_views()
        except IndexUnavailable as problem:
            return problem.state
        return "ok"

    def needs_rebuild(self, session) -> bool:
        directory = self.current_dir()
        return directory is None or not _up_to_date(directory)

    # -- reading --------------------------------------------------------------------

    def _open_views(self) -> dict[str, IndexView]:
        directory = self.current_dir()
        if directory is None:
            raise IndexUnavailable("missing", str(self.current_link))
        if not _up_to_date(directory):
            raise IndexUnavailable("outdated", "made with another analysis: rebuild it")
        if str(directory) != self._generation:
            self.close()
            self._generation = str(directory)
        try:
            for name in type_names():
                self._open_view(directory, name)
        except Exception as error:  # a damaged index raises anything from EOFError to KeyError
            self.close()
            raise IndexUnavailable("unreadable", f"{type(error).__name__}: {error}") from error
        return dict(self._views)

    def _open_view(self, directory: Path, name: str) -> None:
        view = self._views.get(name)
        if view is not None and view.searcher.up_to_date():
            return
        ix = self._indexes.get(name)
        if ix is None:
            if not whoosh_index.exists_in(str(directory), indexname=name):
                return  # no document of this type indexed yet
            ix = self._indexes[name] = whoosh_index.open_dir(str(directory), indexname=name)
        searcher = ix.searcher()
        if view is not None:
            view.searcher.close()
        self._views[name] = IndexView(name, searcher, self._segment_caches)
        in_use = set().union(*(v.segment_ids() for v in self._views.values()))
        for segment_id in set(self._segment_caches) - in_use:
            del self._segment_caches[segment_id]

    def close(self) -> None:
        with self._lock:
            for view in self._views.values():
                view.searcher.close()
            self._views.clear()
            self._indexes.clear()
            self._segment_caches.clear()
            self._generation = None

    def search(self, session, request: SearchRequest) -> SearchResults:
        now = request.now or utcnow()
        with self._lock:
            views = self._open_views()
            try:
                return self._search(views, request, now)
            except Exception as error:
                self.close()
                raise IndexUnavailable("unreadable", f"{type(error).__name__}: {error}") from error

    def _search(self, views: dict[str, IndexView], request: SearchRequest, now) -> SearchResults:
        results = SearchResults()
        facets: dict[str, dict[str, int]] = defaultdict(dict)
        window = request.offset + request.limit
        matched = {}
        for name, view in views.items():
            final, counts = self._match_view(view, request, now)
            results.total += final.bit_count()
            for field, values in counts.items():
                for value, count in values.items():
                    facets[field][value] = facets[field].get(value, 0) + count
            matched[name] = final
        results.facets = dict(facets)
        if not window:
            return results
        if request.effective_sort == "relevance":
            ranked = self._relevance(views, matched, request, now, window)
        else:
            ranked = [(key, name, docnum) for name, final in matched.items() if final
                      for key, docnum in self._ordered(views[name], final, request, window, now)]
        page = heapq.nsmallest(window, ranked)[request.offset:]
        results.hits = [Hit(views[name].key_of(docnum)) for _key, name, docnum in page]
        return results

    @staticmethod
    def _match_view(view: IndexView, request: SearchRequest, now):
        """(matches after filters, facet counts) in one index."""
        base = view.matches(request.the_plan)
        if request.only_keys is not None:
            base &= view.keys_set(request.only_keys)
        selected = {field: view.filter_set(field, values, now)
                    for field, values in request.filters.items() if values}
        final = base
        for bits in selected.values():
            final &= bits
        counts = view.facet_counts(base, selected, now) if request.facets else {}
        return final, counts

    @staticmethod
    def _ordered(view: IndexView, final: int, request: SearchRequest, window: int, now):
        if request.effective_sort == "deadline":
            return view.soonest(final, window, now)
        return view.newest(final, window)

    @staticmethod
    def _relevance(views, matched: dict[str, int], request: SearchRequest, now, window: int):
        """Every match scored in every index; ordered with one best score for all."""
        scored, best = {}, 0.0
        for name, final in matched.items():
            if not final:
                continue
            ranking = views[name].ranking()
            docnums = np.flatnonzero(bitsets.to_mask(final, views[name].size))
            scores = ranking.scores(request.the_plan)[docnums]
            scored[name] = (ranking, docnums, scores)
            best = max(best, ranking.best(docnums, scores))
        return [(key, name, docnum) for name, (ranking, docnums, scores) in scored.items()
                for key, docnum in ranking.relevance_keys(docnums, scores, best, now, window)]

    def indexed_hashes(self, session) -> dict[str, str]:
        hashes: dict[str, str] = {}
        with self._lock:
            for view in self._open_views().values():
                hashes.update(view.stored_hashes())
        return hashes

    # -- writing (the indexer and `search rebuild` only) ----------------------------

    @contextmanager
    def writing(self, wait: bool = False):
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / "indexer.lock", "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def apply(self, session, documents, removed_keys) -> None:
        directory = self.current_dir()
        if directory is None:
            raise IndexUnavailable("missing", "nothing to update: rebuild the index first")
        by_type: dict[str, tuple[list, list]] = defaultdict(lambda: ([], []))
        for document in documents:
            by_type[document.doc_type][0].append(document)
        for key in removed_keys:
            by_type[split_key(key)[0]][1].append(key)
        try:
            self._write(directory, by_type)
        except Exception as error:  # a damaged index fails in many ways
            raise IndexUnavailable("unreadable", f"{type(error).__name__}: {error}") from error

    @staticmethod
    def _write(directory: Path, by_type: dict) -> None:
        schema = build_schema()
        for name, (changed, removed) in by_type.items():
            if whoosh_index.exists_in(str(directory), indexname=name):
                ix = whoosh_index.open_dir(str(directory), indexname=name)
            else:
                ix = whoosh_index.create_in(str(directory), schema, indexname=name)
            writer = ix.writer(timeout=WRITER_TIMEOUT, compound=False, codec=codec())
            for document in changed:
                writer.update_document(**whoosh_fields(document))
            for key in removed:
                writer.delete_by_term("key", key)
            writer.commit()

    def rebuild(self, session, batches) -> Path:
        generation = self.root / "generations" / (
            time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8])
        generation.mkdir(parents=True)
        try:
            self._build(generation, batches)
        except BaseException:
            shutil.rmtree(generation, ignore_errors=True)  # the current index stays
            raise
        return generation

    def _build(self, generation: Path, batches) -> None:
        (generation / VERSION_FILE).write_text(_version())
        schema = build_schema()
        for name, documents in batches:
            ix = whoosh_index.create_in(str(generation), schema, indexname=name)
            writer = ix.writer(procs=self.rebuild_procs, limitmb=256, compound=False,
                               codec=codec(), multisegment=self.rebuild_procs > 1)
            try:
                for document in documents:
                    writer.add_document(**whoosh_fields(document))
            except BaseException:
                writer.cancel()
                raise
            writer.commit()

    def activate(self, handle) -> None:
        """Point `current` at the new generation in one rename, then tidy old ones."""
        generation = Path(handle)
        previous = self.current_dir()
        temporary = self.root / f"current.{uuid.uuid4().hex}"
        os.symlink(os.path.relpath(generation, self.root), temporary)
        os.replace(temporary, self.current_link)
        keep = {generation.resolve(), previous.resolve() if previous else None}
        for old in (self.root / "generations").iterdir():
            if old.resolve() not in keep:
                shutil.rmtree(old, ignore_errors=True)
        log.info("search index now served from %s", generation)


def _version() -> str:
    return f"{SCHEMA_VERSION} {analysis_version()}"


def _up_to_date(directory: Path) -> bool:
    """True if a generation was built with this schema and analysis (and dictionary)."""
    try:
        return (directory / VERSION_FILE).read_text().strip() == _version()
    except OSError:
        return False
