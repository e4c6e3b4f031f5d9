"""Who may do what with funding programmes."""

from __future__ import annotations

from app.core.templating import template_global


@template_global
def can_manage_funding(user) -> bool:
    """Platform administrators keep the funding programmes current."""
    return bool(user and user.is_authenticated and user.is_admin)
