"""The catalogue of notification events: every e-mail the platform sends is one of these.

Each area registers its events (`register_event`) next to the services that send them.
An event's template is `templates/email/<key>.txt` (with the subject in `{% set subject %}`)
and `templates/email/<key>.html`; its group decides which preference applies.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class EventGroup(enum.StrEnum):
    SECURITY = "security"          # account e-mails: cannot be turned off
    ORGANISATION = "organisation"  # invitations, join requests, verification
    MY_CHALLENGES = "my_challenges"  # a buyer's own challenges: review, solutions, interest
    FOLLOWED = "followed"          # challenges I follow: clarifications, deadlines, outcomes
    ALERTS = "alerts"              # new challenges matching my profile or saved searches
    SOLUTIONS = "solutions"        # my solutions: receipts, reminders, decisions
    EVALUATION = "evaluation"      # jury invitations and reminders
    NETWORKS = "networks"          # network membership and updates


class Frequency(enum.StrEnum):
    IMMEDIATELY = "immediately"
    DAILY = "daily"
    WEEKLY = "weekly"
    OFF = "off"


DIGEST_FREQUENCIES = (Frequency.DAILY, Frequency.WEEKLY)


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


for _key in ("accounts/verify_email", "accounts/account_exists", "accounts/password_reset",
             "accounts/password_changed", "accounts/confirm_email_change",
             "accounts/email_changed", "accounts/confirm_two_factor"):
    register_event(_key, EventGroup.SECURITY)
for _key in ("organisations/organisation_invitation", "organisations/organisation_join_request",
             "organisations/organisation_join_decision",
             "organisations/organisation_verification"):
    register_event(_key, EventGroup.ORGANISATION, essential=True)
# Sent by the notifications area itself (templates in templates/email/notifications/).
register_event("notifications/deadline_reminder", EventGroup.SOLUTIONS)
