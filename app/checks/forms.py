"""Forms for intermediaries' offices, client links, notes and recommendations."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core.forms import (
    ArenaForm,
    Length,
    Optional,
    checkboxes_field,
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
