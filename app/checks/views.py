"""Intermediaries: the public list, offices, the advisor's clients, notes and recommendations."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.challenges.models import Challenge
from app.checks import forms, services
from app.checks.models import ClientLink, IntermediaryOffice
from app.checks.permissions import (
    advised_organisations,
    can_advise,
    can_become_client,
    can_end_client_link,
    can_manage_offices,
    client_organisations_of,
)
from app.core.domain import DomainError
from app.core.http import require
from app.core.views import add_form_error, form_page
from app.extensions import db
from app.funding.services import all_programmes, programme_by_key
from app.organisations.models import Organisation

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
