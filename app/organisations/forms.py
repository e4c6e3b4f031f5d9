"""Forms for organisation profiles, invitations and requests."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms.validators import URL

from app.core.forms import (
    ArenaForm,
    Length,
    Optional,
    checkbox_field,
    checkboxes_field,
    choices,
    email_field,
    invitation_language_field,
    radio_field,
    required,
    select_field,
    submit_field,
    text_field,
    textarea_field,
)
from app.core.reference import region_choices, sector_choices
from app.organisations.models import MemberRole, OrganisationKind, SizeClass

KIND_LABELS = {
    OrganisationKind.CONTRACTING_AUTHORITY: _l(
        "Contracting authority (municipality, region, agency, public company)"),
    OrganisationKind.SUPPLIER: _l("Supplier (company or cooperative)"),
    OrganisationKind.INTERMEDIARY: _l("Intermediary (incubator, science park, advisor)"),
    OrganisationKind.ACADEMIA: _l("University or research institute"),
    OrganisationKind.OTHER: _l("Other"),
}
SIZE_LABELS = {
    SizeClass.MICRO: _l("Micro (fewer than 10 employees)"),
    SizeClass.SMALL: _l("Small (10–49 employees)"),
    SizeClass.MEDIUM: _l("Medium (50–249 employees)"),
    SizeClass.LARGE: _l("Large (250 employees or more)"),
}
ROLE_LABELS = {MemberRole.ADMIN: _l("Admin"), MemberRole.MEMBER: _l("Member")}


class OrganisationForm(ArenaForm):
    name = text_field(_l("Name of the organisation"), required(), Length(max=200))
    org_number = text_field(
        _l("Organisation number"), required(),
        description=_l("Ten digits, for example 212000-0142."),
        render_kw={"inputmode": "numeric", "spellcheck": "false"},
    )
    kind = radio_field(_l("Type of organisation"), choices(KIND_LABELS), required())
    size_class = radio_field(_l("Size"), choices(SIZE_LABELS), required())
    is_cooperative = checkbox_field(_l("We are a cooperative (economic association)"))
    sectors = checkboxes_field(_l("Sectors"), sector_choices(), Optional())
    region = select_field(_l("County"), [("", _l("Choose a county"))] + region_choices(),
                          Optional())
    website = text_field(_l("Website (optional)"), Optional(),
                         URL(message=_l("Enter a full address starting with https://")),
                         Length(max=300))
    description = textarea_field(
        _l("Description"), Optional(), Length(max=5000),
        description=_l("What the organisation does. Shown on the public profile."),
    )
    offers = textarea_field(
        _l("What you offer (optional)"), Optional(), Length(max=5000),
        description=_l("Products and services, in a few sentences. Markdown is allowed."),
    )
    capabilities = textarea_field(
        _l("Capabilities (optional)"), Optional(), Length(max=5000),
        description=_l("Skills, certifications, technology you master."),
    )
    references = textarea_field(
        _l("References (optional)"), Optional(), Length(max=5000),
        description=_l("Customers or projects you may name publicly."),
    )
    regions_served = checkboxes_field(_l("Regions you serve (optional)"), region_choices(),
                                      Optional())
    submit = submit_field(_l("Save organisation"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sectors.choices = sector_choices()  # translated at request time
        self.region.choices = [("", _l("Choose a county"))] + region_choices()
        self.regions_served.choices = region_choices()

    def profile_data(self) -> dict:
        """The profile fields as keyword arguments for the services."""
        return {
            "name": self.name.data.strip(),
            "kind": OrganisationKind(self.kind.data),
            "size_class": SizeClass(self.size_class.data),
            "is_cooperative": bool(self.is_cooperative.data),
            "sectors": list(self.sectors.data or []),
            "region": self.region.data or None,
            "website": (self.website.data or "").strip() or None,
            "description": (self.description.data or "").strip(),
            "offers": (self.offers.data or "").strip(),
            "capabilities": (self.capabilities.data or "").strip(),
            "references": (self.references.data or "").strip(),
            "regions_served": list(self.regions_served.data or []),
        }


class InviteForm(ArenaForm):
    email = email_field(_l("Colleague's e-mail address"))
    role = radio_field(_l("Role"), choices(ROLE_LABELS), required(),
                       default=MemberRole.MEMBER.value)
    language = invitation_language_field()
    submit = submit_field(_l("Send invitation"))


class JoinRequestForm(ArenaForm):
    message = textarea_field(_l("Message to the organisation's admins (optional)"),
                             Optional(), Length(max=1000))
    submit = submit_field(_l("Ask to join"))


class ActionForm(ArenaForm):
    """A bare form: only its CSRF token matters (buttons for approve, leave, revoke)."""


class RoleForm(ArenaForm):
    role = select_field(_l("Role"), choices(ROLE_LABELS), required())
    submit = submit_field(_l("Change role"))
