"""Forms: editing articles (administrators) and good examples (challenge owners)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField

from app.core.forms import (
    ArenaForm,
    Length,
    Optional,
    checkbox_field,
    checkboxes_field,
    choices,
    radio_field,
    required,
    select_field,
    submit_field,
    text_field,
    textarea_field,
)
from app.core.reference import region_choices, sector_choices
from app.knowledge.helpers import localise
from app.knowledge.labels import KIND_LABELS, TAG_LABELS, TRACK_LABELS
from app.knowledge.models import LANGUAGES, Article, ArticleKind, CaseStudy, CaseTrack
from app.knowledge.services import ArticleContent, CaseContent, all_articles

MARKDOWN_HINT = _l("You can use Markdown: ## for a heading, * for a list, **bold**, "
                   "[text](https://address) for a link.")


def _optional_text(label, max_length, **kwargs):
    return text_field(label, Optional(), Length(max=max_length), **kwargs)


def _optional_area(label, max_length, **kwargs):
    return textarea_field(label, Optional(), Length(max=max_length), **kwargs)


class ArticleForm(ArenaForm):
    slug = text_field(
        _l("Address"), required(), Length(max=80),
        description=_l("The last part of the article's address, e.g. market-dialogue. "
                       "It cannot be changed later, because other pages link to it."),
        render_kw={"spellcheck": "false", "autocomplete": "off"},
    )
    kind = radio_field(_l("Kind of article"), [], required())
    title_sv = _optional_text(_l("Title in Swedish"), 200)
    summary_sv = _optional_area(_l("Summary in Swedish"), 600,
                                description=_l("One or two sentences shown in lists."))
    body_sv = _optional_area(_l("Text in Swedish"), 50_000, description=MARKDOWN_HINT)
    title_en = _optional_text(_l("Title in English"), 200)
    summary_en = _optional_area(_l("Summary in English"), 600,
                                description=_l("One or two sentences shown in lists."))
    body_en = _optional_area(_l("Text in English"), 50_000, description=MARKDOWN_HINT)
    tags = checkboxes_field(_l("Tags"), [], Optional())
    related = checkboxes_field(_l("Related articles"), [], Optional())
    is_published = checkbox_field(_l("Published: everyone can read this article"))
    note = _optional_text(_l("What did you change? (optional)"), 300,
                          description=_l("Shown in the revision history."))
    version = HiddenField()
    submit = submit_field(_l("Save article"))

    def __init__(self, *args, article: Article | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = choices(KIND_LABELS)  # translated at request time
        self.tags.choices = choices(TAG_LABELS)
        self.related.choices = [
            (other.slug, f"{localise(other).title} ({other.slug})")
            for other in all_articles() if article is None or other.id != article.id
        ]
        if article is not None:
            del self.slug  # stable: other pages and e-mails link to it

    def fill_from(self, content: ArticleContent) -> None:
        """Show existing content in the form (on GET)."""
        for name, value in vars(content).items():
            getattr(self, name).data = value.value if name == "kind" else value

    def content(self) -> ArticleContent:
        """The submitted content."""
        texts = {f"{name}_{lang}": getattr(self, f"{name}_{lang}").data or ""
                 for name in ("title", "summary", "body") for lang in LANGUAGES}
        return ArticleContent(
            kind=ArticleKind(self.kind.data), tags=list(self.tags.data or []),
            related=list(self.related.data or []), is_published=bool(self.is_published.data),
            **texts,
        )

    def expected_version(self) -> int | None:
        """The article version the form was opened on."""
        return int(self.version.data) if (self.version.data or "").isdigit() else None


class ActionForm(ArenaForm):
    """A button that only needs CSRF protection (restore a revision)."""


class CaseForm(ArenaForm):
    organisation_name = text_field(_l("Organisation"), Optional(), Length(max=200))
    title_sv = _optional_text(_l("Title in Swedish"), 200)
    summary_sv = _optional_area(
        _l("What they did and what came of it, in Swedish"), 5000, description=MARKDOWN_HINT)
    title_en = _optional_text(_l("Title in English"), 200)
    summary_en = _optional_area(
        _l("What they did and what came of it, in English"), 5000, description=MARKDOWN_HINT)
    track = radio_field(_l("What the example is about"), [], required())
    sector = select_field(_l("Sector"), [], Optional())
    county = select_field(_l("County"), [], Optional())
    publish = submit_field(_l("Publish"))
    save_draft = submit_field(_l("Save as draft"))

    def __init__(self, *args, case: CaseStudy | None = None, linked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.track.choices = choices(TRACK_LABELS)
        self.sector.choices = [("", _l("Choose a sector"))] + sector_choices()
        self.county.choices = [("", _l("Choose a county"))] + region_choices()
        if linked or (case is not None and case.organisation_id is not None):
            del self.organisation_name  # the organisation that owned the challenge

    def fill_from(self, content: CaseContent) -> None:
        """Show a draft or saved case in the form (on GET)."""
        for name, value in vars(content).items():
            if name in self:  # organisation_name may have been removed
                self[name].data = getattr(value, "value", value)

    def content(self) -> CaseContent:
        """The submitted case."""
        texts = {f"{name}_{lang}": getattr(self, f"{name}_{lang}").data or ""
                 for name in ("title", "summary") for lang in LANGUAGES}
        organisation = self._fields.get("organisation_name")  # removed for linked cases
        return CaseContent(
            track=CaseTrack(self.track.data), sector=self.sector.data or None,
            county=self.county.data or None,
            organisation_name=organisation.data if organisation is not None else None,
            **texts,
        )

    @property
    def publishing(self) -> bool:
        return bool(self.publish.data)
