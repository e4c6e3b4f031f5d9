"""Standard knowledge content: `flask --app wsgi knowledge seed` adds what is missing.

Articles are written for this platform (facts from Vinnova's report on government
assignment N2021/01194, sections 2.2, 2.4, 2.5 and annex 4.1); the good examples are
the 29 public-sector check projects of annex 4.4, listed in `check_projects.py`.
Seeding never overwrites: an article an administrator has edited stays as edited.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from app.core.db import utcnow
from app.extensions import db
from app.knowledge import services
from app.knowledge.models import ArticleKind, CaseStudy, CaseTrack
from app.knowledge.seed.check_projects import CHECK_PROJECTS
from app.knowledge.services import ArticleContent

SEED_NOTE = "Standard content of the platform"


@dataclass(frozen=True)
class Text:
    """An article's title, summary and Markdown body in one language."""

    title: str
    summary: str
    body: str


@dataclass(frozen=True)
class SeedArticle:
    slug: str
    kind: ArticleKind
    sv: Text
    en: Text
    tags: tuple[str, ...] = ()
    related: tuple[str, ...] = ()

    def content(self) -> ArticleContent:
        """The article as the services create it (published)."""
        return ArticleContent(
            kind=self.kind, tags=list(self.tags), related=list(self.related),
            is_published=True,
            **{f"{field}_{lang}": _clean(getattr(getattr(self, lang), field))
               for field in ("title", "summary", "body") for lang in ("sv", "en")},
        )


def _clean(text: str) -> str:
    return textwrap.dedent(text).strip()


@dataclass(frozen=True)
class SeedReport:
    articles: int
    cases: int


def standard_articles() -> list[SeedArticle]:
    """Every standard article, definitions first."""
    from app.knowledge.seed import (
        definitions,
        document_templates,
        guidance,
        supplier_readiness,
    )

    return [*definitions.ARTICLES, *guidance.ARTICLES, *document_templates.ARTICLES,
            *supplier_readiness.ARTICLES]


def seed_articles() -> int:
    """Create the standard articles whose slug does not exist yet; returns how many."""
    missing = [a for a in standard_articles() if services.article_by_slug(a.slug) is None]
    services.create_articles(None, [(a.slug, a.content()) for a in missing], note=SEED_NOTE)
    return len(missing)


def check_project_key(number: int) -> str:
    """The stable key of annex 4.4's project `number` (1-based)."""
    return f"check-project-{number:02d}"


def seed_cases() -> int:
    """Create the good examples of the 29 check projects that are missing."""
    existing = set(db.session.scalars(db.select(CaseStudy.source_key)
                                      .filter(CaseStudy.source_key.is_not(None))))
    published_at = utcnow()  # one moment, so the list keeps the annex's order
    created = 0
    for number, project in enumerate(CHECK_PROJECTS, start=1):
        if check_project_key(number) in existing:
            continue
        db.session.add(_case_of(number, project, published_at))
        created += 1
    db.session.flush()
    return created


def _case_of(number: int, project: dict, published_at) -> CaseStudy:
    return CaseStudy(
        source_key=check_project_key(number), organisation_name=project["organisation"],
        title_sv=project["title_sv"], title_en=project["title_en"],
        summary_sv=project["summary_sv"], summary_en=project["summary_en"],
        track=CaseTrack(project["track"]), sector=project["sector"],
        county=project["county_code"], is_published=True, published_at=published_at,
    )


def seed_knowledge() -> SeedReport:
    """Add missing standard articles and good examples (flushed; the caller commits)."""
    return SeedReport(articles=seed_articles(), cases=seed_cases())
