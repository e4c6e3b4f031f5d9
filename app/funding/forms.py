"""Forms: the public filter and the administrator's programme form."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from wtforms.validators import URL, Regexp, ValidationError

from app.core.dates import day_end, day_start, local_day
from app.core.forms import (
    ArenaForm,
    Length,
    Optional,
    checkboxes_field,
    choices,
    radio_field,
    required,
    select_field,
    submit_field,
    text_field,
    textarea_field,
)
from app.funding.models import Audience, FundingProgramme, Stage
from app.funding.templating import AUDIENCE_LABELS, SITUATION_LABELS, STAGE_LABELS

KEY_PATTERN = r"^[a-z0-9][a-z0-9-]{1,78}[a-z0-9]$"


class FilterForm(ArenaForm):
    """The public page's filters (a GET form: nothing to protect with CSRF)."""

    class Meta:
        csrf = False

    who = select_field(_l("Who you are"), [])
    step = select_field(_l("What step you are at"), [])
    submit = submit_field(_l("Show funding"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.who.choices = [("", _l("Anyone"))] + choices(AUDIENCE_LABELS)
        self.step.choices = [("", _l("Any step"))] + choices(SITUATION_LABELS)


def _parse_day(field_data: str | None) -> date | None:
    text = (field_data or "").strip()
    return date.fromisoformat(text) if text else None


def _valid_day(form, field) -> None:
    try:
        _parse_day(field.data)
    except ValueError:
        raise ValidationError(_l("Enter a date like 2026-03-31.")) from None


def _valid_decimal(form, field) -> None:
    text = (field.data or "").replace(" ", "").replace("\xa0", "").replace(",", ".")
    try:
        if text and Decimal(text) < 0:
            raise ValidationError(_l("Enter a number of 0 or more."))
    except InvalidOperation:
        raise ValidationError(_l("Enter a number, like 400000.")) from None


def _decimal(text: str | None) -> Decimal | None:
    text = (text or "").replace(" ", "").replace("\xa0", "").replace(",", ".")
    return Decimal(text) if text else None


def parse_intermediaries(text: str | None) -> list[dict]:
    """One intermediary per line: `Name | sme, cooperative | https://address`."""
    result = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        name, audience, url = ([part.strip() for part in line.split("|")] + ["", ""])[:3]
        audiences = [a for a in re.split(r"[,\s]+", audience) if a]
        if not name or any(a not in {m.value for m in Audience} for a in audiences):
            raise ValueError(line)
        result.append({"name": name, "audience": audiences, "url": url})
    return result


def format_intermediaries(items: list[dict]) -> str:
    """The textarea form of a programme's intermediaries."""
    return "\n".join(f"{i['name']} | {', '.join(i.get('audience', []))} | {i.get('url', '')}"
                     for i in items or [])


def _valid_intermediaries(form, field) -> None:
    try:
        parse_intermediaries(field.data)
    except ValueError as error:
        raise ValidationError(_l(
            "Write one intermediary per line as: name | sme, cooperative | address. "
            "This line is not right: %(line)s", line=str(error))) from None


class ProgrammeForm(ArenaForm):
    """A funding programme, as an administrator edits it."""

    key = text_field(_l("Key"), required(), Regexp(KEY_PATTERN, message=_l(
        "Use 3–80 lower-case letters, digits and hyphens, like sme-check-ip.")),
        description=_l("A short permanent identifier, used by the import and in links."))
    name_sv = text_field(_l("Name in Swedish"), required(), Length(max=200))
    name_en = text_field(_l("Name in English"), required(), Length(max=200))
    funder = text_field(_l("Funder"), required(), Length(max=300))
    audience = checkboxes_field(_l("Who it is for"), choices(AUDIENCE_LABELS),
                                required(_l("Choose at least one.")))
    stage = radio_field(_l("Step"), choices(STAGE_LABELS), required())
    max_amount = text_field(_l("Maximum amount (optional)"), Optional(), _valid_decimal,
                            render_kw={"inputmode": "numeric"})
    currency = text_field(_l("Currency"), required(), Regexp(r"^[A-Za-z]{3}$", message=_l(
        "Use a three-letter currency code, like SEK.")))
    support_rate = text_field(_l("Support rate in per cent (optional)"), Optional(),
                              _valid_decimal, render_kw={"inputmode": "numeric"},
                              description=_l("100 means that all eligible costs are paid."))
    purpose_sv = textarea_field(_l("Purpose in Swedish"), required(), Length(max=3000))
    purpose_en = textarea_field(_l("Purpose in English"), required(), Length(max=3000))
    eligibility_sv = textarea_field(_l("Who can apply, in Swedish"), Optional(),
                                    Length(max=3000))
    eligibility_en = textarea_field(_l("Who can apply, in English"), Optional(),
                                    Length(max=3000))
    link = text_field(_l("Link to the funder's page (optional)"), Optional(), URL(
        message=_l("Enter a full address starting with https://")), Length(max=500))
    opens_on = text_field(_l("Opens on (optional)"), Optional(), _valid_day,
                          description=_l("For example 2026-03-01. Empty: open until further "
                                         "notice."))
    closes_on = text_field(_l("Closes on (optional)"), Optional(), _valid_day,
                           description=_l("For example 2026-10-31."))
    intermediaries = textarea_field(
        _l("Intermediaries (optional)"), Optional(), _valid_intermediaries,
        description=_l("One per line: name | who it serves (sme, cooperative, "
                       "contracting_authority) | address."))
    submit = submit_field(_l("Save programme"))

    def validate_support_rate(self, field) -> None:
        if field.errors:
            return
        value = _decimal(field.data)
        if value is not None and value > 100:
            raise ValidationError(_l("Enter a per cent between 0 and 100."))

    def validate_closes_on(self, field) -> None:
        if field.errors or self.opens_on.errors:
            return  # not dates: already explained
        opens, closes = _parse_day(self.opens_on.data), _parse_day(field.data)
        if opens and closes and closes < opens:
            raise ValidationError(_l("The closing date must be on or after the opening date."))

    def fill_from(self, programme: FundingProgramme) -> None:
        """Show a stored programme in the form."""
        for name in ("key", "name_sv", "name_en", "funder", "currency", "purpose_sv",
                     "purpose_en", "eligibility_sv", "eligibility_en", "link"):
            getattr(self, name).data = getattr(programme, name)
        self.audience.data = list(programme.audience or [])
        self.stage.data = programme.stage.value
        self.max_amount.data = f"{programme.max_amount:f}".rstrip("0").rstrip(".") if (
            programme.max_amount is not None) else ""
        self.support_rate.data = (f"{programme.support_rate * 100:f}".rstrip("0").rstrip(".")
                                  if programme.support_rate is not None else "")
        self.opens_on.data = str(local_day(programme.opens_at) or "")
        self.closes_on.data = str(local_day(programme.closes_at) or "")
        self.intermediaries.data = format_intermediaries(programme.intermediaries)

    def programme_fields(self) -> dict:
        """The model fields (all but the key) from a valid form."""
        rate = _decimal(self.support_rate.data)
        texts = ("name_sv", "name_en", "funder", "purpose_sv", "purpose_en", "eligibility_sv",
                 "eligibility_en", "link")
        return {
            **{name: (getattr(self, name).data or "").strip() for name in texts},
            "audience": list(self.audience.data), "stage": Stage(self.stage.data),
            "max_amount": _decimal(self.max_amount.data),
            "currency": self.currency.data.strip().upper(),
            "support_rate": rate / 100 if rate is not None else None,
            "opens_at": day_start(_parse_day(self.opens_on.data)),
            "closes_at": day_end(_parse_day(self.closes_on.data)),
            "intermediaries": parse_intermediaries(self.intermediaries.data),
        }
