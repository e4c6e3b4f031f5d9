"""Forms for challenges: the draft, review, deadlines, outcome, questions and co-owners."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import GovFileInput
from wtforms import HiddenField, SelectMultipleField, ValidationError
from wtforms.validators import Email

from app.attachments.services import with_size_limit
from app.challenges.models import ChallengeKind, IPTerms, OutcomeKind, ProcurementRoute
from app.core.dates import local_input_value, parse_local_datetime
from app.core.forms import (
    ArenaForm,
    CheckboxesWidget,
    Length,
    Optional,
    _TranslatedErrorPrefix,
    checkbox_field,
    checkboxes_field,
    choices,
    datetime_field,
    radio_field,
    required,
    select_field,
    submit_field,
    text_field,
    textarea_field,
)
from app.core.reference import region_choices, sector_choices

KIND_LABELS = {
    ChallengeKind.NEED: _l("Need: a market exploration – suppliers show what already exists"),
    ChallengeKind.CHALLENGE: _l("Challenge: a judged competition – a jury picks winners who are "
                                "invited to an innovation dialogue"),
}
IP_LABELS = {
    IPTerms.SUPPLIER_OWNS: _l("The supplier keeps the intellectual property; the buyer gets a "
                              "licence to use it (recommended)"),
    IPTerms.SHARED: _l("The supplier and the buyer share the intellectual property"),
    IPTerms.BUYER_OWNS: _l("The buyer owns the intellectual property"),
}
AGENDA_GOALS = {
    1: _l("No poverty"), 2: _l("Zero hunger"), 3: _l("Good health and well-being"),
    4: _l("Quality education"), 5: _l("Gender equality"), 6: _l("Clean water and sanitation"),
    7: _l("Affordable and clean energy"), 8: _l("Decent work and economic growth"),
    9: _l("Industry, innovation and infrastructure"), 10: _l("Reduced inequalities"),
    11: _l("Sustainable cities and communities"),
    12: _l("Responsible consumption and production"), 13: _l("Climate action"),
    14: _l("Life below water"), 15: _l("Life on land"),
    16: _l("Peace, justice and strong institutions"), 17: _l("Partnerships for the goals"),
}
LANGUAGES = {"sv": _l("Swedish"), "en": _l("English")}
# Names of the fields in the public change log.
FIELD_LABELS = {
    "title": _l("Title"), "summary": _l("Short summary"), "problem_statement": _l("The problem"),
    "desired_effects": _l("Desired effects"), "constraints": _l("Constraints"),
    "budget_min": _l("Budget"), "budget_max": _l("Budget"), "currency": _l("Budget"),
    "procurement_route": _l("Intended procurement route"), "cpv_codes": _l("CPV codes"),
    "sectors": _l("Sectors"), "agenda_goals": _l("Agenda 2030 goals"), "region": _l("Where"),
    "language": _l("Language of the challenge"), "attachments": _l("Files"),
    "submission_deadline_at": _l("Deadline for submissions"),
    "question_deadline_at": _l("Deadline for questions"),
    "evaluation_deadline_at": _l("Evaluation ends"),
}
CURRENCIES = ("SEK", "EUR")


def _valid_amount(form, field) -> None:
    value = (field.data or "").replace(" ", "").replace("\xa0", "").replace(",", ".")
    if not value:
        return
    try:
        Decimal(value)
    except InvalidOperation as error:
        raise ValidationError(_l("Enter an amount in whole numbers, like 500000.")) from error


def _amount(text: str | None) -> Decimal | None:
    value = (text or "").replace(" ", "").replace("\xa0", "").replace(",", ".")
    return Decimal(value) if value else None


class FileWidget(_TranslatedErrorPrefix, GovFileInput):
    pass


class ChallengeForm(ArenaForm):
    owner_id = select_field(_l("Published by"), [], Optional(), validate_choice=False)
    kind = radio_field(_l("What are you publishing?"), choices(KIND_LABELS), required())
    title = text_field(_l("Title"), required(), Length(max=200))
    summary = textarea_field(
        _l("Short summary"), required(), Length(max=600),
        description=_l("Two or three sentences shown in lists and e-mails."))
    problem_statement = textarea_field(
        _l("The problem"), Optional(), Length(max=20000),
        description=_l("What does not work today, for whom, and why it matters. Markdown."))
    desired_effects = textarea_field(
        _l("Desired effects"), Optional(), Length(max=20000),
        description=_l("What should be better when the need is met. Markdown."))
    requirements = textarea_field(
        _l("Functional requirements"), Optional(), Length(max=20000),
        description=_l("One requirement per line. Say what must be achieved, not how: "
                       "“Staff can see that a resident has left the building within one "
                       "minute”, not “GPS tags”."))
    constraints = textarea_field(
        _l("Constraints"), Optional(), Length(max=20000),
        description=_l("Laws, systems to connect to, environments the solution must work in. "
                       "Markdown."))
    budget_min = text_field(_l("Budget from (optional)"), Optional(), _valid_amount,
                            render_kw={"inputmode": "numeric"})
    budget_max = text_field(_l("Budget up to (optional)"), Optional(), _valid_amount,
                            render_kw={"inputmode": "numeric"})
    currency = select_field(_l("Currency"), [(c, c) for c in CURRENCIES], required(),
                            default="SEK")
    procurement_route = radio_field(_l("Intended procurement route"), choices(ProcurementRoute),
                                    required(), default=ProcurementRoute.UNDECIDED.value)
    ip_terms = radio_field(_l("Intellectual property"), choices(IP_LABELS), required(),
                           default=IPTerms.SUPPLIER_OWNS.value)
    ip_justification = textarea_field(
        _l("Why the buyer needs to own or share the intellectual property"), Optional(),
        Length(max=5000),
        description=_l("Required if you do not choose the default."))
    question_deadline = datetime_field(
        _l("Deadline for questions (optional)"), Optional(),
        description=_l("Swedish time. Must be before the deadline for submissions."))
    submission_deadline = datetime_field(
        _l("Deadline for submissions"), Optional(),
        description=_l("Swedish time, for example 2026-05-31 12:00. The challenge closes "
                       "automatically then."))
    evaluation_deadline = datetime_field(_l("Evaluation ends (optional)"), Optional(),
                                         description=_l("Swedish time."))
    cpv_codes = SelectMultipleField(_l("Chosen CPV codes"), choices=[], validate_choice=False,
                                    widget=CheckboxesWidget())
    cpv_query = text_field(
        _l("Search CPV codes"), Optional(), Length(max=100),
        description=_l("A word like “waste” or “software”, or the first digits of a code."))
    sectors = checkboxes_field(_l("Sectors"), [], Optional())
    agenda_goals = checkboxes_field(_l("Agenda 2030 goals"), [], Optional())
    region = select_field(_l("Where"), [], Optional())
    language = select_field(_l("Language of the challenge"), choices(LANGUAGES), required(),
                            default="sv")
    contact_name = text_field(_l("Contact person"), Optional(), Length(max=200))
    contact_email = text_field(
        _l("Contact e-mail address"), Optional(), Length(max=254),
        Email(message=_l("Enter a valid e-mail address.")), render_kw={"type": "email"})
    contact_phone = text_field(_l("Contact phone number"), Optional(), Length(max=40))
    change_note = textarea_field(
        _l("What changed and why (shown in the public change log)"), Optional(),
        Length(max=2000))
    version = HiddenField()
    submit = submit_field(_l("Save"))

    def __init__(self, *args, cpv_choices=(), owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.owner_id.choices = [(str(org.id), org.name) for org in owners]
        self.cpv_codes.choices = list(cpv_choices)
        self.sectors.choices = sector_choices()
        self.agenda_goals.choices = [(str(n), f"{n}. {label}") for n, label in
                                     AGENDA_GOALS.items()]
        self.region.choices = [("", _l("Choose where"))] + region_choices()

    def challenge_data(self) -> dict:
        """The entered values as keyword arguments for the services."""
        return {
            "kind": ChallengeKind(self.kind.data),
            "title": self.title.data.strip(),
            "summary": (self.summary.data or "").strip(),
            "problem_statement": (self.problem_statement.data or "").strip(),
            "desired_effects": (self.desired_effects.data or "").strip(),
            "constraints": (self.constraints.data or "").strip(),
            "requirements": (self.requirements.data or "").splitlines(),
            "budget_min": _amount(self.budget_min.data),
            "budget_max": _amount(self.budget_max.data),
            "currency": self.currency.data,
            "procurement_route": ProcurementRoute(self.procurement_route.data),
            "ip_terms": IPTerms(self.ip_terms.data),
            "ip_justification": (self.ip_justification.data or "").strip(),
            "question_deadline_at": parse_local_datetime(self.question_deadline.data),
            "submission_deadline_at": parse_local_datetime(self.submission_deadline.data),
            "evaluation_deadline_at": parse_local_datetime(self.evaluation_deadline.data),
            "cpv_codes": list(self.cpv_codes.data or []),
            "sectors": list(self.sectors.data or []),
            "agenda_goals": sorted(int(goal) for goal in self.agenda_goals.data or []),
            "region": self.region.data or None,
            "language": self.language.data,
            "contact_name": (self.contact_name.data or "").strip(),
            "contact_email": (self.contact_email.data or "").strip(),
            "contact_phone": (self.contact_phone.data or "").strip(),
        }

    def fill_from(self, challenge) -> None:
        """Show a saved challenge's values (deadlines in local time)."""
        self.kind.data = challenge.kind.value
        self.procurement_route.data = challenge.procurement_route.value
        self.ip_terms.data = challenge.ip_terms.value
        self.requirements.data = "\n".join(r.text for r in challenge.requirements)
        self.budget_min.data = _plain_amount(challenge.budget_min)
        self.budget_max.data = _plain_amount(challenge.budget_max)
        self.question_deadline.data = local_input_value(challenge.question_deadline_at)
        self.submission_deadline.data = local_input_value(challenge.submission_deadline_at)
        self.evaluation_deadline.data = local_input_value(challenge.evaluation_deadline_at)
        self.cpv_codes.data = list(challenge.cpv_codes)
        self.sectors.data = list(challenge.sectors)
        self.agenda_goals.data = [str(goal) for goal in challenge.agenda_goals or []]
        self.region.data = challenge.region or ""
        self.version.data = str(challenge.version)


def _plain_amount(value) -> str:
    if value is None:
        return ""
    return str(int(value)) if value == int(value) else str(value)


class ReviewForm(ArenaForm):
    comment = textarea_field(_l("Comment to the buyer (required when sending back)"),
                             Optional(), Length(max=5000))


class WithdrawForm(ArenaForm):
    reason = textarea_field(_l("Why is the challenge withdrawn?"), required(), Length(max=3000),
                            description=_l("Shown publicly on the challenge page."))
    submit = submit_field(_l("Withdraw the challenge"))


class ExtendForm(ArenaForm):
    submission_deadline = datetime_field(_l("New deadline for submissions"), required(),
                                         description=_l("Swedish time."))
    question_deadline = datetime_field(_l("New deadline for questions (optional)"), Optional(),
                                       description=_l("Swedish time."))
    note = textarea_field(_l("Message to suppliers (optional)"), Optional(), Length(max=2000))
    submit = submit_field(_l("Extend the deadline"))


class OutcomeForm(ArenaForm):
    outcome_kind = radio_field(_l("What followed?"), choices(OutcomeKind), required())
    outcome_url = text_field(_l("Link to the procurement notice or contract (if any)"),
                             Optional(), Length(max=500), render_kw={"type": "url"})
    outcome_note = textarea_field(_l("More about the outcome (required if not pursued)"),
                                  Optional(), Length(max=5000))
    submit = submit_field(_l("Record the outcome"))


class QuestionForm(ArenaForm):
    question = textarea_field(
        _l("Your question"), required(), Length(max=4000),
        description=_l("Only you and the buyer see it until it is answered. The answer is "
                       "published for everyone without your name."))
    follow = checkbox_field(_l("Also follow this challenge: e-mail me other answers, "
                               "deadline changes and the outcome"))
    submit = submit_field(_l("Send the question"))


class AnswerForm(ArenaForm):
    answer = textarea_field(_l("Answer (published for everyone, without the asker's name)"),
                            required(), Length(max=4000))
    submit = submit_field(_l("Publish the answer"))


class ClarificationForm(ArenaForm):
    subject = text_field(_l("Subject (optional)"), Optional(), Length(max=300))
    text = textarea_field(_l("Clarification"), required(), Length(max=4000))
    submit = submit_field(_l("Publish the clarification"))


class CoOwnerForm(ArenaForm):
    organisation_id = select_field(_l("Contracting authority"), [], required())
    submit = submit_field(_l("Invite as co-owner"))


class AttachmentForm(ArenaForm):
    file = FileField(_l("Upload a file"), widget=FileWidget(),
                     description=with_size_limit(_l("PDF, Word, Excel, PowerPoint, "
                                                    "OpenDocument, PNG or JPEG, at most "
                                                    "%(mb)d MB.")))
    submit = submit_field(_l("Upload"))


class CoverForm(ArenaForm):
    """The challenge's picture: a new file with its alt text, or a new alt text alone."""

    picture = FileField(_l("Picture"), widget=FileWidget(), description=with_size_limit(
        _l("A JPEG, PNG or WebP picture, at most %(mb)d MB. It is cropped to a wide format "
           "(1200 × 630 pixels) and everything but the picture itself, such as where it was "
           "taken, is removed.")))
    alt_text = text_field(_l("Describe the picture"), Length(max=300),
                          description=_l("For people who cannot see it: what the picture "
                                         "shows, in one sentence."))
    submit = submit_field(_l("Save the picture"))


class ActionForm(ArenaForm):
    """A bare form: only its CSRF token matters (buttons for follow, pause, evaluation...)."""
