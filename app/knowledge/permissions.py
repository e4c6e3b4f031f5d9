"""Who may read and change knowledge articles and good examples."""

from __future__ import annotations

from app.accounts.permissions import can_administer_platform
from app.challenges.models import Challenge, ChallengeState
from app.core.templating import template_global
from app.knowledge.models import Article, CaseStudy
from app.organisations.models import OrganisationKind
from app.organisations.permissions import is_member


@template_global
def can_edit_articles(user) -> bool:
    """Platform administrators write, publish and restore knowledge articles."""
    return can_administer_platform(user)


@template_global
def can_view_article(user, article: Article) -> bool:
    """Published articles are public; drafts only for administrators."""
    return article.is_published or can_edit_articles(user)


def is_challenge_owner(user, challenge: Challenge) -> bool:
    """True if the user belongs to the challenge's owner or one of its co-owners."""
    return any(is_member(user, organisation) for organisation in challenge.owners)


@template_global
def can_turn_into_case(user, challenge: Challenge) -> bool:
    """Members of the owning organisations may tell the story once the outcome is recorded."""
    return (challenge.state == ChallengeState.OUTCOME_RECORDED
            and is_challenge_owner(user, challenge))


@template_global
def can_add_case(user) -> bool:
    """Administrators add good examples that did not come from a challenge here."""
    return can_administer_platform(user)


@template_global
def can_edit_case(user, case: CaseStudy) -> bool:
    """Administrators, and members of the organisations whose challenge the case tells."""
    if can_administer_platform(user):
        return True
    if case.challenge is not None:
        return is_challenge_owner(user, case.challenge)
    return case.organisation is not None and is_member(user, case.organisation)


@template_global
def can_view_case(user, case: CaseStudy) -> bool:
    """Published cases are public; drafts only for those who may edit them."""
    return case.is_published or can_edit_case(user, case)


@template_global
def can_view_reach(user) -> bool:
    """The knowledge hub's editors (platform administrators), and the people of verified
    intermediaries (advisors and the funder's desk), see whom the material reaches; the
    figures are thresholded counters, the same as the open data API gives."""
    if can_edit_articles(user):
        return True
    return bool(user and user.is_authenticated) and any(
        m.organisation.kind == OrganisationKind.INTERMEDIARY and m.organisation.is_verified
        for m in user.memberships)
