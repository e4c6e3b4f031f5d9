"""Swedish organisation numbers: format and Luhn check digit."""

from __future__ import annotations

import re

_PATTERN = re.compile(r"^(?:16)?(\d{6})-?(\d{4})$")


def luhn_ok(digits: str) -> bool:
    """True if the last digit is the Luhn (mod 10) check digit of the others."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            value -= 9 if value > 9 else 0
        total += value
    return total % 10 == 0


def normalise_org_number(raw: str) -> str | None:
    """The number as NNNNNN-NNNN if it is well-formed with a valid check digit, else None.

    Accepts the 12-digit form with the "16" prefix and numbers with or without the hyphen.
    Sole traders use their personal identity number, which follows the same rule.
    """
    match = _PATTERN.match(raw.strip().replace(" ", ""))
    if not match:
        return None
    digits = match.group(1) + match.group(2)
    if not luhn_ok(digits):
        return None
    return f"{match.group(1)}-{match.group(2)}"
