"""Demo data for search: the demo supplier's interest profile (a standing search)."""

from __future__ import annotations

from app.accounts.services import find_user_by_email
from app.core.events import Frequency
from app.search.services import interest_profile_of, profile_defaults, save_interest_profile


def load_interest_profile() -> int:
    """Give supplier@demo.example a profile from its company's sectors and county."""
    user = find_user_by_email("supplier@demo.example")
    if user is None or interest_profile_of(user) is not None:
        return 0
    defaults = profile_defaults(user)
    save_interest_profile(user, cpv=["72000000-5"], sectors=defaults["sector"],
                          regions=defaults["region"], nationwide=True,
                          frequency=Frequency.DAILY)
    return 1
