"""The open data API, read-only, under /api/v1/ (documented at /api/v1/openapi.json)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, url_for

from app.api import exports, ocds, openapi, services
from app.api import representations as shapes
from app.api.http import (
    choice_arg,
    csv_response,
    int_arg,
    json_response,
    latest,
    page_links,
    page_request,
    paged_response,
)
from app.challenges.models import ChallengeKind, OutcomeKind, ProcurementRoute
from app.challenges.queries import SORTS
from app.checks import statistics as checks_statistics
from app.core.cache import remembered
from app.core.db import utcnow
from app.core.reference import NATIONWIDE, REGIONS, SECTORS
from app.dialogue import queries as dialogue_queries
from app.dialogue.models import EventKind
from app.extensions import db, limiter
from app.knowledge import reach
from app.networks.models import NetworkStatus
from app.organisations.models import OrganisationKind

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# One budget per client address for the whole API, not one per address and endpoint.
limiter.shared_limit(lambda: current_app.config["API_RATE_LIMIT"], scope="api")(bp)

ID = "int(min=1, max=2147483647)"
KINDS = frozenset(k.value for k in ChallengeKind)
ROUTES = frozenset(r.value for r in ProcurementRoute)
REGION_CODES = frozenset({*REGIONS, NATIONWIDE})
ORGANISATION_KINDS = frozenset(k.value for k in OrganisationKind)
NETWORK_STATUSES = frozenset(s.value for s in NetworkStatus)
OUTCOMES = frozenset(k.value for k in OutcomeKind)
EVENT_KINDS = frozenset(k.value for k in EventKind)


def _found(value):
    if value is None:
        abort(404)
    return value


@bp.route("/")
def index():
    """Where each collection is."""
    names = ("challenges", "outcomes", "organisations", "networks", "events",
             "funding_programmes", "check_statistics", "knowledge_reach", "ocds_releases",
             "challenges_csv", "outcomes_csv", "openapi_document")
    return json_response({"name": "Innovation Arena open data", "version": "1",
                          "links": {name: url_for(f"api.{name}", _external=True)
                                    for name in names}})


@bp.route("/openapi.json")
def openapi_document():
    """The OpenAPI 3 description of this API."""
    return json_response(openapi.document())


# --- challenges ------------------------------------------------------------------------------

def _challenge_filters() -> services.ChallengeFilters:
    return services.ChallengeFilters(
        kind=choice_arg("kind", KINDS), status=choice_arg("status", services.STATUSES),
        sector=choice_arg("sector", SECTORS), region=choice_arg("region", REGION_CODES),
        route=choice_arg("route", ROUTES), buyer=int_arg("buyer"),
        sort=choice_arg("sort", SORTS) or "newest")


@bp.route("/challenges")
def challenges():
    filters, paging = _challenge_filters(), page_request()
    pagination = services.challenges_page(filters, paging)
    counts = services.solution_counts(pagination.items)
    items = [shapes.challenge_summary(c, counts[c.id]) for c in pagination.items]
    return paged_response(pagination, items,
                          services.challenge_list_changed_at(pagination.items))


@bp.route(f"/challenges/<{ID}:challenge_id>")
def challenge(challenge_id: int):
    found = _found(services.public_challenge(challenge_id))
    count = services.solution_counts([found])[found.id]
    return json_response(shapes.challenge_detail(found, count),
                         services.challenge_changed_at(found))


@bp.route("/challenges.csv")
def challenges_csv():
    challenges = list(services.all_challenges(_challenge_filters()))
    counts = services.solution_counts(challenges)
    rows = [exports.challenge_row(c, counts[c.id], _page(c)) for c in challenges]
    return csv_response(exports.challenges_csv(rows), "challenges.csv",
                        services.challenge_list_changed_at(challenges))


def _page(challenge) -> str:
    return url_for("challenges.detail", challenge_id=challenge.id, _external=True)


# --- outcomes --------------------------------------------------------------------------------

@bp.route("/outcomes")
def outcomes():
    kind, paging = choice_arg("outcome", OUTCOMES), page_request()
    pagination = services.outcomes_page(kind, paging)
    counts = services.solution_counts(pagination.items)
    items = [shapes.outcome_item(c, counts[c.id]) for c in pagination.items]
    return paged_response(pagination, items,
                          services.challenge_list_changed_at(pagination.items))


@bp.route("/outcomes.csv")
def outcomes_csv():
    challenges = services.all_outcomes(choice_arg("outcome", OUTCOMES))
    counts = services.solution_counts(challenges)
    rows = [exports.outcome_row(c, counts[c.id], _page(c), services.leads_on(c))
            for c in challenges]
    return csv_response(exports.outcomes_csv(rows), "outcomes.csv",
                        services.challenge_list_changed_at(challenges))


# --- organisations and networks --------------------------------------------------------------

@bp.route("/organisations")
def organisations():
    kind, paging = choice_arg("kind", ORGANISATION_KINDS), page_request()
    pagination = services.organisations_page(kind, paging)
    items = [shapes.organisation_summary(o) for o in pagination.items]
    return paged_response(pagination, items, services.organisation_list_changed_at())


@bp.route(f"/organisations/<{ID}:organisation_id>")
def organisation(organisation_id: int):
    found = _found(services.organisation(organisation_id))
    return json_response(shapes.organisation_detail(found),
                         services.organisation_changed_at(found))


@bp.route("/networks")
def networks():
    filters = services.NetworkFilters(
        status=choice_arg("status", NETWORK_STATUSES), region=choice_arg("region", REGION_CODES),
        sector=choice_arg("sector", SECTORS))
    pagination = services.networks_page(filters, page_request())
    items = [shapes.network_summary(n) for n in pagination.items]
    return paged_response(pagination, items, services.network_list_changed_at(pagination.items))


@bp.route(f"/networks/<{ID}:network_id>")
def network(network_id: int):
    found = _found(services.network(network_id))
    return json_response(shapes.network_detail(found), services.network_changed_at(found))


# --- dialogue events -------------------------------------------------------------------------

@bp.route("/events")
def events():
    query = dialogue_queries.public_events_query(
        utcnow(), region=choice_arg("region", REGION_CODES), sector=choice_arg("sector", SECTORS),
        kind=choice_arg("kind", EVENT_KINDS))
    paging = page_request()
    pagination = db.paginate(query, page=paging.page, per_page=paging.per_page,
                             error_out=False)
    return paged_response(pagination, [shapes.event(e) for e in pagination.items],
                          latest(*(e.updated_at for e in pagination.items)))


@bp.route(f"/events/<{ID}:event_id>")
def event(event_id: int):
    found = _found(dialogue_queries.public_event(event_id))
    return json_response(shapes.event(found), found.updated_at)


# --- funding programmes ----------------------------------------------------------------------

@bp.route("/funding-programmes")
def funding_programmes():
    pagination, now = services.programmes_page(page_request()), utcnow()
    items = [shapes.programme(p, now) for p in pagination.items]
    return paged_response(pagination, items,
                          services.programme_list_changed_at(pagination.items, now))


@bp.route("/funding-programmes/<key>")
def funding_programme(key: str):
    found, now = _found(services.programme(key)), utcnow()
    return json_response(shapes.programme(found, now),
                         services.programmes_changed_at([found], now))


# --- check statistics and knowledge reach ----------------------------------------------------

@bp.route("/check-statistics")
def check_statistics():
    found = remembered("check-statistics", current_app.config["STATISTICS_CACHE_SECONDS"],
                       checks_statistics.check_statistics)
    return json_response(shapes.check_statistics(found))


@bp.route("/knowledge-reach")
def knowledge_reach():
    days = int(choice_arg("days", {str(p) for p in reach.PERIODS}) or reach.DEFAULT_PERIOD)
    report = reach.reach_report(days)
    return json_response(shapes.knowledge_reach(report, reach.daily_figures(days)))


# --- Open Contracting Data Standard ----------------------------------------------------------

@bp.route("/ocds/releases.json")
def ocds_releases():
    pagination = services.challenges_page(services.ChallengeFilters(sort="newest"),
                                          page_request(default_size=100, max_size=500))
    package = ocds.release_package(pagination.items, page_links(pagination))
    return json_response(package, latest(*(ocds.release_date(c) for c in pagination.items),
                                         services.challenge_list_changed_at([])))
