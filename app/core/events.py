"""Events: what the domain areas tell people about, and the one door they tell it through.

Every domain area declares its events here (`register_event`, next to the service that
sends them) and its possibly large audiences (`register_audience`), and tells people with
`notify(...)`, `notify_audience(...)` or, for an address without a choice of frequency,
`queue_email(...)`. The areas do not know who delivers: the notifications area, which
sits above every domain area, installs the delivery in its `init_app`
(`install_notifier`). So a domain area never imports the notifications area, and the
notifications area is free to use any domain area (accounts, funding) to do its work.

An event's template is `templates/email/<key>.txt` (subject in `{% set subject %}`,
in-app summary and link in `{% set summary %}` and `{% set link %}`) and `.html`; its
group decides which of the user's preferences applies.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Flask, current_app
from sqlalchemy import Select, select


class EventGroup(enum.StrEnum):
    SECURITY = "security"          # account e-mails: cannot be turned off
    ORGANISATION = "organisation"  # invitations, join requests, verification
    MY_CHALLENGES = "my_challenges"  # a buyer's own challenges: review, solutions, interest
    FOLLOWED = "followed"          # challenges I follow: clarifications, deadlines, outcomes
    ALERTS = "alerts"              # new challenges matching my profile or saved searches
    SOLUTIONS = "solutions"        # my solutions: receipts, reminders, decisions
    EVALUATION = "evaluation"      # jury invitations and reminders
    NETWORKS = "networks"          # network membership and updates
    DIALOGUE = "dialogue"          # events I registered for: changes, reminders, summaries
    CHECKS = "checks"              # advisors' recommendations, check applications


class Frequency(enum.StrEnum):
    IMMEDIATELY = "immediately"
    DAILY = "daily"
    WEEKLY = "weekly"
    OFF = "off"


DIGEST_FREQUENCIES = (Frequency.DAILY, Frequency.WEEKLY)


class Situation(enum.StrEnum):
    """The step a recipient is at, passed as `situation=` to `notify`; the notifier adds
    the funding programmes that can help at that step (the funding area's matcher)."""

    BUYER_PREPARING = "buyer_preparing"        # a buyer preparing a challenge
    BUYER_ONGOING = "buyer_ongoing"            # a buyer with an ongoing procurement
    BUYER_CAPACITY = "buyer_capacity"          # a buyer building capacity
    SME_ANSWERING = "sme_answering"            # an SME answering a challenge
    SME_WINNING = "sme_winning"                # an SME that won a challenge
    SME_INFRASTRUCTURE = "sme_infrastructure"  # an SME needing test infrastructure
    SME_IP = "sme_ip"                          # an SME needing an IP strategy


@dataclass(frozen=True)
class EmailAttachment:
    """A file to send with an e-mail (`notify(..., attachments=[...])`)."""

    filename: str
    content_type: str
    data: bytes


# --- the catalogue -----------------------------------------------------------------------

@dataclass(frozen=True)
class Event:
    key: str
    group: EventGroup
    essential: bool = False  # sent at once whatever the preferences (security, receipts)
    default: Frequency = Frequency.IMMEDIATELY


EVENTS: dict[str, Event] = {}


def register_event(key: str, group: EventGroup, essential: bool = False,
                   default: Frequency = Frequency.IMMEDIATELY) -> Event:
    """Add an event to the catalogue (idempotent)."""
    event = Event(key, group, essential or group == EventGroup.SECURITY, default)
    EVENTS[key] = event
    return event


def event(key: str) -> Event:
    """The catalogue entry for a key; unknown keys are a programming error."""
    try:
        return EVENTS[key]
    except KeyError:
        raise KeyError(f"notification event {key!r} is not in the catalogue") from None


def events_in(group: EventGroup | str) -> list[Event]:
    """The registered events of a group, in key order."""
    return sorted((e for e in EVENTS.values() if e.group == group), key=lambda e: e.key)


def configurable_groups() -> list[EventGroup]:
    """The groups a user can choose a frequency for: those with a non-essential event."""
    return [group for group in EventGroup
            if any(not e.essential for e in events_in(group))]


def group_default(group: EventGroup | str) -> Frequency:
    """The frequency a group has until the user chooses: its first optional event's default."""
    optional = [e for e in events_in(group) if not e.essential]
    return optional[0].default if optional else Frequency.IMMEDIATELY


# --- audiences ---------------------------------------------------------------------------

AUDIENCES: dict[str, Callable[..., Select]] = {}


def register_audience(name: str, user_ids: Callable[..., Select]) -> None:
    """Name a function returning a query of user ids (`select(User.id)...`), e.g. everyone
    following a challenge; `notify_audience` tells them, through the worker if many."""
    AUDIENCES[name] = user_ids


EXCEPT_USER = "except_user_id"  # an audience argument: everyone but this person


@dataclass(frozen=True)
class Audience:
    name: str
    args: dict = field(default_factory=dict)

    def user_ids(self) -> Select:
        args = dict(self.args)
        excluded = args.pop(EXCEPT_USER, None)
        ids = AUDIENCES[self.name](**args)
        if excluded is None:
            return ids
        column = ids.subquery().c[0]
        return select(column).where(column != excluded)


def audience(name: str, **args) -> Audience:
    """A registered audience with its arguments (plain values), e.g. a challenge's id.
    `except_user_id=` leaves one person out (someone already told in person)."""
    if name not in AUDIENCES:
        raise KeyError(f"audience {name!r} is not registered")
    return Audience(name, args)


# --- the door to the notifier ------------------------------------------------------------

@dataclass(frozen=True)
class Notifier:
    """What the notifications area installs: the functions below, done for real."""

    notify: Callable[..., list]
    notify_audience: Callable[..., object]
    queue_email: Callable[..., object]


_EXTENSION = "arena.notifier"


def install_notifier(app: Flask, notifier: Notifier) -> None:
    """Make `notifier` deliver this app's events (the notifications area's `init_app`)."""
    app.extensions[_EXTENSION] = notifier


def _notifier() -> Notifier:
    try:
        return current_app.extensions[_EXTENSION]
    except KeyError:
        raise RuntimeError("no notifier installed: create_app() sets up app.notifications,"
                           " which installs it") from None


def notify(event_key: str, recipients, **context) -> list:
    """Tell users about a catalogue event, each in their own language and as they chose.

    Per recipient the notifier applies their preference for the event's group (essential
    events always go at once), records an in-app notification (not for security e-mails)
    and queues the e-mail in the current transaction or keeps it for the digest. With
    `situation` (a `Situation`) the message adds funding that fits the recipient's
    organisation (`funding_organisation` names it when they have several). With
    `attachments` (EmailAttachment) each e-mail queued now carries those files (an e-mail
    kept for a digest does not). Duplicate and closed accounts are skipped. Returns the
    e-mails queued now.
    """
    return _notifier().notify(event_key, recipients, **context)


def notify_audience(event_key: str, target: Audience, **context):
    """`notify` for an audience that can be large: told at once up to NOTIFY_INLINE_LIMIT
    people, otherwise recorded and told by the worker in batches. Context values are plain
    values or model objects. Returns the recorded fan-out, or None if told at once."""
    return _notifier().notify_audience(event_key, target, **context)


def queue_email(template: str, to_address: str, locale: str = "sv", recipient=None,
                headers=None, **context):
    """Queue one e-mail to an address (in the current transaction), whatever anyone's
    preferences: account security e-mails and invitations to people without an account."""
    return _notifier().queue_email(template, to_address, locale=locale, recipient=recipient,
                                   headers=headers, **context)


def queue_email_to_user(template: str, user, **context):
    """`queue_email` to a user's address, in the user's language."""
    return queue_email(template, user.email, locale=user.locale, recipient=user, **context)
