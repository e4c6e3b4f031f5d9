"""Lines that areas above organisations add to a public profile.

The organisations area shows the profile; an area above it (the readiness quick check,
for example) adds a line by registering on `extra_rows` in its `init_app`: each function
is called with the organisation and the list being built, and appends `ProfileRow`s.
Only what may be public goes here: the profile is shown to everyone.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.hooks import Hook


@dataclass(frozen=True)
class ProfileRow:
    """One line of the profile's summary list: a label, a value, an optional link."""

    key: str
    label: str
    value: str
    url: str | None = None


extra_rows = Hook("organisations.profile_extra_rows")


def profile_rows(organisation) -> list[ProfileRow]:
    """The rows the registered areas add to the organisation's public profile."""
    rows: list[ProfileRow] = []
    extra_rows(organisation, rows)
    return rows
