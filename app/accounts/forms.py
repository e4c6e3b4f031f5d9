"""Forms for registration, log-in, password reset and profile."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core.forms import (
    ArenaForm,
    Length,
    checkbox_field,
    email_field,
    password_field,
    radio_field,
    required,
    submit_field,
    text_field,
)

LANGUAGE_CHOICES = [("sv", "Svenska"), ("en", "English")]


class RegisterForm(ArenaForm):
    name = text_field(_l("Full name"), required(), Length(max=200),
                      render_kw={"autocomplete": "name"})
    email = email_field()
    password = password_field(
        _l("Password"), autocomplete="new-password",
        description=_l("At least 10 characters. Avoid common passwords."),
    )
    locale = radio_field(_l("Preferred language"), LANGUAGE_CHOICES, required(), default="sv")
    submit = submit_field(_l("Create account"))


class LoginForm(ArenaForm):
    # Field names `email` and `password` are relied on by password managers and scripts.
    email = email_field()
    password = password_field(_l("Password"))
    remember = checkbox_field(_l("Remember me on this device"))
    submit = submit_field(_l("Log in"))


class ResetRequestForm(ArenaForm):
    email = email_field()
    submit = submit_field(_l("Send reset link"))


class NewPasswordForm(ArenaForm):
    password = password_field(
        _l("New password"), autocomplete="new-password",
        description=_l("At least 10 characters. Avoid common passwords."),
    )
    submit = submit_field(_l("Save password"))


class ChangePasswordForm(ArenaForm):
    current_password = password_field(_l("Current password"))
    password = password_field(
        _l("New password"), autocomplete="new-password",
        description=_l("At least 10 characters. Avoid common passwords."),
    )
    submit = submit_field(_l("Change password"))


class ChangeEmailForm(ArenaForm):
    email = email_field(_l("New e-mail address"))
    current_password = password_field(_l("Current password"))
    submit = submit_field(_l("Send confirmation link"))


class ProfileForm(ArenaForm):
    name = text_field(_l("Full name"), required(), Length(max=200))
    locale = radio_field(_l("Preferred language"), LANGUAGE_CHOICES, required())
    submit = submit_field(_l("Save profile"))


class ResendVerificationForm(ArenaForm):
    submit = submit_field(_l("Send the link again"))


class LogoutEverywhereForm(ArenaForm):
    submit = submit_field(_l("Log out on all devices"))


class ConfirmTwoFactorForm(ArenaForm):
    submit = submit_field(_l("Turn on two-factor authentication"))


class TwoFactorCodeForm(ArenaForm):
    code = text_field(
        _l("Code from your authenticator app"), required(), Length(max=10),
        description=_l("Six digits, for example 123 456."),
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric",
                   "spellcheck": "false"},
    )
    submit = submit_field(_l("Continue"))


class DeleteAccountForm(ArenaForm):
    password = password_field(_l("Your password, to confirm"))
    submit = submit_field(_l("Delete my account"))
