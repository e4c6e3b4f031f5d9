"""What is open data: the same things anyone may read on the public pages, nothing more.

The API has no log-in, so these rules take no user: a challenge from publication on
(never a draft or one in review), the published answers to questions, the public
profile of an organisation and a network, and pooled demand with only the estimates
that authorities agreed to show. Solution content never leaves through the API.
"""

from __future__ import annotations

from app.challenges.models import PUBLIC_STATES, Challenge, Clarification
from app.networks.models import InterestRegistration


def is_open_challenge(challenge: Challenge | None) -> bool:
    """A challenge is open data once it has been published (withdrawn ones stay visible)."""
    return challenge is not None and challenge.state in PUBLIC_STATES


def is_open_clarification(clarification: Clarification) -> bool:
    """Only answered questions and the buyer's own clarifications are public."""
    return clarification.published_at is not None


def shares_estimate(registration: InterestRegistration) -> bool:
    """An authority's volume and budget count in public totals only if it agreed."""
    return bool(registration.show_volume_publicly)
