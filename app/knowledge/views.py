"""Knowledge pages: articles, their editing and history, and good examples."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.challenges.models import Challenge
from app.challenges.queries import challenge_or_404
from app.core.domain import DomainError
from app.core.http import refuse, require
from app.core.reference import SECTORS
from app.core.views import add_form_error, form_page
from app.extensions import db
from app.knowledge import reach, services
from app.knowledge.forms import ActionForm, ArticleForm, CaseForm
from app.knowledge.helpers import localise
from app.knowledge.labels import (
    FIELD_LABELS,
    KIND_HEADINGS,
    KIND_LABELS,
    TAG_LABELS,
    TRACK_LABELS,
)
from app.knowledge.models import Article, ArticleKind, CaseStudy, CaseTrack
from app.knowledge.permissions import (
    can_add_case,
    can_edit_articles,
    can_edit_case,
    can_turn_into_case,
    can_view_article,
    can_view_case,
    can_view_reach,
    is_challenge_owner,
)
from app.knowledge.services import ArticleContent, CaseContent

bp = Blueprint("knowledge", __name__, url_prefix="/knowledge")


def _enum_arg(enum_class, name: str):
    value = request.args.get(name) or None
    return enum_class(value) if value in {m.value for m in enum_class} else None


def _article(slug: str) -> Article:
    article = services.article_by_slug(slug)
    if article is None or not can_view_article(current_user, article):
        abort(404)
    return article


def _failed(form, error: DomainError, template: str, **context):
    add_form_error(form, error.field if error.field in form else None, error.message)
    return form_page(template, form, status=error.status, **context)


# --- articles --------------------------------------------------------------------------

@bp.route("/")
def index():
    kind = _enum_arg(ArticleKind, "kind")
    tag = request.args.get("tag") if request.args.get("tag") in TAG_LABELS else None
    drafts = can_edit_articles(current_user)
    articles = services.list_articles(kind, tag, include_drafts=drafts)
    groups = [(k, sorted((a for a in articles if a.kind == k), key=lambda a: localise(a).title))
              for k in KIND_LABELS]
    return render_template(
        "knowledge/index.html", groups=[(k, items) for k, items in groups if items],
        count=len(articles), kind=kind, tag=tag, tags=services.tags_in_use(drafts),
        kind_labels=KIND_LABELS, kind_headings=KIND_HEADINGS, tag_labels=TAG_LABELS,
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new_article():
    require(can_edit_articles(current_user))
    form = ArticleForm()
    if request.method == "GET":
        form.is_published.data = False
    if form.validate_on_submit():
        try:
            article = services.create_article(current_user, form.slug.data, form.content(),
                                               note=form.note.data or "")
        except DomainError as error:
            return _failed(form, error, "knowledge/article_form.html", article=None)
        flash(_("The article has been created."), "success")
        return redirect(url_for(".article", slug=article.slug))
    return form_page("knowledge/article_form.html", form, article=None)


@bp.route("/<slug>")
def article(slug: str):
    article = _article(slug)
    related = [a for a in article.related if can_view_article(current_user, a)]
    response = make_response(render_template(
        "knowledge/article.html", article=article, text=localise(article), related=related,
        kind_labels=KIND_LABELS, tag_labels=TAG_LABELS))
    cookie = reach.count_reading(article, current_user, request.cookies.get(reach.COOKIE_NAME))
    if cookie is not None:
        response.set_cookie(reach.COOKIE_NAME, cookie, path=reach.COOKIE_PATH, httponly=True,
                            samesite="Lax",
                            secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")))
    return response


@bp.route("/reach/")
@login_required
def reach_page():
    require(can_view_reach(current_user))
    report = reach.reach_report(reach.period_days(request.args.get("days")))
    return render_template("knowledge/reach.html", report=report, periods=reach.PERIODS,
                           daily=reach.daily_figures(report.days),
                           since=format_date(report.since, "long"),
                           role_labels=reach.ROLE_LABELS, threshold=reach.THRESHOLD)


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit_article(slug: str):
    require(can_edit_articles(current_user))
    article = _article(slug)
    form = ArticleForm(article=article)
    if request.method == "GET":
        form.fill_from(ArticleContent.of(article))
        form.version.data = str(article.version)
    if form.validate_on_submit():
        try:
            services.update_article(article, current_user, form.content(),
                                    note=form.note.data or "",
                                    expected_version=form.expected_version())
        except DomainError as error:
            return _failed(form, error, "knowledge/article_form.html", article=article)
        flash(_("The article has been saved."), "success")
        return redirect(url_for(".article", slug=article.slug))
    return form_page("knowledge/article_form.html", form, article=article)


@bp.route("/<slug>/revisions")
@login_required
def revisions(slug: str):
    require(can_edit_articles(current_user))
    article = _article(slug)
    return render_template("knowledge/revisions.html", article=article,
                           text=localise(article))


def _revision(article: Article, number: int):
    revision = services.revision_of(article, number)
    if revision is None:
        abort(404)
    return revision


@bp.route("/<slug>/revisions/<int:number>")
@login_required
def revision(slug: str, number: int):
    require(can_edit_articles(current_user))
    article = _article(slug)
    revision = _revision(article, number)
    return render_template(
        "knowledge/revision.html", article=article, revision=revision,
        content=ArticleContent.from_snapshot(revision.content),
        changed=[FIELD_LABELS[name] for name in services.changed_fields(revision, article)],
        kind_labels=KIND_LABELS, tag_labels=TAG_LABELS,
    )


@bp.route("/<slug>/revisions/<int:number>/restore", methods=["POST"])
@login_required
def restore(slug: str, number: int):
    require(can_edit_articles(current_user))
    article = _article(slug)
    revision = _revision(article, number)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.restore_revision(article, revision, current_user)
    flash(_("Revision %(number)d has been restored.", number=number), "success")
    return redirect(url_for(".article", slug=article.slug))


# --- good examples ---------------------------------------------------------------------

@bp.route("/cases/")
def cases():
    track = _enum_arg(CaseTrack, "track")
    sector = request.args.get("sector") if request.args.get("sector") in SECTORS else None
    pagination = services.list_cases(track, sector, request.args.get("page", 1, type=int))
    return render_template("knowledge/cases.html", pagination=pagination, track=track,
                           sector=sector, sectors=services.case_sectors_in_use(),
                           track_labels=TRACK_LABELS)


@bp.route("/cases/<int:case_id>")
def case(case_id: int):
    case = db.get_or_404(CaseStudy, case_id)
    if not can_view_case(current_user, case):
        abort(404)
    return render_template("knowledge/case.html", case=case, text=localise(case),
                           track_labels=TRACK_LABELS)


def _challenge_for_case(raw_id: str) -> Challenge:
    if not raw_id.isdigit():
        abort(404)
    challenge = challenge_or_404(int(raw_id), current_user)
    require(is_challenge_owner(current_user, challenge))
    if not can_turn_into_case(current_user, challenge):
        refuse(409, _("Record the challenge's outcome first; then you can tell it as a "
                      "good example."))
    return challenge


@bp.route("/cases/new", methods=["GET", "POST"])
@login_required
def new_case():
    if request.args.get("challenge") is None:
        return _new_standalone_case()
    challenge = _challenge_for_case(request.args["challenge"])
    existing = services.case_for_challenge(challenge)
    if existing is not None:
        return redirect(url_for(".edit_case", case_id=existing.id))
    form = CaseForm(linked=True)
    if request.method == "GET":
        form.fill_from(services.draft_case_from_challenge(challenge))
    if form.validate_on_submit():
        try:
            case = services.create_case_from_challenge(challenge, current_user,
                                                       form.content(), form.publishing)
        except DomainError as error:
            return _failed(form, error, "knowledge/case_form.html", case=None,
                           challenge=challenge)
        return _case_saved(case)
    return form_page("knowledge/case_form.html", form, case=None, challenge=challenge)


def _new_standalone_case():
    require(can_add_case(current_user))
    form = CaseForm()
    if form.validate_on_submit():
        try:
            case = services.create_case(current_user, form.content(), form.publishing)
        except DomainError as error:
            return _failed(form, error, "knowledge/case_form.html", case=None, challenge=None)
        return _case_saved(case)
    return form_page("knowledge/case_form.html", form, case=None, challenge=None)


def _case_saved(case: CaseStudy):
    flash(_("The good example has been published.") if case.is_published
          else _("The good example has been saved as a draft."), "success")
    return redirect(url_for(".case", case_id=case.id))


@bp.route("/cases/<int:case_id>/edit", methods=["GET", "POST"])
@login_required
def edit_case(case_id: int):
    case = db.get_or_404(CaseStudy, case_id)
    require(can_edit_case(current_user, case))
    form = CaseForm(case=case)
    if request.method == "GET":
        form.fill_from(_case_content(case))
    if form.validate_on_submit():
        try:
            services.update_case(case, current_user, form.content(), form.publishing)
        except DomainError as error:
            return _failed(form, error, "knowledge/case_form.html", case=case,
                           challenge=case.challenge)
        return _case_saved(case)
    return form_page("knowledge/case_form.html", form, case=case, challenge=case.challenge)


def _case_content(case: CaseStudy) -> CaseContent:
    return CaseContent(track=case.track, title_sv=case.title_sv, title_en=case.title_en,
                       summary_sv=case.summary_sv, summary_en=case.summary_en,
                       sector=case.sector, county=case.county,
                       organisation_name=case.organisation_name)
