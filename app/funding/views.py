"""Funding pages: the public list with filters, the counting click-through, administration."""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.core.db import writes_when_read
from app.core.domain import DomainError
from app.core.http import require
from app.core.views import add_form_error, form_page
from app.extensions import db
from app.funding import services
from app.funding.forms import FilterForm, ProgrammeForm
from app.funding.models import Audience, FundingEventKind, FundingProgramme
from app.funding.permissions import can_manage_funding

bp = Blueprint("funding", __name__, url_prefix="/funding")
CLICK_SOURCES = {"email", "page", "panel", "challenge"}


def _audience(value: str | None) -> Audience | None:
    return Audience(value) if value in {a.value for a in Audience} else None


@bp.route("/")
def index():
    form = FilterForm(request.args)
    audience = _audience(request.args.get("who"))
    situation = services.as_situation(request.args.get("step"))
    form.who.data = audience.value if audience else ""
    form.step.data = situation.value if situation else ""
    programmes = services.matching_programmes({audience} if audience else None, situation)
    return render_template("funding/index.html", form=form, programmes=programmes,
                           audience=audience, situation=situation,
                           filtered=bool(audience or situation))


@bp.route("/<key>/go")
@writes_when_read  # counts the click
def go(key: str):
    """Count a click on a programme, then send the reader to the funder's page."""
    programme = services.programme_by_key(key) or abort(404)
    source = request.args.get("from", "page")
    services.record([programme], FundingEventKind.CLICKED,
                    source if source in CLICK_SOURCES else "page",
                    services.as_situation(request.args.get("step")))
    return redirect(programme.link or url_for(".index", _anchor=f"programme-{programme.key}"))


def administrators_only(view):
    """Platform administrators only (others: log in, or 403)."""

    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        require(can_manage_funding(current_user))
        return view(*args, **kwargs)

    return wrapper


@bp.route("/admin/")
@administrators_only
def programmes():
    return render_template("funding/admin_list.html", programmes=services.all_programmes(),
                           counts=services.counts_by_programme())


@bp.route("/admin/new", methods=["GET", "POST"])
@administrators_only
def new_programme():
    form = ProgrammeForm()
    if request.method == "GET":
        form.currency.data = "SEK"
    return _save(form, None)


@bp.route("/admin/<int:programme_id>/edit", methods=["GET", "POST"])
@administrators_only
def edit_programme(programme_id: int):
    programme = db.get_or_404(FundingProgramme, programme_id)
    form = ProgrammeForm()
    if request.method == "GET":
        form.fill_from(programme)
    return _save(form, programme)


def _save(form: ProgrammeForm, programme: FundingProgramme | None):
    if form.validate_on_submit():
        try:
            saved = services.save_programme(programme, form.key.data.strip(),
                                            form.programme_fields())
        except DomainError as error:
            add_form_error(form, error.field, error.message)
            return form_page("funding/admin_form.html", form, programme=programme)
        flash(_("%(name)s has been saved.", name=saved.name), "success")
        return redirect(url_for(".programmes"))
    return form_page("funding/admin_form.html", form, programme=programme)
