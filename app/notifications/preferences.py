"""Notification preferences per user and event group, and one-click unsubscribe tokens."""

from __future__ import annotations

from app.accounts.models import User
from app.core.events import (
    Event,
    EventGroup,
    Frequency,
    configurable_groups,
    group_default,
)
from app.core.tokens import TokenError, make_token, read_token
from app.core.urls import external_url
from app.extensions import db
from app.notifications.models import NotificationPreference

UNSUBSCRIBE_PURPOSE = "notifications.unsubscribe"
UNSUBSCRIBE_MAX_AGE = 400 * 24 * 3600  # links in old e-mails keep working for a year and more


def stored_frequencies(user_ids, group: str | None = None) -> dict[tuple[int, str], Frequency]:
    """The stored choices of several users: {(user_id, group): frequency}."""
    ids = list(user_ids)
    if not ids:
        return {}
    query = db.select(NotificationPreference).where(NotificationPreference.user_id.in_(ids))
    if group is not None:
        query = query.where(NotificationPreference.group == group)
    return {(p.user_id, p.group): p.frequency for p in db.session.scalars(query)}


def effective_frequency(event: Event, stored: Frequency | None) -> Frequency:
    """Essential events always go at once; others follow the choice or the event's default."""
    if event.essential:
        return Frequency.IMMEDIATELY
    return stored or event.default


def current_choices(user: User) -> dict[EventGroup, Frequency]:
    """The user's frequency for each group they can choose for (stored, else the default)."""
    stored = stored_frequencies([user.id])
    return {group: stored.get((user.id, group.value), group_default(group))
            for group in configurable_groups()}


def set_frequency(user: User, group: EventGroup | str, frequency: Frequency) -> None:
    """Store the user's choice for a group (security e-mails cannot be turned off)."""
    group = EventGroup(group)
    if group == EventGroup.SECURITY:
        return
    preference = db.session.scalar(
        db.select(NotificationPreference).filter_by(user_id=user.id, group=group.value))
    if preference is None:
        preference = NotificationPreference(user_id=user.id, group=group.value)
        db.session.add(preference)
    preference.frequency = frequency
    db.session.flush()


def save_choices(user: User, choices: dict[EventGroup, Frequency]) -> None:
    """Store the settings page: one frequency per configurable group."""
    allowed = set(configurable_groups())
    for group, frequency in choices.items():
        if group in allowed:
            set_frequency(user, group, frequency)


def unsubscribe_token(user: User, groups) -> str:
    """A signed token that turns the groups off for the user, without logging in."""
    return make_token(UNSUBSCRIBE_PURPOSE, {"u": user.id, "g": sorted({str(g) for g in groups})})


def unsubscribe_url(user: User, groups) -> str:
    """The full one-click unsubscribe address for e-mails (BASE_URL)."""
    return external_url("notifications.unsubscribe", token=unsubscribe_token(user, groups))


def read_unsubscribe_token(token: str) -> tuple[User, list[EventGroup]]:
    """The user and groups of an unsubscribe token (TokenError if invalid or expired)."""
    payload = read_token(UNSUBSCRIBE_PURPOSE, token, max_age=UNSUBSCRIBE_MAX_AGE)
    try:
        user = db.session.get(User, int(payload["u"]))
        groups = [EventGroup(g) for g in payload["g"] if g != EventGroup.SECURITY.value]
    except (KeyError, TypeError, ValueError):
        raise TokenError() from None
    if user is None or not groups:
        raise TokenError()
    return user, groups


def unsubscribe(user: User, groups) -> None:
    """Turn the groups off: no more e-mail about them (in-app notifications continue)."""
    for group in groups:
        set_frequency(user, group, Frequency.OFF)
