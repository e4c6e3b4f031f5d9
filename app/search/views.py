"""Search pages: /search (stable, shareable address), saved searches, interest profile."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict

from app.core.db import utcnow
from app.core.domain import DomainError
from app.core.events import Frequency
from app.core.http import require
from app.core.views import add_form_error, form_page
from app.extensions import db
from app.search import alerts, forms, services
from app.search.models import SavedSearch
from app.search.permissions import can_manage_saved_search, can_save_search

bp = Blueprint("search", __name__, url_prefix="/search")


def _removal_links(params: services.SearchParams, page: services.SearchPage) -> list:
    labels = {(g.name, v.value): v.label for g in page.facets for v in g.values}
    links = []
    for name, values in params.filters.items():
        for value in values:
            remaining = {**params.filters, name: tuple(v for v in values if v != value)}
            links.append((labels.get((name, value), value), params.url(filters=remaining)))
    return links


@bp.route("", strict_slashes=False)
def search():
    params = services.params_from(request.args)
    page = services.run_search(params)
    save_form = forms.SaveSearchForm(formdata=None, search=params.url())
    return render_template(
        "search/search.html", page=page, params=params, save_form=save_form,
        removal_links=_removal_links(params, page), sort_labels=services.SORT_LABELS,
        status_labels=services.STATUS_LABELS,
        suggestion_url=params.url(q=page.suggestion) if page.suggestion else None,
    )


def _params_from_address(address: str) -> services.SearchParams:
    parts = urlsplit(address or "")
    if parts.path.rstrip("/") != "/search" or parts.netloc:
        return services.SearchParams()
    return services.params_from(MultiDict(
        [(k, v) for k, values in parse_qs(parts.query).items() for v in values]))


@bp.route("/saved", methods=["GET", "POST"])
@login_required
def saved():
    require(can_save_search(current_user))
    form = forms.SaveSearchForm()
    if request.method == "POST":
        if form.validate_on_submit():
            params = _params_from_address(form.search.data)
            services.save_search(current_user, form.name.data, params,
                                 Frequency(form.frequency.data))
            flash(_("Your search has been saved. We will e-mail you new matching challenges."),
                  "success")
            return redirect(url_for(".saved"))
        return form_page("search/save.html", form)
    searches = services.saved_searches_of(current_user)
    return render_template(
        "search/saved.html", searches=searches, params_of=services.params_of,
        frequency_forms={s.id: forms.FrequencyForm(formdata=None, prefix=f"s{s.id}",
                                                   frequency=s.frequency.value)
                         for s in searches},
        action_form=forms.ActionForm(), profile=services.interest_profile_of(current_user),
        frequency_labels=dict(forms.frequency_choices(with_off=True)),
    )


def _own_saved_search(saved_id: int) -> SavedSearch:
    saved_search = db.get_or_404(SavedSearch, saved_id)
    require(can_manage_saved_search(current_user, saved_search), 404)
    return saved_search


@bp.route("/saved/<int:saved_id>/frequency", methods=["POST"])
@login_required
def change_frequency(saved_id: int):
    saved_search = _own_saved_search(saved_id)
    form = forms.FrequencyForm(prefix=f"s{saved_id}")
    if not form.validate_on_submit():
        flash(_("Choose how often to be e-mailed."), "error")
        return redirect(url_for(".saved"))
    services.change_frequency(saved_search, Frequency(form.frequency.data))
    flash(_("Alerts changed for “%(name)s”.", name=saved_search.name), "success")
    return redirect(url_for(".saved"))


@bp.route("/saved/<int:saved_id>/delete", methods=["POST"])
@login_required
def delete(saved_id: int):
    saved_search = _own_saved_search(saved_id)
    if forms.ActionForm().validate_on_submit():
        name = saved_search.name
        services.delete_saved_search(saved_search)
        flash(_("“%(name)s” has been deleted.", name=name), "success")
    return redirect(url_for(".saved"))


def _profile_form(profile) -> forms.InterestProfileForm:
    if request.method == "POST":
        return forms.InterestProfileForm()
    filters = profile.filters if profile else services.profile_defaults(current_user)
    regions = filters.get("region", [])
    form = forms.InterestProfileForm(formdata=None)
    form.cpv_codes.data = ", ".join(filters.get("cpv", []))
    form.sectors.data = list(filters.get("sector", []))
    form.regions.data = [r for r in regions if r != "SE"]
    form.nationwide.data = "SE" in regions or not regions
    form.frequency.data = profile.frequency.value if profile else Frequency.DAILY.value
    return form


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    require(can_save_search(current_user))
    existing = services.interest_profile_of(current_user)
    form = _profile_form(existing)
    if form.validate_on_submit():
        try:
            saved = services.save_interest_profile(
                current_user, form.codes(), form.sectors.data or [], form.regions.data or [],
                bool(form.nationwide.data), Frequency(form.frequency.data))
            alerts.match_open_challenges(db.session, saved, utcnow())
        except DomainError as error:
            add_form_error(form, error.field, error.message)
        else:
            flash(_("Your interest profile has been saved."), "success")
            return redirect(url_for(".profile"))
    matching_url = services.params_of(existing).url() if existing else None
    return form_page("search/profile.html", form, profile=existing, matching_url=matching_url)
