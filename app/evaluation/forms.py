"""Forms of the evaluation: criteria, options, jury, conflicts, scores and the decision.

Several forms have one group of fields per criterion, solution or row; they are built
for the case at hand (`criteria_form(rows)`, `score_form(criteria)`...).
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, ValidationError
from wtforms.validators import URL

from app.core.forms import (
    ArenaForm,
    Length,
    Optional,
    checkbox_field,
    datetime_field,
    email_field,
    invitation_language_field,
    radio_field,
    required,
    select_field,
    submit_field,
    text_field,
    textarea_field,
)
from app.evaluation.services import DEFAULT_SCALE, SCALES
from app.solutions.models import SolutionResult

MAX_CRITERIA = 12
RESULT_LABELS = {
    SolutionResult.WINNER: _l("Winner"),
    SolutionResult.SHORTLISTED: _l("Shortlisted"),
    SolutionResult.NOT_SELECTED: _l("Not selected"),
}


def scale_choices() -> list[tuple[str, str]]:
    """The offered scales, e.g. "0–5"."""
    return [(key, f"{low}–{high}") for key, (low, high) in SCALES.items()]


# --- set-up ------------------------------------------------------------------------------

class Weight:
    """Validator: a whole percentage from 1 to 100 (blank only on an empty row)."""

    def __call__(self, form, field):
        raw = (field.data or "").strip().rstrip("%").strip()
        if not raw:
            return
        if not raw.isdigit() or not 1 <= int(raw) <= 100:
            raise ValidationError(_("Enter the weight as a whole percentage from 1 to 100."))


def criteria_form(rows: int):
    """The criteria table: `rows` rows of name, description, weight and scale."""

    class CriteriaForm(ArenaForm):
        rows_shown = HiddenField()
        submit = submit_field(_l("Save the criteria"))

    for index in range(rows):
        setattr(CriteriaForm, f"name_{index}", text_field(
            _l("Name"), Optional(), Length(max=200)))
        setattr(CriteriaForm, f"description_{index}", textarea_field(
            _l("Description"), Optional(), Length(max=2000), render_kw={"rows": 2}))
        setattr(CriteriaForm, f"weight_{index}", text_field(
            _l("Weight in percent"), Weight(), render_kw={"inputmode": "numeric"}))
        setattr(CriteriaForm, f"scale_{index}", select_field(
            _l("Scale"), scale_choices(), default=DEFAULT_SCALE))
    return CriteriaForm


class OptionsForm(ArenaForm):
    anonymised = checkbox_field(
        _l("Anonymised evaluation: jurors see “Solution 4”, never who submitted it"))
    jurors_see_each_other = checkbox_field(
        _l("Jurors see each other's scores after submitting their own"))
    deadline = datetime_field(
        _l("Evaluation deadline (optional)"), Optional(),
        description=_l("Swedish time. Jurors who have not finished are reminded three days "
                       "and one day before."))
    submit = submit_field(_l("Save the options"))


class InviteJurorForm(ArenaForm):
    email = email_field(_l("Juror's e-mail address"),
                        description=_l("They do not need an account: the invitation lets "
                                       "them create one."))
    language = invitation_language_field()
    submit = submit_field(_l("Send invitation"))


class ActionForm(ArenaForm):
    """A bare form: only its CSRF token matters (open, close, resend, revoke, submit)."""


class OwnerConflictForm(ArenaForm):
    juror = select_field(_l("Juror"), [], required())
    solution = select_field(_l("Solution"), [], required())
    note = textarea_field(_l("What the conflict is"), Optional(), Length(max=2000),
                          render_kw={"rows": 2})
    submit = submit_field(_l("Record the conflict"))


# --- jurors ------------------------------------------------------------------------------

CONFLICT_CHOICES = (("no", _l("No, I have no conflict of interest")),
                    ("yes", _l("Yes, I have a conflict of interest")))


def conflicts_form(numbers: list[int]):
    """One yes/no question (and an optional note) per solution number."""

    class ConflictsForm(ArenaForm):
        submit = submit_field(_l("Save the declarations"))

    for number in numbers:
        setattr(ConflictsForm, f"conflict_{number}", radio_field(
            _l("Do you have a conflict of interest?"), CONFLICT_CHOICES, Optional()))
        setattr(ConflictsForm, f"note_{number}", textarea_field(
            _l("Note (optional)"), Optional(), Length(max=2000), render_kw={"rows": 2}))
    return ConflictsForm


class ScoreInScale:
    """Validator: a whole number within the criterion's scale (or nothing yet)."""

    def __init__(self, criterion):
        self.low, self.high, self.name = criterion.scale_min, criterion.scale_max, criterion.name

    def __call__(self, form, field):
        raw = (field.data or "").strip()
        if not raw:
            return
        digits = raw[1:] if raw.startswith("-") else raw
        if not digits.isdigit() or not self.low <= int(raw) <= self.high:
            raise ValidationError(_("Enter a whole number from %(low)d to %(high)d for "
                                    "“%(name)s”.", low=self.low, high=self.high,
                                    name=self.name))


def score_form(criteria):
    """A score and a comment for each criterion."""

    class ScoreForm(ArenaForm):
        save = submit_field(_l("Save"))
        save_next = submit_field(_l("Save and go to the next solution"))

    for criterion in criteria:
        # The scale's own check (ScoreInScale) gives the clearer message, so the radios do
        # not refuse an unknown value themselves; no choice at all means "not scored yet".
        setattr(ScoreForm, f"score_{criterion.id}", radio_field(
            criterion.name,
            [(str(value), str(value)) for value in range(criterion.scale_min,
                                                         criterion.scale_max + 1)],
            Optional(), ScoreInScale(criterion), validate_choice=False))
        setattr(ScoreForm, f"comment_{criterion.id}", textarea_field(
            _l("Comment"), Optional(), Length(max=5000), render_kw={"rows": 3}))
    return ScoreForm


# What the ends of every scale mean, shown beside the lowest and the highest score.
# Criteria store only their numbers (scale_min, scale_max), no wording of their own.
SCALE_END_MEANINGS = (_l("does not meet the criterion"), _l("fully meets the criterion"))


def parse_score(raw: str | None) -> int | None:
    """A validated score field's value."""
    raw = (raw or "").strip()
    return int(raw) if raw else None


# --- deciding ----------------------------------------------------------------------------

def decision_form(entry_ids: list[int]):
    """A result per solution, the justification, feedback and the presentation."""

    class DecisionForm(ArenaForm):
        justification = textarea_field(
            _l("Justification of the decision"), Optional(), Length(max=10000),
            description=_l("Kept in the evaluation protocol. Not sent to suppliers."))
        feedback_for_others = textarea_field(
            _l("The jury's summary feedback for the suppliers not selected (optional)"),
            Optional(), Length(max=10000),
            description=_l("Sent to every supplier not selected. Do not reveal anything "
                           "from another supplier's solution."))
        presentation_at = datetime_field(_l("Date and time of the presentation"), Optional())
        presentation_place = text_field(_l("Place of the presentation"), Optional(),
                                        Length(max=300))
        presentation_booking_url = text_field(
            _l("Or a link where the winners book a time"), Optional(), Length(max=500),
            URL(message=_l("Enter a full address starting with https://")))
        submit = submit_field(_l("Save the decision"))

    choices = [(result.value, label) for result, label in RESULT_LABELS.items()]
    for entry_id in entry_ids:
        setattr(DecisionForm, f"result_{entry_id}", radio_field(_l("Result"), choices,
                                                                Optional()))
    return DecisionForm
