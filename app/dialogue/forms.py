"""Forms: an event, a registration, a cancellation, a summary and a meeting note."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovFileInput
from wtforms import IntegerField
from wtforms.validators import URL, NumberRange, StopValidation

from app.attachments.services import with_size_limit
from app.core.dates import local_input_value, parse_local_datetime
from app.core.forms import (
    ArenaForm,
    Length,
    Optional,
    TextInputWidget,
    checkbox_field,
    choices,
    datetime_field,
    radio_field,
    required,
    select_field,
    submit_field,
    text_field,
    textarea_field,
)
from app.dialogue.models import DialogueEvent, EventKind
from app.dialogue.services import EventInput

LANGUAGES = {"sv": _l("Swedish"), "en": _l("English")}


class WholeNumberField(IntegerField):
    """A whole number typed in a text box, with our own message when it is not one."""

    invalid = False

    def process_formdata(self, valuelist):
        text = (valuelist[0] if valuelist else "").strip()
        self.raw_data = valuelist
        try:
            self.data = int(text) if text else None
        except ValueError:
            self.data, self.invalid = None, True

    def pre_validate(self, form):
        if self.invalid:
            raise StopValidation(_l("Enter a whole number, like 20."))


def number_field(label, *validators, **kwargs):
    """A whole-number input."""
    return WholeNumberField(label, validators=list(validators), widget=TextInputWidget(),
                            render_kw={"inputmode": "numeric"}, **kwargs)


class EventForm(ArenaForm):
    kind = radio_field(_l("Kind of event"), choices(EventKind), required())
    title = text_field(_l("Title"), required(), Length(max=200))
    description = textarea_field(
        _l("What it is about"), Optional(), Length(max=10000),
        description=_l("The agenda and who should come. You can use Markdown."))
    starts_at = datetime_field(_l("Starts (Swedish time)"), required())
    ends_at = datetime_field(_l("Ends (Swedish time)"), required())
    location = text_field(
        _l("Place"), Optional(), Length(max=300),
        description=_l("Address and room. Only registered participants see it."))
    online_url = text_field(
        _l("Online meeting link"), Optional(), Length(max=500),
        URL(require_tld=False, message=_l("Enter a link starting with https://")),
        description=_l("Only registered participants see it."))
    capacity = number_field(
        _l("Number of seats (optional)"), Optional(), NumberRange(min=1, max=10000),
        description=_l("Leave empty for no limit. When full, people join a waiting list. "
                       "Not used for one-to-one meetings: each meeting time is one seat."))
    people_per_organisation = number_field(
        _l("People per organisation"), required(), NumberRange(min=1, max=20), default=2)
    slot_minutes = number_field(
        _l("Length of each one-to-one meeting, in minutes"), Optional(),
        NumberRange(min=5, max=240),
        description=_l("One-to-one meetings only: the day is divided into meetings of this "
                       "length, and each organisation books one."))
    registration_deadline_at = datetime_field(
        _l("Registration closes (optional)"), Optional(),
        description=_l("Leave empty to accept registrations until the event starts."))
    language = select_field(_l("Language"), choices(LANGUAGES), required(), default="sv")
    accessibility = textarea_field(
        _l("Accessibility"), Optional(), Length(max=2000),
        description=_l("For example step-free access, hearing loop, captions, interpreting."))
    winners_only = checkbox_field(_l("Only for the winners of the challenge (pitch day)"))
    submit = submit_field(_l("Save the event"))

    def fill_from(self, event: DialogueEvent) -> None:
        """Show an event's values, times in local time."""
        self.process(obj=event)
        self.kind.data = event.kind.value
        for name in ("starts_at", "ends_at", "registration_deadline_at"):
            getattr(self, name).data = local_input_value(getattr(event, name))

    def event_input(self) -> EventInput:
        """What was typed, as the service's input (times in UTC)."""
        return EventInput(
            kind=EventKind(self.kind.data), title=self.title.data or "",
            starts_at=parse_local_datetime(self.starts_at.data),
            ends_at=parse_local_datetime(self.ends_at.data),
            description=self.description.data or "", location=self.location.data or "",
            online_url=(self.online_url.data or "").strip(), capacity=self.capacity.data,
            people_per_organisation=self.people_per_organisation.data or 1,
            registration_deadline_at=parse_local_datetime(self.registration_deadline_at.data),
            language=self.language.data, accessibility=self.accessibility.data or "",
            slot_minutes=self.slot_minutes.data, winners_only=bool(self.winners_only.data))


class RegistrationForm(ArenaForm):
    organisation = select_field(_l("On behalf of"), [], required())
    slot = radio_field(_l("Meeting time"), [], Optional())
    submit = submit_field(_l("Register"))

    def offer(self, organisations, free_slots, label) -> None:
        """The user's supplier organisations and, for one-to-one meetings, the free times."""
        self.organisation.choices = [(str(o.id), o.name) for o in organisations]
        if len(organisations) == 1 and not self.organisation.data:
            self.organisation.data = str(organisations[0].id)
        self.slot.choices = [(str(s.id), label(s)) for s in free_slots]

    def chosen(self, organisations):
        """The chosen organisation among those offered."""
        return next(o for o in organisations if str(o.id) == self.organisation.data)

    def chosen_slot(self) -> int | None:
        return int(self.slot.data) if self.slot.data else None


class CancelEventForm(ArenaForm):
    reason = textarea_field(_l("Why is the event cancelled?"), required(), Length(max=2000),
                            description=_l("Everyone registered is told this."))


class SummaryForm(ArenaForm):
    text = textarea_field(
        _l("Summary for everyone"), required(), Length(max=50000),
        description=_l("The questions asked, the answers given and the material shown. It is "
                       "published on the event's page and the challenge's record, so every "
                       "supplier knows the same. You can use Markdown."))
    submit = submit_field(_l("Publish the summary"))


class MaterialForm(ArenaForm):
    file = FileField(
        _l("A file shown at the meeting"),
        validators=[FileRequired(message=_l("Choose a file to upload."))], widget=GovFileInput(),
        description=with_size_limit(_l("PDF, Word, Excel, PowerPoint, OpenDocument, PNG or "
                                       "JPEG, at most %(mb)d MB. Public with the summary.")))
    submit = submit_field(_l("Add the file"))


class NoteForm(ArenaForm):
    text = textarea_field(_l("Your notes (only your organisation sees them)"), Optional(),
                          Length(max=20000))
    submit = submit_field(_l("Save the notes"))


class ButtonForm(ArenaForm):
    """A form with only its CSRF token (a button)."""
