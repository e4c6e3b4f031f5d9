"""Solution pages: the supplier's form, the owners' inbox and exports, the dashboard."""

from __future__ import annotations

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

from app.challenges.models import Challenge
from app.challenges.queries import challenge_or_404
from app.core.domain import DomainError
from app.core.http import require
from app.core.views import add_form_error, confirmation_page, form_page, is_confirmed
from app.extensions import db
from app.organisations.models import Organisation
from app.solutions import exports, forms, overview, services
from app.solutions.models import Solution
from app.solutions.permissions import (
    can_change_solution_consent,
    can_delete_solution,
    can_edit_solution,
    can_view_solution_details,
    can_view_solution_inbox,
    can_withdraw_solution,
    solution_organisations,
)

bp = Blueprint("solutions", __name__)


def _challenge(challenge_id: int) -> Challenge:
    return challenge_or_404(challenge_id, current_user)


def _readable_solution(challenge: Challenge, solution_id: int) -> Solution:
    """The solution, or 404 (never confirming that someone else's solution exists)."""
    solution = db.get_or_404(Solution, solution_id)
    if solution.challenge_id != challenge.id or not can_view_solution_details(current_user,
                                                                              solution):
        abort(404)
    return solution


def _chosen_organisation(organisations: list[Organisation]) -> Organisation | None:
    """The organisation named in ?organisation=, the only one, or None (ask the user)."""
    raw = request.args.get("organisation", "")
    if not raw:
        return organisations[0] if len(organisations) == 1 else None
    chosen = next((o for o in organisations if str(o.id) == raw), None)
    require(chosen is not None)
    return chosen


# --- the supplier's own solution -----------------------------------------------------

@bp.route("/challenges/<int:challenge_id>/solution", methods=["GET", "POST"])
@login_required
def my_solution(challenge_id: int):
    challenge = _challenge(challenge_id)
    organisations = solution_organisations(current_user)
    if not organisations:
        return render_template("solutions/no_organisation.html", challenge=challenge), 403
    organisation = _chosen_organisation(organisations)
    if organisation is None:
        entries = [(o, services.solution_of(challenge, o)) for o in organisations]
        return render_template("solutions/choose_organisation.html", challenge=challenge,
                               entries=entries)
    solution = services.solution_of(challenge, organisation)
    if request.method == "GET":
        if solution and not can_edit_solution(current_user, solution):
            return redirect(url_for(".show", challenge_id=challenge.id, solution_id=solution.id))
        if solution is None:
            services.ensure_open(challenge)
    return _edit(challenge, organisation, solution)


def _edit(challenge: Challenge, organisation: Organisation, solution: Solution | None):
    form = forms.solution_form(challenge, attachments=_files(solution))
    if request.method == "GET":
        if solution:
            forms.fill_from(form, solution)
        else:
            form.version.data = "0"
        return _form_page(form, challenge, organisation, solution)
    try:
        services.ensure_open(challenge)
        if not form.validate():
            return _form_page(form, challenge, organisation, solution)
        solution, submitted = _save(challenge, organisation, solution, form)
    except DomainError as error:
        return _refused(form, challenge, organisation, error)
    if submitted:
        return redirect(url_for(".show", challenge_id=challenge.id, solution_id=solution.id))
    return redirect(url_for(".my_solution", challenge_id=challenge.id,
                            organisation=organisation.id))


def _save(challenge: Challenge, organisation: Organisation, solution: Solution | None,
          form: forms.SolutionForm) -> tuple[Solution, bool]:
    expected = form.expected_version()
    if solution is None:
        solution = services.start_solution(challenge, organisation, current_user)
        expected = None
    data, files = form.solution_input(), form.file_changes()
    if request.form.get("action") == "submit":
        version = services.submit_solution(solution, current_user, data, files, expected)
        flash(_("Your solution has been submitted (version %(number)d). We have e-mailed you a "
                "receipt with the time and the SHA-256 of what you submitted.",
                number=version.number), "success")
        return solution, True
    services.save_draft(solution, current_user, data, files, expected)
    flash(_("Your draft has been saved. Nobody outside %(name)s can see it.",
            name=organisation.name), "success")
    return solution, False


def _refused(form: forms.SolutionForm, challenge: Challenge, organisation: Organisation,
             error: DomainError):
    """Show the refusal on the form, keeping everything the user typed."""
    db.session.rollback()
    solution = services.solution_of(challenge, organisation)
    problems = getattr(error, "problems", [(error.field, error.message)])
    for field, message in problems:
        add_form_error(form, field if field and field in form else None, message)
    if solution is not None:  # after a conflict, saving again overwrites knowingly
        form.version.data = str(solution.version)
        form.version.raw_data = [form.version.data]
    return _form_page(form, challenge, organisation, solution, status=error.status)


def _files(solution: Solution | None) -> list:
    return services.attachments_of(solution) if solution else []


def _form_page(form, challenge: Challenge, organisation: Organisation,
               solution: Solution | None, status: int | None = None):
    return form_page(
        "solutions/form.html", form, status=status, challenge=challenge,
        organisation=organisation, solution=solution, attachments=_files(solution),
        ip_terms_text=forms.IP_TERMS_TEXT[challenge.ip_terms], trl_hints=forms.trl_hints(),
        several_organisations=len(solution_organisations(current_user)) > 1,
    )


@bp.route("/challenges/<int:challenge_id>/solutions/<int:solution_id>/withdraw",
          methods=["POST"])
@login_required
def withdraw(challenge_id: int, solution_id: int):
    solution = _readable_solution(_challenge(challenge_id), solution_id)
    require(can_withdraw_solution(current_user, solution))
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    if not is_confirmed():
        return confirmation_page(
            _("Withdraw your solution?"),
            url_for(".withdraw", challenge_id=challenge_id, solution_id=solution_id),
            _("Yes, withdraw it"),
            url_for(".show", challenge_id=challenge_id, solution_id=solution_id),
            caption=solution.challenge.title, destructive=True, consequences=[
                _("The buyer no longer considers your solution, and a jury does not score "
                  "it."),
                _("You can submit it again before the deadline.")],
            audience=[(_("The buyer's organisation"), solution.challenge.owner.name)])
    services.withdraw_solution(solution, current_user)
    flash(_("Your solution has been withdrawn. You can submit it again before the deadline."),
          "success")
    return redirect(url_for(".show", challenge_id=challenge_id, solution_id=solution_id))


@bp.route("/challenges/<int:challenge_id>/solutions/<int:solution_id>/delete",
          methods=["POST"])
@login_required
def delete(challenge_id: int, solution_id: int):
    solution = _readable_solution(_challenge(challenge_id), solution_id)
    require(can_delete_solution(current_user, solution))
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    if not is_confirmed():
        return confirmation_page(
            _("Delete the draft?"),
            url_for(".delete", challenge_id=challenge_id, solution_id=solution_id),
            _("Yes, delete the draft"),
            url_for(".my_solution", challenge_id=challenge_id),
            caption=solution.challenge.title, destructive=True,
            consequences=[_("The draft and its files are deleted for good; nobody else has "
                            "seen them.")])
    services.delete_draft(solution, current_user)
    flash(_("The draft has been deleted."), "success")
    return redirect(url_for(".dashboard"))


@bp.route("/challenges/<int:challenge_id>/solutions/<int:solution_id>/consent",
          methods=["POST"])
@login_required
def consent(challenge_id: int, solution_id: int):
    solution = _readable_solution(_challenge(challenge_id), solution_id)
    require(can_change_solution_consent(current_user, solution))
    form = forms.ConsentForm()
    if not form.validate_on_submit():
        abort(400)
    services.set_summary_consent(solution, current_user, bool(form.consent.data))
    flash(_("Your choice about the public summary has been saved."), "success")
    return redirect(url_for(".show", challenge_id=challenge_id, solution_id=solution_id))


# --- reading a solution --------------------------------------------------------------

@bp.route("/challenges/<int:challenge_id>/solutions/<int:solution_id>")
@login_required
def show(challenge_id: int, solution_id: int):
    challenge = _challenge(challenge_id)
    solution = _readable_solution(challenge, solution_id)
    consent_form = forms.ConsentForm(consent=solution.summary_public_after_decision)
    return render_template(
        "solutions/show.html", challenge=challenge, solution=solution,
        answers=services.answer_texts(solution), attachments=services.attachments_of(solution),
        trl_levels=forms.TRL_LEVELS, ip_terms_text=forms.IP_TERMS_TEXT[challenge.ip_terms],
        action_form=forms.ActionForm(), consent_form=consent_form,
    )


@bp.route("/challenges/<int:challenge_id>/solutions/<int:solution_id>/versions/"
          "<int:number>.json")
@login_required
def version_file(challenge_id: int, solution_id: int, number: int):
    solution = _readable_solution(_challenge(challenge_id), solution_id)
    version = next((v for v in solution.versions if v.number == number), None)
    if version is None:
        abort(404)
    filename = f"solution-{solution.id}-version-{number}.json"
    return Response(services.canonical_json(version.content), mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


# --- the owners' inbox and exports ---------------------------------------------------

def _owned_challenge(challenge_id: int) -> Challenge:
    challenge = _challenge(challenge_id)
    require(can_view_solution_inbox(current_user, challenge))
    return challenge


@bp.route("/challenges/<int:challenge_id>/solutions")
@login_required
def inbox(challenge_id: int):
    challenge = _owned_challenge(challenge_id)
    solutions = services.readable_solutions(challenge, current_user)
    return render_template("solutions/inbox.html", challenge=challenge, solutions=solutions,
                           latest_version=services.latest_version)


@bp.route("/challenges/<int:challenge_id>/solutions/export.csv")
@login_required
def export_csv(challenge_id: int):
    challenge = _owned_challenge(challenge_id)
    body = exports.solutions_csv(challenge, current_user)
    return Response(body.encode("utf-8"), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="challenge-{challenge.id}-solutions.csv"',
    })


@bp.route("/challenges/<int:challenge_id>/solutions/attachments.zip")
@login_required
def export_zip(challenge_id: int):
    challenge = _owned_challenge(challenge_id)
    archive = exports.attachments_zip(challenge, current_user)
    return send_file(archive, mimetype="application/zip", as_attachment=True,
                     download_name=f"challenge-{challenge.id}-attachments.zip")


# --- the supplier dashboard ----------------------------------------------------------

@bp.route("/solutions/")
@login_required
def dashboard():
    return render_template("solutions/dashboard.html",
                           board=overview.dashboard_for(current_user))
