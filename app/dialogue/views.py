"""Event pages: the public calendar and its feeds, an event, scheduling, registering,
participants, the summary and the personal calendar feed."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.challenges.queries import challenge_or_404
from app.core.db import utcnow
from app.core.domain import DomainError
from app.core.http import refuse, require
from app.core.reference import NATIONWIDE, REGIONS, SECTORS, region_choices, sector_choices
from app.core.views import add_form_error, form_page
from app.dialogue import calendar, exports, forms, queries, services
from app.dialogue.exports import slot_label
from app.dialogue.models import DialogueEvent, EventKind
from app.dialogue.months import month_grid, parse_month
from app.dialogue.permissions import (
    active_registration,
    can_cancel_registration,
    can_change_event,
    can_keep_meeting_notes,
    can_manage_event,
    can_publish_summary,
    can_read_material,
    can_register_for_event,
    can_schedule_on_challenge,
    can_schedule_on_planned,
    can_see_event_access,
    can_view_event,
    is_invited,
    supplier_organisations,
)
from app.extensions import db
from app.networks.models import PlannedProcurement

bp = Blueprint("dialogue", __name__)
ICS = "text/calendar; charset=utf-8"
PER_PAGE = 30


def _event(event_id: int) -> DialogueEvent:
    event = db.get_or_404(DialogueEvent, event_id)
    require(can_view_event(current_user, event), 404)
    return event


def _managed(event_id: int) -> DialogueEvent:
    event = _event(event_id)
    require(can_manage_event(current_user, event))
    return event


def _back(event: DialogueEvent):
    return redirect(url_for(".event", event_id=event.id))


# -- the public calendar --------------------------------------------------------------------

def _filters() -> dict:
    region = request.args.get("region") or None
    sector = request.args.get("sector") or None
    kind = request.args.get("kind") or None
    return {"region": region if region in {*REGIONS, NATIONWIDE} else None,
            "sector": sector if sector in SECTORS else None,
            "kind": kind if kind in {k.value for k in EventKind} else None}


@bp.route("/events/")
def calendar_page():
    chosen = _filters()
    month = parse_month(request.args.get("month"))
    if request.args.get("view") == "month":
        grid = month_grid(month)
        events = queries.public_events(grid.first_instant, grid.end_instant, **chosen)
        return render_template("dialogue/month.html", grid=grid, events=events,
                               filters=chosen, **_filter_options())
    pagination = db.paginate(queries.public_events_query(utcnow(), **chosen),
                             page=request.args.get("page", 1, type=int), per_page=PER_PAGE,
                             error_out=False)
    return render_template("dialogue/calendar.html", events=pagination.items,
                           pagination=pagination, filters=chosen, month=month,
                           **_filter_options())


def _filter_options() -> dict:
    return {"region_options": region_choices(), "sector_options": sector_choices(),
            "kind_options": [(kind.value, label) for kind, label in EventKind.labels().items()]}


@bp.route("/events/feed.atom")
def feed():
    events = queries.public_events(utcnow(), **_filters())
    body = render_template("dialogue/feed.atom.xml", events=events,
                           updated=calendar.last_modified(events))
    return Response(body, mimetype="application/atom+xml")


@bp.route("/events/calendar.ics")
def public_calendar():
    events = queries.public_events(utcnow(), **_filters())
    body = calendar.calendar_text(events, name=_("Innovation Arena: events"))
    return Response(body, mimetype=ICS)


# -- an event -------------------------------------------------------------------------------

def _registration_form(event: DialogueEvent) -> forms.RegistrationForm:
    form = forms.RegistrationForm()
    free = [s for s in event.slots if s.is_free]
    form.offer(supplier_organisations(current_user), free, slot_label)
    return form


def _render_event(event: DialogueEvent, form=None, status: int = 200):
    mine = active_registration(current_user, event)
    return render_template(
        "dialogue/event.html", event=event, mine=mine, counts=services.counts(event),
        form=form or _registration_form(event), button=forms.ButtonForm(),
        my_slot=services.slot_of(event, mine.organisation_id) if mine else None,
        show_access=can_see_event_access(current_user, event), slot_label=slot_label,
        material=services.material_of(event) if can_read_material(current_user, event) else [],
    ), status


@bp.route("/events/<int:event_id>")
def event(event_id: int):
    return _render_event(_event(event_id))


@bp.route("/events/<int:event_id>/register", methods=["POST"])
@login_required
def register(event_id: int):
    event = _event(event_id)
    if not is_invited(current_user, event):
        refuse(403, _("This pitch day is for the winners of the challenge only."))
    require(can_register_for_event(current_user, event),
            409 if supplier_organisations(current_user) else 403)
    form = _registration_form(event)
    if not form.validate_on_submit():
        return _render_event(event, form, 422)
    try:
        registration = services.register(event, current_user,
                                         form.chosen(supplier_organisations(current_user)),
                                         form.chosen_slot())
    except DomainError as error:
        if error.status != 422 and not error.field:
            refuse(error.status, error.message)
        add_form_error(form, error.field if error.field in ("organisation", "slot") else None,
                       error.message)
        return _render_event(event, form, error.status)
    flash(_("You are registered. The calendar file is in your e-mail.")
          if registration.is_registered else
          _("The event is full: you are on the waiting list and will be told if a place "
            "frees."), "success")
    return _back(event)


@bp.route("/events/<int:event_id>/registration/cancel", methods=["POST"])
@login_required
def cancel_registration(event_id: int):
    event = _event(event_id)
    registration = active_registration(current_user, event)
    require(registration is not None, 404)
    require(can_cancel_registration(current_user, registration), 409)
    services.cancel_registration(registration, current_user)
    flash(_("Your registration has been cancelled."), "success")
    return _back(event)


@bp.route("/events/<int:event_id>/calendar.ics")
def event_calendar(event_id: int):
    event = _event(event_id)
    mine = active_registration(current_user, event)
    slot = services.slot_of(event, mine.organisation_id) if mine and mine.is_registered else None
    body = calendar.calendar_text([event], with_access=can_see_event_access(current_user, event),
                                  slots={event.id: slot} if slot else None)
    return Response(body, mimetype=ICS, headers={
        "Content-Disposition": f'attachment; filename="event-{event.id}.ics"'})


# -- scheduling -----------------------------------------------------------------------------

def _schedule(target_caption: str, back_url: str, **target):
    form = forms.EventForm()
    if form.validate_on_submit():
        try:
            event = services.create_event(current_user, form.event_input(), **target)
        except DomainError as error:
            add_form_error(form, error.field, error.message)
        else:
            flash(_("The event has been scheduled."), "success")
            return _back(event)
    return form_page("dialogue/form.html", form, event=None, caption=target_caption,
                     back_url=back_url)


@bp.route("/challenges/<int:challenge_id>/events/new", methods=["GET", "POST"])
@login_required
def schedule_on_challenge(challenge_id: int):
    challenge = challenge_or_404(challenge_id, current_user)
    require(can_schedule_on_challenge(current_user, challenge))
    return _schedule(challenge.title, url_for("challenges.detail", challenge_id=challenge.id),
                     challenge=challenge)


@bp.route("/networks/<int:network_id>/procurements/<int:planned_id>/events/new",
          methods=["GET", "POST"])
@login_required
def schedule_on_planned(network_id: int, planned_id: int):
    planned = db.get_or_404(PlannedProcurement, planned_id)
    require(planned.network_id == network_id, 404)
    require(can_schedule_on_planned(current_user, planned))
    return _schedule(planned.title, url_for("networks.planned", network_id=network_id,
                                            planned_id=planned_id), planned=planned)


@bp.route("/challenges/<int:challenge_id>/events")
def challenge_events(challenge_id: int):
    challenge = challenge_or_404(challenge_id, current_user)
    return render_template("dialogue/challenge_events.html", challenge=challenge,
                           events=queries.events_of_challenge(challenge))


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@login_required
def edit(event_id: int):
    event = _managed(event_id)
    require(can_change_event(current_user, event), 409)
    form = forms.EventForm()
    if request.method == "GET":
        form.fill_from(event)
    if form.validate_on_submit():
        try:
            moved = services.update_event(event, current_user, form.event_input())
        except DomainError as error:
            add_form_error(form, error.field, error.message)
        else:
            flash(_("The event has been changed. Everyone registered has been sent the new "
                    "calendar file.") if moved else _("The event has been saved."), "success")
            return _back(event)
    return form_page("dialogue/form.html", form, event=event, caption=event.target_title,
                     back_url=url_for(".event", event_id=event.id))


@bp.route("/events/<int:event_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(event_id: int):
    event = _managed(event_id)
    require(can_change_event(current_user, event), 409)
    form = forms.CancelEventForm()
    if form.validate_on_submit():
        services.cancel_event(event, current_user, form.reason.data)
        flash(_("The event has been cancelled and everyone registered has been told."),
              "success")
        return _back(event)
    counts = services.counts(event)
    return render_template(
        "dialogue/cancel.html", form=form, title=_("Cancel the event"), caption=event.title,
        consequences=[_("The event is marked as cancelled on its page and in every calendar "
                        "feed."),
                      _("Everyone registered or on the waiting list gets an e-mail with your "
                        "reason and a calendar file that removes the event.")],
        audience=[(_("Registered"), counts["registered"]), (_("Waiting list"), counts["waiting"])],
        action_url=url_for(".cancel", event_id=event.id), confirm_label=_("Cancel the event"),
        cancel_url=url_for(".event", event_id=event.id), destructive=True,
    ), 422 if request.method == "POST" else 200


# -- for the organisers ---------------------------------------------------------------------

@bp.route("/events/<int:event_id>/participants")
@login_required
def participants(event_id: int):
    event = _managed(event_id)
    return render_template("dialogue/participants.html", event=event,
                           registrations=services.participants(event), slot_label=slot_label,
                           notes={n.organisation_id: n for n in event.notes},
                           note_form=forms.NoteForm(), counts=services.counts(event))


@bp.route("/events/<int:event_id>/participants.csv")
@login_required
def participants_csv(event_id: int):
    event = _managed(event_id)
    return Response(exports.participants_csv(event), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="event-{event.id}-participants.csv"'})


@bp.route("/events/<int:event_id>/summary", methods=["GET", "POST"])
@login_required
def summary(event_id: int):
    event = _managed(event_id)
    require(can_publish_summary(current_user, event), 409)
    form = forms.SummaryForm()
    if request.method == "GET" and event.summary_text:
        form.text.data = event.summary_text
    if form.validate_on_submit():
        services.publish_summary(event, current_user, form.text.data)
        flash(_("The summary has been published for everyone."), "success")
        return _back(event)
    return _summary_page(event, form, forms.MaterialForm())


def _summary_page(event: DialogueEvent, form, material_form, status: int | None = None):
    return form_page("dialogue/summary.html", form, status, event=event,
                     material_form=material_form, material=services.material_of(event),
                     button=forms.ButtonForm())


@bp.route("/events/<int:event_id>/material", methods=["POST"])
@login_required
def add_material(event_id: int):
    event = _managed(event_id)
    require(can_publish_summary(current_user, event), 409)
    material_form = forms.MaterialForm()
    if material_form.validate_on_submit():
        try:
            services.add_material(event, current_user, material_form.file.data)
        except DomainError as error:
            add_form_error(material_form, "file", error.message)
            return _summary_page(event, forms.SummaryForm(), material_form, error.status)
        flash(_("The file has been added."), "success")
        return redirect(url_for(".summary", event_id=event.id))
    return _summary_page(event, forms.SummaryForm(), material_form, 422)


@bp.route("/events/<int:event_id>/material/<int:attachment_id>/delete", methods=["POST"])
@login_required
def remove_material(event_id: int, attachment_id: int):
    event = _managed(event_id)
    require(can_publish_summary(current_user, event), 409)
    require(forms.ButtonForm().validate_on_submit(), 400)
    try:
        services.remove_material(event, current_user, attachment_id)
    except DomainError as error:
        refuse(error.status, error.message)
    flash(_("The file has been removed."), "success")
    return redirect(url_for(".summary", event_id=event.id))


@bp.route("/events/<int:event_id>/notes/<int:organisation_id>", methods=["POST"])
@login_required
def save_note(event_id: int, organisation_id: int):
    event = _managed(event_id)
    require(can_keep_meeting_notes(current_user, event), 409)
    slot = services.slot_of(event, organisation_id)
    require(slot is not None, 404)
    form = forms.NoteForm()
    if not form.validate_on_submit():
        refuse(422, _("The notes are too long."))
    services.save_note(event, slot.organisation, current_user, form.text.data or "")
    flash(_("The notes have been saved."), "success")
    return redirect(url_for(".participants", event_id=event.id))


# -- a person's own events and calendar feed ------------------------------------------------

@bp.route("/events/mine")
@login_required
def mine():
    return render_template(
        "dialogue/mine.html", registrations=queries.registrations_of(current_user, utcnow()),
        feed_url=url_for(".personal_feed", token=services.feed_token(current_user),
                         _external=True), button=forms.ButtonForm())


@bp.route("/events/mine/feed", methods=["POST"])
@login_required
def renew_feed():
    form = forms.ButtonForm()
    require(form.validate_on_submit(), 400)
    services.renew_feed(current_user)
    flash(_("Your calendar address has been replaced: the old one no longer works."),
          "success")
    return redirect(url_for(".mine"))


@bp.route("/events/feed/<token>.ics")
def personal_feed(token: str):
    user = services.user_for_feed(token)
    if user is None:
        abort(404)
    registrations = [r for r in queries.registrations_of(user) if r.is_registered]
    events = [r.event for r in registrations]
    slots = {r.event_id: services.slot_of(r.event, r.organisation_id) for r in registrations}
    body = calendar.calendar_text(events, with_access=True, name=_("My events"),
                                  slots={k: v for k, v in slots.items() if v})
    return Response(body, mimetype=ICS)
