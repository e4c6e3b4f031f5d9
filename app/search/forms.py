"""Forms for saving searches and the interest profile."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField

from app.core.events import Frequency
from app.core.forms import (
    ArenaForm,
    Length,
    Optional,
    checkbox_field,
    checkboxes_field,
    radio_field,
    submit_field,
    text_field,
)
from app.core.reference import region_choices, sector_choices


def frequency_choices(with_off: bool = False) -> list[tuple[str, str]]:
    """How often alerts can come (and "no e-mails" where turning them off makes sense)."""
    choices = [(Frequency.IMMEDIATELY.value, str(_l("Immediately"))),
               (Frequency.DAILY.value, str(_l("Once a day"))),
               (Frequency.WEEKLY.value, str(_l("Once a week")))]
    if with_off:
        choices.append((Frequency.OFF.value, str(_l("No e-mails"))))
    return choices


class SaveSearchForm(ArenaForm):
    """Save the search shown on the page; its address comes along in `search`."""

    search = HiddenField()
    name = text_field(_l("Name of the search"), Optional(), Length(max=200))
    frequency = radio_field(_l("E-mail me new matching challenges"), [],
                            default=Frequency.DAILY.value)
    submit = submit_field(_l("Save search"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.frequency.choices = frequency_choices()


class FrequencyForm(ArenaForm):
    frequency = radio_field(_l("Alerts"), [], default=Frequency.DAILY.value)
    submit = submit_field(_l("Change"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.frequency.choices = frequency_choices(with_off=True)


class ActionForm(ArenaForm):
    """A button that only needs CSRF protection (delete)."""


class InterestProfileForm(ArenaForm):
    cpv_codes = text_field(
        _l("CPV codes"), Optional(), Length(max=500),
        description=_l("Separate codes with commas, for example 90500000-2, 72000000. "
                       "A broad code includes everything under it."))
    sectors = checkboxes_field(_l("Sectors"), [])
    regions = checkboxes_field(_l("Counties"), [])
    nationwide = checkbox_field(_l("Also challenges for the whole of Sweden"), default=True)
    frequency = radio_field(_l("E-mail me new matching challenges"), [],
                            default=Frequency.DAILY.value)
    submit = submit_field(_l("Save profile"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sectors.choices = sector_choices()
        self.regions.choices = region_choices(include_nationwide=False)
        self.frequency.choices = frequency_choices(with_off=True)

    def codes(self) -> list[str]:
        """The CPV codes typed, split on commas, semicolons and spaces."""
        return [c for c in re.split(r"[\s,;]+", self.cpv_codes.data or "") if c]
