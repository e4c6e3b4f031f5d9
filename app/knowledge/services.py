"""Knowledge base: articles with their revision history, and good examples (cases)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, fields

from flask_babel import force_locale
from flask_babel import gettext as _

from app.accounts.models import User
from app.audit.services import record
from app.challenges.models import Challenge, ChallengeState
from app.core.concurrency import no_lost_update
from app.core.db import utcnow
from app.core.domain import DomainError
from app.core.reference import NATIONWIDE, REGIONS, SECTORS
from app.extensions import db
from app.knowledge.labels import OUTCOME_SENTENCES, TAG_LABELS
from app.knowledge.models import (
    LANGUAGES,
    Article,
    ArticleKind,
    ArticleRelation,
    ArticleRevision,
    ArticleTag,
    CaseStudy,
    CaseTrack,
)

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Static addresses under /knowledge/ that an article must not shadow.
RESERVED_SLUGS = frozenset({"new", "cases", "reach"})
CASES_PER_PAGE = 20


@dataclass
class ArticleContent:
    """Everything an editor can change in an article (the slug never changes)."""

    kind: ArticleKind
    title_sv: str = ""
    title_en: str = ""
    summary_sv: str = ""
    summary_en: str = ""
    body_sv: str = ""
    body_en: str = ""
    tags: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)  # slugs, in display order
    is_published: bool = False

    @classmethod
    def of(cls, article: Article) -> ArticleContent:
        """The article's current content."""
        values = {f.name: getattr(article, f.name) for f in fields(cls)
                  if f.name not in {"tags", "related"}}
        return cls(**values, tags=article.tags, related=[a.slug for a in article.related])

    @classmethod
    def from_snapshot(cls, snapshot: dict) -> ArticleContent:
        """Content as a revision stored it."""
        known = {f.name for f in fields(cls)}
        values = {key: value for key, value in snapshot.items() if key in known}
        return cls(**{**values, "kind": ArticleKind(snapshot["kind"])})

    def snapshot(self) -> dict:
        """Plain JSON for a revision."""
        return {**asdict(self), "kind": self.kind.value}


def _id_of(user: User | None) -> int | None:
    # Views pass current_user, a proxy; store the id rather than the proxy object.
    return user.id if user is not None and user.is_authenticated else None


# --- reading ---------------------------------------------------------------------------

def article_by_slug(slug: str) -> Article | None:
    """The article with this slug, published or not."""
    return db.session.scalar(db.select(Article).filter_by(slug=slug))


def list_articles(kind: ArticleKind | None = None, tag: str | None = None,
                  include_drafts: bool = False) -> list[Article]:
    """Articles for the public list, optionally of one kind and with one tag."""
    query = db.select(Article).order_by(Article.kind, Article.slug)
    if not include_drafts:
        query = query.filter(Article.is_published.is_(True))
    if kind:
        query = query.filter(Article.kind == kind)
    if tag:
        query = query.filter(Article.tag_links.any(ArticleTag.tag == tag))
    return list(db.session.scalars(query))


def tags_in_use(include_drafts: bool = False) -> list[str]:
    """The tags that at least one listed article carries, in vocabulary order."""
    query = db.select(ArticleTag.tag).join(ArticleTag.article).distinct()
    if not include_drafts:
        query = query.filter(Article.is_published.is_(True))
    used = set(db.session.scalars(query))
    return [tag for tag in TAG_LABELS if tag in used]


def all_articles() -> list[Article]:
    """Every article, for choosing related ones."""
    return list(db.session.scalars(db.select(Article).order_by(Article.slug)))


# --- writing ---------------------------------------------------------------------------

def check_slug(slug: str) -> str:
    """A valid, free slug, or DomainError on the `slug` field."""
    slug = (slug or "").strip().lower()
    if not SLUG_PATTERN.fullmatch(slug) or len(slug) > 80:
        raise DomainError(_("Use lower-case letters, digits and hyphens, like market-dialogue."),
                          field="slug")
    if slug in RESERVED_SLUGS or article_by_slug(slug):
        raise DomainError(_("This address is already taken. Choose another."), field="slug")
    return slug


def check_article_content(content: ArticleContent) -> None:
    """Each language has a title and a body together, and at least one language exists."""
    for language in LANGUAGES:
        title = getattr(content, f"title_{language}").strip()
        body = getattr(content, f"body_{language}").strip()
        if bool(title) != bool(body):
            raise DomainError(_("Give both a title and a text, or leave both empty."),
                              field=f"{'body' if title else 'title'}_{language}")
    if not (content.title_sv.strip() or content.title_en.strip()):
        raise DomainError(_("Write the article in Swedish, English or both."), field="title_sv")
    unknown = set(content.tags) - set(TAG_LABELS)
    if unknown:
        raise DomainError(_("Choose tags from the list."), field="tags")


def create_articles(actor: User | None, items: list[tuple[str, ArticleContent]],
                    note: str = "") -> list[Article]:
    """Create articles (slug, content) with a first revision each.

    Related articles may point at each other within the batch, so links are made after
    every article of the batch exists.
    """
    created = []
    for slug, content in items:
        check_article_content(content)
        article = Article(slug=check_slug(slug), kind=content.kind)
        db.session.add(article)
        _apply_texts(article, content, actor)
        created.append(article)
    db.session.flush()
    for article, (_slug, content) in zip(created, items, strict=True):
        _apply_links(article, content)
        _record_revision(article, actor, note)
        record("knowledge.article_created", actor=actor, obj=article, slug=article.slug)
    return created


def create_article(actor: User, slug: str, content: ArticleContent, note: str = "") -> Article:
    """Create one article and its first revision."""
    return create_articles(actor, [(slug, content)], note)[0]


def update_article(article: Article, actor: User, content: ArticleContent, note: str = "",
                   expected_version: int | None = None) -> ArticleRevision:
    """Save new content and keep it as the next revision; refuse a stale form."""
    conflict = _("Someone else saved this article while you were editing it. Your text is "
                 "below: open the article again in another tab to see their changes.")
    with no_lost_update(article, expected_version, conflict):
        check_article_content(content)
        _apply_texts(article, content, actor)
        _apply_links(article, content)
    revision = _record_revision(article, actor, note)
    record("knowledge.article_updated", actor=actor, obj=article, revision=revision.number)
    return revision


def _apply_texts(article: Article, content: ArticleContent, actor: User | None) -> None:
    article.kind = content.kind
    for name in ("title", "summary", "body"):
        for language in LANGUAGES:
            key = f"{name}_{language}"
            setattr(article, key, getattr(content, key).strip())
    article.is_published = content.is_published
    article.updated_by_id = _id_of(actor)
    article.updated_at = utcnow()  # also when only tags or links change


def _apply_links(article: Article, content: ArticleContent) -> None:
    _set_tags(article, content.tags)
    _set_related(article, content.related)
    db.session.flush()


def _set_tags(article: Article, tags: list[str]) -> None:
    # Keep existing rows: deleting and re-adding the same tag would break its unique key.
    wanted = list(dict.fromkeys(tags))
    article.tag_links = [link for link in article.tag_links if link.tag in wanted]
    have = set(article.tags)
    article.tag_links.extend(ArticleTag(tag=tag) for tag in wanted if tag not in have)


def _set_related(article: Article, slugs: list[str]) -> None:
    targets = [a for a in (article_by_slug(s) for s in dict.fromkeys(slugs))
               if a is not None and a.id != article.id]
    existing = {link.related_id: link for link in article.related_links}
    links = []
    for position, target in enumerate(targets):
        link = existing.get(target.id) or ArticleRelation(related=target)
        link.position = position
        links.append(link)
    article.related_links = links


def _record_revision(article: Article, actor: User | None, note: str) -> ArticleRevision:
    latest = db.session.scalar(db.select(db.func.max(ArticleRevision.number))
                               .filter_by(article_id=article.id)) or 0
    revision = ArticleRevision(article_id=article.id, number=latest + 1, author_id=_id_of(actor),
                               note=(note or "").strip()[:300],
                               content=ArticleContent.of(article).snapshot())
    db.session.add(revision)
    db.session.flush()
    return revision


def revision_of(article: Article, number: int) -> ArticleRevision | None:
    """One revision of an article by its number."""
    return db.session.scalar(db.select(ArticleRevision)
                             .filter_by(article_id=article.id, number=number))


def restore_revision(article: Article, revision: ArticleRevision,
                     actor: User) -> ArticleRevision:
    """Bring back a revision's text, kind, tags and related articles as a new revision.

    Whether the article is published stays as it is now: restoring an old draft's text
    must not take a live article off the site, or put an unfinished one on it.
    """
    content = ArticleContent.from_snapshot(revision.content)
    content.is_published = article.is_published
    restored = update_article(article, actor, content,
                              note=_("Restored revision %(number)d", number=revision.number))
    record("knowledge.revision_restored", actor=actor, obj=article, revision=revision.number)
    return restored


def changed_fields(revision: ArticleRevision, article: Article) -> list[str]:
    """Names of the content fields in which a revision differs from the current article."""
    old = revision.content
    now = ArticleContent.of(article).snapshot()
    return [name for name in now if name != "is_published" and old.get(name) != now[name]]


# --- good examples ---------------------------------------------------------------------

@dataclass
class CaseContent:
    """What an editor writes about a good example."""

    track: CaseTrack
    title_sv: str = ""
    title_en: str = ""
    summary_sv: str = ""
    summary_en: str = ""
    sector: str | None = None
    county: str | None = None
    organisation_name: str | None = None  # only for cases not tied to an organisation


def list_cases(track: CaseTrack | None = None, sector: str | None = None, page: int = 1):
    """Published good examples, newest first, filtered by track and sector (paginated).

    Examples published at the same moment (the seeded ones) keep the order they were added.
    """
    query = (db.select(CaseStudy).filter(CaseStudy.is_published.is_(True))
             .order_by(CaseStudy.published_at.desc(), CaseStudy.id))
    if track:
        query = query.filter(CaseStudy.track == track)
    if sector:
        query = query.filter(CaseStudy.sector == sector)
    return db.paginate(query, page=page, per_page=CASES_PER_PAGE, error_out=False)


def case_sectors_in_use() -> list[str]:
    """Sectors that published cases belong to, in the reference list's order."""
    used = set(db.session.scalars(db.select(CaseStudy.sector).distinct()
                                  .filter(CaseStudy.is_published.is_(True))))
    return [code for code in SECTORS if code in used]


def case_for_challenge(challenge: Challenge) -> CaseStudy | None:
    """The good example told about a challenge, if its owner has written one."""
    return db.session.scalar(db.select(CaseStudy).filter_by(challenge_id=challenge.id))


def draft_case_from_challenge(challenge: Challenge) -> CaseContent:
    """A first draft from the challenge: its title, summary and the recorded outcome."""
    language = challenge.language if challenge.language in LANGUAGES else "sv"
    with force_locale(language):
        outcome = str(OUTCOME_SENTENCES[challenge.outcome_kind]) if challenge.outcome_kind else ""
    story = "\n\n".join(p for p in (challenge.summary, outcome, challenge.outcome_note or "")
                        if p and p.strip())
    sectors = challenge.sectors or challenge.owner.sectors or []
    return CaseContent(
        track=CaseTrack.PLATFORM_CHALLENGE, sector=sectors[0] if sectors else None,
        county=challenge.region or challenge.owner.region,
        **{f"title_{language}": challenge.title, f"summary_{language}": story},
    )


def check_case_content(content: CaseContent) -> None:
    """A title and a story together in each language used; known sector and county."""
    for language in LANGUAGES:
        title = getattr(content, f"title_{language}").strip()
        summary = getattr(content, f"summary_{language}").strip()
        if bool(title) != bool(summary):
            raise DomainError(_("Give both a title and a description, or leave both empty."),
                              field=f"{'summary' if title else 'title'}_{language}")
    if not (content.title_sv.strip() or content.title_en.strip()):
        raise DomainError(_("Describe the example in Swedish, English or both."),
                          field="title_sv")
    if content.sector and content.sector not in SECTORS:
        raise DomainError(_("Choose a sector from the list."), field="sector")
    if content.county and content.county not in REGIONS and content.county != NATIONWIDE:
        raise DomainError(_("Choose a county from the list."), field="county")


def create_case_from_challenge(challenge: Challenge, actor: User, content: CaseContent,
                               publish: bool) -> CaseStudy:
    """Turn a challenge with a recorded outcome into a good example (one per challenge)."""
    if challenge.state != ChallengeState.OUTCOME_RECORDED:
        raise DomainError(_("Only a challenge whose outcome has been recorded can become a "
                            "good example."), status=409)
    if case_for_challenge(challenge):
        raise DomainError(_("This challenge already has a good example."), status=409)
    case = CaseStudy(challenge=challenge, organisation=challenge.owner,
                     organisation_name=challenge.owner.name, created_by_id=_id_of(actor))
    return _save_new_case(case, actor, content, publish)


def create_case(actor: User, content: CaseContent, publish: bool) -> CaseStudy:
    """An administrator's good example that is not tied to a challenge."""
    if not (content.organisation_name or "").strip():
        raise DomainError(_("Name the organisation."), field="organisation_name")
    case = CaseStudy(organisation_name=content.organisation_name.strip(),
                     created_by_id=_id_of(actor))
    return _save_new_case(case, actor, content, publish)


def _save_new_case(case: CaseStudy, actor: User | None, content: CaseContent,
                   publish: bool) -> CaseStudy:
    check_case_content(content)
    _apply_case(case, content, publish)
    db.session.add(case)
    db.session.flush()
    record("knowledge.case_created", actor=actor, obj=case, published=case.is_published)
    return case


def update_case(case: CaseStudy, actor: User, content: CaseContent, publish: bool) -> None:
    """Save an edited good example, publishing it or keeping it as a draft."""
    check_case_content(content)
    if case.organisation_id is None and content.organisation_name is not None:
        if not content.organisation_name.strip():
            raise DomainError(_("Name the organisation."), field="organisation_name")
        case.organisation_name = content.organisation_name.strip()
    _apply_case(case, content, publish)
    db.session.flush()
    record("knowledge.case_updated", actor=actor, obj=case, published=case.is_published)


def _apply_case(case: CaseStudy, content: CaseContent, publish: bool) -> None:
    case.track = content.track
    for name in ("title", "summary"):
        for language in LANGUAGES:
            key = f"{name}_{language}"
            setattr(case, key, getattr(content, key).strip())
    case.sector = content.sector or None
    case.county = content.county or None
    if publish and not case.is_published:
        case.published_at = utcnow()
    case.is_published = publish
