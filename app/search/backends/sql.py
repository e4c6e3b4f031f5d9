"""Backends that search the `search_documents` table with SQL.

PostgresBackend (SEARCH_BACKEND=postgres) matches the weighted tsvectors with the
arena_sv/arena_en/arena_de text search configurations (Snowball stemming after
unaccent), ranks with ts_rank over at most RANK_LIMIT matches (the newest) and
highlights the shown page with ts_headline. Hosts share the database, so several web
servers need no shared disk.

DatabaseBackend is the fallback when the Whoosh index is missing or unreadable: plain
substring matching, no facet counts, on any database.
"""

from __future__ import annotations

from abc import abstractmethod
from collections import deque
from datetime import datetime

from markupsafe import Markup, escape
from sqlalchemy import (
    Text,
    and_,
    case,
    cast,
    false,
    func,
    literal,
    literal_column,
    not_,
    or_,
    select,
    true,
    tuple_,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from app.core.db import utcnow
from app.search.analysis import LANGUAGES
from app.search.backends.base import (
    RANK_LIMIT,
    Hit,
    IndexUnavailable,
    SearchBackend,
    SearchRequest,
    SearchResults,
    bucket_bounds,
    filter_tokens,
)
from app.search.documents import FACETS, split_key
from app.search.models import SearchDocument
from app.search.query import ParsedQuery, Phrase, Term, Word
from app.search.store import TS_CONFIGS, stored_hashes

D = SearchDocument
START, STOP = "\ue000", "\ue001"  # marks ts_headline puts around matches
HEADLINE_OPTIONS = (f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12, "
                    "MaxFragments=2, FragmentDelimiter=\" … \"")


def _within(column, bucket: str, now: datetime):
    """The deadline column falls in a deadline range."""
    low, high = bucket_bounds(now)[bucket]
    parts = [column.isnot(None)]
    if low is not None:
        parts.append(column >= low)
    if high is not None:
        parts.append(column < high)
    return and_(*parts)


class SqlBackend(SearchBackend):
    """What the two SQL backends share: filters, sorting, the page of hits."""

    @abstractmethod
    def _has_tokens(self, facets, tokens: list[str]):
        """A condition: the document holds every one of these facet tokens."""

    def _match(self, query: ParsedQuery):
        found = true()
        for group in query.groups:
            found = and_(found, or_(*(self._term(term) for term in group)))
        for term in query.excluded:
            found = and_(found, not_(self._term(term)))
        return found

    @abstractmethod
    def _term(self, term: Term):
        """A condition: the document matches this word or phrase."""

    def _filter(self, facets, deadline, field: str, values: tuple[str, ...], now: datetime):
        """Documents with any of the filter's values (OR within a filter)."""
        if field == "deadline":
            return or_(false(), *(_within(deadline, b, now) for b in values
                                  if b in bucket_bounds(now)))
        tokens = filter_tokens(field, values)
        return self._has_tokens(facets, tokens) if tokens else false()

    def _conditions(self, request: SearchRequest, now: datetime):
        conditions = [self._match(request.query)]
        if request.only_keys is not None:
            pairs = [split_key(key) for key in request.only_keys] or [("", 0)]
            conditions.append(tuple_(D.doc_type, D.object_id).in_(pairs))
        filters = {field: self._filter(D.facets, D.deadline_at, field, values, now)
                   for field, values in request.filters.items() if values}
        return conditions, filters

    def _order(self, sort: str, now: datetime):
        if sort == "deadline":
            upcoming = D.deadline_at >= now
            return (case((upcoming, 0), else_=1), case((upcoming, D.deadline_at)),
                    D.published_at.desc(), D.id)
        return (D.published_at.desc(), D.id)

    def _page(self, session: Session, where, request: SearchRequest, now: datetime):
        statement = select(D.doc_type, D.object_id).where(*where).order_by(
            *self._order(request.effective_sort, now))
        rows = session.execute(statement.limit(request.limit).offset(request.offset))
        return [Hit(f"{doc_type}:{object_id}") for doc_type, object_id in rows]

    def _count(self, session: Session, where) -> int:
        return session.scalar(select(func.count()).select_from(D).where(*where))

    def indexed_hashes(self, session: Session) -> dict[str, str]:
        return stored_hashes(session)

    def apply(self, session, documents, removed_keys) -> None:
        """The indexer already saved the documents in `search_documents`."""

    def rebuild(self, session, batches) -> None:
        """The indexer refills `search_documents` as it goes; nothing else to build."""
        for _name, documents in batches:
            deque(documents, maxlen=0)

    def state(self, session: Session) -> str:
        try:
            session.execute(select(D.id).limit(1))
        except Exception:  # the table is gone or unreadable
            return "unreadable"
        return "ok"


def _tsquery_text(words: list[str], prefix: bool) -> str:
    """A to_tsquery() string of quoted words, the last as a prefix ('avfall':*)."""
    quoted = ["'" + w.replace("\\", "\\\\").replace("'", "''") + "'" for w in words]
    if prefix:
        quoted[-1] += ":*"
    return " & ".join(quoted)


class PostgresBackend(SqlBackend):
    name = "postgres"

    def state(self, session: Session) -> str:
        if session.get_bind().dialect.name != "postgresql":
            return "unreadable"  # SEARCH_BACKEND=postgres needs a PostgreSQL database
        return super().state(session)

    def _has_tokens(self, facets, tokens: list[str]):
        return facets.op("?|")(postgresql.array(tokens))

    @staticmethod
    def _config(language: str):
        return literal(TS_CONFIGS[language]).cast(postgresql.REGCONFIG)

    def _tsquery(self, term: Term, language: str):
        config = self._config(language)
        if isinstance(term, Phrase):
            return func.phraseto_tsquery(config, term.text)
        if term.prefix:
            return func.to_tsquery(config, _tsquery_text(term.text.split(), prefix=True))
        return func.plainto_tsquery(config, term.text)

    def _term(self, term: Term):
        return or_(*(getattr(D, f"tsv_{language}").op("@@")(self._tsquery(term, language))
                     for language in LANGUAGES))

    def _ranking_query(self, query: ParsedQuery, language: str):
        terms = [t for t in query.positive_terms() if not (isinstance(t, Word) and t.prefix)]
        if not terms:
            terms = query.positive_terms()
        combined = self._tsquery(terms[0], language)
        for term in terms[1:]:
            combined = combined.op("||")(self._tsquery(term, language))
        return combined

    def search(self, session: Session, request: SearchRequest) -> SearchResults:
        if session.get_bind().dialect.name != "postgresql":
            raise IndexUnavailable("unreadable", "SEARCH_BACKEND=postgres needs PostgreSQL")
        now = request.now or utcnow()
        conditions, filters = self._conditions(request, now)
        results = SearchResults()
        where = [*conditions, *filters.values()]
        if request.facets:
            results.facets = self._facets(session, conditions, request, now)
            results.total = _total_from_type_counts(results.facets, request)
        else:
            results.total = self._count(session, where)
        if request.limit:
            if request.effective_sort == "relevance":
                results.hits = self._ranked(session, where, request)
            else:
                results.hits = self._page(session, where, request, now)
            self._headlines(session, results.hits, request.query)
        return results

    def _ranked(self, session: Session, where, request: SearchRequest) -> list[Hit]:
        candidates = (select(D.id, D.doc_type, D.object_id, D.published_at, D.tsv_sv,
                             D.tsv_en, D.tsv_de).where(*where)
                      .order_by(D.published_at.desc()).limit(RANK_LIMIT).subquery())
        rank = sum(func.ts_rank(candidates.c[f"tsv_{language}"],
                                self._ranking_query(request.query, language))
                   for language in LANGUAGES)
        statement = (select(candidates.c.doc_type, candidates.c.object_id, rank.label("rank"))
                     .order_by(literal_column("rank").desc(), candidates.c.published_at.desc(),
                               candidates.c.id)
                     .limit(request.limit).offset(request.offset))
        return [Hit(f"{t}:{i}", score=float(r)) for t, i, r in session.execute(statement)]

    def _facets(self, session: Session, conditions, request: SearchRequest, now) -> dict:
        """Facet counts in one statement: each matched row's facet tokens (plus its
        deadline range) counted under every filter but the token's own facet."""
        matched = select(D.facets.label("facets"), D.deadline_at.label("deadline_at")).where(
            *conditions).cte("matched")
        bucket = case(*((_within(matched.c.deadline_at, b, now), literal(f"deadline:{b}"))
                        for b in bucket_bounds(now)), else_=None)
        tokens = func.jsonb_array_elements_text(
            matched.c.facets.op("||")(func.jsonb_build_array(bucket))
        ).table_valued("value").render_derived(name="token")
        field = func.split_part(tokens.c.value, ":", 1)
        selected = {name: self._filter(matched.c.facets, matched.c.deadline_at, name, values, now)
                    for name, values in request.filters.items() if values}
        whens = [(field == name, and_(true(), *(c for other, c in selected.items()
                                                if other != name))) for name in selected]
        keep = case(*whens, else_=and_(true(), *selected.values())) if whens else true()
        statement = (select(tokens.c.value, func.count()).select_from(matched)
                     .join(tokens, true()).where(field.in_(FACETS), keep)
                     .group_by(tokens.c.value))
        counts: dict[str, dict[str, int]] = {}
        for token, count in session.execute(statement):
            if token:
                name, _, value = token.partition(":")
                counts.setdefault(name, {})[value] = count
        return counts

    def _headlines(self, session: Session, hits: list[Hit], query: ParsedQuery) -> None:
        if not hits or not query.has_positive_terms:
            return
        body = func.replace(func.replace(D.body, START, ""), STOP, "")
        headline = case(*((D.language == language,
                           func.ts_headline(self._config(language), body,
                                            self._ranking_query(query, language),
                                            HEADLINE_OPTIONS))
                          for language in LANGUAGES), else_=cast(D.body, Text))
        pairs = [split_key(hit.key) for hit in hits]
        rows = session.execute(select(D.doc_type, D.object_id, headline)
                               .where(tuple_(D.doc_type, D.object_id).in_(pairs)))
        marked = {f"{t}:{i}": text for t, i, text in rows}
        for hit in hits:
            if START in (marked.get(hit.key) or ""):
                hit.snippet = _marked(marked[hit.key])


def _total_from_type_counts(facets: dict, request: SearchRequest) -> int:
    """The number of matches, read from the type facet (counted under every other filter)
    instead of a second pass over the matches."""
    counts = facets.get("type", {})
    chosen = request.filters.get("type") or counts.keys()
    return sum(counts.get(name, 0) for name in chosen)


def _marked(text: str) -> Markup:
    """Escape a ts_headline result, then turn its marks into <mark> elements."""
    safe = str(escape(" ".join(text.split())))
    return Markup(safe.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S704


class DatabaseBackend(SqlBackend):
    """Substring search in the documents table: works whenever the database does."""

    name = "database"

    def _has_tokens(self, facets, tokens: list[str]):
        text = cast(facets, Text)
        return or_(*(text.like(f'%"{token}"%') for token in tokens))

    def _term(self, term: Term):
        words = term.words if isinstance(term, Phrase) else (term.text,)
        needle = "%" + " ".join(words).lower().replace("%", "").replace("_", "") + "%"
        return or_(func.lower(D.title).like(needle), func.lower(D.body).like(needle),
                   func.lower(D.extra).like(needle))

    def search(self, session: Session, request: SearchRequest) -> SearchResults:
        now = request.now or utcnow()
        conditions, filters = self._conditions(request, now)
        where = [*conditions, *filters.values()]
        results = SearchResults(total=self._count(session, where))
        if request.limit:
            results.hits = self._page(session, where, request, now)
        return results
