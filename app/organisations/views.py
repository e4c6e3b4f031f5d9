"""Organisation pages: directory, profile, editing, members, invitations."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.core.domain import DomainError
from app.core.http import require
from app.core.views import add_form_error, form_page
from app.extensions import db
from app.organisations import forms, services
from app.organisations.models import (
    Invitation,
    JoinRequest,
    MemberRole,
    Membership,
    Organisation,
    OrganisationKind,
)
from app.organisations.permissions import (
    can_edit_organisation,
    can_manage_members,
    can_request_to_join,
    can_view_members,
    membership_of,
)
from app.organisations.profile import profile_rows

bp = Blueprint("organisations", __name__, url_prefix="/organisations")


def _organisation(org_id: int) -> Organisation:
    return db.get_or_404(Organisation, org_id)


@bp.route("/")
def directory():
    kind = request.args.get("kind") or None
    if kind and kind not in {k.value for k in OrganisationKind}:
        kind = None
    page = request.args.get("page", 1, type=int)
    return render_template("organisations/directory.html", kind=kind,
                           pagination=services.directory(kind, page), kind_labels=forms.KIND_LABELS)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    form = forms.OrganisationForm()
    if form.validate_on_submit():
        try:
            organisation = services.create_organisation(
                current_user, form.org_number.data, **form.profile_data())
        except DomainError as error:
            add_form_error(form, error.field, error.message)
            return form_page("organisations/form.html", form, organisation=None)
        flash(_("The organisation has been created."), "success")
        return redirect(url_for(".profile", org_id=organisation.id))
    return form_page("organisations/form.html", form, organisation=None)


@bp.route("/<int:org_id>")
def profile(org_id: int):
    organisation = _organisation(org_id)
    return render_template(
        "organisations/profile.html", organisation=organisation,
        kind_labels=forms.KIND_LABELS, size_labels=forms.SIZE_LABELS,
        join_form=forms.JoinRequestForm(), action_form=forms.ActionForm(),
        pending_request=(services.pending_request(organisation, current_user)
                         if current_user.is_authenticated else None),
        my_membership=membership_of(current_user, organisation),
        extra_rows=profile_rows(organisation),
    )


@bp.route("/<int:org_id>/edit", methods=["GET", "POST"])
@login_required
def edit(org_id: int):
    organisation = _organisation(org_id)
    require(can_edit_organisation(current_user, organisation))
    form = forms.OrganisationForm(obj=organisation)
    if request.method == "GET":
        form.kind.data = organisation.kind.value
        form.size_class.data = organisation.size_class.value
    if form.validate_on_submit():
        try:
            services.update_organisation(organisation, current_user, form.org_number.data,
                                         **form.profile_data())
        except DomainError as error:
            add_form_error(form, error.field, error.message)
            return form_page("organisations/form.html", form, organisation=organisation)
        flash(_("The organisation has been saved."), "success")
        return redirect(url_for(".profile", org_id=organisation.id))
    return form_page("organisations/form.html", form, organisation=organisation)


@bp.route("/<int:org_id>/members", methods=["GET", "POST"])
@login_required
def members(org_id: int):
    organisation = _organisation(org_id)
    require(can_view_members(current_user, organisation))
    invite_form = forms.InviteForm()
    if request.method == "POST":
        require(can_manage_members(current_user, organisation))
        if invite_form.validate_on_submit():
            try:
                services.invite(organisation, current_user, invite_form.email.data,
                                MemberRole(invite_form.role.data), invite_form.language.data)
            except DomainError as error:
                add_form_error(invite_form, error.field, error.message)
            else:
                flash(_("Invitation sent to %(email)s.", email=invite_form.email.data),
                      "success")
                return redirect(url_for(".members", org_id=org_id))
    return render_template(
        "organisations/members.html", organisation=organisation, invite_form=invite_form,
        action_form=forms.ActionForm(), role_labels=forms.ROLE_LABELS,
        invitations=services.pending_invitations(organisation),
        join_requests=services.pending_requests(organisation),
    ), (422 if request.method == "POST" else 200)


def _membership(organisation: Organisation, membership_id: int) -> Membership:
    membership = db.get_or_404(Membership, membership_id)
    if membership.organisation_id != organisation.id:
        abort(404)
    return membership


@bp.route("/<int:org_id>/members/<int:membership_id>/role", methods=["POST"])
@login_required
def change_role(org_id: int, membership_id: int):
    organisation = _organisation(org_id)
    require(can_manage_members(current_user, organisation))
    form = forms.RoleForm()
    if not form.validate_on_submit():
        abort(400)
    services.change_role(_membership(organisation, membership_id), current_user,
                         MemberRole(form.role.data))
    flash(_("The role has been changed."), "success")
    return redirect(url_for(".members", org_id=org_id))


@bp.route("/<int:org_id>/members/<int:membership_id>/remove", methods=["POST"])
@login_required
def remove_member(org_id: int, membership_id: int):
    organisation = _organisation(org_id)
    membership = _membership(organisation, membership_id)
    require(membership.user_id == current_user.id or can_manage_members(current_user,
                                                                        organisation))
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    services.remove_member(membership, current_user)
    if membership.user_id == current_user.id:
        flash(_("You have left %(name)s.", name=organisation.name), "success")
        return redirect(url_for(".profile", org_id=org_id))
    flash(_("The member has been removed."), "success")
    return redirect(url_for(".members", org_id=org_id))


@bp.route("/<int:org_id>/join", methods=["POST"])
@login_required
def request_to_join(org_id: int):
    organisation = _organisation(org_id)
    require(can_request_to_join(current_user, organisation))
    form = forms.JoinRequestForm()
    if not form.validate_on_submit():
        abort(400)
    services.request_to_join(organisation, current_user, form.message.data or "")
    flash(_("Your request has been sent to the organisation's admins."), "success")
    return redirect(url_for(".profile", org_id=org_id))


@bp.route("/<int:org_id>/requests/<int:request_id>/<any(approve, decline):decision>",
          methods=["POST"])
@login_required
def decide_request(org_id: int, request_id: int, decision: str):
    organisation = _organisation(org_id)
    require(can_manage_members(current_user, organisation))
    join_request = db.get_or_404(JoinRequest, request_id)
    if join_request.organisation_id != organisation.id:
        abort(404)
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    services.decide_join_request(join_request, current_user, decision == "approve")
    flash(_("The request has been answered."), "success")
    return redirect(url_for(".members", org_id=org_id))


@bp.route("/<int:org_id>/invitations/<int:invitation_id>/revoke", methods=["POST"])
@login_required
def revoke_invitation(org_id: int, invitation_id: int):
    organisation = _organisation(org_id)
    require(can_manage_members(current_user, organisation))
    invitation = db.get_or_404(Invitation, invitation_id)
    if invitation.organisation_id != organisation.id:
        abort(404)
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    services.revoke_invitation(invitation, current_user)
    flash(_("The invitation has been withdrawn."), "success")
    return redirect(url_for(".members", org_id=org_id))


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def invitation(token: str):
    invite = services.find_invitation(token)
    form = forms.ActionForm()
    if request.method == "POST" and current_user.is_authenticated:
        if not form.validate_on_submit():
            abort(400)
        services.accept_invitation(token, current_user)
        flash(_("Welcome to %(name)s.", name=invite.organisation.name), "success")
        return redirect(url_for(".profile", org_id=invite.organisation_id))
    return render_template("organisations/invitation.html", invitation=invite, form=form)
