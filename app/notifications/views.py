"""Development mail viewer: read what the outbox holds without an SMTP server."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template

from app.extensions import db
from app.notifications.models import OutboxMessage

bp = Blueprint("devmail", __name__, url_prefix="/dev/mail")


@bp.before_request
def _development_only():
    if current_app.config["ENV_NAME"] != "development":
        abort(404)


@bp.route("/")
def mailbox():
    messages = db.session.scalars(
        db.select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(100))
    return render_template("notifications/dev_mailbox.html", messages=list(messages))


@bp.route("/<int:message_id>")
def message(message_id: int):
    return render_template("notifications/dev_message.html",
                           message=db.get_or_404(OutboxMessage, message_id))
