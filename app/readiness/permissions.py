"""Who may take a supplier's quick check, read its answers and show it on the profile."""

from __future__ import annotations

from app.core.templating import template_global
from app.organisations.models import Organisation
from app.organisations.permissions import is_member, is_org_admin
from app.readiness.services import is_supplier


@template_global
def can_take_readiness_check(user, organisation: Organisation) -> bool:
    """A supplier's members take its quick check."""
    return is_supplier(organisation) and is_member(user, organisation)


@template_global
def can_view_readiness(user, organisation: Organisation) -> bool:
    """The answers and advice are private to the organisation's members (not even
    platform administrators read them)."""
    return is_supplier(organisation) and is_member(user, organisation)


@template_global
def can_show_readiness_on_profile(user, organisation: Organisation) -> bool:
    """The organisation's admins choose whether its profile says "self-assessed (date)"."""
    return is_supplier(organisation) and is_org_admin(user, organisation)
