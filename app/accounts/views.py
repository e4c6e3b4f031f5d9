"""Account pages: register, verify, log in/out, reset, profile."""

from __future__ import annotations

import json

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.accounts import forms, privacy, services, twofactor
from app.accounts.models import User
from app.accounts.permissions import can_change_email
from app.core.db import writes_when_read
from app.core.domain import DomainError
from app.core.http import refuse
from app.core.tokens import TokenError, TokenProblem
from app.core.transactions import keep_changes_despite_error
from app.core.views import add_form_error, form_page, redirect_next
from app.extensions import db, limiter

bp = Blueprint("auth", __name__, url_prefix="/auth")
LANDING = "workspace.home"  # My pages: where a person lands after logging in


def _login_failed(response) -> bool:
    return response.status_code != 302


def _login_account_key() -> str:
    return "login:" + services.normalise_email(request.form.get("email", ""))


def _address_limit() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ADDRESS"]


def _account_limit() -> str:
    return current_app.config["LOGIN_LIMIT_PER_ACCOUNT"]


def _form_accepted(response) -> bool:
    return response.status_code < 400


def _mail_limit_per_address() -> str:
    return current_app.config["ACCOUNT_MAIL_LIMIT_PER_ADDRESS"]


def _mail_limit_per_recipient() -> str:
    return current_app.config["ACCOUNT_MAIL_LIMIT_PER_RECIPIENT"]


def _recipient_in_form() -> str:
    return "recipient:" + services.normalise_email(request.form.get("email", ""))


def _recipient_signed_in() -> str:
    return "recipient:" + (current_user.email if current_user.is_authenticated else "")


# Registration, password reset and a new confirmation link each e-mail someone: one
# budget per client address and one per recipient, shared by the three, so nobody can
# flood a person's inbox. Every accepted request counts, whether or not an e-mail went
# out, so that a refusal says nothing about which addresses have accounts.
_mail_per_address = limiter.shared_limit(
    _mail_limit_per_address, scope="account-mail-address", methods=["POST"],
    deduct_when=_form_accepted)
_mail_per_recipient = limiter.shared_limit(
    _mail_limit_per_recipient, scope="account-mail-recipient", key_func=_recipient_in_form,
    methods=["POST"], deduct_when=_form_accepted)
_mail_per_signed_in_recipient = limiter.shared_limit(
    _mail_limit_per_recipient, scope="account-mail-recipient", key_func=_recipient_signed_in,
    methods=["POST"], deduct_when=_form_accepted)


def _sign_in(user, remember: bool = False) -> None:
    services.start_session(user, request.user_agent.string)
    login_user(user, remember=remember)


def _token_message(error: TokenError) -> str:
    if error.problem == TokenProblem.EXPIRED:
        return _("This link has expired. Ask for a new one.")
    return _("This link is not valid or has already been used.")


@bp.route("/register", methods=["GET", "POST"])
@_mail_per_address
@_mail_per_recipient
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = forms.RegisterForm()
    if form.validate_on_submit():
        try:
            services.register(form.email.data, form.name.data, form.password.data,
                              form.locale.data)
        except DomainError as error:
            add_form_error(form, "password", error.message)
            return form_page("accounts/register.html", form)
        return render_template("accounts/check_email.html", email=form.email.data)
    return form_page("accounts/register.html", form)


@bp.route("/verify/<token>")
@writes_when_read  # confirms the address and signs in
def verify(token: str):
    try:
        user = services.verify_email(token)
    except TokenError as error:
        return render_template("accounts/link_problem.html", message=_token_message(error)), 400
    flash(_("Thank you, your e-mail address is confirmed."), "success")
    if not current_user.is_authenticated and not user.totp_enabled:
        _sign_in(user)
    return redirect(url_for("accounts.profile"))


@bp.route("/verify/resend", methods=["POST"])
@login_required
@_mail_per_address
@_mail_per_signed_in_recipient
def resend_verification():
    form = forms.ResendVerificationForm()
    if form.validate_on_submit() and not current_user.email_verified:
        services.send_verification(current_user)
        flash(_("We have sent a new confirmation link to %(email)s.", email=current_user.email),
              "success")
    return redirect(url_for("accounts.profile"))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_address_limit, methods=["POST"], deduct_when=_login_failed)
@limiter.limit(_account_limit, key_func=_login_account_key, methods=["POST"],
               deduct_when=_login_failed)
def login():
    if current_user.is_authenticated:
        return redirect_next(LANDING)
    form = forms.LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user and user.totp_enabled:
            session["pending_2fa"] = {"user": user.id, "remember": bool(form.remember.data),
                                      "next": request.values.get("next", "")}
            return redirect(url_for("auth.two_factor"))
        if user:
            _sign_in(user, remember=form.remember.data)
            return redirect_next(LANDING)
        keep_changes_despite_error()  # the failed attempt belongs in the audit log
        add_form_error(form, None, _("The e-mail address or password is not correct."))
    return form_page("accounts/login.html", form, status=401 if request.method == "POST" else 200)


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    if request.method == "POST" and current_user.is_authenticated:
        services.end_session(current_user)
        logout_user()
        flash(_("You are logged out."), "success")
        return redirect(url_for("main.index"))
    return render_template("accounts/logout.html", form=forms.LogoutEverywhereForm())


def _pending_two_factor_key() -> str:
    return "2fa:" + str((session.get("pending_2fa") or {}).get("user"))


@bp.route("/two-factor", methods=["GET", "POST"])
@limiter.limit(_account_limit, key_func=_pending_two_factor_key, methods=["POST"],
               deduct_when=_login_failed)
def two_factor():
    pending = session.get("pending_2fa")
    user = db.session.get(User, pending["user"]) if pending else None
    if user is None:
        return redirect(url_for("auth.login"))
    form = forms.TwoFactorCodeForm()
    if form.validate_on_submit():
        if twofactor.verify_code(user, form.code.data):
            session.pop("pending_2fa")
            _sign_in(user, remember=pending["remember"])
            return redirect(pending["next"] if pending["next"].startswith("/") and not
                            pending["next"].startswith("//") else url_for(LANDING))
        keep_changes_despite_error()
        add_form_error(form, "code", _("The code is not correct."))
    return form_page("accounts/two_factor.html", form,
                     status=401 if request.method == "POST" else 200)


@bp.route("/two-factor/confirm/<token>", methods=["GET", "POST"])
def confirm_two_factor(token: str):
    """The link e-mailed at enrolment: a page with a button (a GET changes nothing, so a
    mail program that opens links to check them cannot turn two-factor on)."""
    try:
        user = twofactor.user_for_enrolment_link(token)
    except TokenError as error:
        return render_template("accounts/link_problem.html", message=_token_message(error),
                               two_factor=True), 400
    form = forms.ConfirmTwoFactorForm()
    if form.validate_on_submit():
        twofactor.complete_enrolment(token)
        flash(_("Two-factor authentication is on."), "success")
        return redirect(url_for("accounts.profile"))
    return form_page("accounts/two_factor_confirm.html", form, email=user.email)


@bp.route("/reset", methods=["GET", "POST"])
@_mail_per_address
@_mail_per_recipient
def reset_request():
    form = forms.ResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        return render_template("accounts/check_email.html", email=form.email.data, reset=True)
    return form_page("accounts/reset_request.html", form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:
        services.user_for_reset_token(token)
    except TokenError as error:
        return render_template("accounts/link_problem.html", message=_token_message(error)), 400
    form = forms.NewPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(token, form.password.data)
        except DomainError as error:
            add_form_error(form, "password", error.message)
            return form_page("accounts/reset_password.html", form)
        flash(_("Your password has been changed. You can now log in."), "success")
        return redirect(url_for("auth.login"))
    return form_page("accounts/reset_password.html", form)


@bp.route("/email/<token>")
@writes_when_read  # switches the address
def confirm_email_change(token: str):
    try:
        services.confirm_email_change(token)
    except TokenError as error:
        return render_template("accounts/link_problem.html", message=_token_message(error)), 400
    flash(_("Your e-mail address has been changed."), "success")
    return redirect(url_for("accounts.profile"))


account_bp = Blueprint("accounts", __name__, url_prefix="/account")


@account_bp.route("/", methods=["GET", "POST"])
@login_required
def profile():
    form = forms.ProfileForm(obj=current_user)
    if form.validate_on_submit():
        services.update_profile(current_user, form.name.data, form.locale.data)
        flash(_("Your profile has been saved."), "success")
        return redirect(url_for("accounts.profile"))
    return form_page("accounts/profile.html", form, resend_form=forms.ResendVerificationForm())


@account_bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = forms.ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data,
                                     form.password.data)
        except DomainError as error:
            add_form_error(form, error.field, error.message)
            return form_page("accounts/change_password.html", form)
        flash(_("Your password has been changed. Other devices have been logged out."),
              "success")
        return redirect(url_for("accounts.profile"))
    return form_page("accounts/change_password.html", form)


@account_bp.route("/email", methods=["GET", "POST"])
@login_required
def change_email():
    if not can_change_email(current_user):
        refuse(403, _("Administrators must turn on two-factor authentication before they "
                      "change their e-mail address."))
    form = forms.ChangeEmailForm()
    if form.validate_on_submit():
        try:
            services.request_email_change(current_user, form.email.data,
                                          form.current_password.data)
        except DomainError as error:
            add_form_error(form, error.field, error.message)
            return form_page("accounts/change_email.html", form)
        return render_template("accounts/check_email.html", email=form.email.data)
    return form_page("accounts/change_email.html", form)


@account_bp.route("/two-factor", methods=["GET", "POST"])
@writes_when_read  # a new secret to scan
@login_required
def two_factor_settings():
    form = forms.TwoFactorCodeForm()
    if current_user.totp_enabled:
        return _two_factor_disable(form)
    if not current_user.totp_secret or request.args.get("new"):
        twofactor.new_secret(current_user)
    elif form.validate_on_submit():
        try:
            twofactor.confirm_enrolment(current_user, form.code.data)
        except DomainError as error:
            keep_changes_despite_error()  # keep the secret the app has just scanned
            add_form_error(form, error.field, error.message)
        else:
            return redirect(url_for("accounts.two_factor_settings"))
    if request.method == "GET" and twofactor.awaiting_email_confirmation(current_user):
        return render_template("accounts/two_factor_check_email.html", email=current_user.email)
    return form_page("accounts/two_factor_setup.html", form,
                     qr_code=twofactor.qr_code_data_uri(current_user),
                     secret=current_user.totp_secret)


def _two_factor_disable(form):
    if form.validate_on_submit():
        try:
            twofactor.disable(current_user, form.code.data)
        except DomainError as error:
            add_form_error(form, error.field, error.message)
            return form_page("accounts/two_factor_disable.html", form, status=error.status)
        flash(_("Two-factor authentication is off."), "success")
        return redirect(url_for("accounts.profile"))
    return form_page("accounts/two_factor_disable.html", form)


@account_bp.route("/data.json")
@login_required
def download_data():
    body = json.dumps(privacy.personal_data(current_user), ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": "attachment; filename=innovation-arena-my-data.json"})


@account_bp.route("/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    form = forms.DeleteAccountForm()
    if form.validate_on_submit():
        try:
            privacy.delete_own_account(current_user, form.password.data)
        except DomainError as error:
            add_form_error(form, error.field, error.message)
            return form_page("accounts/delete.html", form, status=error.status)
        logout_user()
        flash(_("Your account has been deleted."), "success")
        return redirect(url_for("main.index"))
    return form_page("accounts/delete.html", form)


@account_bp.route("/logout-everywhere", methods=["POST"])
@login_required
def logout_everywhere():
    form = forms.LogoutEverywhereForm()
    if form.validate_on_submit():
        services.log_out_everywhere(current_user)
        logout_user()
        flash(_("You are logged out on all devices."), "success")
    return redirect(url_for("main.index"))
