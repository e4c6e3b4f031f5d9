"""Forms: notification settings, and the small button-only forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core.events import EventGroup, Frequency
from app.core.forms import ArenaForm, radio_field, required, submit_field

GROUP_LABELS = {
    EventGroup.SECURITY: _l("Your account and security"),
    EventGroup.ORGANISATION: _l("Your organisations"),
    EventGroup.MY_CHALLENGES: _l("Your own challenges"),
    EventGroup.FOLLOWED: _l("Challenges you follow"),
    EventGroup.ALERTS: _l("New challenges that match your interests"),
    EventGroup.SOLUTIONS: _l("Your solutions"),
    EventGroup.EVALUATION: _l("Jury work"),
    EventGroup.NETWORKS: _l("Your networks"),
    EventGroup.DIALOGUE: _l("Events you registered for"),
    EventGroup.CHECKS: _l("Advice and check funding"),
}
GROUP_HINTS = {
    EventGroup.ORGANISATION: _l("Invitations, requests to join and verification."),
    EventGroup.MY_CHALLENGES: _l("Review, solutions received and interest registered on "
                                 "challenges of your organisation."),
    EventGroup.FOLLOWED: _l("Published answers to questions, changed deadlines and outcomes."),
    EventGroup.ALERTS: _l("Challenges matching your interest profile or saved searches."),
    EventGroup.SOLUTIONS: _l("Deadline reminders for drafts and decisions on your solutions."),
    EventGroup.EVALUATION: _l("Jury invitations, reminders and evaluations opening."),
    EventGroup.NETWORKS: _l("Requests to join, decisions and updates in your networks."),
    EventGroup.DIALOGUE: _l("Reminders the day before, and published meeting summaries."),
    EventGroup.CHECKS: _l("Your advisor's recommendations, new clients and your check "
                          "applications."),
}
FREQUENCY_LABELS = {
    Frequency.IMMEDIATELY: _l("Immediately"),
    Frequency.DAILY: _l("Daily summary"),
    Frequency.WEEKLY: _l("Weekly summary"),
    Frequency.OFF: _l("Off"),
}
FREQUENCY_CHOICES = [(f.value, label) for f, label in FREQUENCY_LABELS.items()]


def group_label(group) -> str:
    """The readable name of an event group (its key if another area added a new one)."""
    try:
        return str(GROUP_LABELS[EventGroup(group)])
    except (KeyError, ValueError):
        return str(group)


class ActionForm(ArenaForm):
    """A button that posts (mark as read, retry): only the CSRF token."""


def preferences_form(groups: list[EventGroup], choices: dict[EventGroup, Frequency]):
    """The settings form: one radio group per configurable event group."""

    class PreferencesForm(ArenaForm):
        submit = submit_field(_l("Save settings"))

        def chosen(self) -> dict[EventGroup, Frequency]:
            return {group: Frequency(self[group.value].data) for group in groups}

    for group in groups:
        setattr(PreferencesForm, group.value, radio_field(
            GROUP_LABELS.get(group, group.value), FREQUENCY_CHOICES, required(),
            default=choices[group].value, description=GROUP_HINTS.get(group, "")))
    return PreferencesForm()
