"""Challenges and needs: publish, question, close, record the outcome."""

from flask import Flask

from app.core.events import EventGroup, register_event

# Who is told what (templates in templates/email/challenges/).
for _key, _group in (
    ("challenges/submitted_for_review", EventGroup.MY_CHALLENGES),  # to platform admins
    ("challenges/published", EventGroup.MY_CHALLENGES),
    ("challenges/sent_back", EventGroup.MY_CHALLENGES),
    ("challenges/question_received", EventGroup.MY_CHALLENGES),
    # an invitation to co-own asks for an answer, so it goes whatever the preferences
    ("challenges/co_owner_invitation", EventGroup.MY_CHALLENGES),
):
    register_event(_key, _group, essential=_key != "challenges/question_received")
register_event("challenges/co_owner_answer", EventGroup.MY_CHALLENGES)
for _key in ("challenges/clarification_published", "challenges/deadline_extended",
             "challenges/outcome_recorded", "challenges/withdrawn",
             "challenges/question_answered"):  # to the asker, following or not
    register_event(_key, EventGroup.FOLLOWED)


def init_app(app: Flask) -> None:
    """Register the challenge pages, the deadline job, the CPV command and file access."""
    from app.attachments.services import register_owner
    from app.challenges import (  # noqa: F401 - tables, globals
        models,
        permissions,
        queries,
        services,
        workflow,
    )
    from app.challenges.cli import cpv_cli
    from app.challenges.views import bp
    from app.core.events import register_audience
    from app.core.reference import region_choices, sector_choices
    from app.extensions import db

    register_audience("challenges/followers", services.follower_ids)
    app.register_blueprint(bp)
    app.cli.add_command(cpv_cli)
    app.jinja_env.globals.update(sector_choices=sector_choices, region_choices=region_choices,
                                 slugify=services.slugify)
    register_owner("challenge", lambda owner_id: db.session.get(models.Challenge, owner_id),
                   permissions.can_read_challenge_attachments)
