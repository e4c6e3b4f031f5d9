"""Knowledge articles: public pages in both languages, editing, revisions, seeding, help."""

from __future__ import annotations

import re

import pytest
from flask import render_template_string

from app.extensions import db
from app.knowledge.models import Article, ArticleKind, ArticleRevision, CaseStudy
from app.knowledge.seed import seed_knowledge
from tests.conftest import submit
from tests.factories import make_article, make_user

LINKED_SLUGS = [
    "innovation-procurement", "pre-commercial-procurement",
    "procurement-of-innovative-solutions", "innovation-partnership",
    "functional-requirements", "market-dialogue", "ip-guidance",
    "template-challenge-text", "template-rfi", "template-evaluation-criteria",
]
SV = {"Accept-Language": "sv-SE,sv;q=0.9"}
EN = {"Accept-Language": "en-GB,en;q=0.9"}


def page_of(response) -> str:
    return response.get_data(as_text=True)


def article_form(**overrides) -> dict:
    data = {"slug": "writing-requirements", "kind": "method_guide",
            "title_sv": "Att skriva krav", "summary_sv": "Kort om krav.",
            "body_sv": "Skriv **vad**, inte hur.", "title_en": "Writing requirements",
            "summary_en": "Requirements in short.", "body_en": "Write **what**, not how.",
            "tags": ["requirements"], "is_published": "y", "note": "First version"}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def revisions_of(article: Article) -> list[ArticleRevision]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(ArticleRevision).filter_by(article_id=article.id)
                                   .order_by(ArticleRevision.number)))


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count(model.id)))


# --- seeding -------------------------------------------------------------------------------

def test_seed_command_creates_the_linked_slugs_once(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["knowledge", "seed"])
    assert first.exit_code == 0, first.output
    assert "29 good examples added" in first.output
    articles, revisions, cases = count(Article), count(ArticleRevision), count(CaseStudy)

    second = runner.invoke(args=["knowledge", "seed"])
    assert second.exit_code == 0, second.output
    assert "0 articles and 0 good examples added" in second.output
    assert (count(Article), count(ArticleRevision), count(CaseStudy)) == (
        articles, revisions, cases)
    assert cases == 29 and revisions == articles

    slugs = set(db.session.scalars(db.select(Article.slug).filter_by(is_published=True)))
    assert set(LINKED_SLUGS) <= slugs
    kinds = {a.slug: a.kind for a in db.session.scalars(db.select(Article))}
    assert all(kinds[s] == ArticleKind.DEFINITION for s in LINKED_SLUGS[:6])
    assert kinds["ip-guidance"] == ArticleKind.IP_GUIDANCE
    assert {kinds[s] for s in LINKED_SLUGS[7:]} == {ArticleKind.TEMPLATE}
    assert set(kinds.values()) == set(ArticleKind)  # guides and a good example too


def test_seeded_articles_have_substance_in_both_languages(app):
    seed_knowledge()
    for article in db.session.scalars(db.select(Article)):
        for language in ("sv", "en"):
            words = len(re.findall(r"\w+", getattr(article, f"body_{language}")))
            assert 150 <= words <= 400, (article.slug, language, words)
            assert getattr(article, f"title_{language}")
            assert getattr(article, f"summary_{language}")
        assert article.tags and article.related


def test_seeding_keeps_an_administrators_edits(app, client, login):
    seed_knowledge()
    login(make_user(is_admin=True))
    submit(client, "/knowledge/market-dialogue/edit",
           {**article_form(slug=None, kind="definition"), "title_en": "Talking to suppliers"})
    app.test_cli_runner().invoke(args=["knowledge", "seed"])
    db.session.expire_all()
    assert db.session.scalar(db.select(Article.title_en).filter_by(slug="market-dialogue")) == (
        "Talking to suppliers")


def test_demo_load_includes_the_knowledge_base(app):
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert count(CaseStudy) == 30  # the 29 check projects and one told from a demo outcome
    assert db.session.scalar(db.select(Article).filter_by(slug="ip-guidance")) is not None


# --- public pages --------------------------------------------------------------------------

def test_list_and_article_in_swedish(client):
    seed_knowledge()
    listing = page_of(client.get("/knowledge/", headers=SV))
    assert "Kunskap" in listing and "Marknadsdialog" in listing and "Definitioner" in listing
    page = page_of(client.get("/knowledge/market-dialogue", headers=SV))
    assert "<h1 class=\"govuk-heading-l\">Marknadsdialog</h1>" in page
    assert "Likabehandling" in page
    assert "Relaterade artiklar" in page and "Mall: informationsförfrågan (RFI)" in page


def test_list_and_article_in_english(client):
    seed_knowledge()
    listing = page_of(client.get("/knowledge/", headers=EN))
    assert "Market dialogue" in listing and "Definitions" in listing
    assert 'href="/knowledge/"' in listing  # the main menu shows Knowledge
    page = page_of(client.get("/knowledge/ip-guidance", headers=EN))
    assert "Intellectual property: let the supplier own it" in page
    assert "Avoid lock-in" in page


def test_list_filters_by_kind_and_tag(client):
    seed_knowledge()
    templates = page_of(client.get("/knowledge/?kind=template", headers=EN))
    assert "Template: request for information (RFI)" in templates
    assert "Market dialogue" not in templates
    assert "3 articles" in templates

    ip = page_of(client.get("/knowledge/?tag=ip", headers=EN))
    assert "Pre-commercial procurement" in ip and "Intellectual property: let" in ip
    assert "Template: request for information" not in ip

    both = page_of(client.get("/knowledge/?kind=definition&tag=dialogue", headers=EN))
    assert "1 article" in both and "Market dialogue" in both
    unknown = client.get("/knowledge/?kind=nonsense&tag=<script>", headers=EN)
    assert unknown.status_code == 200 and "<script>" not in page_of(unknown)


def test_an_article_in_one_language_falls_back_with_a_note(client):
    make_article("bara-svenska", title_sv="Bara på svenska", body_sv="Text på svenska.")
    english = page_of(client.get("/knowledge/bara-svenska", headers=EN))
    assert "This article is not yet available in English. It is shown in Swedish." in english
    assert '<article lang="sv">' in english and "Bara på svenska" in english
    swedish = page_of(client.get("/knowledge/bara-svenska", headers=SV))
    assert "govuk-inset-text" not in swedish and '<article lang="sv">' not in swedish

    make_article("english-only", title_en="Only in English", body_en="Text in English.")
    fallback = page_of(client.get("/knowledge/english-only", headers=SV))
    assert "Artikeln finns inte på svenska än. Den visas på engelska." in fallback
    assert '<article lang="en">' in fallback


def test_unpublished_articles_are_hidden_from_the_public(client, login):
    make_article("work-in-progress", published=False, title_en="Secret draft", body_en="Text")
    assert client.get("/knowledge/work-in-progress").status_code == 404
    assert "Secret draft" not in page_of(client.get("/knowledge/"))
    assert client.get("/knowledge/no-such-article").status_code == 404

    login(make_user(is_admin=True))
    page = page_of(client.get("/knowledge/work-in-progress"))
    assert "This article is not published" in page
    assert "Secret draft" in page_of(client.get("/knowledge/"))


def test_markdown_in_articles_is_sanitised(client):
    make_article("unsafe", title_en="Unsafe", body_en=(
        "Hello <script>alert('x')</script>\n\n<img src=x onerror=alert(1)>\n\n"
        "[click](javascript:alert(2)) and **bold**"))
    page = page_of(client.get("/knowledge/unsafe"))
    assert "<strong>bold</strong>" in page
    assert "<script>alert" not in page and "<img" not in page
    assert 'href="javascript:' not in page


# --- administrators only -------------------------------------------------------------------

ADMIN_PAGES = ["/knowledge/new", "/knowledge/{slug}/edit", "/knowledge/{slug}/revisions",
               "/knowledge/{slug}/revisions/1"]


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_editing_pages_are_for_administrators_only(client, login, path):
    article = make_article()
    url = path.format(slug=article.slug)
    assert client.get(url).status_code == 302  # to the log-in page
    login(make_user())
    assert client.get(url).status_code == 403


def test_others_cannot_post_edits_or_restores(client, login):
    article = make_article(title_en="Original", body_en="Original text.")
    login(make_user())
    page = "/organisations/new"  # any page with a CSRF token
    edit = submit(client, f"/knowledge/{article.slug}/edit",
                  article_form(slug=None, title_en="Hacked"), page=page)
    restore = submit(client, f"/knowledge/{article.slug}/revisions/1/restore", page=page)
    assert (edit.status_code, restore.status_code) == (403, 403)
    db.session.expire_all()
    assert article.title_en == "Original" and len(revisions_of(article)) == 1


def test_an_administrator_writes_an_article(client, login):
    make_article("market-dialogue", kind=ArticleKind.DEFINITION)
    admin = make_user(is_admin=True)
    login(admin)
    response = submit(client, "/knowledge/new", article_form(related=["market-dialogue"]))
    assert response.status_code == 302 and response.location == "/knowledge/writing-requirements"
    page = page_of(client.get("/knowledge/writing-requirements"))
    assert "Write <strong>what</strong>, not how." in page and "Requirements in short." in page
    assert 'href="/knowledge/market-dialogue"' in page
    article = db.session.scalar(db.select(Article).filter_by(slug="writing-requirements"))
    (revision,) = revisions_of(article)
    assert revision.author_id == admin.id and revision.note == "First version"
    assert revision.content["body_en"] == "Write **what**, not how."
    assert revision.content["related"] == ["market-dialogue"]


@pytest.mark.parametrize("slug, message", [
    ("Not A Slug!", "Use lower-case letters, digits and hyphens"),
    ("cases", "This address is already taken"),
    ("taken", "This address is already taken"),
])
def test_article_addresses_are_checked(client, login, slug, message):
    make_article("taken")
    login(make_user(is_admin=True))
    response = submit(client, "/knowledge/new", article_form(slug=slug))
    assert response.status_code == 422
    assert message in page_of(response)
    assert 'value="Writing requirements"' in page_of(response)  # what was typed is kept


def test_an_article_needs_a_title_and_text_together(client, login):
    login(make_user(is_admin=True))
    response = submit(client, "/knowledge/new", article_form(body_sv=""))
    assert response.status_code == 422
    assert "Give both a title and a text, or leave both empty." in page_of(response)
    empty = submit(client, "/knowledge/new", article_form(
        title_sv="", body_sv="", title_en="", body_en=""))
    assert "Write the article in Swedish, English or both." in page_of(empty)


def test_every_save_keeps_a_revision_and_an_old_one_can_be_restored(client, login):
    article = make_article("guide", title_en="First title", body_en="First text.")
    admin = make_user(is_admin=True, name="Alva Admin")
    login(admin)
    edit = f"/knowledge/{article.slug}/edit"
    form = article_form(slug=None, title_sv="", summary_sv="", body_sv="", tags=["ip"])
    submit(client, edit, {**form, "title_en": "Second title", "body_en": "Second text.",
                          "note": "Clearer"})
    submit(client, edit, {**form, "title_en": "Third title", "body_en": "Third text.",
                          "note": "", "is_published": ""})
    assert [r.number for r in revisions_of(article)] == [1, 2, 3]

    history = page_of(client.get(f"/knowledge/{article.slug}/revisions"))
    assert "Revision 3" in history and "Alva Admin" in history and "Clearer" in history
    old = page_of(client.get(f"/knowledge/{article.slug}/revisions/1"))
    assert "First text." in old and "English title" in old and "topics" in old

    response = submit(client, f"/knowledge/{article.slug}/revisions/1/restore",
                      page=f"/knowledge/{article.slug}/revisions/1")
    assert response.status_code == 302
    db.session.expire_all()
    assert (article.title_en, article.body_en, article.tags) == ("First title", "First text.",
                                                                 [])
    assert article.is_published is False  # publishing is not part of what is restored
    latest = revisions_of(article)[-1]
    assert (latest.number, latest.note, latest.author_id) == (4, "Restored revision 1", admin.id)
    assert client.get(f"/knowledge/{article.slug}/revisions/9").status_code == 404


def test_a_stale_edit_form_is_refused(client, login):
    article = make_article(title_en="Title", body_en="Text.")
    login(make_user(is_admin=True))
    edit = f"/knowledge/{article.slug}/edit"
    token_page = client.get(edit)
    version = re.search(r'name="version"[^>]*value="(\d+)"', page_of(token_page)).group(1)
    form = article_form(slug=None, title_sv="", summary_sv="", body_sv="", version=version)
    assert submit(client, edit, {**form, "title_en": "Mine"}).status_code == 302
    stale = submit(client, edit, {**form, "title_en": "Theirs"})
    assert stale.status_code == 409
    assert "Someone else saved this article" in page_of(stale)
    assert 'value="Theirs"' in page_of(stale)
    db.session.expire_all()
    assert article.title_en == "Mine"


# --- contextual help -----------------------------------------------------------------------

HELP = ('{% from "knowledge/_help.html" import knowledge_help %}'
        '{{ knowledge_help(["ip-guidance", "no-such-article", "market-dialogue"]) }}')


def render_in(app, headers, source: str) -> str:
    with app.app_context(), app.test_request_context(headers=headers):
        return render_template_string(source)


def test_help_partial_links_articles_in_the_readers_language(app):
    seed_knowledge()
    with app.app_context(), app.test_request_context(headers=SV):
        swedish = render_template_string(HELP)
        assert render_template_string("{{ knowledge_link('ip-guidance') }}") == (
            "/knowledge/ip-guidance")
    assert "Läs mer" in swedish
    assert swedish.index("Immateriella rättigheter") < swedish.index("Marknadsdialog")
    assert 'href="/knowledge/ip-guidance"' in swedish and "no-such-article" not in swedish
    english = render_in(app, EN, '{% with help_slugs=["functional-requirements"] %}'
                                 '{% include "knowledge/_help.html" %}{% endwith %}')
    assert "Read more" in english and "Functional requirements" in english
    assert "(opens in a new tab)" in english


def test_help_partial_leaves_out_unpublished_articles_and_renders_nothing_when_empty(app):
    make_article("hidden", published=False, title_en="Hidden", body_en="Text")
    assert render_in(app, EN, '{% from "knowledge/_help.html" import knowledge_help %}'
                              '{{ knowledge_help(["hidden"]) }}').strip() == ""


def test_a_save_racing_another_save_is_a_409_not_an_error(app):
    """Two administrators save at the same moment: both forms carry the current version,
    and the later flush finds the row moved (StaleDataError), which used to be a 500."""
    from app.core.domain import DomainError
    from app.knowledge.services import ArticleContent, update_article

    article = make_article(title_en="Title", body_en="Text.")
    admin = make_user(is_admin=True)
    db.session.commit()
    opened_on = article.version
    db.session.execute(db.update(Article).where(Article.id == article.id).values(
        title_en="Saved by the other administrator", version=Article.version + 1),
        execution_options={"synchronize_session": False})  # this copy is now stale
    db.session.commit()
    content = ArticleContent.of(article)
    content.title_en = "Mine"
    with pytest.raises(DomainError, match="Someone else saved this article") as refused:
        update_article(article, admin, content, expected_version=opened_on)
    assert refused.value.status == 409
    db.session.expire_all()
    assert article.title_en == "Saved by the other administrator"
