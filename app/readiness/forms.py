"""The quick check's form (one radio group per question) and the profile choice."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core.forms import ArenaForm, choices, radio_field, required, submit_field
from app.readiness.questions import ANSWER_LABELS, QUESTIONS, THEMES, answers_allowed

FIELD_PREFIX = "q_"


def field_name(question_key: str) -> str:
    """The form field of a question (prefixed, so no key can clash with a form attribute)."""
    return FIELD_PREFIX + question_key


class ActionForm(ArenaForm):
    """A button that posts (show or hide on the profile): only the CSRF token."""


def quick_check_form(previous: dict[str, str] | None = None):
    """The quick check: every question of every theme, prefilled from the last check."""

    class QuickCheckForm(ArenaForm):
        submit = submit_field(_l("See my result"))

        def answers(self) -> dict[str, str]:
            return {key: self[field_name(key)].data for key in QUESTIONS}

        def themes(self):
            """(theme, its fields) in the order they are asked."""
            return [(theme, [self[field_name(q.key)] for q in theme.questions])
                    for theme in THEMES]

    for key, question in QUESTIONS.items():
        allowed = {a: ANSWER_LABELS[a] for a in answers_allowed(question)}
        setattr(QuickCheckForm, field_name(key), radio_field(
            question.text, choices(allowed), required(_l("Choose an answer.")),
            default=(previous or {}).get(key), description=question.hint))
    return QuickCheckForm()
