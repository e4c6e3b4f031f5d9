"""Template helpers: text in the reader's language, links to articles, contextual help."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import get_locale

from app.core.templating import template_global
from app.extensions import db
from app.knowledge.models import LANGUAGES, Article, Bilingual


@dataclass(frozen=True)
class InLanguage:
    """An article's or case's text in one language, and whether that is a fallback."""

    language: str
    is_fallback: bool
    title: str
    summary: str
    body: str


def reader_language() -> str:
    """The language the page is shown in (sv or en)."""
    language = str(get_locale() or "sv")[:2]
    return language if language in LANGUAGES else "sv"


@template_global
def localise(obj: Bilingual) -> InLanguage:
    """The text in the reader's language, else in the language the text exists in."""
    preferred = reader_language()
    language = obj.language_for(preferred)
    return InLanguage(
        language=language, is_fallback=language != preferred,
        title=obj.text("title", language), summary=obj.text("summary", language),
        body=getattr(obj, f"body_{language}", "") or "",
    )


@template_global
def knowledge_link(slug: str) -> str:
    """The address of a knowledge article, for "read more" links in other areas' pages."""
    return url_for("knowledge.article", slug=slug)


@template_global
def help_articles(slugs: list[str]) -> list[tuple[Article, InLanguage]]:
    """The published articles among the slugs, in the given order, with their texts."""
    found = {a.slug: a for a in db.session.scalars(
        db.select(Article).filter(Article.slug.in_(list(slugs)),
                                  Article.is_published.is_(True)))}
    return [(found[slug], localise(found[slug])) for slug in slugs if slug in found]
