"""The administrator's block on My pages: the queues, counted in one query, with a link
to each tool."""

from __future__ import annotations

from datetime import timedelta

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from app.accounts.permissions import can_administer_platform
from app.challenges.models import Challenge, ChallengeState
from app.core.db import utcnow
from app.core.workspace import WorkspaceBlock, WorkspaceItem
from app.extensions import db
from app.notifications.models import OutboxMessage, OutboxStatus
from app.organisations.models import Organisation, VerificationStatus
from app.search.models import SearchQueueEntry

DELAYED_AFTER = timedelta(minutes=15)


def _count(column, *conditions):
    return select(func.count(column)).where(*conditions).scalar_subquery()


def queue_counts():
    """Verifications, challenge reviews, failed and delayed e-mails, search changes
    waiting for the index: one row."""
    return db.session.execute(select(
        _count(Organisation.id, Organisation.verification_status == VerificationStatus.PENDING)
        .label("verifications"),
        _count(Challenge.id, Challenge.state == ChallengeState.IN_REVIEW).label("reviews"),
        _count(OutboxMessage.id, OutboxMessage.status == OutboxStatus.FAILED).label("failed"),
        _count(OutboxMessage.id, OutboxMessage.status.in_(
            [OutboxStatus.QUEUED, OutboxStatus.SENDING]),
               OutboxMessage.created_at < utcnow() - DELAYED_AFTER).label("delayed"),
        _count(SearchQueueEntry.id).label("search_queue"))).one()


def workspace_block(user) -> WorkspaceBlock | None:
    """Administration: what waits in each queue, linked to its tool."""
    if not can_administer_platform(user):
        return None
    counts = queue_counts()
    items = [
        WorkspaceItem(label=_("Organisations waiting for verification"),
                      count=counts.verifications, url=url_for("admin.verifications")),
        WorkspaceItem(label=_("Challenges waiting for review"), count=counts.reviews,
                      url=url_for("challenges.review_queue")),
        WorkspaceItem(label=_("E-mails that could not be delivered"), count=counts.failed,
                      url=url_for("notifications.outbox")),
        WorkspaceItem(label=_("E-mails delayed more than 15 minutes"), count=counts.delayed,
                      url=url_for("notifications.outbox")),
        WorkspaceItem(label=_("Changes waiting for the search index"),
                      count=counts.search_queue, url=url_for("main.healthz")),
    ]
    return WorkspaceBlock(key="administration", title=_("Administration"), order=1,
                          items=items, more_label=_("All administration tools"),
                          more_url=url_for("admin.dashboard"))
