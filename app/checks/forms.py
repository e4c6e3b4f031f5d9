"""Forms for intermediaries' offices, client links, notes and recommendations."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from govuk_frontend_wtf.wtforms_widgets import GovFileInput
from wtforms import IntegerField
from wtforms.validators import NumberRange

from app.attachments.services import with_size_limit
from app.checks.programme_forms import ProgrammeForm, localised
from app.core.forms import (
    ArenaForm,
    Length,
    Optional,
    TextInputWidget,
    checkbox_field,
    checkboxes_field,
    radio_field,
    required,
    select_field,
    submit_field,
    text_field,
    textarea_field,
)
from app.core.reference import region_choices


class OfficeForm(ArenaForm):
    name = text_field(_l("Name of the office"), required(), Length(max=200),
                      description=_l("For example “Coompanion Skåne, Malmö”."))
    counties = checkboxes_field(_l("Counties the office serves"), [], required(
        _l("Choose at least one county.")))
    programme_keys = checkboxes_field(_l("Programmes the office hands out"), [], Optional())
    email = text_field(_l("E-mail address of the office (optional)"), Optional(),
                       Length(max=254))
    submit = submit_field(_l("Save the office"))

    def set_choices(self, programmes) -> None:
        """Offer the counties and the funding programmes."""
        self.counties.choices = region_choices(include_nationwide=False)
        self.programme_keys.choices = [(p.key, p.name) for p in programmes]

    def office_fields(self) -> dict:
        """The cleaned values for the service."""
        return {"name": self.name.data.strip(), "counties": list(self.counties.data or []),
                "programme_keys": list(self.programme_keys.data or []),
                "email": (self.email.data or "").strip()}


class BecomeClientForm(ArenaForm):
    organisation = select_field(_l("Your organisation"), [], required())
    submit = submit_field(_l("Choose this office as our advisor"))

    def set_organisations(self, organisations) -> None:
        """Offer the organisations the user may link."""
        self.organisation.choices = [(str(o.id), o.name) for o in organisations]
        if len(organisations) == 1 and not self.organisation.data:
            self.organisation.data = str(organisations[0].id)

    def chosen(self, organisations):
        """The chosen organisation among those offered, or None."""
        return next((o for o in organisations if str(o.id) == self.organisation.data), None)


class NoteForm(ArenaForm):
    body = textarea_field(_l("Follow-up note"), required(), Length(max=5000),
                          description=_l("Only the advisors of your organisation read it."))
    submit = submit_field(_l("Save the note"))


class RecommendationForm(ArenaForm):
    challenge = text_field(_l("Challenge number (optional)"), Optional(), Length(max=12),
                           description=_l("The number in the challenge's address, e.g. 42 in "
                                          "/challenges/42."))
    programme = select_field(_l("Funding programme (optional)"), [], Optional())
    note = textarea_field(_l("Your note to the client"), required(), Length(max=2000))
    submit = submit_field(_l("Send the recommendation"))

    def set_programmes(self, programmes) -> None:
        """Offer the funding programmes."""
        self.programme.choices = [("", _l("None"))] + [(p.key, p.name) for p in programmes]


class ActionForm(ArenaForm):
    """A bare form: only its CSRF token matters."""


class ApplyForm(ArenaForm):
    organisation = select_field(_l("Applying organisation"), [], required())
    owners = IntegerField(_l("Number of co-owners (members of the association)"),
                          validators=[Optional(), NumberRange(min=0, max=100000)],
                          widget=TextInputWidget())
    prefill = checkbox_field(_l("Start the form from our profile, the challenge and our "
                                "solution's public summary"), default=True)
    submit = submit_field(_l("Check eligibility and start"))

    set_organisations = BecomeClientForm.set_organisations
    chosen = BecomeClientForm.chosen


def application_form_class(form: ProgrammeForm):
    """A WTForms class with the programme's questions and budget lines (fields `q_<key>`
    and `b_<key>`), labelled in the reader's language."""

    class ApplicationForm(ArenaForm):
        save = submit_field(_l("Save the draft"))
        send = submit_field(_l("Submit the application"))

    for question in form.questions:
        validators = [Optional(), Length(max=10000)]
        setattr(ApplicationForm, f"q_{question['key']}",
                textarea_field(localised(question, "label"), *validators))
    for line in form.budget_lines:
        setattr(ApplicationForm, f"b_{line['key']}", IntegerField(
            localised(line, "label"), validators=[Optional(), NumberRange(min=0, max=10**8)],
            widget=TextInputWidget(), description=_l("Whole kronor (SEK)")))
    if form.attachments:
        ApplicationForm.files = MultipleFileField(
            _l("Attach files"), widget=GovFileInput(multiple=True),
            description=with_size_limit(_l("PDF, Word, Excel, PowerPoint, OpenDocument, PNG "
                                           "or JPEG, at most %(mb)d MB each. Only you and "
                                           "the deciding office see them.")))
        ApplicationForm.remove_files = checkboxes_field(_l("Remove files"), [], Optional())
    return ApplicationForm


def file_changes(wtform) -> tuple[list, list[int]]:
    """The files uploaded (empty inputs ignored) and those ticked for removal."""
    if not hasattr(wtform, "files"):
        return [], []
    uploads = [f for f in (wtform.files.data or []) if f and f.filename]
    return uploads, [int(v) for v in wtform.remove_files.data or [] if v.isdigit()]


def answers_of(wtform, form: ProgrammeForm) -> tuple[dict, dict]:
    """The answers and budget typed into an application form."""
    answers = {q["key"]: (getattr(wtform, f"q_{q['key']}").data or "").strip()
               for q in form.questions}
    budget = {line["key"]: int(getattr(wtform, f"b_{line['key']}").data or 0)
              for line in form.budget_lines}
    return answers, budget


DECISIONS = {"grant": _l("Grant"), "complete": _l("Ask for completion"),
             "refuse": _l("Refuse")}


class DecisionForm(ArenaForm):
    decision = radio_field(_l("Decision"), list(DECISIONS.items()), required())
    amount = IntegerField(_l("Amount granted (SEK)"), widget=TextInputWidget(),
                          validators=[Optional(), NumberRange(min=1, max=10**8)])
    share = IntegerField(_l("Funding share (%)"), widget=TextInputWidget(),
                         validators=[Optional(), NumberRange(min=1, max=100,
                                                             message=_l("Between 1 and 100."))])
    months = IntegerField(_l("Project period (months)"), widget=TextInputWidget(),
                          validators=[Optional()], default=9)
    reason = textarea_field(_l("Reason (in the decision letter)"), required(),
                            Length(max=5000))
    submit = submit_field(_l("Record the decision"))


class AssessmentForm(ArenaForm):
    # Its own id: the decision form beside it on the page has a `reason` too.
    reason = textarea_field(_l("Assessment"), required(), Length(max=5000),
                            id="assessment-reason",
                            description=_l("Kept with the application; the applicant does not "
                                           "see it."))
    submit = submit_field(_l("Save the assessment"))


YES_NO = [("yes", _l("Yes")), ("no", _l("No"))]


def report_form_class(form: ProgrammeForm):
    """A WTForms class with the programme's final-report survey (fields `r_<key>`)."""

    class ReportForm(ArenaForm):
        submit = submit_field(_l("Send the final report"))

    for question in form.final_report:
        label, kind = localised(question, "label"), question.get("kind")
        if kind == "yesno":
            field = radio_field(label, YES_NO, Optional())
        elif kind == "number":
            field = text_field(label, Optional(), Length(max=15))
        else:
            field = textarea_field(label, Optional(), Length(max=10000))
        setattr(ReportForm, f"r_{question['key']}", field)
    return ReportForm
