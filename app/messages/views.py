"""Message pages: a person's threads, a solution's thread (reading marks it read for the
reader's organisation), sending, a buyer's announcements, and a buyer's message or
announcement published as a clarification instead (equal treatment)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.challenges.models import Challenge
from app.challenges.queries import challenge_or_404
from app.core.domain import DomainError
from app.core.http import require
from app.core.views import add_form_error, form_page
from app.extensions import db
from app.messages import announcements, forms, services
from app.messages.announcements import can_announce
from app.messages.models import Announcement, Side
from app.messages.permissions import GUARDED_STATES, can_read_messages, guard_applies, side_of
from app.solutions.models import Solution

bp = Blueprint("messages", __name__, url_prefix="/messages")


def _solution(solution_id: int) -> Solution:
    """The solution whose thread the user may read; 404 for anyone else (a thread's
    existence is not confirmed to outsiders)."""
    solution = services.load_solution(solution_id)
    require(solution is not None and can_read_messages(current_user, solution), 404)
    return solution


def _thread_page(solution: Solution, form, status: int | None = None, thread=None):
    thread = thread or services.thread_of(solution)
    messages = services.messages_of(thread)
    return form_page("messages/thread.html", form, status=status, solution=solution,
                     challenge=solution.challenge, thread=thread, messages=messages,
                     files=services.files_of(messages),
                     receipts=services.receipts(thread, current_user))


@bp.route("/")
@login_required
def index():
    return render_template("messages/index.html", rows=services.threads_for(current_user))


@bp.route("/solutions/<int:solution_id>")
@login_required
def thread(solution_id: int):
    solution = _solution(solution_id)
    thread = services.thread_of(solution)
    services.mark_read(thread, solution, current_user)  # recorded once the page is sent
    return _thread_page(solution, forms.MessageForm(), thread=thread)


@bp.route("/solutions/<int:solution_id>", methods=["POST"])
@login_required
def send(solution_id: int):
    solution = _solution(solution_id)
    form = forms.MessageForm()
    if not form.validate() or not _guard_answered(form, solution):
        return _thread_page(solution, form)
    if guard_applies(current_user, solution) and form.changes_conditions.data == "yes":
        return _clarify_page(forms.ClarificationForm(formdata=None, text=form.body.data),
                             solution.challenge, solution, status=200)
    try:
        services.send_message(solution, current_user, form.body.data, form.uploads())
    except DomainError as error:
        db.session.rollback()
        add_form_error(form, error.field if error.field in form else None, error.message)
        return _thread_page(solution, form, status=error.status)
    flash(_("Your message has been sent."), "success")
    return redirect(url_for(".thread", solution_id=solution.id))


def _guard_answered(form: forms.MessageForm, solution: Solution) -> bool:
    """A buyer writing during an open challenge must say whether the message changes or
    clarifies the conditions."""
    return not guard_applies(current_user, solution) or _conditions_answered(form)


def _conditions_answered(form) -> bool:
    if form.changes_conditions.data in ("yes", "no"):
        return True
    add_form_error(form, "changes_conditions",
                   _("Say whether the message changes or clarifies the conditions."))
    return False


@bp.route("/solutions/<int:solution_id>/clarification", methods=["POST"])
@login_required
def clarification(solution_id: int):
    solution = _solution(solution_id)
    require(side_of(current_user, solution) == Side.BUYER)
    form = forms.ClarificationForm()
    return _publish(form, solution.challenge, solution)


def _clarify_page(form, challenge: Challenge, solution: Solution | None = None,
                  status: int | None = None):
    action = (url_for(".clarification", solution_id=solution.id) if solution else
              url_for(".challenge_clarification", challenge_id=challenge.id))
    back = (url_for(".thread", solution_id=solution.id) if solution else
            url_for(".announcements_page", challenge_id=challenge.id))
    return form_page("messages/clarify.html", form, status=status, challenge=challenge,
                     action=action, back=back)


def _publish(form, challenge: Challenge, solution: Solution | None):
    """Publish the text as a public clarification of the challenge."""
    if not form.validate():
        return _clarify_page(form, challenge, solution)
    try:
        services.publish_as_clarification(challenge, current_user, form.subject.data or "",
                                          form.text.data)
    except DomainError as error:
        db.session.rollback()
        add_form_error(form, error.field if error.field in form else None, error.message)
        return _clarify_page(form, challenge, solution, status=error.status)
    flash(_("The clarification has been published for every supplier."), "success")
    return redirect(url_for("challenges.detail", challenge_id=challenge.id))


# -- announcements ------------------------------------------------------------------------

def _announcing(challenge_id: int) -> Challenge:
    challenge = challenge_or_404(challenge_id, current_user)
    require(can_announce(current_user, challenge))
    return challenge


def _announcements_page(challenge: Challenge, form, status: int | None = None):
    form.target.choices = announcements.choices(challenge)
    return form_page("messages/announcements.html", form, status=status, challenge=challenge,
                     sent=announcements.announcements_of(challenge),
                     target_label=announcements.target_label,
                     guarded=challenge.state in GUARDED_STATES)


@bp.route("/challenges/<int:challenge_id>/announcements")
@login_required
def announcements_page(challenge_id: int):
    return _announcements_page(_announcing(challenge_id), forms.AnnouncementForm())


@bp.route("/challenges/<int:challenge_id>/announcements", methods=["POST"])
@login_required
def announce(challenge_id: int):
    challenge = _announcing(challenge_id)
    form = forms.AnnouncementForm()
    form.target.choices = announcements.choices(challenge)
    guarded = challenge.state in GUARDED_STATES
    if not form.validate() or (guarded and not _conditions_answered(form)):
        return _announcements_page(challenge, form)
    if guarded and form.changes_conditions.data == "yes":
        return _clarify_page(forms.ClarificationForm(
            formdata=None, subject=form.subject.data, text=form.body.data), challenge,
            status=200)
    try:
        announcements.announce(challenge, current_user, form.target.data, form.subject.data,
                               form.body.data)
    except DomainError as error:
        db.session.rollback()
        add_form_error(form, error.field if error.field in form else None, error.message)
        return _announcements_page(challenge, form, status=error.status)
    flash(_("Your announcement has been sent."), "success")
    return redirect(url_for(".announcements_page", challenge_id=challenge.id))


@bp.route("/challenges/<int:challenge_id>/clarification", methods=["POST"])
@login_required
def challenge_clarification(challenge_id: int):
    challenge = _announcing(challenge_id)
    return _publish(forms.ClarificationForm(), challenge, None)


@bp.route("/announcements/<int:announcement_id>")
@login_required
def announcement(announcement_id: int):
    item = db.get_or_404(Announcement, announcement_id)
    require(announcements.can_read_announcement(current_user, item), 404)
    return render_template("messages/announcement.html", announcement=item,
                           challenge=item.challenge, target=announcements.target_label(item))
