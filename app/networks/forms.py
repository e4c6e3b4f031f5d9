"""Forms for networks, their updates and documents, planned procurements and interest."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovFileInput
from wtforms import StringField
from wtforms.validators import Email, ValidationError

from app.attachments.services import with_size_limit
from app.challenges.forms import KIND_LABELS
from app.challenges.models import ChallengeKind, ProcurementRoute
from app.core.forms import (
    ArenaForm,
    Length,
    Optional,
    TextInputWidget,
    checkbox_field,
    checkboxes_field,
    choices,
    radio_field,
    required,
    select_field,
    submit_field,
    text_field,
    textarea_field,
)
from app.core.reference import region_choices, sector_choices
from app.networks.demand import InterestDetails
from app.networks.models import InvitationStatus, JoinPolicy

JOIN_POLICY_LABELS = {
    JoinPolicy.OPEN: _l("Open: any verified contracting authority can join at once"),
    JoinPolicy.APPROVAL: _l("By approval: the coordinator approves each request"),
}
INVITATION_LABELS = {
    InvitationStatus.PENDING: _l("Waiting for an answer"),
    InvitationStatus.CONFIRMED: _l("Confirmed: co-owner"),
    InvitationStatus.DECLINED: _l("Declined"),
}
MAX_NUMBER = Decimal("100000000000000")
_SPACES = re.compile(r"[\s\u00a0\u202f]")


def parse_number(text: str) -> Decimal | None:
    """A positive number typed the Swedish or English way ("1 200", "1200,5", "1,200.5")."""
    cleaned = _SPACES.sub("", text)
    cleaned = cleaned.replace(",", "") if "." in cleaned else cleaned.replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not number.is_finite() or number <= 0 or number >= MAX_NUMBER:
        return None
    return number.quantize(Decimal("0.01"))


class NumberField(StringField):
    """A text input for a positive number; `data` is a Decimal or None when left empty."""

    widget = TextInputWidget()
    invalid = False

    def process_formdata(self, valuelist):
        self.raw_data = valuelist
        text = (valuelist[0] if valuelist else "").strip()
        self.data = parse_number(text) if text else None
        self.invalid = bool(text) and self.data is None

    def pre_validate(self, form):
        if self.invalid:
            raise ValidationError(_l("Enter a number greater than zero, like 1200 or 1 200,5."))

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else format(self.data.normalize(), "f")


class OrganisationChoiceForm(ArenaForm):
    """A form acting for one of the user's organisations (a list when there are several)."""

    organisation = select_field(_l("On behalf of"), [], required())

    def set_organisations(self, organisations) -> None:
        """Offer the organisations the user may act for."""
        self.organisation.choices = [(str(o.id), o.name) for o in organisations]
        if len(organisations) == 1 and not self.organisation.data:
            self.organisation.data = str(organisations[0].id)

    def chosen(self, organisations):
        """The chosen organisation among those offered."""
        return next(o for o in organisations if str(o.id) == self.organisation.data)


class NetworkForm(OrganisationChoiceForm):
    organisation = select_field(_l("Coordinating organisation"), [], required())
    name = text_field(_l("Name of the network"), required(), Length(max=200))
    theme = text_field(
        _l("Theme"), required(), Length(max=200),
        description=_l("What the members work on together, for example welfare technology "
                       "in home care."))
    description = textarea_field(
        _l("Description"), Optional(), Length(max=10000),
        description=_l("Who the network is for and how it works. You can use Markdown."))
    region = select_field(_l("Region"), [], Optional())
    sectors = checkboxes_field(_l("Sectors"), [], Optional())
    join_policy = radio_field(_l("Who can join"), choices(JOIN_POLICY_LABELS), required(),
                              default=JoinPolicy.APPROVAL.value)
    submit = submit_field(_l("Save network"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sectors.choices = sector_choices()  # translated at request time
        self.region.choices = [("", _l("Choose a region"))] + region_choices()

    def profile_data(self) -> dict:
        """The profile fields as keyword arguments for the services."""
        return {
            "name": self.name.data.strip(),
            "theme": self.theme.data.strip(),
            "description": (self.description.data or "").strip(),
            "region": self.region.data or None,
            "join_policy": JoinPolicy(self.join_policy.data),
        }


class EditNetworkForm(NetworkForm):
    """Editing: the coordinator does not change here (that is a hand-over)."""

    organisation = None


class JoinForm(OrganisationChoiceForm):
    message = textarea_field(_l("Message to the coordinator (optional)"), Optional(),
                             Length(max=1000))
    submit = submit_field(_l("Join the network"))


class HandOverForm(OrganisationChoiceForm):
    organisation = select_field(_l("New coordinator"), [], required())
    submit = submit_field(_l("Hand over the coordinator role"))


class ActionForm(ArenaForm):
    """A bare form: only its CSRF token matters (approve, decline, cancel, delete)."""


class UpdateForm(ArenaForm):
    title = text_field(_l("Title"), required(), Length(max=200))
    body = textarea_field(_l("Message"), required(), Length(max=20000),
                          description=_l("Only the network's members can read it. You can use "
                                         "Markdown."))
    submit = submit_field(_l("Post the update"))


class DocumentForm(ArenaForm):
    document = FileField(
        _l("Document"), validators=[FileRequired(message=_l("Choose a file to upload."))],
        widget=GovFileInput(),
        description=with_size_limit(_l("PDF, Word, Excel, PowerPoint, OpenDocument, PNG or "
                                       "JPEG, at most %(mb)d MB.")))
    submit = submit_field(_l("Share the document"))


class PlannedProcurementForm(ArenaForm):
    title = text_field(_l("Title"), required(), Length(max=200))
    need = textarea_field(
        _l("The need"), required(), Length(max=20000),
        description=_l("What must be achieved, not how. You can use Markdown."))
    expected_timing = text_field(
        _l("Expected timing"), required(), Length(max=200),
        description=_l("For example: procurement in spring 2027, contract from 2028."))
    route = radio_field(_l("Intended procurement route"), choices(ProcurementRoute), required(),
                        default=ProcurementRoute.UNDECIDED.value)
    submit = submit_field(_l("Save the planned procurement"))

    def planned_data(self) -> dict:
        """The fields as keyword arguments for the services."""
        return {"title": self.title.data, "need": self.need.data,
                "expected_timing": self.expected_timing.data,
                "route": ProcurementRoute(self.route.data)}


class ConvertForm(ArenaForm):
    kind = radio_field(_l("What the joint challenge will be"), choices(KIND_LABELS), required(),
                       default=ChallengeKind.CHALLENGE.value)
    submit = submit_field(_l("Create the joint challenge"))


class InterestForm(OrganisationChoiceForm):
    volume_quantity = NumberField(
        _l("Estimated volume (optional)"),
        description=_l("A number, for example 1200. Give a volume, a budget or both."))
    volume_unit = text_field(
        _l("What the volume counts (optional)"), Length(max=80),
        description=_l("For example units/year, users or homes."))
    amount_sek = NumberField(_l("Estimated budget in SEK (optional)"))
    time_frame = text_field(_l("Time frame"), required(), Length(max=200),
                            description=_l("When you would buy, for example 2027–2028."))
    contact_name = text_field(_l("Name"), required(), Length(max=200))
    contact_email = text_field(
        _l("E-mail address"), required(),
        Email(message=_l("Enter a valid e-mail address.")), Length(max=254),
        render_kw={"autocomplete": "email", "spellcheck": "false", "type": "email"})
    contact_phone = text_field(_l("Phone number (optional)"), Optional(),
                               Length(max=40), render_kw={"autocomplete": "tel"})
    comment = textarea_field(_l("Comment (optional)"), Optional(), Length(max=2000))
    show_volume_publicly = checkbox_field(
        _l("Show our estimated volume and budget publicly, in the total"))
    submit = submit_field(_l("Register interest"))

    def details(self):
        """The answers as the services' InterestDetails."""
        return InterestDetails(
            volume_quantity=self.volume_quantity.data, volume_unit=self.volume_unit.data or "",
            amount_sek=self.amount_sek.data, time_frame=self.time_frame.data or "",
            contact_name=self.contact_name.data or "", contact_email=self.contact_email.data or "",
            contact_phone=self.contact_phone.data or "", comment=self.comment.data or "",
            show_volume_publicly=bool(self.show_volume_publicly.data),
        )
