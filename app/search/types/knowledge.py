"""Knowledge articles and good examples in full-text search (published ones only).

Both are written in Swedish, English or both: the document is titled in Swedish when it
has a Swedish title, and the other language's text is indexed (with its own stemming)
so that an English search finds it too.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from app.core.markdown import markdown_to_text
from app.knowledge.models import LANGUAGES, Article, ArticleTag, Bilingual, CaseStudy
from app.search.documents import joined_text
from app.search.registry import SearchType, register_document_type


def _texts(item: Bilingual, language: str, body_field: str | None) -> str:
    body = markdown_to_text(item.text(body_field, language)) if body_field else ""
    return joined_text(item.text("summary", language), body)


def bilingual_document(item: Bilingual, body_field: str | None, extra: str = "") -> dict:
    """Title and text in the item's first language; the other language as extra text."""
    language = item.language_for("sv")
    other = next(lang for lang in LANGUAGES if lang != language)
    extra_text = {language: extra}
    if item.has_language(other):
        extra_text[other] = joined_text(item.text("title", other),
                                        _texts(item, other, body_field))
    return {"title": item.text("title", language), "language": language,
            "body": _texts(item, language, body_field), "extra_text": extra_text}


def article_document(article: Article) -> dict | None:
    """A published article (drafts are for administrators and never found)."""
    if not article.is_published:
        return None
    tags = " ".join(tag.replace("-", " ") for tag in article.tags)
    return {**bilingual_document(article, "body", extra=tags),
            "published_at": article.created_at}


def case_document(case: CaseStudy) -> dict | None:
    """A published good example, with its organisation, sector and county."""
    if not case.is_published:
        return None
    return {**bilingual_document(case, None, extra=case.organisation_name),
            "facets": {"sector": case.sector, "region": case.county},
            "published_at": case.published_at or case.created_at}


def _article_of(_connection, link: ArticleTag) -> list[int]:
    return [link.article_id]


def register_knowledge_types() -> None:
    """Make published knowledge articles and good examples findable in the search box."""
    register_document_type(SearchType(
        name="article", model=Article, to_document=article_document,
        label=_l("Knowledge article"), url=lambda article: f"/knowledge/{article.slug}",
        related={ArticleTag: _article_of},
        load_options=lambda: (selectinload(Article.tag_links),),
    ))
    register_document_type(SearchType(
        name="case", model=CaseStudy, to_document=case_document, label=_l("Good example"),
        url=lambda case: f"/knowledge/cases/{case.id}",
    ))
