"""Notifications: one entry point, `notify()`, that decides per recipient what goes out.

For each recipient it applies their preference for the event's group (at once, a daily or
weekly digest, or off), adds an in-app notification, adds a short "Funding that can help"
block when given the recipient's situation, and an unsubscribe link and headers to every
e-mail that is not essential. E-mail is only queued here; the outbox worker delivers it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from flask import current_app, render_template
from flask_babel import force_locale

from app.core.events import DIGEST_FREQUENCIES, Event, EventGroup, Frequency
from app.core.events import event as catalogue_event
from app.core.i18n import babel_locale
from app.core.urls import external_url, site_path
from app.extensions import db
from app.funding.models import FundingEventKind
from app.funding.services import FundingSuggestion, record, suggest_for_recipient
from app.notifications.inbox import shorten
from app.notifications.models import (
    Notification,
    OutboxAttachment,
    OutboxMessage,
    OutboxStatus,
)
from app.notifications.preferences import effective_frequency, stored_frequencies, unsubscribe_url


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


@dataclass(frozen=True)
class Declared:
    """What an event's text template declares besides its body: the e-mail's subject, and
    for the in-app list a one-sentence summary and the page it is about (`{% set ... %}`)."""

    subject: str
    summary: str
    link: str | None


def _text_module(template: str, context: dict):
    return current_app.jinja_env.get_template(f"email/{template}.txt").make_module(
        {**current_app.jinja_env.globals, **context})


def _declared(module, name: str) -> str:
    return " ".join(str(getattr(module, name, "")).split())


def render_declared(template: str, locale: str, **context) -> Declared:
    """The subject, summary and link an event's template declares, in a language."""
    with force_locale(babel_locale(locale)):
        module = _text_module(template, context)
        return Declared(_declared(module, "subject"), _declared(module, "summary"),
                        _declared(module, "link") or None)


def render_email(template: str, locale: str, **context) -> RenderedEmail:
    """Render `templates/email/<template>.txt/.html` in a language; the subject is in the text,
    and the HTML gets the `link` the text declares (for its button)."""
    with force_locale(babel_locale(locale)):
        module = _text_module(template, context)
        subject = _declared(module, "subject")
        text = str(module).strip() + "\n"
        html = render_template(f"email/{template}.html", subject=subject,
                               link=_declared(module, "link") or None, **context)
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
        subject=rendered.subject[:300],
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


def unsubscribe_headers(url: str) -> dict[str, str]:
    """RFC 2369 and RFC 8058 headers: mail programs offer a one-click unsubscribe button."""
    return {"List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def optional_email_extras(user, groups) -> tuple[dict, dict]:
    """Template context and headers for a non-essential e-mail: unsubscribe and settings."""
    url = unsubscribe_url(user, groups)
    context = {"unsubscribe_url": url,
               "preferences_url": external_url("notifications.preferences_page")}
    return context, unsubscribe_headers(url)


def _unique_active(recipients):
    seen: set[int] = set()
    for user in recipients:
        if user is None or user.id in seen or not getattr(user, "is_active_account", True):
            continue
        seen.add(user.id)
        yield user


def notify(event_key: str, recipients, *, situation=None, funding_organisation=None,
           attachments=(), **context) -> list[OutboxMessage]:
    """Tell users about an event from the catalogue, each in their own language.

    What `app.core.events.notify` does once this area installed it. Per recipient it applies
    their preference (essential events always go at once), records an in-app
    notification (except for security e-mails), and queues the e-mail now or keeps it
    for the digest. With `situation` (an `app.core.events.Situation`) the message
    carries 1–2 funding programmes that fit the recipient's organisation at that step;
    `funding_organisation` names the organisation when the recipient has several.
    `attachments` (app.core.events.EmailAttachment) go with every e-mail queued now.
    Duplicate recipients get one message. Returns the e-mails queued now.
    """
    event = catalogue_event(event_key)
    users = list(_unique_active(recipients))
    stored = stored_frequencies([u.id for u in users], event.group.value)
    messages = []
    for user in users:
        frequency = effective_frequency(event, stored.get((user.id, event.group.value)))
        funding = (suggest_for_recipient(user, situation, funding_organisation)
                   if situation else FundingSuggestion(None))
        message = _deliver(event, user, frequency, funding, context)
        if message is not None:
            attach(message, attachments)
            messages.append(message)
    return messages


def attach(message: OutboxMessage, attachments) -> None:
    """Add files to a queued e-mail (flush only); the worker sends them with it."""
    for item in attachments:
        message.attachments.append(OutboxAttachment(
            filename=item.filename, content_type=item.content_type, data=item.data))
    if attachments:
        db.session.flush()


def _deliver(event: Event, user, frequency: Frequency, funding: FundingSuggestion,
             context: dict) -> OutboxMessage | None:
    message = None
    if frequency == Frequency.IMMEDIATELY:
        message = _queue_event_email(event, user, funding, context)
    if funding and frequency != Frequency.OFF:
        record(funding.programmes, FundingEventKind.MATCHED, "email", funding.situation)
    if event.group != EventGroup.SECURITY:  # account links must not linger in a list
        _add_in_app(event, user, frequency, funding, message, context)
    return message


def _queue_event_email(event: Event, user, funding: FundingSuggestion,
                       context: dict) -> OutboxMessage:
    extras, headers = ({}, {}) if event.essential else optional_email_extras(user, [event.group])
    return queue_email_to_user(event.key, user, headers=headers, funding_suggestion=funding,
                               **extras, **context)


def _add_in_app(event: Event, user, frequency: Frequency, funding: FundingSuggestion,
                message: OutboxMessage | None, context: dict) -> Notification:
    declared = render_declared(event.key, user.locale, recipient=user, **context)
    notification = Notification(
        user_id=user.id, event=event.key, group=event.group.value,
        subject=declared.subject[:300], summary=shorten(declared.summary),
        url=site_path(declared.link), frequency=frequency,
        funding_keys=[p.key for p in funding.programmes] if frequency in DIGEST_FREQUENCIES
        else [],
        outbox_message_id=message.id if message else None,
    )
    db.session.add(notification)
    db.session.flush()
    return notification


def backlog_count() -> int:
    """How many messages are waiting to be delivered."""
    return db.session.scalar(
        db.select(db.func.count(OutboxMessage.id)).where(
            OutboxMessage.status.in_([OutboxStatus.QUEUED, OutboxStatus.SENDING])
        )
    )
