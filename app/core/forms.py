"""Form helpers: GOV.UK widgets by default, translated messages, kept input on failure,
one-line fields that stay on one line."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovPasswordInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from app.core.dates import parse_local_datetime
from app.core.i18n import default_language


class _TranslatedErrorPrefix:
    """Say the visually hidden "Error:" prefix in the page's language."""

    def map_gov_params(self, field, **kwargs):
        from flask_babel import gettext

        params = super().map_gov_params(field, **kwargs)
        if params.get("errorMessage"):
            params["errorMessage"]["visuallyHiddenText"] = gettext("Error")
        return params


class TextInputWidget(_TranslatedErrorPrefix, GovTextInput):
    pass


class PasswordWidget(_TranslatedErrorPrefix, GovPasswordInput):
    """The show/hide password button, in the page's language."""

    def map_gov_params(self, field, **kwargs):
        from flask_babel import gettext

        params = super().map_gov_params(field, **kwargs)
        params.update(
            showPasswordText=gettext("Show"),
            hidePasswordText=gettext("Hide"),
            showPasswordAriaLabelText=gettext("Show password"),
            hidePasswordAriaLabelText=gettext("Hide password"),
            passwordShownAnnouncementText=gettext("Your password is visible"),
            passwordHiddenAnnouncementText=gettext("Your password is hidden"),
        )
        return params


class TextAreaWidget(_TranslatedErrorPrefix, GovTextArea):
    pass


class SelectWidget(_TranslatedErrorPrefix, GovSelect):
    pass


class RadiosWidget(_TranslatedErrorPrefix, GovRadioInput):
    pass


class LanguageRadiosWidget(RadiosWidget):
    """Radio buttons whose choices are languages named in themselves: each label carries
    its own `lang` (a screen reader reads "Svenska" in Swedish on an English page)."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        for item in params["items"]:
            label = item.setdefault("label", {})
            label.setdefault("attributes", {})["lang"] = item["value"]
        return params


class CheckboxesWidget(_TranslatedErrorPrefix, GovCheckboxesInput):
    pass


class CheckboxWidget(_TranslatedErrorPrefix, GovCheckboxInput):
    pass


# Line breaks (and tabs) become a space; other control characters, and the bidirectional
# overrides that make text read differently from how it is stored, go.
_LINE_BREAKS = re.compile(r"[\r\n\t\v\f\x85\u2028\u2029]+")
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def one_line(value):
    """A single-line field's value without line breaks or control characters, so that a
    name, title or subject never starts a new line in an e-mail, a CSV file or a page."""
    if not isinstance(value, str):
        return value
    return _CONTROLS.sub("", _LINE_BREAKS.sub(" ", value))


def _is_single_line(field_class) -> bool:
    return (issubclass(field_class, StringField)
            and not issubclass(field_class, (TextAreaField, PasswordField)))


class ArenaForm(FlaskForm):
    """Base form with CSRF; its errors render as a GOV.UK error summary. Every
    single-line text field of every form (StringField and its kinds, not text areas or
    passwords) passes through `one_line`."""

    class Meta:
        def get_translations(self, form):
            from flask_babel import get_translations

            return get_translations()

        def bind_field(self, form, unbound_field, options):
            if _is_single_line(unbound_field.field_class) and len(unbound_field.args) < 3:
                options = {**options, "filters": (
                    *unbound_field.kwargs.get("filters", ()), one_line)}
            return super().bind_field(form, unbound_field, options)


def required(message=None):
    """A DataRequired validator with a translated message."""
    return DataRequired(message=message or _l("This field is required."))


def choices(options) -> list[tuple[str, object]]:
    """Form choices from a labelled enum (each member's `label`) or a {value: label} map.

    The labels stay lazy strings, so a form defined once shows them in each reader's
    language."""
    pairs = options.items() if isinstance(options, dict) else ((m, m.label) for m in options)
    return [(str(getattr(value, "value", value)), label) for value, label in pairs]


class LocalDateTime:
    """Validator: the field holds a readable local date and time (or nothing)."""

    def __call__(self, form, field):
        try:
            parse_local_datetime(field.data)
        except ValueError as error:
            raise ValidationError(_l("Enter a date and time like 2026-05-31 12:00.")) from error


def datetime_field(label, *validators, **kwargs):
    """A date-and-time input in local time (a plain text box where the browser has none);
    read it with `app.core.dates.parse_local_datetime`."""
    return text_field(label, *validators, LocalDateTime(),
                      render_kw={"type": "datetime-local"}, **kwargs)


def text_field(label, *validators, **kwargs):
    """A single-line text input."""
    return StringField(label, validators=list(validators), widget=TextInputWidget(), **kwargs)


def email_field(label=None, *validators, **kwargs):
    """An e-mail address input with format checking."""
    return StringField(
        label or _l("E-mail address"),
        validators=[required(), Email(message=_l("Enter a valid e-mail address.")), *validators],
        widget=TextInputWidget(),
        render_kw={"autocomplete": "email", "spellcheck": "false", "type": "email"},
        **kwargs,
    )


def password_field(label, autocomplete="current-password", **kwargs):
    """A password input."""
    return PasswordField(
        label, validators=[required()], widget=PasswordWidget(),
        render_kw={"autocomplete": autocomplete}, **kwargs,
    )


def textarea_field(label, *validators, **kwargs):
    """A multi-line text area."""
    return TextAreaField(label, validators=list(validators), widget=TextAreaWidget(), **kwargs)


def select_field(label, choices, *validators, **kwargs):
    """A drop-down list."""
    return SelectField(label, choices=choices, validators=list(validators), widget=SelectWidget(),
                       **kwargs)


def radio_field(label, choices, *validators, **kwargs):
    """Radio buttons."""
    return RadioField(label, choices=choices, validators=list(validators),
                      widget=RadiosWidget(), **kwargs)


LANGUAGE_CHOICES = [("sv", "Svenska"), ("en", "English")]  # each name in its own language


def invitation_language_field():
    """The language an invitation is written in: the invitee may have no account, and so
    no language of their own yet. The platform's default unless the inviter chooses."""
    return RadioField(
        _l("Language of the invitation"), choices=LANGUAGE_CHOICES,
        validators=[DataRequired()], widget=LanguageRadiosWidget(), default=default_language,
        description=_l("Someone who already has an account gets it in their own language."))


def checkboxes_field(label, choices, *validators, **kwargs):
    """Several checkboxes for a multi-select."""
    return SelectMultipleField(label, choices=choices, validators=list(validators),
                               widget=CheckboxesWidget(), **kwargs)


def checkbox_field(label, **kwargs):
    """A single yes/no checkbox."""
    return BooleanField(label, widget=CheckboxWidget(), **kwargs)


def submit_field(label):
    """The form's main button."""
    return SubmitField(label, widget=GovSubmitInput())


__all__ = [
    "ArenaForm", "Length", "LocalDateTime", "Optional", "checkbox_field", "checkboxes_field",
    "choices", "datetime_field", "email_field",
    "password_field", "radio_field", "required", "select_field", "submit_field",
    "text_field", "textarea_field",
]
