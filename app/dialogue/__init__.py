"""Dialogue events: information meetings, one-to-one meetings, pitch days and workshops on
a challenge, need or planned procurement, with registration, waiting lists, calendar files
and a published summary for everyone."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the event pages, the reminder jobs, the challenge timeline entries, each
    event's registrants as a group for announcements, the person's registrations in
    their data download and account erasure, and the cancelling of a withdrawn challenge's
    coming events."""
    from app.accounts.privacy import register_personal_data
    from app.attachments.services import register_owner
    from app.challenges.workflow import challenge_withdrawn
    from app.dialogue import (  # noqa: F401
        announcements,
        jobs,
        permissions,
        privacy,
        services,
        timeline,
    )
    from app.dialogue.models import DialogueEvent
    from app.dialogue.months import events_by_day, month_label, weekday_names
    from app.dialogue.views import bp
    from app.extensions import db

    challenge_withdrawn.register(services.cancel_events_of_withdrawn)
    timeline.init_app(app)
    announcements.init_app(app)
    register_owner(services.MATERIAL_OWNER,
                   lambda event_id: db.session.get(DialogueEvent, event_id),
                   permissions.can_read_material)
    register_personal_data("dialogue_events", privacy.export, privacy.erase)
    app.register_blueprint(bp)
    app.jinja_env.globals.update(events_by_day=events_by_day, weekday_names=weekday_names,
                                 month_label=month_label, dialogue_events_of=events_of)


def events_of(target) -> list:
    """A challenge's or planned procurement's events (for the lower areas' pages)."""
    from app.challenges.models import Challenge
    from app.dialogue import queries

    if isinstance(target, Challenge):
        return queries.events_of_challenge(target)
    return queries.events_of_planned(target)
