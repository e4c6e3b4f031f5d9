"""Template helpers for the funding panels that other pages include."""

from __future__ import annotations

from flask import g
from flask_babel import lazy_gettext as _l

from app.core.events import Situation
from app.core.templating import template_global
from app.funding.models import Audience, CallStatus, Stage
from app.funding.services import (
    FundingSuggestion,
    as_situation,
    audiences_of,
    organisation_for_situation,
    suggest,
    suggest_for_audiences,
)

AUDIENCE_LABELS = {
    Audience.CONTRACTING_AUTHORITY: _l("Contracting authority"),
    Audience.SME: _l("Small or medium-sized company"),
    Audience.COOPERATIVE: _l("Cooperative"),
}
STAGE_LABELS = {
    Stage.BEFORE_PROCUREMENT: _l("Before a procurement"),
    Stage.ONGOING_PROCUREMENT: _l("During a procurement"),
    Stage.CAPACITY_BUILDING: _l("Building capacity"),
    Stage.BUSINESS_DEVELOPMENT: _l("Business development"),
    Stage.IP_STRATEGY: _l("IP strategy"),
    Stage.INFRASTRUCTURE: _l("Test infrastructure"),
}
SITUATION_LABELS = {
    Situation.BUYER_PREPARING: _l("Buyer: preparing a challenge or procurement"),
    Situation.BUYER_ONGOING: _l("Buyer: running an innovation procurement"),
    Situation.BUYER_CAPACITY: _l("Buyer: building our capacity to procure innovation"),
    Situation.SME_ANSWERING: _l("Company: answering a challenge"),
    Situation.SME_WINNING: _l("Company: won a challenge, next is to verify the solution"),
    Situation.SME_INFRASTRUCTURE: _l("Company: needs test beds, labs or pilot plants"),
    Situation.SME_IP: _l("Company: needs a strategy for our intellectual property"),
}
STATUS_LABELS = {
    CallStatus.OPEN: _l("Open"),
    CallStatus.UPCOMING: _l("Opens later"),
    CallStatus.CLOSED: _l("Closed"),
}
SUPPLIER_AUDIENCES = {Audience.SME, Audience.COOPERATIVE}
_EARLY_CHALLENGE_STATES = {"draft", "in_review"}
_ANSWERING_STATES = {"draft", "in_review", "published", "closed"}


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated)


def _owning_organisation(challenge, user):
    if not _signed_in(user):
        return None
    owner_ids = {organisation.id for organisation in challenge.owners}
    return next((m.organisation for m in user.memberships if m.organisation_id in owner_ids),
                None)


@template_global
def challenge_funding(challenge, user) -> FundingSuggestion:
    """The funding panel of a challenge page: the owner's next step, or a supplier's."""
    state = getattr(challenge.state, "value", challenge.state)
    owner = _owning_organisation(challenge, user)
    if owner is not None:
        situation = (Situation.BUYER_PREPARING if state in _EARLY_CHALLENGE_STATES
                     else Situation.BUYER_ONGOING)
        return suggest(owner, situation)
    situation = (Situation.SME_ANSWERING if state in _ANSWERING_STATES
                 else Situation.SME_WINNING)
    supplier = organisation_for_situation(user, situation) if _signed_in(user) else None
    if supplier is not None:
        return suggest(supplier, situation)
    return suggest_for_audiences(SUPPLIER_AUDIENCES, situation)


@template_global
def card_funding(challenge, user) -> FundingSuggestion:
    """The funding hint on a challenge's card: the best programme for a supplier at the
    challenge's step. Worked out once per page and step, so a list costs no query per card."""
    state = getattr(challenge.state, "value", challenge.state)
    situation = (Situation.SME_ANSWERING if state in _ANSWERING_STATES
                 else Situation.SME_WINNING)
    hints = g.setdefault("card_funding_hints", {})
    if situation not in hints:
        supplier = organisation_for_situation(user, situation) if _signed_in(user) else None
        hints[situation] = (suggest(supplier, situation, 1) if supplier is not None
                            else suggest_for_audiences(SUPPLIER_AUDIENCES, situation, 1))
    return hints[situation]


@template_global
def funding_panel(user, situation=None, limit: int = 3) -> FundingSuggestion:
    """The funding panel for a dashboard: what fits the user's organisations (and step)."""
    situation = as_situation(situation)
    if situation and _signed_in(user):
        organisation = organisation_for_situation(user, situation)
        if organisation is not None:
            return suggest(organisation, situation, limit)
    audiences: set[Audience] = set()
    for membership in user.memberships if _signed_in(user) else []:
        audiences |= audiences_of(membership.organisation)
    return suggest_for_audiences(audiences, situation, limit)


@template_global
def funding_labels() -> dict:
    """The labels of audiences, stages, situations and call statuses, for templates."""
    return {"audience": AUDIENCE_LABELS, "stage": STAGE_LABELS, "situation": SITUATION_LABELS,
            "status": STATUS_LABELS}
