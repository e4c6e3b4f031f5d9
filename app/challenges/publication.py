"""What a challenge needs before it may be submitted for review or published.

The checklist is shown on the draft page (each item links to where it is fixed) and the
same list is enforced by the workflow on submit, publish and publish-directly. The
challenges area checks what it owns (summary, problem, requirements, deadlines, IP terms,
contact); areas above it add their own items (the evaluation area: criteria adding up to
100 % for a judged challenge) by registering on `publication_checks` in their `init_app`.
Each registered function is called with the challenge and the list being built and
appends `ChecklistItem` objects to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from app.challenges.models import Challenge, IPTerms
from app.core.db import utcnow
from app.core.hooks import Hook

publication_checks = Hook("challenges.publication_checks")


@dataclass(frozen=True)
class ChecklistItem:
    """One thing a publishable challenge has: its label, whether it is done, and the page
    (endpoint, its arguments and an anchor) where the owner fixes it."""

    key: str
    label: str
    done: bool
    endpoint: str = "challenges.edit"
    anchor: str | None = None
    values: dict = field(default_factory=dict)


def _item(challenge: Challenge, key: str, label, done: bool, anchor: str) -> ChecklistItem:
    return ChecklistItem(key, str(label), bool(done), "challenges.edit", anchor,
                         {"challenge_id": challenge.id})


def _deadlines_ok(challenge: Challenge) -> bool:
    deadline, questions = challenge.submission_deadline_at, challenge.question_deadline_at
    if not deadline or deadline <= utcnow():
        return False
    return questions is None or questions <= deadline


def _ip_terms_ok(challenge: Challenge) -> bool:
    return (challenge.ip_terms == IPTerms.SUPPLIER_OWNS
            or bool((challenge.ip_justification or "").strip()))


def _own_items(challenge: Challenge) -> list[ChecklistItem]:
    return [
        _item(challenge, "summary", _l("A short summary"),
              (challenge.summary or "").strip(), "summary"),
        _item(challenge, "problem", _l("The problem statement"),
              (challenge.problem_statement or "").strip(), "problem_statement"),
        _item(challenge, "requirements", _l("At least one functional requirement"),
              challenge.requirements, "requirements"),
        _item(challenge, "deadlines", _l("A deadline for submissions in the future (and "
                                         "questions before it)"),
              _deadlines_ok(challenge), "submission_deadline"),
        _item(challenge, "ip_terms", _l("Intellectual property terms (a written reason if "
                                        "the buyer owns or shares it)"),
              _ip_terms_ok(challenge), "ip_terms"),
        _item(challenge, "contact", _l("A contact person or e-mail address"),
              (challenge.contact_name or "").strip() or (challenge.contact_email or "").strip(),
              "contact_name"),
    ]


def checklist(challenge: Challenge) -> list[ChecklistItem]:
    """Everything checked before publication, in order, done or not."""
    items = _own_items(challenge)
    publication_checks(challenge, items)
    return items


def missing_items(challenge: Challenge) -> list[ChecklistItem]:
    """The checklist items not done yet (empty when the challenge is ready)."""
    return [item for item in checklist(challenge) if not item.done]


publication_audience = Hook("challenges.publication_audience")
"""Who is told when a challenge is published: each registered function is called with the
challenge and a list of (label, count) pairs, and appends its own (the search area: the
interest profiles that match; the networks area: the members of the owners' networks)."""


def audience_counts(challenge: Challenge) -> list[tuple[str, int]]:
    """Who will be told of the publication, as (label, count) pairs for the confirmation."""
    rows: list[tuple[str, int]] = [(str(_l("People at the owning organisations")),
                                    sum(len(o.memberships) for o in challenge.owners))]
    publication_audience(challenge, rows)
    return rows
