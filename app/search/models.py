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


# PostgreSQL only: the RUM extension for the ranked index. The migration falls back to a
# GIN index where RUM is not installed; tests (create_all) require it.
POSTGRES_SEARCH_SETUP = ("CREATE EXTENSION IF NOT EXISTS rum",)


def _install_postgres_setup() -> None:
    from sqlalchemy import DDL, event

    for statement in POSTGRES_SEARCH_SETUP:
        event.listen(SearchDocument.__table__, "before_create",
                     DDL(statement).execute_if(dialect="postgresql"))


_install_postgres_setup()
