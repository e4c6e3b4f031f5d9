"""Notification pages: the list behind the bell, settings, unsubscribe, the e-mail queue;
and the development mail viewer."""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from app.core.db import writes_when_read
from app.core.events import configurable_groups
from app.core.exposure import is_local_request
from app.core.http import require
from app.core.tokens import TokenError, TokenProblem
from app.core.views import form_page
from app.extensions import csrf, db
from app.notifications import inbox, preferences
from app.notifications.delivery import retry_all_failed, retry_failed
from app.notifications.forms import ActionForm, group_label, preferences_form
from app.notifications.models import OutboxMessage, OutboxStatus
from app.notifications.outbox import outbox_overview
from app.notifications.permissions import can_manage_outbox, can_read_notification

bp = Blueprint("notifications", __name__)


@bp.route("/notifications/")
@login_required
def inbox_page():
    page = request.args.get("page", 1, type=int)
    return render_template("notifications/inbox.html", form=ActionForm(),
                           pagination=inbox.notifications_of(current_user, max(page, 1)))


@bp.route("/notifications/<int:notification_id>")
@writes_when_read  # marks it read
@login_required
def open_notification(notification_id: int):
    """Follow a notification: it counts as read, then go to the page it is about."""
    notification = inbox.notification_of(current_user, notification_id) or abort(404)
    inbox.mark_read(notification)
    target = notification.url or ""
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(url_for(".inbox_page"))


@bp.route("/notifications/<int:notification_id>/read", methods=["POST"])
@login_required
def mark_read(notification_id: int):
    notification = inbox.notification_of(current_user, notification_id) or abort(404)
    require(can_read_notification(current_user, notification))
    if not ActionForm().validate_on_submit():
        abort(400)
    inbox.mark_read(notification)
    return redirect(url_for(".inbox_page"))


@bp.route("/notifications/read-all", methods=["POST"])
@login_required
def mark_all_read():
    if not ActionForm().validate_on_submit():
        abort(400)
    inbox.mark_all_read(current_user)
    flash(_("All notifications are marked as read."), "success")
    return redirect(url_for(".inbox_page"))


@bp.route("/account/notifications", methods=["GET", "POST"])
@login_required
def preferences_page():
    groups = configurable_groups()
    form = preferences_form(groups, preferences.current_choices(current_user))
    if form.validate_on_submit():
        preferences.save_choices(current_user, form.chosen())
        flash(_("Your notification settings have been saved."), "success")
        return redirect(url_for(".preferences_page"))
    return form_page("notifications/preferences.html", form, groups=groups)


def _token_problem(error: TokenError):
    message = (_("This unsubscribe link has expired. Change your settings after logging in.")
               if error.problem == TokenProblem.EXPIRED
               else _("This unsubscribe link is not valid."))
    return render_template("notifications/unsubscribe.html", problem=message), 400


@bp.route("/notifications/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # the signed token is the proof; mail programs post RFC 8058 one-click here
def unsubscribe(token: str):
    """GET asks for confirmation; POST (the button, or a mail program's one-click) acts."""
    try:
        user, groups = preferences.read_unsubscribe_token(token)
    except TokenError as error:
        return _token_problem(error)
    labels = [group_label(g) for g in groups]
    if request.method == "POST":
        preferences.unsubscribe(user, groups)
        return render_template("notifications/unsubscribe.html", done=True, labels=labels)
    return render_template("notifications/unsubscribe.html", labels=labels, email=user.email)


def administrators_only(view):
    """Platform administrators only (others: log in, or 403)."""

    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        require(can_manage_outbox(current_user))
        return view(*args, **kwargs)

    return wrapper


@bp.route("/admin/outbox")
@administrators_only
def outbox():
    return render_template("notifications/outbox.html", overview=outbox_overview(),
                           form=ActionForm())


@bp.route("/admin/outbox/<int:message_id>/retry", methods=["POST"])
@administrators_only
def retry_message(message_id: int):
    message = db.get_or_404(OutboxMessage, message_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if message.status == OutboxStatus.FAILED:
        retry_failed(message)
        flash(_("The message to %(address)s will be sent again.", address=message.to_address),
              "success")
    return redirect(url_for(".outbox"))


@bp.route("/admin/outbox/retry-failed", methods=["POST"])
@administrators_only
def retry_failed_messages():
    if not ActionForm().validate_on_submit():
        abort(400)
    count = retry_all_failed()
    flash(ngettext("%(num)d failed message will be sent again.",
                   "%(num)d failed messages will be sent again.", count), "success")
    return redirect(url_for(".outbox"))


devmail = Blueprint("devmail", __name__, url_prefix="/dev/mail")


@devmail.before_request
def _this_machine_only():
    if not is_local_request():
        abort(404)


@devmail.route("/")
def mailbox():
    messages = db.session.scalars(
        db.select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(100))
    return render_template("notifications/dev_mailbox.html", messages=list(messages))


@devmail.route("/<int:message_id>")
def message(message_id: int):
    return render_template("notifications/dev_message.html",
                           message=db.get_or_404(OutboxMessage, message_id))
