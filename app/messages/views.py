"""Message pages: a person's threads, a solution's thread (reading marks it read for the
reader's organisation), sending, and a buyer's message published as a clarification."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.core.db import writes_when_read
from app.core.domain import DomainError
from app.core.http import require
from app.core.views import add_form_error, form_page
from app.extensions import db
from app.messages import forms, services
from app.messages.models import Side
from app.messages.permissions import can_read_messages, guard_applies, side_of
from app.solutions.models import Solution

bp = Blueprint("messages", __name__, url_prefix="/messages")


def _solution(solution_id: int) -> Solution:
    """The solution whose thread the user may read; 404 for anyone else (a thread's
    existence is not confirmed to outsiders)."""
    solution = db.get_or_404(Solution, solution_id)
    require(can_read_messages(current_user, solution), 404)
    return solution


def _thread_page(solution: Solution, form, status: int | None = None):
    thread = services.thread_of(solution)
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
@writes_when_read  # the reader's organisation has now read the thread
def thread(solution_id: int):
    solution = _solution(solution_id)
    services.mark_read(solution, current_user)
    return _thread_page(solution, forms.MessageForm())


@bp.route("/solutions/<int:solution_id>", methods=["POST"])
@login_required
def send(solution_id: int):
    solution = _solution(solution_id)
    form = forms.MessageForm()
    if not form.validate() or not _guard_answered(form, solution):
        return _thread_page(solution, form)
    if guard_applies(current_user, solution) and form.changes_conditions.data == "yes":
        clarification = forms.ClarificationForm(formdata=None, text=form.body.data)
        return render_template("messages/clarify.html", form=clarification,
                               solution=solution, challenge=solution.challenge)
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
    if guard_applies(current_user, solution) and form.changes_conditions.data not in (
            "yes", "no"):
        add_form_error(form, "changes_conditions",
                       _("Say whether the message changes or clarifies the conditions."))
        return False
    return True


@bp.route("/solutions/<int:solution_id>/clarification", methods=["POST"])
@login_required
def clarification(solution_id: int):
    solution = _solution(solution_id)
    require(side_of(current_user, solution) == Side.BUYER)
    form = forms.ClarificationForm()
    if not form.validate():
        return form_page("messages/clarify.html", form, solution=solution,
                         challenge=solution.challenge)
    try:
        services.publish_as_clarification(solution, current_user, form.subject.data or "",
                                          form.text.data)
    except DomainError as error:
        db.session.rollback()
        add_form_error(form, error.field if error.field in form else None, error.message)
        return form_page("messages/clarify.html", form, status=error.status,
                         solution=solution, challenge=solution.challenge)
    flash(_("The clarification has been published for every supplier."), "success")
    return redirect(url_for("challenges.detail", challenge_id=solution.challenge_id))
