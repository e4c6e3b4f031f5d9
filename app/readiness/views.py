"""The supplier readiness quick check at /readiness/ (log-in; answers private)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.core.domain import DomainError
from app.core.http import require
from app.core.views import add_form_error, form_page
from app.extensions import db
from app.organisations.models import Organisation
from app.readiness import services
from app.readiness.forms import ActionForm, quick_check_form
from app.readiness.labels import LEVEL_LABELS, LEVEL_TAG_CLASSES
from app.readiness.permissions import (
    can_show_readiness_on_profile,
    can_take_readiness_check,
    can_view_readiness,
)

bp = Blueprint("readiness", __name__, url_prefix="/readiness")


def _supplier(org_id: int) -> Organisation:
    organisation = db.get_or_404(Organisation, org_id)
    if not services.is_supplier(organisation):
        abort(404)
    return organisation


def _my_suppliers() -> list[Organisation]:
    return [m.organisation for m in current_user.memberships
            if services.is_supplier(m.organisation)]


@bp.route("/")
@login_required
def index():
    suppliers = _my_suppliers()
    return render_template("readiness/index.html", suppliers=suppliers,
                           latest=services.latest_checks_for(suppliers),
                           level_labels=LEVEL_LABELS, tag_classes=LEVEL_TAG_CLASSES,
                           level=services.level)


@bp.route("/<int:org_id>/check", methods=["GET", "POST"])
@login_required
def check(org_id: int):
    organisation = _supplier(org_id)
    require(can_take_readiness_check(current_user, organisation))
    previous = services.latest_check(organisation)
    # The last answers prefill the page; a POST is judged only by what it sends.
    form = quick_check_form(previous.answers if previous and request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            services.record_check(organisation, current_user, form.answers())
        except DomainError as error:
            add_form_error(form, None, error.message)
            return form_page("readiness/check.html", form, status=error.status,
                             organisation=organisation)
        return redirect(url_for(".result", org_id=organisation.id))
    return form_page("readiness/check.html", form, organisation=organisation)


@bp.route("/<int:org_id>/result")
@login_required
def result(org_id: int):
    organisation = _supplier(org_id)
    require(can_view_readiness(current_user, organisation))
    latest = services.latest_check(organisation)
    if latest is None:
        return redirect(url_for(".check", org_id=organisation.id))
    return render_template(
        "readiness/result.html", organisation=organisation, check=latest,
        overall_level=services.level(latest.score), results=services.theme_results(latest),
        level_labels=LEVEL_LABELS, tag_classes=LEVEL_TAG_CLASSES,
    )


@bp.route("/<int:org_id>/profile/<any(show, hide):choice>", methods=["POST"])
@login_required
def profile_choice(org_id: int, choice: str):
    organisation = _supplier(org_id)
    require(can_show_readiness_on_profile(current_user, organisation))
    if not ActionForm().validate_on_submit():
        abort(400)
    if services.set_shown_on_profile(organisation, choice == "show") is None:
        flash(_("Take the quick check first."), "important")
        return redirect(url_for(".check", org_id=organisation.id))
    flash(_("Your profile now shows when you assessed your readiness.") if choice == "show"
          else _("Your profile no longer shows the self-assessment."), "success")
    return redirect(url_for(".result", org_id=organisation.id))
