"""Search: the change queue, the indexed documents, the vocabulary, saved searches.

`search_queue` rows are written in the same transaction as the change they describe
(see `app/search/queue.py`), so a rollback leaves nothing to index and a crash loses
nothing. `search_documents` is what the indexer made of each indexable object: the
text and facet values it indexed, used to display results, by the database fallback,
by alerts, and (on PostgreSQL, with its analysed `tsv` column) by the PostgreSQL backend.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from app.accounts.models import User
from app.core.db import UTCDateTime, str_enum, utcnow
from app.core.events import Frequency
from app.extensions import db


class TSVector(TypeDecorator):
    """A tsvector on PostgreSQL; elsewhere a plain text column that stays empty."""

    impl = Text
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.TSVECTOR())
        return dialect.type_descriptor(Text())


# JSON everywhere, JSONB on PostgreSQL so facet tokens can be matched with a GIN index.
FacetTokens = JSON().with_variant(postgresql.JSONB(), "postgresql")


def _postgresql_only(index: Index) -> Index:
    return index.ddl_if(dialect="postgresql")


class SearchQueueEntry(db.Model):
    """An indexable object that changed; the indexer removes the row once applied."""

    __tablename__ = "search_queue"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    doc_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int] = mapped_column(Integer)
    enqueued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SearchDocument(db.Model):
    """One indexed object as the search saw it: text, facet tokens and a content hash."""

    __tablename__ = "search_documents"
    __table_args__ = (
        UniqueConstraint("doc_type", "object_id", name="uq_search_documents_type_object"),
        Index("ix_search_documents_published_at", "published_at"),
        Index("ix_search_documents_indexed_at", "indexed_at"),
        # A ranked index (RUM): `ORDER BY tsv <=> query LIMIT n` reads the best n from it.
        _postgresql_only(Index("ix_search_documents_tsv", "tsv", postgresql_using="rum",
                               postgresql_ops={"tsv": "rum_tsvector_ops"})),
        _postgresql_only(Index("ix_search_documents_facets", "facets", postgresql_using="gin")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    doc_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(5), default="sv")
    title: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    extra: Mapped[str] = mapped_column(Text, default="")  # indexed, never displayed
    url: Mapped[str] = mapped_column(String(500), default="")
    facets: Mapped[list[str]] = mapped_column(FacetTokens, default=list)  # "sector:health"...
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    content_hash: Mapped[str] = mapped_column(String(64))
    indexed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The analysed text (see app/search/fields.py): title A, body B, parts C, CPV names D.
    tsv: Mapped[str | None] = mapped_column(TSVector())


class PostingKind(enum.StrEnum):
    TERM = "term"  # an index term of the analysed text
    FACET = "facet"  # a facet token ("sector:health")


# A term's key on PostgreSQL compares byte by byte, so a prefix is a range of the key.
_TERM_KEY = Text().with_variant(postgresql.TEXT(collation="C"), "postgresql")


class SearchSnapshot(db.Model):
    """PostgreSQL: the stored documents frozen at one moment as arrays, which each web
    process ranks in memory (see app/search/snapshot.py). Documents indexed from
    `fresh_from_at` on are read from `search_documents` instead."""

    __tablename__ = "search_snapshots"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    built_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    fresh_from_at: Mapped[datetime] = mapped_column(UTCDateTime)
    documents: Mapped[int] = mapped_column(Integer, default=0)
    # One entry per document, in the order of the documents' ids (big-endian arrays).
    ids: Mapped[bytes] = mapped_column(LargeBinary)  # int32
    deadlines: Mapped[bytes] = mapped_column(LargeBinary)  # int64 epoch microseconds, 0: none
    published: Mapped[bytes] = mapped_column(LargeBinary)  # int64 epoch seconds
    statuses: Mapped[bytes] = mapped_column(LargeBinary)  # uint8, see snapshot.STATUS_CODES

    postings: Mapped[list[SearchPosting]] = relationship(
        back_populates="snapshot", cascade="all, delete-orphan", passive_deletes=True)


class SearchPosting(db.Model):
    """The documents of a snapshot holding one index term or facet token, with the term's
    impact on each (its share of the relevance score) and the fields it is in."""

    __tablename__ = "search_postings"

    snapshot_id: Mapped[int] = mapped_column(
        ForeignKey("search_snapshots.id", name="fk_search_postings_snapshot_id_search_snapshots",
                   ondelete="CASCADE"), primary_key=True)
    kind: Mapped[PostingKind] = mapped_column(str_enum(PostingKind, "posting_kind"),
                                              primary_key=True)
    term: Mapped[str] = mapped_column(_TERM_KEY, primary_key=True)
    documents: Mapped[int] = mapped_column(Integer, default=0)
    rows: Mapped[bytes] = mapped_column(LargeBinary)  # int32 positions in the snapshot
    impacts: Mapped[bytes | None] = mapped_column(LargeBinary)  # float32 (terms only)
    weights: Mapped[bytes | None] = mapped_column(LargeBinary)  # uint8 A=1 B=2 C=4 D=8
    # Terms only: the term's positions in the title and body (int16), how many per document.
    occurrences: Mapped[bytes | None] = mapped_column(LargeBinary)  # int16 per document
    positions: Mapped[bytes | None] = mapped_column(LargeBinary)  # int16, ascending per document

    snapshot: Mapped[SearchSnapshot] = relationship(back_populates="postings")


class SearchWord(db.Model):
    """A word of the indexed text and roughly how many documents held it ("did you mean")."""

    __tablename__ = "search_words"

    word: Mapped[str] = mapped_column(String(64), primary_key=True)
    documents: Mapped[int] = mapped_column(Integer, default=0)


class SearchLexiconEntry(db.Model):
    """A Swedish word as the hunspell dictionary analysed it (see app/search/lexicon.py),
    kept so that indexers and web processes look a word up once, not once per process."""

    __tablename__ = "search_lexicon"

    word: Mapped[str] = mapped_column(String(64), primary_key=True)
    digest: Mapped[str] = mapped_column(String(16))  # the dictionary's (others are stale)
    lemmas: Mapped[str] = mapped_column(Text, default="")  # space-separated
    parts: Mapped[str] = mapped_column(Text, default="")  # space-separated


class SavedSearchKind(enum.StrEnum):
    SEARCH = "search"  # a query and filters the user saved from the search page
    PROFILE = "profile"  # a supplier's interest profile: CPV codes, sectors, regions


class SavedSearch(db.Model):
    """A search a user keeps, with how often new matching challenges are e-mailed."""

    __tablename__ = "saved_searches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", name="fk_saved_searches_user_id_users", ondelete="CASCADE"),
        index=True,
    )
    kind: Mapped[SavedSearchKind] = mapped_column(
        str_enum(SavedSearchKind, "saved_search_kind"), default=SavedSearchKind.SEARCH
    )
    name: Mapped[str] = mapped_column(String(200))
    query: Mapped[str] = mapped_column(String(500), default="")
    filters: Mapped[dict] = mapped_column(JSON, default=dict)  # facet -> list of values
    frequency: Mapped[Frequency] = mapped_column(
        str_enum(Frequency, "alert_frequency"), default=Frequency.DAILY
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Documents indexed up to this moment have been compared with the search.
    checked_through: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
    matches: Mapped[list[SavedSearchMatch]] = relationship(
        back_populates="saved_search", cascade="all, delete-orphan", passive_deletes=True
    )


class SavedSearchMatch(db.Model):
    """A challenge that matched a saved search: alerted once, then marked as sent."""

    __tablename__ = "saved_search_matches"
    __table_args__ = (
        UniqueConstraint("saved_search_id", "doc_type", "object_id",
                         name="uq_saved_search_matches_search_document"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    saved_search_id: Mapped[int] = mapped_column(
        ForeignKey("saved_searches.id",
                   name="fk_saved_search_matches_saved_search_id_saved_searches",
                   ondelete="CASCADE"), index=True
    )
    doc_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int] = mapped_column(Integer)
    matched_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    saved_search: Mapped[SavedSearch] = relationship(back_populates="matches")


# PostgreSQL only: the impact of an index term on a document, from the weights of its
# occurrences in the order of their positions (what RUM's ranking gives a one-term query:
# each occurrence's field weight over the square of its rank, all over pi^2/6), the
# fields a term is in as bits, and a document's score: the sum of the impacts of the terms
# given and of every term beginning with one of the prefixes given. The snapshot
# (app/search/snapshot.py) and the search use the same functions.
SEARCH_FUNCTIONS = (
    """CREATE OR REPLACE FUNCTION search_impact(weights text[]) RETURNS real
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT (sum(CASE x.w WHEN 'A' THEN 1.0 WHEN 'B' THEN 0.4 WHEN 'C' THEN 0.2 ELSE 0.1 END
                  / (x.k * x.k)) / 1.64493406685)::real
      FROM unnest(weights) WITH ORDINALITY AS x(w, k) $$""",
    """CREATE OR REPLACE FUNCTION search_weight_bits(weights text[]) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT ('A' = ANY(weights))::int | (('B' = ANY(weights))::int << 1)
           | (('C' = ANY(weights))::int << 2) | (('D' = ANY(weights))::int << 3) $$""",
    """CREATE OR REPLACE FUNCTION search_score(document tsvector, terms text[],
                                               prefixes text[])
    RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT coalesce(sum(search_impact(u.weights)::double precision), 0)
      FROM unnest(document) AS u
      WHERE u.lexeme = ANY(terms) OR EXISTS (SELECT 1 FROM unnest(prefixes) AS p(beginning)
                                             WHERE starts_with(u.lexeme, p.beginning)) $$""",
)
SEARCH_FUNCTIONS_DROP = ("DROP FUNCTION IF EXISTS search_score(tsvector, text[], text[])",
                         "DROP FUNCTION IF EXISTS search_weight_bits(text[])",
                         "DROP FUNCTION IF EXISTS search_impact(text[])")

# PostgreSQL only: the RUM extension for the ranked index (the migration falls back to a
# GIN index where RUM is not installed; tests, with create_all, require it) and the
# functions above.
POSTGRES_SEARCH_SETUP = ("CREATE EXTENSION IF NOT EXISTS rum", *SEARCH_FUNCTIONS)


def _install_postgres_setup() -> None:
    from sqlalchemy import DDL, event

    for statement in POSTGRES_SEARCH_SETUP:
        event.listen(SearchDocument.__table__, "before_create",
                     DDL(statement).execute_if(dialect="postgresql"))


_install_postgres_setup()
