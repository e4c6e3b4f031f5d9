"""Enums that carry their own label: one place for the words people read for a value."""

from __future__ import annotations

import enum


class LabelledEnum(enum.StrEnum):
    """A string enum whose members carry a translatable label, written in the class body
    as `MEMBER = "value", _l("Label")` (a lazy string: read in the reader's language).

    `member.label` is the label; `Enum.labels()` the {member: label} map for templates.
    """

    def __new__(cls, value: str, label=None):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label if label is not None else value
        return member

    @classmethod
    def labels(cls) -> dict:
        """Every member with its label, in definition order."""
        return {member: member.label for member in cls}
