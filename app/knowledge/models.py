"""Knowledge base: articles with revisions, and good examples (case studies)."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.challenges.models import Challenge
from app.core.db import UTCDateTime, str_enum, utcnow
from app.extensions import db
from app.organisations.models import Organisation

LANGUAGES = ("sv", "en")


class ArticleKind(enum.StrEnum):
    METHOD_GUIDE = "method_guide"
    DEFINITION = "definition"
    IP_GUIDANCE = "ip_guidance"
    TEMPLATE = "template"
    GOOD_EXAMPLE = "good_example"


class CaseTrack(enum.StrEnum):
    """What the example was about (the check tracks, plus challenges run here)."""

    BEFORE_PROCUREMENT = "before_procurement"  # a decision basis for a possible procurement
    ONGOING_PROCUREMENT = "ongoing_procurement"  # support in a procurement under way
    CAPACITY_BUILDING = "capacity_building"  # the organisation learning to do it
    PLATFORM_CHALLENGE = "platform_challenge"  # a challenge run on Innovation Arena


class Bilingual:
    """Swedish and English columns `<field>_sv` / `<field>_en`; a language exists if titled."""

    def has_language(self, language: str) -> bool:
        return bool((getattr(self, f"title_{language}", "") or "").strip())

    def language_for(self, preferred: str) -> str:
        """The preferred language if this has it, else the first language it has."""
        if self.has_language(preferred):
            return preferred
        return next((lang for lang in LANGUAGES if self.has_language(lang)), preferred)

    def text(self, field: str, language: str) -> str:
        return getattr(self, f"{field}_{language}") or ""


class Article(Bilingual, db.Model):
    """A method guide, definition, IP guidance, template or good example, in sv and en."""

    __tablename__ = "knowledge_articles"
    __table_args__ = (UniqueConstraint("slug", name="uq_knowledge_articles_slug"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80))
    kind: Mapped[ArticleKind] = mapped_column(str_enum(ArticleKind, "article_kind"))
    title_sv: Mapped[str] = mapped_column(String(200), default="")
    title_en: Mapped[str] = mapped_column(String(200), default="")
    summary_sv: Mapped[str] = mapped_column(String(600), default="")
    summary_en: Mapped[str] = mapped_column(String(600), default="")
    body_sv: Mapped[str] = mapped_column(Text, default="")
    body_en: Mapped[str] = mapped_column(Text, default="")
    is_published: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_knowledge_articles_updated_by_id_users",
                   ondelete="SET NULL")
    )
    # Optimistic locking: an edit form opened before someone else's save is refused.
    version: Mapped[int] = mapped_column(Integer, default=1)

    updated_by: Mapped[User | None] = relationship()
    tag_links: Mapped[list[ArticleTag]] = relationship(
        back_populates="article", cascade="all, delete-orphan", order_by="ArticleTag.tag"
    )
    related_links: Mapped[list[ArticleRelation]] = relationship(
        back_populates="article", cascade="all, delete-orphan",
        foreign_keys="ArticleRelation.article_id", order_by="ArticleRelation.position",
    )
    revisions: Mapped[list[ArticleRevision]] = relationship(
        back_populates="article", cascade="all, delete-orphan",
        order_by="ArticleRevision.number.desc()",
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def tags(self) -> list[str]:
        return [link.tag for link in self.tag_links]

    @property
    def related(self) -> list[Article]:
        return [link.related for link in self.related_links]

    def __repr__(self) -> str:
        return f"<Article {self.id} {self.slug}>"


class ArticleTag(db.Model):
    """A tag of an article (a table, so the list can be filtered by it)."""

    __tablename__ = "knowledge_article_tags"
    __table_args__ = (
        UniqueConstraint("article_id", "tag", name="uq_knowledge_article_tags_article_tag"),
        Index("ix_knowledge_article_tags_tag", "tag"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("knowledge_articles.id",
                   name="fk_knowledge_article_tags_article_id_knowledge_articles",
                   ondelete="CASCADE")
    )
    tag: Mapped[str] = mapped_column(String(40))

    article: Mapped[Article] = relationship(back_populates="tag_links")


class ArticleRelation(db.Model):
    """A link from an article to a related one, in the order the editor chose."""

    __tablename__ = "knowledge_article_relations"
    __table_args__ = (
        UniqueConstraint("article_id", "related_id",
                         name="uq_knowledge_article_relations_article_related"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("knowledge_articles.id",
                   name="fk_knowledge_article_relations_article_id_knowledge_articles",
                   ondelete="CASCADE"), index=True
    )
    related_id: Mapped[int] = mapped_column(
        ForeignKey("knowledge_articles.id",
                   name="fk_knowledge_article_relations_related_id_knowledge_articles",
                   ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    article: Mapped[Article] = relationship(back_populates="related_links",
                                            foreign_keys=[article_id])
    related: Mapped[Article] = relationship(foreign_keys=[related_id])


class ArticleRevision(db.Model):
    """The content of an article as one save left it: who, when, and everything editable."""

    __tablename__ = "knowledge_article_revisions"
    __table_args__ = (
        UniqueConstraint("article_id", "number",
                         name="uq_knowledge_article_revisions_article_number"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("knowledge_articles.id",
                   name="fk_knowledge_article_revisions_article_id_knowledge_articles",
                   ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_knowledge_article_revisions_author_id_users",
                   ondelete="SET NULL")
    )
    note: Mapped[str] = mapped_column(String(300), default="")
    content: Mapped[dict] = mapped_column(JSON, default=dict)

    article: Mapped[Article] = relationship(back_populates="revisions")
    author: Mapped[User | None] = relationship()


class CaseStudy(Bilingual, db.Model):
    """A good example: what a public organisation did and what came of it."""

    __tablename__ = "knowledge_case_studies"
    __table_args__ = (
        UniqueConstraint("source_key", name="uq_knowledge_case_studies_source_key"),
        UniqueConstraint("challenge_id", name="uq_knowledge_case_studies_challenge_id"),
        Index("ix_knowledge_case_studies_published_track", "is_published", "track"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Where seeded content came from (e.g. "check-project-07"): seeding adds it once.
    source_key: Mapped[str | None] = mapped_column(String(40))
    organisation_name: Mapped[str] = mapped_column(String(200))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id",
                   name="fk_knowledge_case_studies_organisation_id_organisations",
                   ondelete="SET NULL")
    )
    challenge_id: Mapped[int | None] = mapped_column(
        ForeignKey("challenges.id", name="fk_knowledge_case_studies_challenge_id_challenges",
                   ondelete="SET NULL")
    )
    title_sv: Mapped[str] = mapped_column(String(200), default="")
    title_en: Mapped[str] = mapped_column(String(200), default="")
    summary_sv: Mapped[str] = mapped_column(Text, default="")
    summary_en: Mapped[str] = mapped_column(Text, default="")
    track: Mapped[CaseTrack] = mapped_column(str_enum(CaseTrack, "case_track"))
    sector: Mapped[str | None] = mapped_column(String(40), index=True)
    county: Mapped[str | None] = mapped_column(String(8))
    is_published: Mapped[bool] = mapped_column(Boolean, default=False)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", name="fk_knowledge_case_studies_created_by_id_users",
                   ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    organisation: Mapped[Organisation | None] = relationship()
    challenge: Mapped[Challenge | None] = relationship()
    created_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<CaseStudy {self.id} {self.organisation_name}>"


class ArticleReach(db.Model):
    """How often an article was read on one day (Swedish date) by one kind of reader.

    Aggregated counters only, never who: `views` counts page views, `sessions` the
    browser sessions that read the article that day (a session cookie remembers which
    articles it has been counted for). Shown only where at least 5 sessions are counted.
    """

    __tablename__ = "knowledge_article_reach"
    __table_args__ = (
        UniqueConstraint("article_id", "day", "reader_role",
                         name="uq_knowledge_article_reach_article_day_role"),
        Index("ix_knowledge_article_reach_day", "day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("knowledge_articles.id",
                   name="fk_knowledge_article_reach_article_id_knowledge_articles",
                   ondelete="CASCADE")
    )
    day: Mapped[date] = mapped_column(Date)
    reader_role: Mapped[str] = mapped_column(String(40))
    views: Mapped[int] = mapped_column(Integer, default=0)
    sessions: Mapped[int] = mapped_column(Integer, default=0)

    article: Mapped[Article] = relationship()
