"""Queueing e-mails: rendered in the recipient's language, stored in the outbox."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from flask import current_app, render_template
from flask_babel import force_locale

from app.extensions import db
from app.notifications.catalogue import event as catalogue_event
from app.notifications.models import OutboxMessage, OutboxStatus


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def render_email(template: str, locale: str, **context) -> RenderedEmail:
    """Render `templates/email/<template>.txt/.html` in a language; the subject is in the text."""
    context.setdefault("base_url", current_app.config["BASE_URL"])
    with force_locale(locale):
        module = current_app.jinja_env.get_template(f"email/{template}.txt").make_module(
            {**current_app.jinja_env.globals, **context}
        )
        subject = " ".join(str(getattr(module, "subject", "")).split())
        text = str(module).strip() + "\n"
        html = render_template(f"email/{template}.html", subject=subject, **context)
    return RenderedEmail(subject=subject, text=text, html=html)


def new_message_id() -> str:
    """A globally unique Message-ID for a queued e-mail."""
    domain = current_app.config["BASE_URL"].split("//")[-1].split("/")[0].split(":")[0]
    return f"<{uuid.uuid4().hex}@{domain or 'arena.local'}>"


def queue_email(
    template: str, to_address: str, locale: str = "sv", recipient=None, headers=None, **context
) -> OutboxMessage:
    """Render an e-mail and add it to the outbox in the current transaction (flush only)."""
    rendered = render_email(template, locale, recipient=recipient, **context)
    message = OutboxMessage(
        message_id=new_message_id(),
        event=template,
        recipient_id=getattr(recipient, "id", None),
        to_address=to_address,
        subject=rendered.subject,
        body_text=rendered.text,
        body_html=rendered.html,
        headers=headers or {},
    )
    db.session.add(message)
    db.session.flush()
    return message


def queue_email_to_user(template: str, user, **context) -> OutboxMessage:
    """Queue an e-mail to a user's address in the user's language."""
    return queue_email(template, user.email, locale=user.locale, recipient=user, **context)


def notify(event_key: str, recipients, **context) -> list[OutboxMessage]:
    """Tell users about an event from the catalogue, each in their own language.

    This is the one entry point areas use for notifications; it decides, per recipient,
    whether and how the message goes out. Duplicate recipients get one message.
    """
    catalogue_event(event_key)
    seen: set[int] = set()
    messages = []
    for user in recipients:
        if user.id in seen:
            continue
        seen.add(user.id)
        messages.append(queue_email_to_user(event_key, user, **context))
    return messages


def backlog_count() -> int:
    """How many messages are waiting to be delivered."""
    return db.session.scalar(
        db.select(db.func.count(OutboxMessage.id)).where(
            OutboxMessage.status.in_([OutboxStatus.QUEUED, OutboxStatus.SENDING])
        )
    )
