"""The application form and eligibility rules of each programme, as data (forms.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from flask_babel import get_locale

FORMS_FILE = Path(__file__).with_name("forms.yaml")


def localised(item: dict, field: str) -> str:
    """A field of a data item in the reader's language (Swedish or English)."""
    swedish = str(get_locale() or "sv").startswith("sv")
    first, second = (f"{field}_sv", f"{field}_en") if swedish else (f"{field}_en", f"{field}_sv")
    return item.get(first) or item.get(second) or ""


@dataclass(frozen=True)
class Refusal:
    """Why an applicant may not apply, and where to go instead."""

    reason: str
    elsewhere: str
    link: str


@dataclass(frozen=True)
class ProgrammeForm:
    key: str
    questions: tuple[dict, ...]
    budget_lines: tuple[dict, ...]
    attachments: tuple[dict, ...]
    eligibility: tuple[dict, ...]
    final_report: tuple[dict, ...]

    def asks_for_owners(self) -> bool:
        """True if a rule needs the number of owners, so the first step asks for it."""
        return any(rule["rule"] == "min_owners" for rule in self.eligibility)


@cache
def _forms() -> dict[str, dict]:
    return yaml.safe_load(FORMS_FILE.read_text(encoding="utf-8"))["programmes"]


def form_for(key: str) -> ProgrammeForm | None:
    """The application form of a programme, or None if it is not applied for here."""
    data = _forms().get(key)
    if data is None:
        return None
    return ProgrammeForm(key, *(tuple(data.get(name) or ()) for name in (
        "questions", "budget_lines", "attachments", "eligibility", "final_report")))


def applicable_keys() -> list[str]:
    """The programmes that have an application form."""
    return list(_forms())


def refusal(rule: dict) -> Refusal:
    """The refusal a failed rule gives, in the reader's language."""
    return Refusal(localised(rule, "reason"), localised(rule, "elsewhere"), rule.get("link", ""))
