"""Who may do what with saved searches (searching itself is open to everyone)."""

from __future__ import annotations

from app.core.templating import template_global
from app.search.models import SavedSearch


@template_global
def can_save_search(user) -> bool:
    """Signed-in people with a verified e-mail address can save searches and get alerts."""
    return bool(user and user.is_authenticated and user.email_verified)


@template_global
def can_manage_saved_search(user, saved: SavedSearch) -> bool:
    """Only the owner sees, changes or deletes a saved search."""
    return bool(user and user.is_authenticated and saved.user_id == user.id)
