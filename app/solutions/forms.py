"""The solution form (one answer field per functional requirement) and small forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from govuk_frontend_wtf.wtforms_widgets import GovFileInput
from wtforms import HiddenField

from app.attachments.services import with_size_limit
from app.challenges.models import Challenge, IPTerms
from app.core.forms import (
    ArenaForm,
    Length,
    Optional,
    checkbox_field,
    checkboxes_field,
    radio_field,
    text_field,
    textarea_field,
)
from app.solutions.services import FileChanges, SolutionInput

# Technology readiness levels (EU Horizon definitions), with a plain explanation each.
TRL_LEVELS = {
    1: (_l("Basic principles observed"),
        _l("The scientific idea behind the solution has been described.")),
    2: (_l("Technology concept formulated"),
        _l("A practical use of the idea has been worked out, on paper.")),
    3: (_l("Experimental proof of concept"),
        _l("Experiments or analysis show that the key parts can work.")),
    4: (_l("Technology validated in the lab"),
        _l("The parts have been put together and tested in a laboratory.")),
    5: (_l("Technology validated in a relevant environment"),
        _l("The parts have been tested in conditions close to real use.")),
    6: (_l("Technology demonstrated in a relevant environment"),
        _l("A prototype of the whole system works in conditions close to real use.")),
    7: (_l("System prototype demonstrated in an operational environment"),
        _l("A near-final prototype has been used in real operations, for example by a "
           "pilot customer.")),
    8: (_l("System complete and qualified"),
        _l("The finished product has been tested and approved for its intended use.")),
    9: (_l("Actual system proven in an operational environment"),
        _l("The product is in regular use by customers.")),
}

IP_TERMS_TEXT = {
    IPTerms.SUPPLIER_OWNS: _l("You keep the intellectual property in your solution. The buyer "
                              "gets a licence to use it."),
    IPTerms.SHARED: _l("The intellectual property in what is developed is shared between you "
                       "and the buyer."),
    IPTerms.BUYER_OWNS: _l("The buyer will own the intellectual property in what is developed "
                           "for this challenge."),
}

LONG_TEXT = 50_000
ANSWER_TEXT = 10_000


def trl_choices() -> list[tuple[str, str]]:
    """TRL radio choices, 'TRL 1 – Basic principles observed' and so on."""
    return [(str(level), f"TRL {level} – {title}") for level, (title, _hint) in TRL_LEVELS.items()]


def trl_hints() -> list[dict]:
    """The explanation of each level, as hints for the radio items."""
    return [{"hint": {"text": str(hint)}} for _title, hint in TRL_LEVELS.values()]


class SolutionForm(ArenaForm):
    title = text_field(_l("Title of your solution"), Optional(), Length(max=200))
    public_summary = textarea_field(
        _l("Public summary"), Optional(), Length(max=1500),
        description=_l("A few sentences anyone may read after the decision, if you allow it "
                       "below. Put nothing confidential here."))
    details = textarea_field(
        _l("Confidential details"), Optional(), Length(max=LONG_TEXT),
        description=_l("How your solution works and what it achieves. Markdown is allowed. "
                       "Only your organisation, the buyer and the jury can read this."))
    trl = radio_field(_l("Technology readiness level (TRL)"), trl_choices(), Optional())
    references = textarea_field(
        _l("References (optional)"), Optional(), Length(max=LONG_TEXT),
        description=_l("Customers or projects where the solution is used. Confidential."))
    price_model = textarea_field(
        _l("Indicative price or price model (optional)"), Optional(), Length(max=LONG_TEXT),
        description=_l("For example a price per unit, a licence fee or a pilot price. "
                       "Confidential, and not a binding tender."))
    ip_statement = textarea_field(
        _l("Your IP statement (optional)"), Optional(), Length(max=LONG_TEXT),
        description=_l("Patents, licences or third-party rights the buyer should know about. "
                       "Confidential."))
    ip_terms_acknowledged = checkbox_field(_l("I have read the challenge's IP terms and "
                                              "accept them for this solution"))
    summary_public_after_decision = checkbox_field(
        _l("Show our title and public summary on the challenge page after the decision"))
    attachments = MultipleFileField(
        _l("Add files (optional)"), widget=GovFileInput(multiple=True),
        description=with_size_limit(_l("PDF, Word, Excel, PowerPoint, OpenDocument, PNG or "
                                       "JPEG, at most %(mb)d MB each. Confidential, like "
                                       "the details.")))
    remove_attachments = checkboxes_field(_l("Remove files"), [], Optional())
    version = HiddenField()

    def answer_fields(self) -> list:
        """The answer field of each requirement, in the challenge's order."""
        return [self[name] for name in self._answer_names]

    def solution_input(self) -> SolutionInput:
        """The typed content, for the services."""
        return SolutionInput(
            title=self.title.data or "", public_summary=self.public_summary.data or "",
            details=self.details.data or "",
            trl=int(self.trl.data) if self.trl.data else None,
            references=self.references.data or "", price_model=self.price_model.data or "",
            ip_statement=self.ip_statement.data or "",
            ip_terms_acknowledged=bool(self.ip_terms_acknowledged.data),
            summary_public_after_decision=bool(self.summary_public_after_decision.data),
            answers={rid: self[f"answer_{rid}"].data or "" for rid in self._requirement_ids},
        )

    def file_changes(self) -> FileChanges:
        """Uploaded files (empty file inputs ignored) and files ticked for removal."""
        uploads = [f for f in (self.attachments.data or []) if f and f.filename]
        return FileChanges(uploads=uploads,
                           remove_ids=[int(v) for v in self.remove_attachments.data or []])

    def expected_version(self) -> int | None:
        """The solution version the form was loaded from (None for a new solution)."""
        return int(self.version.data) if (self.version.data or "").isdigit() else None


def solution_form(challenge: Challenge, solution=None, attachments=(), **kwargs) -> SolutionForm:
    """A solution form with one answer field per requirement of the challenge."""

    class Form(SolutionForm):
        _requirement_ids = [r.id for r in challenge.requirements]
        _answer_names = [f"answer_{r.id}" for r in challenge.requirements]

    for number, requirement in enumerate(challenge.requirements, start=1):
        setattr(Form, f"answer_{requirement.id}", textarea_field(
            _l("Requirement %(number)d: %(text)s", number=number, text=requirement.text),
            Optional(), Length(max=ANSWER_TEXT)))
    form = Form(**kwargs)
    form.trl.choices = trl_choices()
    form.remove_attachments.choices = [(str(a.id), a.filename) for a in attachments]
    return form


def fill_from(form: SolutionForm, solution) -> None:
    """Put a saved solution into a freshly loaded form (GET)."""
    for name in ("title", "public_summary", "details", "references", "price_model",
                 "ip_statement", "ip_terms_acknowledged", "summary_public_after_decision"):
        form[name].data = getattr(solution, name)
    form.trl.data = str(solution.trl) if solution.trl else None
    for answer in solution.answers:
        name = f"answer_{answer.requirement_id}"
        if name in form:
            form[name].data = answer.answer
    form.version.data = str(solution.version)


class ActionForm(ArenaForm):
    """A bare form: only its CSRF token matters (withdraw, delete, consent)."""


class ConsentForm(ArenaForm):
    consent = checkbox_field(
        _l("Show our title and public summary on the challenge page after the decision"))
