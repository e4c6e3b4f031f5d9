"""Evaluation pages: the owner's (under /challenges/<id>/evaluation) and the jurors' (/jury)."""

from __future__ import annotations

import io

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.attachments.models import Attachment
from app.attachments.views import attachment_response
from app.challenges.models import Challenge, ChallengeState
from app.challenges.queries import challenge_or_404
from app.core.dates import local_input_value, parse_local_datetime
from app.core.db import utcnow, writes_when_read
from app.core.domain import DomainError
from app.core.http import refuse, require
from app.core.views import add_form_error, confirmation_page, form_page, is_confirmed
from app.evaluation import decision, forms, protocol, scoring, services
from app.evaluation.models import JurorStatus, JuryMember
from app.evaluation.permissions import (
    can_answer_invitation,
    can_manage_evaluation,
    can_score_solution,
    can_view_criteria,
    can_view_protocol,
    juror_can_view_solution,
)
from app.extensions import db
from app.organisations.permissions import is_member
from app.solutions.models import Solution, SolutionResult

bp = Blueprint("evaluation", __name__, url_prefix="/challenges/<int:challenge_id>/evaluation")
jury_bp = Blueprint("jury", __name__, url_prefix="/jury")


def _challenge(challenge_id: int) -> Challenge:
    return challenge_or_404(challenge_id, current_user)


def _owned_challenge(challenge_id: int) -> Challenge:
    challenge = _challenge(challenge_id)
    require(can_manage_evaluation(current_user, challenge))
    return challenge


def _action_form_ok() -> None:
    if not forms.ActionForm().validate_on_submit():
        abort(400)


# --- public criteria ---------------------------------------------------------------------

@bp.route("/criteria")
def criteria(challenge_id: int):
    challenge = _challenge(challenge_id)
    if not can_view_criteria(current_user, challenge):
        abort(404)
    return render_template("evaluation/criteria.html", challenge=challenge)


# --- the owner's overview ----------------------------------------------------------------

@bp.route("/")
@writes_when_read  # the first view creates the evaluation's settings
@login_required
def overview(challenge_id: int):
    challenge = _owned_challenge(challenge_id)
    evaluation = services.evaluation_for_reading(challenge)
    members = services.accepted_jurors(challenge)
    conflict_form = forms.OwnerConflictForm()
    _fill_conflict_choices(conflict_form, challenge)
    return render_template(
        "evaluation/overview.html", challenge=challenge, evaluation=evaluation,
        criteria=services.criteria_of(challenge), members=members,
        progress={m.id: scoring.progress_of(m) for m in members},
        results=scoring.results(challenge) if evaluation.is_open else [],
        solution_count=len(services.submitted_solutions(challenge)),
        complete=services.scoring_complete(challenge), action_form=forms.ActionForm(),
        conflict_form=conflict_form, lock_reason=services.criteria_lock_reason(challenge),
        ChallengeState=ChallengeState)


def _fill_conflict_choices(form, challenge: Challenge) -> None:
    form.juror.choices = [(str(m.id), protocol.juror_name(m, False))
                          for m in services.accepted_jurors(challenge)]
    form.solution.choices = [(str(e.number), protocol.solution_name(e, False))
                             for e in scoring.active_entries(challenge)]


@bp.route("/open", methods=["POST"])
@login_required
def open_evaluation(challenge_id: int):
    challenge = _owned_challenge(challenge_id)
    _action_form_ok()
    services.open_evaluation(challenge, current_user)
    flash(_("The evaluation has opened and the jurors have been told."), "success")
    return redirect(url_for(".overview", challenge_id=challenge_id))


@bp.route("/close-scoring", methods=["POST"])
@login_required
def close_scoring(challenge_id: int):
    challenge = _owned_challenge(challenge_id)
    _action_form_ok()
    services.close_scoring(challenge, current_user)
    flash(_("Scoring is closed. The scores that existed are counted; the protocol says so."),
          "success")
    return redirect(url_for(".overview", challenge_id=challenge_id))


@bp.route("/conflicts", methods=["POST"])
@login_required
def record_conflict(challenge_id: int):
    challenge = _owned_challenge(challenge_id)
    form = forms.OwnerConflictForm()
    _fill_conflict_choices(form, challenge)
    if not form.validate_on_submit():
        abort(400)
    member = _member(challenge, int(form.juror.data))
    entry = scoring.entry_by_number(challenge, int(form.solution.data))
    scoring.declare_conflict(member, entry, True, form.note.data or "", current_user)
    flash(_("The conflict of interest is recorded; any scores that juror gave the solution "
            "were withdrawn."), "success")
    return redirect(url_for(".overview", challenge_id=challenge_id))


# --- criteria ----------------------------------------------------------------------------

def _criteria_rows_wanted(existing: int) -> int:
    if request.method == "POST":
        shown = request.form.get("rows_shown", type=int)
    else:
        shown = request.args.get("rows", type=int)
    wanted = max(shown or existing + 2, existing, 1)
    return min(wanted, forms.MAX_CRITERIA)


def _criteria_initial(form, criteria) -> None:
    scale_keys = {v: k for k, v in services.SCALES.items()}
    for index, criterion in enumerate(criteria):
        form[f"name_{index}"].data = criterion.name
        form[f"description_{index}"].data = criterion.description
        form[f"weight_{index}"].data = str(criterion.weight)
        form[f"scale_{index}"].data = scale_keys.get((criterion.scale_min, criterion.scale_max),
                                                     services.DEFAULT_SCALE)


def _criteria_input(form, rows: int) -> list[services.CriterionInput]:
    """The filled-in rows (a row without a name is left out)."""
    result = []
    for index in range(rows):
        name = (form[f"name_{index}"].data or "").strip()
        weight = (form[f"weight_{index}"].data or "").strip().rstrip("%").strip()
        if not name and not weight:
            continue
        if not name:
            add_form_error(form, f"name_{index}", _("Give the criterion a name."))
            continue
        low, high = services.SCALES.get(form[f"scale_{index}"].data,
                                        services.SCALES[services.DEFAULT_SCALE])
        result.append(services.CriterionInput(
            name, form[f"description_{index}"].data or "", int(weight) if weight else 0,
            low, high))
    return result


@bp.route("/criteria/edit", methods=["GET", "POST"])
@login_required
def edit_criteria(challenge_id: int):
    challenge = _owned_challenge(challenge_id)
    existing = services.criteria_of(challenge)
    rows = _criteria_rows_wanted(len(existing))
    form = forms.criteria_form(rows)()
    context = {"challenge": challenge, "rows": rows,
               "lock_reason": services.criteria_lock_reason(challenge)}
    if request.method == "GET":
        _criteria_initial(form, existing)
        form.rows_shown.data = str(rows)
        return form_page("evaluation/criteria_edit.html", form, **context)
    if form.validate_on_submit():
        entered = _criteria_input(form, rows)
        if not any(form[f"name_{i}"].errors for i in range(rows)):
            try:
                services.replace_criteria(challenge, current_user, entered)
            except DomainError as error:
                add_form_error(form, error.field, error.message)
            else:
                flash(_("The criteria have been saved."), "success")
                return redirect(url_for(".overview", challenge_id=challenge_id))
    return form_page("evaluation/criteria_edit.html", form, **context)


@bp.route("/criteria/suggested", methods=["POST"])
@login_required
def use_suggested_criteria(challenge_id: int):
    challenge = _owned_challenge(challenge_id)
    _action_form_ok()
    reason = services.suggested_criteria_refusal(challenge)
    if reason:
        refuse(409, reason)
    services.use_default_criteria(challenge, current_user)
    flash(_("The suggested criteria have been added. Adjust them to your challenge."),
          "success")
    return redirect(url_for(".edit_criteria", challenge_id=challenge_id))


# --- jury and options --------------------------------------------------------------------

def _jury_page(challenge: Challenge, invite_form, options_form, status: int = 200):
    return render_template(
        "evaluation/jury.html", challenge=challenge,
        evaluation=services.evaluation_for_reading(challenge),
        members=services.jury_of(challenge), invite_form=invite_form, options_form=options_form,
        action_form=forms.ActionForm(), JurorStatus=JurorStatus,
        now=utcnow()), status


@bp.route("/jury", methods=["GET", "POST"])
@login_required
def jury(challenge_id: int):
    challenge = _owned_challenge(challenge_id)
    invite_form = forms.InviteJurorForm()
    options_form = forms.OptionsForm(formdata=None)
    _fill_options(options_form, challenge)
    if request.method == "POST":
        if invite_form.validate_on_submit():
            try:
                services.invite_juror(challenge, current_user, invite_form.email.data,
                                     invite_form.language.data)
            except DomainError as error:
                add_form_error(invite_form, error.field, error.message)
            else:
                flash(_("Invitation sent to %(email)s.", email=invite_form.email.data),
                      "success")
                return redirect(url_for(".jury", challenge_id=challenge_id))
        return _jury_page(challenge, invite_form, options_form, 422)
    return _jury_page(challenge, invite_form, options_form)


def _fill_options(form, challenge: Challenge) -> None:
    evaluation = services.evaluation_for_reading(challenge)
    form.anonymised.data = evaluation.anonymised
    form.jurors_see_each_other.data = evaluation.jurors_see_each_other
    form.deadline.data = local_input_value(challenge.evaluation_deadline_at)


@bp.route("/options", methods=["POST"])
@login_required
def options(challenge_id: int):
    challenge = _owned_challenge(challenge_id)
    form = forms.OptionsForm()
    if form.validate_on_submit():
        try:
            services.update_options(challenge, current_user, bool(form.anonymised.data),
                                    bool(form.jurors_see_each_other.data),
                                    parse_local_datetime(form.deadline.data))
        except DomainError as error:
            add_form_error(form, error.field, error.message)
        else:
            flash(_("The options have been saved."), "success")
            return redirect(url_for(".jury", challenge_id=challenge_id))
    return _jury_page(challenge, forms.InviteJurorForm(formdata=None), form, 422)


def _member(challenge: Challenge, member_id: int) -> JuryMember:
    member = db.get_or_404(JuryMember, member_id)
    if member.challenge_id != challenge.id:
        abort(404)
    return member


@bp.route("/jury/<int:member_id>/<any(resend, revoke):action>", methods=["POST"])
@login_required
def jury_action(challenge_id: int, member_id: int, action: str):
    challenge = _owned_challenge(challenge_id)
    member = _member(challenge, member_id)
    _action_form_ok()
    if action == "resend":
        services.resend_invitation(member, current_user)
        flash(_("The invitation has been sent again to %(email)s.", email=member.email),
              "success")
    else:
        services.revoke_juror(member, current_user)
        flash(_("%(email)s is no longer invited to the jury.", email=member.email), "success")
    return redirect(url_for(".jury", challenge_id=challenge_id))


# --- deciding ----------------------------------------------------------------------------

def _decision_initial(form, challenge: Challenge) -> None:
    evaluation = services.evaluation_for_reading(challenge)
    for entry in scoring.active_entries(challenge):
        form[f"result_{entry.id}"].data = entry.draft_result.value if entry.draft_result else None
    form.justification.data = evaluation.justification
    form.feedback_for_others.data = evaluation.feedback_for_others
    form.presentation_at.data = local_input_value(evaluation.presentation_at)
    form.presentation_place.data = evaluation.presentation_place
    form.presentation_booking_url.data = evaluation.presentation_booking_url


def _decision_input(form, entries) -> decision.DecisionInput:
    values = {e.id: form[f"result_{e.id}"].data for e in entries}
    return decision.DecisionInput(
        results={k: SolutionResult(v) if v else None for k, v in values.items()},
        justification=form.justification.data or "",
        feedback_for_others=form.feedback_for_others.data or "",
        presentation_at=parse_local_datetime(form.presentation_at.data),
        presentation_place=form.presentation_place.data or "",
        presentation_booking_url=form.presentation_booking_url.data or "")


def _decision_context(challenge: Challenge) -> dict:
    return {"challenge": challenge, "evaluation": services.evaluation_for_reading(challenge),
            "results": scoring.results(challenge),
            "problems": decision.decision_problems(challenge),
            "invitation_missing": decision.invitation_fields_missing(challenge),
            "result_labels": forms.RESULT_LABELS}


@bp.route("/decision", methods=["GET", "POST"])
@login_required
def decide(challenge_id: int):
    challenge = _owned_challenge(challenge_id)
    if not services.evaluation_has_opened(challenge):
        refuse(409, _("The evaluation has not opened yet."))
    entries = scoring.active_entries(challenge)
    form = forms.decision_form([e.id for e in entries])()
    if request.method == "GET":
        _decision_initial(form, challenge)
    elif form.validate_on_submit():
        try:
            decision.save_decision(challenge, current_user, _decision_input(form, entries))
        except DomainError as error:
            add_form_error(form, error.field, error.message)
        else:
            flash(_("The decision has been saved. Suppliers see nothing until you publish it."),
                  "success")
            return redirect(url_for(".decide", challenge_id=challenge_id))
    return form_page("evaluation/decision.html", form, **_decision_context(challenge))


@bp.route("/decision/publish", methods=["GET", "POST"])
@login_required
def publish(challenge_id: int):
    challenge = _owned_challenge(challenge_id)
    if request.method == "POST":
        _action_form_ok()
        decision.publish_decision(challenge, current_user)
        flash(_("The decision is published and the suppliers have been told."), "success")
        return redirect(url_for(".overview", challenge_id=challenge_id))
    return render_template("evaluation/publish.html", action_form=forms.ActionForm(),
                           **_decision_context(challenge))


# --- protocol ----------------------------------------------------------------------------

def _protocol(challenge_id: int) -> protocol.Protocol:
    challenge = _challenge(challenge_id)
    require(can_view_protocol(current_user, challenge))
    return protocol.build(challenge)


def _download(body, mimetype: str, filename: str) -> Response:
    return send_file(io.BytesIO(body), mimetype=mimetype, as_attachment=True,
                     download_name=filename)


@bp.route("/protocol")
@login_required
def protocol_page(challenge_id: int):
    return render_template("evaluation/protocol.html", protocol=_protocol(challenge_id),
                           rank_text=protocol.rank_text)


@bp.route("/protocol.csv")
@login_required
def protocol_csv(challenge_id: int):
    body = protocol.to_csv(_protocol(challenge_id)).encode("utf-8")
    return _download(body, "text/csv; charset=utf-8",
                     f"evaluation-protocol-{challenge_id}.csv")


@bp.route("/protocol.pdf")
@login_required
def protocol_pdf(challenge_id: int):
    return _download(protocol.to_pdf(_protocol(challenge_id)), "application/pdf",
                     f"evaluation-protocol-{challenge_id}.pdf")


# --- the supplier's result ---------------------------------------------------------------

@bp.route("/result")
@login_required
def my_result(challenge_id: int):
    challenge = _challenge(challenge_id)
    solutions = [s for s in db.session.scalars(db.select(Solution).filter_by(
        challenge_id=challenge.id)) if is_member(current_user, s.organisation)]
    if not solutions:
        abort(404)
    evaluation = services.find_evaluation(challenge)
    return render_template(
        "evaluation/my_result.html", challenge=challenge, evaluation=evaluation,
        solutions=[(s, decision.published_result(s)) for s in solutions],
        published=bool(evaluation and evaluation.decision_published),
        result_labels=forms.RESULT_LABELS, SolutionResult=SolutionResult)


# --- jurors: invitations -----------------------------------------------------------------

@jury_bp.route("/")
@login_required
def home():
    seats = services.jury_seats_of(current_user)
    return render_template(
        "evaluation/my_juries.html", seats=seats,
        progress={s.id: scoring.progress_of(s) for s in seats},
        invitations=services.open_invitations_for(current_user), action_form=forms.ActionForm(),
        has_opened={s.id: services.evaluation_has_opened(s.challenge) for s in seats})


@jury_bp.route("/invitations/<token>", methods=["GET", "POST"])
def invitation(token: str):
    member = services.find_invitation(token)
    if request.method == "POST":
        require(current_user.is_authenticated)
        return _answer(member, request.form.get("answer", ""))
    return render_template("evaluation/invitation.html", member=member,
                           challenge=member.challenge, action_form=forms.ActionForm(),
                           may_answer=can_answer_invitation(current_user, member))


def _answer(member: JuryMember, answer: str):
    _action_form_ok()
    if answer == "accept":
        services.accept_invitation(member, current_user)
        flash(_("Thank you for joining the jury of “%(title)s”.", title=member.challenge.title),
              "success")
        return redirect(url_for("jury.challenge_home", challenge_id=member.challenge_id))
    if answer == "decline":
        services.decline_invitation(member, current_user)
        flash(_("You have declined the invitation."), "success")
        return redirect(url_for("jury.home"))
    abort(400)


@jury_bp.route("/seats/<int:member_id>/answer", methods=["POST"])
@login_required
def answer(member_id: int):
    member = db.get_or_404(JuryMember, member_id)
    if not can_answer_invitation(current_user, member):
        abort(404)
    return _answer(member, request.form.get("answer", ""))


# --- jurors: declaring and scoring -------------------------------------------------------

def _seat(challenge_id: int) -> tuple[Challenge, JuryMember]:
    challenge = _challenge(challenge_id)
    seat = services.jury_seat(current_user, challenge)
    if seat is None:
        abort(403)
    return challenge, seat


@jury_bp.route("/challenges/<int:challenge_id>")
@login_required
def challenge_home(challenge_id: int):
    challenge, seat = _seat(challenge_id)
    opened = services.evaluation_has_opened(challenge)
    entries = scoring.active_entries(challenge) if opened else []
    criteria = services.criteria_of(challenge)
    return render_template(
        "evaluation/juror_home.html", challenge=challenge, seat=seat, opened=opened,
        evaluation=services.evaluation_for_reading(challenge), entries=entries,
        declarations=scoring.declarations_of(seat), progress=scoring.progress_of(seat),
        blockers=scoring.submit_blockers(seat) if opened else [],
        criteria=criteria, scoring_open=services.scoring_is_open(challenge),
        complete=scoring.completed_sheets(seat, entries, criteria),
        action_form=forms.ActionForm())


def _conflicts_initial(form, entries, declarations) -> None:
    for entry in entries:
        declaration = declarations.get(entry.solution_id)
        if declaration:
            form[f"conflict_{entry.number}"].data = "yes" if declaration.has_conflict else "no"
            form[f"note_{entry.number}"].data = declaration.note


def _save_declarations(form, seat: JuryMember, entries) -> int:
    saved = 0
    for entry in entries:
        answer = form[f"conflict_{entry.number}"].data
        if answer not in ("yes", "no"):
            continue
        existing = scoring.declaration_of(seat, entry.solution_id)
        note = form[f"note_{entry.number}"].data or ""
        if existing and existing.has_conflict == (answer == "yes") and existing.note == note:
            continue
        scoring.declare_conflict(seat, entry, answer == "yes", note, current_user)
        saved += 1
    return saved


@jury_bp.route("/challenges/<int:challenge_id>/conflicts", methods=["GET", "POST"])
@login_required
def conflicts(challenge_id: int):
    challenge, seat = _seat(challenge_id)
    if not services.evaluation_has_opened(challenge):
        refuse(409, _("The evaluation has not opened yet."))
    entries = scoring.active_entries(challenge)
    form = forms.conflicts_form([e.number for e in entries])()
    context = {"challenge": challenge, "seat": seat, "entries": entries,
               "anonymised": services.evaluation_for_reading(challenge).anonymised,
               "declarations": scoring.declarations_of(seat)}
    if request.method == "GET":
        _conflicts_initial(form, entries, context["declarations"])
    elif form.validate_on_submit():
        try:
            _save_declarations(form, seat, entries)
        except DomainError as error:
            add_form_error(form, error.field, error.message)
        else:
            flash(_("Your declarations have been saved."), "success")
            return redirect(url_for(".challenge_home", challenge_id=challenge_id))
    return form_page("evaluation/conflicts.html", form, **context)


def _entry(challenge: Challenge, number: int):
    entry = scoring.entry_by_number(challenge, number)
    if entry is None:
        abort(404)
    return entry


def _viewable_entry(challenge: Challenge, number: int):
    entry = _entry(challenge, number)
    if not juror_can_view_solution(current_user, entry.solution):
        refuse(403, _("You can see a solution once you have declared that you have no "
                      "conflict of interest with it, while the evaluation is open."))
    return entry


def _score_initial(form, seat: JuryMember, entry, criteria) -> None:
    saved = scoring.scores_of(seat, entry.solution_id)
    for criterion in criteria:
        score = saved.get(criterion.id)
        form[f"score_{criterion.id}"].data = "" if not score or score.value is None else str(
            score.value)
        form[f"comment_{criterion.id}"].data = score.comment if score else ""


def _score_values(form, criteria) -> dict:
    return {c.id: (forms.parse_score(form[f"score_{c.id}"].data),
                   form[f"comment_{c.id}"].data or "") for c in criteria}


def _next_number(challenge: Challenge, seat: JuryMember, entry) -> int | None:
    later = [e for e in scoring.active_entries(challenge) if e.number > entry.number
             and juror_can_view_solution(current_user, e.solution)]
    return later[0].number if later else None


def _score_context(challenge, seat, entry, criteria) -> dict:
    evaluation = services.evaluation_for_reading(challenge)
    others = scoring.other_jurors_sheets(seat, entry)
    return {
        "challenge": challenge, "seat": seat, "entry": entry, "solution": entry.solution,
        "criteria": criteria, "anonymised": evaluation.anonymised,
        "files": scoring.juror_files(entry, evaluation.anonymised),
        "editable": can_score_solution(current_user, entry.solution),
        "others": [(o, scoring.scores_of(o, entry.solution_id),
                    scoring.juror_total(o, entry, criteria)) for o in others],
        "own_total": scoring.juror_total(seat, entry, criteria),
        "scale_ends": forms.SCALE_END_MEANINGS,
        "label_of": (scoring.member_label if evaluation.anonymised
                     else lambda m: protocol.juror_name(m, False)),
    }


@jury_bp.route("/challenges/<int:challenge_id>/solutions/<int:number>", methods=["GET", "POST"])
@login_required
def score(challenge_id: int, number: int):
    challenge, seat = _seat(challenge_id)
    entry = _viewable_entry(challenge, number)
    criteria = services.criteria_of(challenge)
    form = forms.score_form(criteria)()
    if request.method == "GET":
        _score_initial(form, seat, entry, criteria)
    elif form.validate_on_submit():
        try:
            scoring.save_scores(seat, entry, _score_values(form, criteria))
        except DomainError as error:
            add_form_error(form, error.field, error.message)
        else:
            flash(_("Your scores for %(solution)s have been saved.",
                    solution=scoring.solution_label(entry)), "success")
            following = _next_number(challenge, seat, entry) if form.save_next.data else None
            return redirect(url_for(".score", challenge_id=challenge_id,
                                    number=following or number))
    return form_page("evaluation/score.html", form,
                     **_score_context(challenge, seat, entry, criteria))


@jury_bp.route("/challenges/<int:challenge_id>/solutions/<int:number>/files/"
               "<int:attachment_id>")
@login_required
def attachment(challenge_id: int, number: int, attachment_id: int):
    challenge, _seat_ = _seat(challenge_id)
    entry = _viewable_entry(challenge, number)
    anonymised = services.evaluation_for_reading(challenge).anonymised
    names = {file.id: name for file, name in scoring.juror_files(entry, anonymised)}
    file = db.get_or_404(Attachment, attachment_id)
    if file.id not in names:
        abort(404)
    return attachment_response(file, download_name=names[file.id])


@jury_bp.route("/challenges/<int:challenge_id>/submit", methods=["POST"])
@login_required
def submit(challenge_id: int):
    challenge, seat = _seat(challenge_id)
    _action_form_ok()
    if scoring.progress_of(seat).ready_to_submit and not is_confirmed():
        return confirmation_page(
            _("Submit your scores?"), url_for(".submit", challenge_id=challenge_id),
            _("Yes, submit my scores"), url_for(".challenge_home", challenge_id=challenge_id),
            caption=challenge.title,
            consequences=[_("Your scores and comments become final: you cannot change them "
                            "afterwards."),
                          _("The buyer sees that you have submitted; the other jurors see "
                            "your scores only if the jury is set up that way.")])
    scoring.submit_scores(seat, current_user)
    flash(_("Thank you. Your scores have been submitted."), "success")
    return redirect(url_for(".challenge_home", challenge_id=challenge_id))
