"""Challenge pages: the public list, feed and calendar, the challenge page, drafting,
review, lifecycle actions, questions and answers, co-owners, files and the dashboard."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from app.attachments.models import Attachment
from app.attachments.services import readable_path
from app.challenges import (
    covers,
    cpv,
    forms,
    publication,
    queries,
    questions,
    services,
    workflow,
)
from app.challenges.calendar import challenge_calendar
from app.challenges.models import (
    Challenge,
    ChallengeState,
    Clarification,
    OutcomeKind,
    ProcurementRoute,
)
from app.challenges.permissions import (
    can_answer_co_ownership,
    can_answer_questions,
    can_create_challenge,
    can_edit_challenge,
    can_manage_challenge,
    can_manage_co_owners,
    can_review_challenges,
    is_challenge_owner,
    publishing_organisations,
)
from app.core.dates import parse_local_datetime
from app.core.domain import DomainError
from app.core.http import refuse, require
from app.core.i18n import current_language
from app.core.urls import external_url
from app.core.views import add_form_error, confirmation_page, form_page, is_confirmed
from app.extensions import db
from app.organisations.models import Organisation

bp = Blueprint("challenges", __name__, url_prefix="/challenges")


def _visible_challenge(challenge_id: int) -> Challenge:
    return queries.challenge_or_404(challenge_id, current_user)


def _error_field(form, error: DomainError) -> str | None:
    """The form field a domain error belongs to (services name model fields: *_at)."""
    name = error.field or ""
    name = name[:-3] if name.endswith("_at") else name
    return name if name and hasattr(form, name) else None


def _valid_post(form) -> None:
    if not form.validate_on_submit():
        abort(400)


def challenge_url(challenge: Challenge, **values) -> str:
    """The canonical address of a challenge page, with its slug."""
    return url_for("challenges.detail", challenge_id=challenge.id,
                   slug=services.slugify(challenge.title), **values)


# --- public pages -----------------------------------------------------------------------------

@bp.route("/")
def list_challenges():
    filters = queries.ListFilters.from_args(request.args)
    page = request.args.get("page", 1, type=int)
    kind_counts, status_counts = queries.facet_counts(filters)
    return render_template(
        "challenges/list.html", filters=filters, pagination=queries.search_challenges(
            filters, page), kind_counts=kind_counts, status_counts=status_counts,
        buyers=queries.public_buyers(), kind_labels=forms.KIND_LABELS,
        route_labels=ProcurementRoute.labels(), state_labels=workflow.STATE_LABELS)


@bp.route("/feed.atom")
def feed():
    challenges = queries.recently_published()
    body = render_template("challenges/feed.atom.xml", challenges=challenges,
                           slugify=services.slugify,
                           updated=max((c.published_at for c in challenges), default=None))
    return Response(body, mimetype="application/atom+xml")


@bp.route("/<int:challenge_id>")
@bp.route("/<int:challenge_id>-<slug>")
def detail(challenge_id: int, slug: str | None = None):
    challenge = _visible_challenge(challenge_id)
    if slug is not None and slug != services.slugify(challenge.title):
        return redirect(challenge_url(challenge), 301)
    return _render_detail(challenge)


def _render_detail(challenge: Challenge, status: int = 200, **form_overrides):
    pending = (questions.unanswered(challenge) if can_answer_questions(current_user, challenge)
               else [])
    page_forms = {
        "question_form": forms.QuestionForm(), "clarification_form": forms.ClarificationForm(),
        "review_form": forms.ReviewForm(), "action_form": forms.ActionForm(),
        "answer_forms": {c.id: forms.AnswerForm(prefix=f"q{c.id}") for c in pending},
    }
    page_forms.update(form_overrides)
    return render_template(
        "challenges/detail.html", challenge=challenge, pending_questions=pending,
        clarifications=questions.published(challenge),
        my_questions=questions.asked_by(challenge, current_user),
        following=services.find_follow(current_user, challenge) is not None,
        attachments=services.challenge_attachments(challenge),
        cpv_entries=cpv.codes_by_id(challenge.cpv_codes), labels=_labels(),
        checklist=_checklist(challenge), **page_forms), status


def _checklist(challenge: Challenge) -> list:
    """The publication checklist, for the owners of a draft or a challenge in review."""
    if challenge.state in (ChallengeState.DRAFT, ChallengeState.IN_REVIEW) and (
            can_manage_challenge(current_user, challenge)):
        return publication.checklist(challenge)
    return []


def _labels() -> dict:
    return {"kind": forms.KIND_LABELS, "route": ProcurementRoute.labels(), "ip": forms.IP_LABELS,
            "outcome": OutcomeKind.labels(), "state": workflow.STATE_LABELS,
            "goals": forms.AGENDA_GOALS, "languages": forms.LANGUAGES,
            "fields": forms.FIELD_LABELS}


@bp.route("/<int:challenge_id>/preview")
@login_required
def preview(challenge_id: int):
    """The public page rendered from the owner's draft, as a supplier will see it: nothing
    that only the owners see, and marked as a preview."""
    challenge = _visible_challenge(challenge_id)
    require(can_manage_challenge(current_user, challenge))
    return render_template(
        "challenges/detail.html", challenge=challenge, preview=True,
        current_user=current_app.login_manager.anonymous_user(), header_user=current_user,
        pending_questions=[], clarifications=questions.published(challenge), my_questions=[],
        following=False, attachments=services.challenge_attachments(challenge),
        cpv_entries=cpv.codes_by_id(challenge.cpv_codes), labels=_labels(), checklist=[],
        question_form=forms.QuestionForm(), clarification_form=forms.ClarificationForm(),
        review_form=forms.ReviewForm(), action_form=forms.ActionForm(), answer_forms={})


@bp.route("/<int:challenge_id>/calendar.ics")
def calendar(challenge_id: int):
    challenge = _visible_challenge(challenge_id)
    address = external_url("challenges.detail", challenge_id=challenge.id)
    body = challenge_calendar(challenge, address, urlsplit(address).hostname or "arena.local")
    return Response(body, mimetype="text/calendar", headers={
        "Content-Disposition": f'attachment; filename="challenge-{challenge.id}.ics"'})


# --- drafting and editing ---------------------------------------------------------------------

def _cpv_choices(form) -> list[tuple[str, str]]:
    chosen = [code for code in (form.cpv_codes.data or []) if code]
    entries = cpv.codes_by_id(chosen)
    if request.form.get("cpv_search") is not None:
        entries += [e for e in cpv.search(form.cpv_query.data) if e.code not in chosen]
    locale = current_language()
    return [(e.code, f"{e.code} {e.name(locale)}") for e in entries]


def _render_form(form, challenge: Challenge | None, status: int | None = None,
                 cover_form=None):
    form.cpv_codes.choices = _cpv_choices(form)
    searched = request.form.get("cpv_search") is not None
    return form_page("challenges/form.html", form, status=status, challenge=challenge,
                     searched=searched, cpv_results=len(form.cpv_codes.choices),
                     attachment_form=forms.AttachmentForm(),
                     cover_form=cover_form or forms.CoverForm(formdata=None, obj=_cover_values(
                         challenge)),
                     attachments=services.challenge_attachments(challenge) if challenge else [])


def _searching() -> bool:
    return request.method == "POST" and request.form.get("cpv_search") is not None


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    if not can_create_challenge(current_user):
        refuse(403, _("Only members of a verified contracting authority can create challenges. "
                      "Register your organisation and ask an administrator to verify it."))
    owners = publishing_organisations(current_user)
    form = forms.ChallengeForm(owners=owners)
    if _searching():
        return _render_form(form, None, status=200)
    if form.validate_on_submit():
        owner = next((o for o in owners if str(o.id) == form.owner_id.data), owners[0])
        try:
            challenge = services.create_challenge(owner, current_user, **form.challenge_data())
        except DomainError as error:
            add_form_error(form, _error_field(form, error), error.message)
            return _render_form(form, None, status=error.status)
        flash(_("The draft has been saved."), "success")
        return redirect(challenge_url(challenge))
    return _render_form(form, None)


def _editable_challenge(challenge_id: int) -> Challenge:
    """The challenge if the user owns it (else 403) and it may still change (else 409, with
    the reason: e.g. its deadline passed a second ago)."""
    challenge = _visible_challenge(challenge_id)
    require(is_challenge_owner(current_user, challenge))
    if not can_edit_challenge(current_user, challenge):
        try:
            services.ensure_editable(challenge)
        except DomainError as error:
            refuse(409, error.message)
        refuse(409, _("This challenge can no longer be edited."))
    return challenge


@bp.route("/<int:challenge_id>/edit", methods=["GET", "POST"])
@login_required
def edit(challenge_id: int):
    challenge = _editable_challenge(challenge_id)
    form = forms.ChallengeForm(obj=challenge if request.method == "GET" else None)
    if request.method == "GET":
        form.fill_from(challenge)
    elif _searching():
        return _render_form(form, challenge, status=200)
    if form.validate_on_submit():
        return _save_edit(form, challenge)
    return _render_form(form, challenge)


def _save_edit(form, challenge: Challenge):
    try:
        services.update_challenge(
            challenge, current_user, expected_version=_int_or_none(form.version.data),
            change_note=form.change_note.data or "", **form.challenge_data())
    except DomainError as error:
        add_form_error(form, _error_field(form, error), error.message)
        return _render_form(form, challenge, status=error.status)
    flash(_("The challenge has been saved."), "success")
    return redirect(challenge_url(challenge))


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@bp.route("/<int:challenge_id>/delete", methods=["POST"])
@login_required
def delete(challenge_id: int):
    challenge = _visible_challenge(challenge_id)
    require(is_challenge_owner(current_user, challenge))
    _valid_post(forms.ActionForm())
    if challenge.state == ChallengeState.DRAFT and not is_confirmed():
        return confirmation_page(
            _("Delete the draft?"), url_for(".delete", challenge_id=challenge_id),
            _("Yes, delete the draft"), challenge_url(challenge), caption=challenge.title,
            destructive=True, consequences=[
                _("The draft and its attachments are deleted for good."),
                _("Nobody else has seen it: drafts are never public.")])
    services.delete_draft(challenge, current_user)
    flash(_("The draft has been deleted."), "success")
    return redirect(url_for(".dashboard"))


@bp.route("/<int:challenge_id>/attachments", methods=["POST"])
@login_required
def upload(challenge_id: int):
    challenge = _editable_challenge(challenge_id)
    form = forms.AttachmentForm()
    _valid_post(form)
    if not form.file.data:
        refuse(422, _("Choose a file to upload."))
    services.add_attachment(challenge, current_user, form.file.data)
    flash(_("The file has been added."), "success")
    return redirect(url_for(".edit", challenge_id=challenge.id))


@bp.route("/<int:challenge_id>/attachments/<int:attachment_id>/delete", methods=["POST"])
@login_required
def delete_attachment(challenge_id: int, attachment_id: int):
    challenge = _editable_challenge(challenge_id)
    _valid_post(forms.ActionForm())
    services.remove_attachment(challenge, current_user, db.get_or_404(Attachment, attachment_id))
    flash(_("The file has been removed."), "success")
    return redirect(url_for(".edit", challenge_id=challenge.id))


# --- the cover picture ----------------------------------------------------------------------

def _cover_values(challenge: Challenge | None):
    """What the picture form shows at first: the current alt text."""
    return challenge.cover if challenge is not None and challenge.cover else None


@bp.route("/<int:challenge_id>/cover", methods=["POST"])
@login_required
def set_cover(challenge_id: int):
    challenge = _editable_challenge(challenge_id)
    form = forms.CoverForm()
    if not form.validate_on_submit():
        return _cover_refused(challenge, form, 422)
    try:
        if form.picture.data:
            covers.set_cover(challenge, current_user, form.picture.data, form.alt_text.data)
        else:
            covers.describe_cover(challenge, current_user, form.alt_text.data)
    except DomainError as error:
        add_form_error(form, _error_field(form, error), error.message)
        return _cover_refused(challenge, form, error.status)
    flash(_("The picture has been saved."), "success")
    return redirect(url_for(".edit", challenge_id=challenge.id, _anchor="picture"))


def _cover_refused(challenge: Challenge, cover_form, status: int):
    form = forms.ChallengeForm(formdata=None, obj=challenge)
    form.fill_from(challenge)
    return _render_form(form, challenge, status=status, cover_form=cover_form)


@bp.route("/<int:challenge_id>/cover/delete", methods=["POST"])
@login_required
def delete_cover(challenge_id: int):
    challenge = _editable_challenge(challenge_id)
    _valid_post(forms.ActionForm())
    covers.remove_cover(challenge, current_user)
    flash(_("The picture has been removed. The challenge shows its sector's picture again."),
          "success")
    return redirect(url_for(".edit", challenge_id=challenge.id, _anchor="picture"))


@bp.route("/<int:challenge_id>/cover/<int:file_id>/<any(card, page):size>.jpg")
def cover(challenge_id: int, file_id: int, size: str):
    """A cover picture, for whoever may see the challenge; a published one may be cached
    by anyone (its address changes with every new picture)."""
    challenge = _visible_challenge(challenge_id)
    file = covers.cover_file(challenge, file_id, size)
    path = readable_path(file) if file is not None else None
    if path is None:
        abort(404)
    response = send_file(path, mimetype=file.content_type, conditional=True,
                         download_name=f"challenge-{challenge.id}-{size}.jpg")
    if challenge.is_public:
        response.cache_control.public = True
        response.cache_control.max_age = 30 * 24 * 3600
    return response


# --- lifecycle ------------------------------------------------------------------------------

def _confirm_publication(challenge: Challenge, endpoint: str, label: str,
                         hidden: dict | None = None):
    """The confirmation before a challenge is published or sent for review: what happens
    and who will be told, with counts."""
    publishes = "publish_directly" in workflow.challenge_actions(current_user, challenge) or (
        endpoint == "challenges.review")
    consequences = ([_("The challenge becomes public: anyone can read it, and it is found "
                       "in the list, search, the feed and the API.")] if publishes else
                    [_("An administrator checks the challenge and publishes it or sends it "
                       "back with a comment; you can take it back until then.")])
    consequences.append(_("The evaluation criteria, the requirements and the IP terms are "
                          "then fixed: suppliers answer with them in mind."))
    return confirmation_page(
        label, url_for(endpoint, challenge_id=challenge.id), label, challenge_url(challenge),
        consequences=consequences, caption=challenge.title, hidden=hidden,
        audience=publication.audience_counts(challenge) if publishes else [
            (_("Platform administrators who review it"), len(services.platform_admins()))])


@bp.route("/<int:challenge_id>/submit", methods=["POST"])
@login_required
def submit(challenge_id: int):
    challenge = _visible_challenge(challenge_id)
    _valid_post(forms.ActionForm())
    actions = workflow.challenge_actions(current_user, challenge)
    if not is_confirmed() and {"submit", "publish_directly"} & actions and (
            not workflow.missing_for_publication(challenge)):
        return _confirm_publication(challenge, "challenges.submit", _(
            "Publish the challenge") if "publish_directly" in actions else _(
            "Submit the challenge for review"))
    workflow.submit(challenge, current_user)
    flash(_("The challenge is published.") if challenge.is_public else
          _("The challenge has been sent for review. You will get an e-mail when an "
            "administrator has looked at it."), "success")
    return redirect(challenge_url(challenge))


SIMPLE_ACTIONS = {
    "recall": (workflow.recall, _l("The challenge is a draft again.")),
    "pause": (workflow.pause, _l("The challenge is paused.")),
    "resume": (workflow.resume, _l("The challenge is open again.")),
    "start_evaluation": (workflow.start_evaluation, _l("The evaluation has started.")),
    "decide": (workflow.decide, _l("The decision has been recorded.")),
}


@bp.route("/<int:challenge_id>/<any(recall, pause, resume, start_evaluation, decide):action>",
          methods=["POST"])
@login_required
def simple_action(challenge_id: int, action: str):
    challenge = _visible_challenge(challenge_id)
    _valid_post(forms.ActionForm())
    perform, message = SIMPLE_ACTIONS[action]
    perform(challenge, current_user)
    flash(str(message), "success")
    return redirect(challenge_url(challenge))


@bp.route("/<int:challenge_id>/review", methods=["POST"])
@login_required
def review(challenge_id: int):
    challenge = _visible_challenge(challenge_id)
    require(can_review_challenges(current_user))
    form = forms.ReviewForm()
    _valid_post(form)
    if request.form.get("decision") == "publish" and not is_confirmed() and (
            not workflow.missing_for_publication(challenge)) and (
            challenge.state == ChallengeState.IN_REVIEW):
        return _confirm_publication(challenge, "challenges.review", _("Publish the challenge"),
                                    hidden={"decision": "publish"})
    try:
        if request.form.get("decision") == "publish":
            workflow.publish(challenge, current_user)
        else:
            workflow.send_back(challenge, current_user, form.comment.data or "")
    except DomainError as error:
        add_form_error(form, _error_field(form, error), error.message)
        return _render_detail(challenge, status=error.status, review_form=form)
    flash(_("“%(title)s” has been answered.", title=challenge.title), "success")
    return redirect(url_for(".review_queue"))


@bp.route("/review")
@login_required
def review_queue():
    require(can_review_challenges(current_user))
    return render_template("challenges/review_queue.html",
                           challenges=queries.waiting_for_review())


def _form_action(challenge_id: int, form, template: str, perform, message: str,
                 allowed=can_manage_challenge):
    challenge = _visible_challenge(challenge_id)
    require(allowed(current_user, challenge))
    if form.validate_on_submit():
        try:
            perform(challenge, form)
        except DomainError as error:
            add_form_error(form, _error_field(form, error), error.message)
            return form_page(template, form, status=error.status, challenge=challenge)
        flash(message, "success")
        return redirect(challenge_url(challenge))
    return form_page(template, form, challenge=challenge)


@bp.route("/<int:challenge_id>/withdraw", methods=["GET", "POST"])
@login_required
def withdraw(challenge_id: int):
    return _form_action(
        challenge_id, forms.WithdrawForm(), "challenges/withdraw.html",
        lambda c, f: workflow.withdraw(c, current_user, f.reason.data),
        _("The challenge has been withdrawn."))


@bp.route("/<int:challenge_id>/extend", methods=["GET", "POST"])
@login_required
def extend(challenge_id: int):
    return _form_action(
        challenge_id, forms.ExtendForm(), "challenges/extend.html",
        lambda c, f: workflow.extend_deadline(
            c, current_user, parse_local_datetime(f.submission_deadline.data),
            parse_local_datetime(f.question_deadline.data), f.note.data or ""),
        _("The deadline has been extended and everyone following has been told."),
        allowed=is_challenge_owner)


@bp.route("/<int:challenge_id>/outcome", methods=["GET", "POST"])
@login_required
def outcome(challenge_id: int):
    return _form_action(
        challenge_id, forms.OutcomeForm(), "challenges/outcome.html",
        lambda c, f: workflow.record_outcome(c, current_user, OutcomeKind(f.outcome_kind.data),
                                             f.outcome_url.data or "", f.outcome_note.data or ""),
        _("The outcome has been recorded."), allowed=is_challenge_owner)


# --- co-owners and following --------------------------------------------------------------------

def _co_owners_page(challenge: Challenge, form, status: int | None = None):
    return form_page("challenges/co_owners.html", form, status=status, challenge=challenge,
                     invitations=services.co_owner_invitations(challenge),
                     action_form=forms.ActionForm())


@bp.route("/<int:challenge_id>/co-owners", methods=["GET", "POST"])
@login_required
def co_owners(challenge_id: int):
    challenge = _visible_challenge(challenge_id)
    require(can_manage_co_owners(current_user, challenge))
    form = forms.CoOwnerForm()
    form.organisation_id.choices = [("", _("Choose an authority"))] + [
        (str(o.id), o.name) for o in services.co_owner_candidates(challenge)]
    if form.validate_on_submit():
        organisation = db.get_or_404(Organisation, int(form.organisation_id.data))
        try:
            services.invite_co_owner(challenge, current_user, organisation)
        except DomainError as error:
            add_form_error(form, _error_field(form, error), error.message)
            return _co_owners_page(challenge, form, error.status)
        flash(_("%(name)s has been invited. It becomes a co-owner, and sees the solutions, "
                "only once it accepts.", name=organisation.name), "success")
        return redirect(url_for(".co_owners", challenge_id=challenge.id))
    return _co_owners_page(challenge, form)


@bp.route("/<int:challenge_id>/co-owners/<int:org_id>/remove", methods=["POST"])
@login_required
def remove_co_owner(challenge_id: int, org_id: int):
    challenge = _visible_challenge(challenge_id)
    require(can_manage_co_owners(current_user, challenge))
    _valid_post(forms.ActionForm())
    services.remove_co_owner(challenge, current_user, db.get_or_404(Organisation, org_id))
    flash(_("The co-owner has been removed."), "success")
    return redirect(url_for(".co_owners", challenge_id=challenge.id))


def _co_ownership_invitation(challenge_id: int):
    """The pending invitation to co-own this challenge that the user may answer, or 404."""
    challenge = db.get_or_404(Challenge, challenge_id)
    invitation = next((i for i in services.pending_co_ownerships(current_user)
                       if i.challenge_id == challenge.id
                       and can_answer_co_ownership(current_user, i)), None)
    if invitation is None:
        abort(404)
    return invitation


@bp.route("/<int:challenge_id>/co-ownership")
@login_required
def co_ownership(challenge_id: int):
    invitation = _co_ownership_invitation(challenge_id)
    return render_template("challenges/co_ownership.html", invitation=invitation,
                           challenge=invitation.challenge, action_form=forms.ActionForm())


@bp.route("/<int:challenge_id>/co-ownership/<any(accept, decline):answer>", methods=["POST"])
@login_required
def answer_co_ownership(challenge_id: int, answer: str):
    invitation = _co_ownership_invitation(challenge_id)
    _valid_post(forms.ActionForm())
    services.answer_co_ownership(invitation, current_user, answer == "accept")
    if answer == "accept":
        flash(_("%(name)s is now a co-owner of the challenge.",
                name=invitation.organisation.name), "success")
        return redirect(challenge_url(invitation.challenge))
    flash(_("You have declined co-ownership."), "success")
    return redirect(url_for(".dashboard"))


@bp.route("/<int:challenge_id>/<any(follow, unfollow):action>", methods=["POST"])
@login_required
def follow(challenge_id: int, action: str):
    challenge = _visible_challenge(challenge_id)
    _valid_post(forms.ActionForm())
    if action == "follow":
        services.follow(current_user, challenge)
        flash(_("You follow this challenge. We will e-mail you about clarifications, "
                "deadline changes and the outcome."), "success")
    else:
        services.unfollow(current_user, challenge)
        flash(_("You no longer follow this challenge."), "success")
    return redirect(challenge_url(challenge))


# --- questions and answers ----------------------------------------------------------------------

@bp.route("/<int:challenge_id>/questions", methods=["POST"])
@login_required
def ask(challenge_id: int):
    challenge = _visible_challenge(challenge_id)
    form = forms.QuestionForm()
    if form.validate_on_submit():
        try:
            questions.ask(challenge, current_user, form.question.data,
                          follow=bool(form.follow.data))
        except DomainError as error:
            add_form_error(form, _error_field(form, error), error.message)
            return _render_detail(challenge, status=error.status, question_form=form)
        flash(_("Your question has been sent. The answer will be published here for "
                "everyone, without your name, and we will e-mail it to you."), "success")
        return redirect(challenge_url(challenge, _anchor="questions"))
    return _render_detail(challenge, status=422, question_form=form)


@bp.route("/<int:challenge_id>/questions/<int:clarification_id>/answer", methods=["POST"])
@login_required
def answer(challenge_id: int, clarification_id: int):
    challenge = _visible_challenge(challenge_id)
    clarification = db.get_or_404(Clarification, clarification_id)
    if clarification.challenge_id != challenge.id:
        abort(404)
    require(can_answer_questions(current_user, challenge))
    form = forms.AnswerForm(prefix=f"q{clarification.id}")
    if form.validate_on_submit():
        questions.answer(clarification, current_user, form.answer.data)
        flash(_("The answer has been published."), "success")
        return redirect(challenge_url(challenge, _anchor="questions"))
    return _render_detail(challenge, status=422, answer_forms={clarification.id: form})


@bp.route("/<int:challenge_id>/clarifications", methods=["POST"])
@login_required
def clarify(challenge_id: int):
    challenge = _visible_challenge(challenge_id)
    require(can_answer_questions(current_user, challenge))
    form = forms.ClarificationForm()
    if form.validate_on_submit():
        questions.clarify(challenge, current_user, form.subject.data or "", form.text.data)
        flash(_("The clarification has been published."), "success")
        return redirect(challenge_url(challenge, _anchor="questions"))
    return _render_detail(challenge, status=422, clarification_form=form)


# --- the buyer dashboard --------------------------------------------------------------------

@bp.route("/mine")
@login_required
def dashboard():
    organisations = publishing_organisations(current_user)
    return render_template("challenges/dashboard.html",
                           overview=queries.dashboard(organisations),
                           co_ownerships=services.pending_co_ownerships(current_user),
                           state_labels=workflow.STATE_LABELS)
