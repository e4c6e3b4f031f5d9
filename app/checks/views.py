"""Intermediaries: the public list, offices, the advisor's clients, notes and recommendations."""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.challenges.models import Challenge
from app.challenges.permissions import can_view_challenge
from app.checks import applications as applications_service
from app.checks import desk, files, followup, forms, letter, programme_forms, services
from app.checks.models import CheckApplication, ClientLink, IntermediaryOffice
from app.checks.permissions import (
    advised_organisations,
    can_advise,
    can_become_client,
    can_decide_on,
    can_edit_application,
    can_end_client_link,
    can_manage_offices,
    can_read_application_files,
    can_report,
    can_view_application,
    client_organisations_of,
)
from app.core.domain import DomainError
from app.core.http import require
from app.core.views import add_form_error, form_page
from app.extensions import db
from app.funding.services import all_programmes, programme_by_key
from app.organisations.models import Organisation
from app.solutions.models import Solution

bp = Blueprint("checks", __name__)


@bp.route("/intermediaries/")
def intermediaries():
    organisations = services.public_intermediaries()
    return render_template(
        "checks/intermediaries.html", organisations=organisations,
        offices=services.offices_by_organisation(organisations),
        programmes=services.programmes_by_key(), client_form=_client_form())


def _client_form() -> forms.BecomeClientForm:
    form = forms.BecomeClientForm()
    form.set_organisations(client_organisations_of(current_user))
    return form


# -- offices --------------------------------------------------------------------------------

def _office_form() -> forms.OfficeForm:
    form = forms.OfficeForm()
    form.set_choices(all_programmes())
    return form


@bp.route("/intermediaries/<int:org_id>/offices/new", methods=["GET", "POST"])
@login_required
def new_office(org_id: int):
    organisation = db.get_or_404(Organisation, org_id)
    require(can_manage_offices(current_user, organisation))
    return _save_office(_office_form(), organisation, None)


@bp.route("/intermediaries/offices/<int:office_id>/edit", methods=["GET", "POST"])
@login_required
def edit_office(office_id: int):
    office = db.get_or_404(IntermediaryOffice, office_id)
    require(can_manage_offices(current_user, office.organisation))
    form = _office_form()
    if request.method == "GET":
        form.process(obj=office)
        form.set_choices(all_programmes())
    return _save_office(form, office.organisation, office)


def _save_office(form, organisation, office):
    if form.validate_on_submit():
        try:
            services.save_office(organisation, current_user, office, **form.office_fields())
        except DomainError as error:
            add_form_error(form, error.field, error.message)
            return form_page("checks/office_form.html", form, organisation=organisation)
        flash(_("The office has been saved."), "success")
        return redirect(url_for(".intermediaries", _anchor=f"organisation-{organisation.id}"))
    return form_page("checks/office_form.html", form, organisation=organisation)


@bp.route("/intermediaries/offices/<int:office_id>/client", methods=["POST"])
@login_required
def become_client(office_id: int):
    office = db.get_or_404(IntermediaryOffice, office_id)
    require(can_become_client(current_user, office))
    organisations = client_organisations_of(current_user)
    form = forms.BecomeClientForm()
    form.set_organisations(organisations)
    client = form.chosen(organisations) if form.validate_on_submit() else None
    if client is None:
        flash(_("Choose the organisation to link to the office."), "error")
        return redirect(url_for(".intermediaries"))
    try:
        services.link_client(office, client, current_user)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for(".clients"))
    flash(_("%(office)s now advises %(client)s.", office=office.name, client=client.name),
          "success")
    return redirect(url_for(".clients"))


# -- the advisor's clients and the client's advisors ---------------------------------------

@bp.route("/intermediaries/clients/")
@login_required
def clients():
    own = client_organisations_of(current_user)
    own_ids = [o.id for o in own]
    return render_template(
        "checks/clients.html",
        clients=services.clients_of(advised_organisations(current_user)),
        advisors=services.links_of_client(own_ids),
        recommendations=services.recommendations_for(own_ids),
        programmes=services.programmes_by_key(), action_form=forms.ActionForm())


def _advised_link(link_id: int) -> ClientLink:
    link = db.get_or_404(ClientLink, link_id)
    require(can_advise(current_user, link))
    return link


@bp.route("/intermediaries/clients/<int:link_id>")
@login_required
def client(link_id: int):
    return _client_page(_advised_link(link_id), forms.NoteForm(), _recommendation_form())


def _recommendation_form() -> forms.RecommendationForm:
    form = forms.RecommendationForm()
    form.set_programmes(all_programmes())
    return form


def _client_page(link, note_form, recommendation_form, status: int = 200):
    return render_template(
        "checks/client.html", link=link, client=link.client, note_form=note_form,
        recommendation_form=recommendation_form, action_form=forms.ActionForm(),
        solutions=services.public_solutions(link.client),
        applications=applications_service.applications_of([link.client]),
        programmes=services.programmes_by_key()), status


@bp.route("/intermediaries/clients/<int:link_id>/notes", methods=["POST"])
@login_required
def add_note(link_id: int):
    link = _advised_link(link_id)
    form = forms.NoteForm()
    if not form.validate_on_submit():
        return _client_page(link, form, _recommendation_form(), 422)
    services.add_note(link, current_user, form.body.data)
    flash(_("The note has been saved."), "success")
    return redirect(url_for(".client", link_id=link.id, _anchor="notes"))


@bp.route("/intermediaries/clients/<int:link_id>/recommendations", methods=["POST"])
@login_required
def recommend(link_id: int):
    link = _advised_link(link_id)
    form = _recommendation_form()
    if form.validate_on_submit():
        try:
            services.recommend(link, current_user, _challenge_named(form),
                               programme_by_key(form.programme.data or ""), form.note.data)
        except DomainError as error:
            add_form_error(form, error.field, error.message)
            return _client_page(link, forms.NoteForm(), form, error.status)
        flash(_("%(client)s has been told.", client=link.client.name), "success")
        return redirect(url_for(".client", link_id=link.id))
    return _client_page(link, forms.NoteForm(), form, 422)


def _challenge_named(form) -> Challenge | None:
    value = (form.challenge.data or "").strip()
    if not value:
        return None
    challenge = db.session.get(Challenge, int(value)) if value.isdigit() and \
        int(value) < 2**31 else None
    if challenge is None:
        raise DomainError(_("There is no challenge with that number."), field="challenge")
    return challenge


@bp.route("/intermediaries/clients/<int:link_id>/end", methods=["POST"])
@login_required
def end_link(link_id: int):
    link = db.get_or_404(ClientLink, link_id)
    require(can_end_client_link(current_user, link))
    if forms.ActionForm().validate_on_submit():
        services.end_link(link, current_user)
        flash(_("The advice has ended: the office no longer sees your organisation."),
              "success")
    return redirect(url_for(".clients"))


# -- applications ---------------------------------------------------------------------------

def _programme_and_form(key: str):
    programme = programme_by_key(key or "")
    form = programme_forms.form_for(key or "")
    if programme is None or form is None:
        abort(404)
    return programme, form


@bp.route("/funding/applications/")
@login_required
def applications():
    organisations = [m.organisation for m in current_user.memberships]
    offices = desk.desk_offices(advised_organisations(current_user))
    chosen = [o.id for o in offices if str(o.id) == request.args.get("office")] or \
        [o.id for o in offices]
    return render_template(
        "checks/applications.html", offices=offices,
        mine=applications_service.applications_of(organisations),
        queue=desk.queue(chosen, request.args.get("page", 1, type=int)) if offices else None,
        chosen_office=request.args.get("office", ""), programmes=services.programmes_by_key())


def _public_challenge(value: str | None) -> Challenge | None:
    if not (value or "").isdigit() or int(value) >= 2**31:
        return None
    challenge = db.session.get(Challenge, int(value))
    return challenge if challenge and can_view_challenge(current_user, challenge) else None


def _own_solution(value: str | None) -> Solution | None:
    if not (value or "").isdigit() or int(value) >= 2**31:
        return None
    solution = db.session.get(Solution, int(value))
    return solution if solution and is_member_of(current_user, solution.organisation_id) \
        else None


def is_member_of(user, organisation_id: int) -> bool:
    """True if the user belongs to the organisation with this id."""
    return any(m.organisation_id == organisation_id for m in user.memberships)


@bp.route("/funding/applications/new", methods=["GET", "POST"])
@login_required
def new_application():
    programme, form = _programme_and_form(request.args.get("programme"))
    organisations = [m.organisation for m in current_user.memberships]
    wtform = forms.ApplyForm()
    wtform.set_organisations(organisations)
    challenge = _public_challenge(request.args.get("challenge"))
    solution = _own_solution(request.args.get("solution"))
    context = {"programme": programme, "programme_form": form, "challenge": challenge,
               "solution": solution, "refusal": None}
    if not organisations:
        return render_template("checks/apply.html", form=wtform, **context)
    if not wtform.validate_on_submit():
        return form_page("checks/apply.html", wtform, **context)
    organisation = wtform.chosen(organisations) or abort(400)
    refusal = applications_service.check_eligibility(form, organisation, wtform.owners.data)
    if refusal is not None:
        return render_template("checks/apply.html", form=wtform,
                               **{**context, "refusal": refusal}), 422
    application = applications_service.start_application(
        form, organisation, current_user, wtform.owners.data, bool(wtform.prefill.data),
        challenge, solution)
    flash(_("You may apply. Your draft has been started."), "success")
    return redirect(url_for(".application", application_id=application.id))


def _visible_application(application_id: int) -> CheckApplication:
    application = db.get_or_404(CheckApplication, application_id)
    if not can_view_application(current_user, application):
        abort(404)  # an application's existence is confidential too
    return application


def _application_page(application, edit_form=None, decision_form=None,
                      assessment_form=None, status: int = 200):
    programme, form = _programme_and_form(application.programme_key)
    if edit_form is None and can_edit_application(current_user, application):
        edit_form = _edit_form(application, form, data=_form_data(application, form))
    return render_template(
        "checks/application.html", application=application, programme=programme,
        programme_form=form, edit_form=edit_form, action_form=forms.ActionForm(),
        files=files.files_of(application) if can_read_application_files(
            current_user, application) else [],
        decision_form=decision_form or forms.DecisionForm(),
        assessment_form=assessment_form or forms.AssessmentForm(),
        missing=applications_service.missing_answers(form, application)), status


def _edit_form(application, form, **values):
    """The programme's application form, offering the application's files for removal."""
    wtform = forms.application_form_class(form)(**values)
    if hasattr(wtform, "remove_files"):
        wtform.remove_files.choices = [(str(a.id), a.filename)
                                       for a in files.files_of(application)]
    return wtform


def _form_data(application, form) -> dict:
    data = {f"q_{key}": value for key, value in (application.answers or {}).items()}
    data.update({f"b_{key}": value for key, value in (application.budget or {}).items()})
    return data


@bp.route("/funding/applications/<int:application_id>", methods=["GET", "POST"])
@login_required
def application(application_id: int):
    application = _visible_application(application_id)
    if request.method == "GET":
        return _application_page(application)
    require(can_edit_application(current_user, application))
    programme, form = _programme_and_form(application.programme_key)
    edit_form = _edit_form(application, form)
    if not edit_form.validate_on_submit():
        return _application_page(application, edit_form=edit_form, status=422)
    answers, budget = forms.answers_of(edit_form, form)
    applications_service.save_answers(application, current_user, answers, budget)
    try:
        files.change_files(application, current_user, *forms.file_changes(edit_form))
    except DomainError as error:
        add_form_error(edit_form, error.field, error.message)
        return _application_page(application, edit_form=edit_form, status=error.status)
    if not edit_form.send.data:
        flash(_("The draft has been saved."), "success")
        return redirect(url_for(".application", application_id=application.id))
    try:
        applications_service.submit_application(application, form, programme, current_user)
    except DomainError as error:
        edit_form.form_errors.append(error.message)
        return _application_page(application, edit_form=edit_form, status=error.status)
    flash(_("Your application has been submitted to %(office)s.",
            office=application.office.name if application.office else programme.funder),
          "success")
    return redirect(url_for(".application", application_id=application.id))


@bp.route("/funding/applications/<int:application_id>/decision", methods=["POST"])
@login_required
def decide(application_id: int):
    application = _visible_application(application_id)
    require(can_decide_on(current_user, application))
    programme, _form = _programme_and_form(application.programme_key)
    form = forms.DecisionForm()
    if not form.validate_on_submit():
        return _application_page(application, decision_form=form, status=422)
    share = Decimal(form.share.data) / 100 if form.share.data else None
    amount = Decimal(form.amount.data) if form.amount.data else None
    try:
        desk.decide(application, programme, current_user, form.decision.data,
                    form.reason.data, amount, share, form.months.data)
    except DomainError as error:
        add_form_error(form, error.field, error.message)
        return _application_page(application, decision_form=form, status=error.status)
    flash(_("The decision has been recorded and the applicant told."), "success")
    return redirect(url_for(".application", application_id=application.id))


@bp.route("/funding/applications/<int:application_id>/assessment", methods=["POST"])
@login_required
def assess(application_id: int):
    application = _visible_application(application_id)
    require(can_decide_on(current_user, application))
    form = forms.AssessmentForm()
    if not form.validate_on_submit():
        return _application_page(application, assessment_form=form, status=422)
    desk.assess(application, current_user, form.reason.data)
    flash(_("The assessment has been saved."), "success")
    return redirect(url_for(".application", application_id=application.id))


@bp.route("/funding/applications/<int:application_id>/decision.pdf")
@login_required
def decision_letter(application_id: int):
    application = _visible_application(application_id)
    if application.decided_at is None:
        abort(404)
    programme, _form = _programme_and_form(application.programme_key)
    return Response(letter.decision_pdf(application, programme), mimetype="application/pdf",
                    headers={"Content-Disposition":
                             f'attachment; filename="decision-{application.id}.pdf"'})


@bp.route("/funding/applications/<int:application_id>/report", methods=["GET", "POST"])
@login_required
def report(application_id: int):
    application = _visible_application(application_id)
    require(can_report(current_user, application))
    _programme, form = _programme_and_form(application.programme_key)
    wtform = forms.report_form_class(form)()
    if not wtform.validate_on_submit():
        return form_page("checks/report.html", wtform, application=application,
                         programme_form=form)
    values = {q["key"]: wtform[f"r_{q['key']}"].data for q in form.final_report}
    try:
        followup.submit_report(application, current_user, followup.answers_from(form, values))
    except DomainError as error:
        add_form_error(wtform, error.field and f"r_{error.field}", error.message)
        return form_page("checks/report.html", wtform, status=error.status,
                         application=application, programme_form=form)
    flash(_("Thank you: the final report has been received."), "success")
    return redirect(url_for(".application", application_id=application.id))
