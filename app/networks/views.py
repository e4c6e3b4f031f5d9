"""Network pages: directory, network page, members' area, planned procurements, interest."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.challenges.models import Challenge, ChallengeKind, ChallengeState, ProcurementRoute
from app.challenges.queries import challenge_or_404
from app.core.domain import DomainError
from app.core.http import refuse, require
from app.core.reference import NATIONWIDE, REGIONS, SECTORS, region_choices, sector_choices
from app.core.views import add_form_error, confirmation_page, form_page, is_confirmed
from app.extensions import db
from app.networks import demand, forms, services
from app.networks.models import (
    CoOwnerInvitation,
    Network,
    NetworkJoinRequest,
    NetworkMember,
    PlannedProcurement,
)
from app.networks.permissions import (
    authorities_of,
    can_coordinate_network,
    can_delete_network_document,
    can_post_network_update,
    can_register_planned_interest,
    can_see_challenge_interest,
    can_view_network_private,
    interest_organisations_for_challenge,
    joinable_organisations,
    member_organisations_of,
)
from app.organisations.permissions import can_publish_as

bp = Blueprint("networks", __name__)


def _network(network_id: int) -> Network:
    return db.get_or_404(Network, network_id)


def _planned(network: Network, planned_id: int) -> PlannedProcurement:
    planned = db.get_or_404(PlannedProcurement, planned_id)
    if planned.network_id != network.id:
        abort(404)
    return planned


def _public_challenge(challenge_id: int) -> Challenge:
    return challenge_or_404(challenge_id, current_user)


def _back_to(network: Network):
    return redirect(url_for(".network", network_id=network.id))


# -- directory and network page -------------------------------------------------------------

def _filter(name: str, allowed) -> str | None:
    value = request.args.get(name) or None
    return value if value in allowed else None


@bp.route("/networks/")
def directory():
    query = (request.args.get("q") or "").strip()[:100]
    sector = _filter("sector", SECTORS)
    region = _filter("region", {*REGIONS, NATIONWIDE})
    page = request.args.get("page", 1, type=int)
    signed_in = current_user.is_authenticated
    return render_template(
        "networks/directory.html", query=query, sector=sector, region=region,
        pagination=services.directory(query, sector, region, page),
        mine=services.networks_of(current_user) if signed_in else [],
        invitations=demand.pending_co_owner_invitations(current_user) if signed_in else [],
        sector_options=sector_choices(), region_options=region_choices(),
    )


@bp.route("/networks/<int:network_id>")
def network(network_id: int):
    network = _network(network_id)
    planned = demand.open_planned_procurements(network)
    join_form = forms.JoinForm()
    join_form.set_organisations(joinable_organisations(current_user, network))
    leave_form = forms.OrganisationChoiceForm()
    leave_form.set_organisations(member_organisations_of(current_user, network))
    return render_template(
        "networks/network.html", network=network, join_form=join_form, leave_form=leave_form,
        action_form=forms.ActionForm(), update_count=services.update_count(network),
        document_count=len(services.documents_of(network)),
        joint=demand.joint_challenges(network, current_user),
        planned=planned, demands={p.id: demand.planned_demand(p) for p in planned},
        pending=services.pending_organisations(network, current_user),
        join_requests=(services.pending_join_requests(network)
                       if can_coordinate_network(current_user, network) else []),
        members=sorted(network.members, key=lambda m: m.organisation.name.lower()),
    )


@bp.route("/networks/new", methods=["GET", "POST"])
@login_required
def create():
    organisations = authorities_of(current_user)
    if not organisations:
        refuse(403, _("Only people at a verified contracting authority can start a network."))
    form = forms.NetworkForm()
    form.set_organisations(organisations)
    if form.validate_on_submit():
        try:
            network = services.create_network(current_user, form.chosen(organisations),
                                              list(form.sectors.data or []),
                                              **form.profile_data())
        except DomainError as error:
            add_form_error(form, error.field, error.message)
        else:
            flash(_("The network has been created. Your organisation coordinates it."),
                  "success")
            return _back_to(network)
    return form_page("networks/form.html", form, network=None)


@bp.route("/networks/<int:network_id>/edit", methods=["GET", "POST"])
@login_required
def edit(network_id: int):
    network = _network(network_id)
    require(can_coordinate_network(current_user, network))
    form = forms.EditNetworkForm(obj=network)
    if request.method == "GET":
        form.join_policy.data = network.join_policy.value
    if form.validate_on_submit():
        services.update_network(network, current_user, list(form.sectors.data or []),
                                **form.profile_data())
        flash(_("The network has been saved."), "success")
        return _back_to(network)
    return form_page("networks/form.html", form, network=network)


# -- joining, leaving, coordinating ---------------------------------------------------------

@bp.route("/networks/<int:network_id>/join", methods=["POST"])
@login_required
def join(network_id: int):
    network = _network(network_id)
    if not network.is_active:
        refuse(409, _("This network is archived."))
    organisations = joinable_organisations(current_user, network)
    if not organisations:
        refuse(403, _("Only verified contracting authorities that are not yet members can join "
                      "this network."))
    form = forms.JoinForm()
    form.set_organisations(organisations)
    if not form.validate_on_submit():
        abort(400)
    result = services.join_network(network, form.chosen(organisations), current_user,
                                   form.message.data or "")
    if isinstance(result, NetworkMember):
        flash(_("%(name)s is now a member of the network.", name=result.organisation.name),
              "success")
    else:
        flash(_("Your request has been sent to the coordinator."), "success")
    return _back_to(network)


@bp.route("/networks/<int:network_id>/requests/<int:request_id>/<any(approve, decline):decision>",
          methods=["POST"])
@login_required
def decide_request(network_id: int, request_id: int, decision: str):
    network = _network(network_id)
    require(can_coordinate_network(current_user, network))
    join_request = db.get_or_404(NetworkJoinRequest, request_id)
    if join_request.network_id != network.id:
        abort(404)
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    services.decide_join_request(join_request, current_user, decision == "approve")
    flash(_("The request has been answered."), "success")
    return _back_to(network)


@bp.route("/networks/<int:network_id>/leave", methods=["POST"])
@login_required
def leave(network_id: int):
    network = _network(network_id)
    organisations = member_organisations_of(current_user, network)
    require(bool(organisations))
    form = forms.OrganisationChoiceForm()
    form.set_organisations(organisations)
    if not form.validate_on_submit():
        abort(400)
    organisation = form.chosen(organisations)
    services.ensure_may_leave(network, organisation)
    if not is_confirmed():
        return confirmation_page(
            _("Leave the network?"), url_for(".leave", network_id=network.id),
            _("Yes, leave the network"), url_for(".network", network_id=network.id),
            caption=network.name, destructive=True,
            hidden={"organisation": str(organisation.id)},
            consequences=[_("%(name)s stops being a member: its people no longer read the "
                            "network's updates and documents.", name=organisation.name),
                          _("Joint challenges it co-owns stay co-owned."),
                          _("To come back, it must join again.")])
    services.leave_network(network, organisation, current_user)
    if network.is_active:
        flash(_("%(name)s has left the network.", name=organisation.name), "success")
    else:
        flash(_("%(name)s was the last member, so the network is now archived.",
                name=organisation.name), "success")
    return _back_to(network)


@bp.route("/networks/<int:network_id>/coordinator", methods=["GET", "POST"])
@login_required
def hand_over(network_id: int):
    network = _network(network_id)
    require(can_coordinate_network(current_user, network))
    candidates = [o for o in network.member_organisations if o.id != network.coordinator_id]
    form = forms.HandOverForm()
    form.set_organisations(candidates)
    if candidates and form.validate_on_submit():
        try:
            services.hand_over_coordination(network, form.chosen(candidates), current_user)
        except DomainError as error:
            add_form_error(form, error.field, error.message)
        else:
            flash(_("%(name)s now coordinates the network.", name=network.coordinator.name),
                  "success")
            return _back_to(network)
    return form_page("networks/hand_over.html", form, network=network, candidates=candidates)


# -- members' area: updates and documents ---------------------------------------------------

def _require_private_access(network: Network) -> None:
    if not can_view_network_private(current_user, network):
        refuse(403, _("Only the network's members can see its updates and shared documents."))


@bp.route("/networks/<int:network_id>/updates", methods=["GET", "POST"])
@login_required
def updates(network_id: int):
    network = _network(network_id)
    _require_private_access(network)
    form = forms.UpdateForm()
    if request.method == "POST":
        require(can_post_network_update(current_user, network))
        if form.validate_on_submit():
            services.post_update(network, current_user, form.title.data, form.body.data)
            flash(_("The update has been posted and the members told."), "success")
            return redirect(url_for(".updates", network_id=network.id))
    return form_page("networks/updates.html", form, network=network)


@bp.route("/networks/<int:network_id>/documents", methods=["GET", "POST"])
@login_required
def documents(network_id: int):
    network = _network(network_id)
    _require_private_access(network)
    form = forms.DocumentForm()
    if request.method == "POST":
        require(can_post_network_update(current_user, network))
        if form.validate_on_submit():
            try:
                services.upload_document(network, current_user, form.document.data)
            except DomainError as error:
                add_form_error(form, "document", error.message)
                return form_page("networks/documents.html", form, network=network,
                                 documents=services.documents_of(network),
                                 status=error.status)
            flash(_("The document has been shared with the members."), "success")
            return redirect(url_for(".documents", network_id=network.id))
    return form_page("networks/documents.html", form, network=network,
                     documents=services.documents_of(network), action_form=forms.ActionForm())


@bp.route("/networks/<int:network_id>/documents/<int:attachment_id>/delete", methods=["POST"])
@login_required
def delete_document(network_id: int, attachment_id: int):
    network = _network(network_id)
    attachment = services.document_of(network, attachment_id)
    require(can_delete_network_document(current_user, network, attachment))
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    services.delete_document(network, attachment, current_user)
    flash(_("The document has been removed."), "success")
    return redirect(url_for(".documents", network_id=network.id))


# -- planned procurements and joint challenges ----------------------------------------------

@bp.route("/networks/<int:network_id>/procurements/new", methods=["GET", "POST"])
@login_required
def new_planned(network_id: int):
    network = _network(network_id)
    require(can_coordinate_network(current_user, network))
    form = forms.PlannedProcurementForm()
    if form.validate_on_submit():
        planned = demand.announce_planned_procurement(network, current_user,
                                                      **form.planned_data())
        flash(_("The planned procurement has been announced."), "success")
        return redirect(url_for(".planned", network_id=network.id, planned_id=planned.id))
    return form_page("networks/planned_form.html", form, network=network, planned=None)


@bp.route("/networks/<int:network_id>/procurements/<int:planned_id>")
def planned(network_id: int, planned_id: int):
    network = _network(network_id)
    planned = _planned(network, planned_id)
    mine = [r for r in (demand.registration_of(o, planned=planned)
                        for o in authorities_of(current_user)) if r]
    return render_template(
        "networks/planned.html", network=network, planned=planned,
        demand=demand.planned_demand(planned), mine=mine, route_labels=ProcurementRoute.labels(),
        registrations=demand.registrations_on(planned=planned),
        invitation_labels=forms.INVITATION_LABELS,
    )


@bp.route("/networks/<int:network_id>/procurements/<int:planned_id>/edit",
          methods=["GET", "POST"])
@login_required
def edit_planned(network_id: int, planned_id: int):
    network = _network(network_id)
    planned = _planned(network, planned_id)
    require(can_coordinate_network(current_user, network) and planned.is_open)
    form = forms.PlannedProcurementForm(obj=planned)
    if request.method == "GET":
        form.route.data = planned.route.value
    if form.validate_on_submit():
        demand.update_planned_procurement(planned, current_user, **form.planned_data())
        flash(_("The planned procurement has been saved."), "success")
        return redirect(url_for(".planned", network_id=network.id, planned_id=planned.id))
    return form_page("networks/planned_form.html", form, network=network, planned=planned)


@bp.route("/networks/<int:network_id>/procurements/<int:planned_id>/cancel", methods=["POST"])
@login_required
def cancel_planned(network_id: int, planned_id: int):
    network = _network(network_id)
    planned = _planned(network, planned_id)
    require(can_coordinate_network(current_user, network))
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    demand.cancel_planned_procurement(planned, current_user)
    flash(_("The planned procurement has been cancelled."), "success")
    return redirect(url_for(".planned", network_id=network.id, planned_id=planned.id))


@bp.route("/networks/<int:network_id>/procurements/<int:planned_id>/convert",
          methods=["GET", "POST"])
@login_required
def convert_planned(network_id: int, planned_id: int):
    network = _network(network_id)
    planned = _planned(network, planned_id)
    require(can_coordinate_network(current_user, network))
    if not planned.is_open:
        refuse(409, _("This planned procurement is no longer collecting interest."))
    form = forms.ConvertForm()
    if form.validate_on_submit():
        demand.convert_to_joint_challenge(planned, current_user, ChallengeKind(form.kind.data))
        flash(_("The joint challenge has been created as a draft. The interested authorities "
                "have been asked to confirm co-ownership."), "success")
        return redirect(url_for(".planned", network_id=network.id, planned_id=planned.id))
    return form_page("networks/convert.html", form, network=network, planned=planned,
                     registrations=demand.registrations_on(planned=planned))


@bp.route("/networks/invitations/<int:invitation_id>")
@login_required
def invitation(invitation_id: int):
    invitation = db.get_or_404(CoOwnerInvitation, invitation_id)
    require(can_publish_as(current_user, invitation.organisation))
    return render_template("networks/invitation.html", invitation=invitation,
                           action_form=forms.ActionForm())


@bp.route("/networks/invitations/<int:invitation_id>/<any(confirm, decline):decision>",
          methods=["POST"])
@login_required
def answer_invitation(invitation_id: int, decision: str):
    invitation = db.get_or_404(CoOwnerInvitation, invitation_id)
    require(can_publish_as(current_user, invitation.organisation))
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    demand.answer_co_owner_invitation(invitation, current_user, decision == "confirm")
    if decision == "confirm":
        flash(_("%(name)s is now a co-owner of the joint challenge.",
                name=invitation.organisation.name), "success")
    else:
        flash(_("You have declined co-ownership."), "success")
    return redirect(url_for(".invitation", invitation_id=invitation.id))


# -- interest registration ------------------------------------------------------------------

def _interest_form(organisations, registration_lookup) -> forms.InterestForm:
    form = forms.InterestForm()
    form.set_organisations(organisations)
    if request.method == "GET":
        wanted = request.args.get("organisation", type=int)
        organisation = next((o for o in organisations if o.id == wanted), organisations[0])
        form.organisation.data = str(organisation.id)
        _prefill(form, registration_lookup(organisation))
    return form


def _prefill(form: forms.InterestForm, registration) -> None:
    if registration is None:
        form.contact_name.data = current_user.name
        form.contact_email.data = current_user.email
        return
    for name in ("volume_quantity", "volume_unit", "amount_sek", "time_frame", "contact_name",
                 "contact_email", "contact_phone", "comment", "show_volume_publicly"):
        getattr(form, name).data = getattr(registration, name)


def _save_interest(form, organisations, register) -> bool:
    if not form.validate_on_submit():
        return False
    try:
        register(form.chosen(organisations), form.details())
    except DomainError as error:
        add_form_error(form, error.field, error.message)
        return False
    flash(_("Thank you. Your interest has been registered."), "success")
    return True


def _challenge_interest_refusal(challenge: Challenge) -> str:
    if can_see_challenge_interest(current_user, challenge):
        return _("Your organisation owns this challenge; other authorities register interest.")
    return demand.interest_refusal(current_user)


@bp.route("/challenges/<int:challenge_id>/interest", methods=["GET", "POST"])
@login_required
def challenge_interest(challenge_id: int):
    challenge = _public_challenge(challenge_id)
    organisations = interest_organisations_for_challenge(current_user, challenge)
    if not organisations:
        if request.method == "GET" and can_see_challenge_interest(current_user, challenge):
            return render_template("networks/challenge_interest.html", challenge=challenge,
                                   form=None, mine=[])
        refuse(403, _challenge_interest_refusal(challenge))
    if challenge.effective_state != ChallengeState.PUBLISHED:  # to the second
        refuse(409, _("Interest can only be registered while the challenge is open."))
    form = _interest_form(organisations, lambda o: demand.registration_of(o, challenge=challenge))
    if _save_interest(form, organisations, lambda organisation, details:
                      demand.register_challenge_interest(challenge, organisation, current_user,
                                                         details)):
        return redirect(url_for(".challenge_interest", challenge_id=challenge.id))
    mine = [r for r in (demand.registration_of(o, challenge=challenge) for o in organisations)
            if r]
    return form_page("networks/challenge_interest.html", form, challenge=challenge, mine=mine,
                     action_form=forms.ActionForm())


@bp.route("/networks/<int:network_id>/procurements/<int:planned_id>/interest",
          methods=["GET", "POST"])
@login_required
def planned_interest(network_id: int, planned_id: int):
    network = _network(network_id)
    planned = _planned(network, planned_id)
    organisations = authorities_of(current_user)
    if not organisations:
        refuse(403, demand.interest_refusal(current_user))
    if not can_register_planned_interest(current_user, planned):
        refuse(409, _("This planned procurement is no longer collecting interest."))
    form = _interest_form(organisations, lambda o: demand.registration_of(o, planned=planned))
    if _save_interest(form, organisations, lambda organisation, details:
                      demand.register_planned_interest(planned, organisation, current_user,
                                                       details)):
        return redirect(url_for(".planned", network_id=network.id, planned_id=planned.id))
    return form_page("networks/planned_interest.html", form, network=network, planned=planned)


def _withdraw(lookup):
    organisations = authorities_of(current_user)
    require(bool(organisations))
    form = forms.OrganisationChoiceForm()
    form.set_organisations(organisations)
    if not form.validate_on_submit():
        abort(400)
    registration = lookup(form.chosen(organisations))
    if registration is None:
        abort(404)
    demand.withdraw_interest(registration, current_user)
    flash(_("Your interest has been withdrawn."), "success")


@bp.route("/challenges/<int:challenge_id>/interest/withdraw", methods=["POST"])
@login_required
def withdraw_challenge_interest(challenge_id: int):
    challenge = _public_challenge(challenge_id)
    _withdraw(lambda o: demand.registration_of(o, challenge=challenge))
    return redirect(url_for(".challenge_interest", challenge_id=challenge.id))


@bp.route("/networks/<int:network_id>/procurements/<int:planned_id>/interest/withdraw",
          methods=["POST"])
@login_required
def withdraw_planned_interest(network_id: int, planned_id: int):
    network = _network(network_id)
    planned = _planned(network, planned_id)
    _withdraw(lambda o: demand.registration_of(o, planned=planned))
    return redirect(url_for(".planned", network_id=network.id, planned_id=planned.id))
