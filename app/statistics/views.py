"""The public statistics page (/statistics/) and a CSV download of each of its tables."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import format_decimal

from app.checks.statistics import MIN_GROUP
from app.statistics import check_tables, services, tables

bp = Blueprint("statistics", __name__, url_prefix="/statistics")


def _period() -> str:
    period = request.args.get("period", "quarter")
    return period if period in services.PERIODS else "quarter"


def _headlines(stats: services.Statistics) -> dict:
    """The figures the page states in words, formatted for the reader."""
    median = stats.solutions.median
    return {
        "outcome_share": tables.percent(stats.outcomes.share),
        "benchmark": tables.percent(stats.outcomes.benchmark),
        "median": format_decimal(median) if median is not None else "–",
        "sme_share": tables.percent(stats.suppliers.sme_share),
        "cooperative_share": tables.percent(stats.suppliers.cooperative_share),
        "report_share": tables.percent(stats.checks.report_share),
        "median_days": format_decimal(stats.checks.median_days)
        if stats.checks.median_days is not None else "–",
    }


@bp.route("/")
def index():
    stats = services.current(_period())
    return render_template("statistics/index.html", stats=stats, period=stats.period,
                           tables={**tables.all_tables(stats), **check_tables.all_tables(stats)},
                           min_group=MIN_GROUP, **_headlines(stats))


@bp.route("/<slug>.csv")
def table_csv(slug: str):
    builders = {**tables.BUILDERS, **check_tables.BUILDERS}
    if slug not in builders:
        abort(404)
    table = builders[slug](services.current(_period()))
    return Response(tables.table_csv(table), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="statistics-{slug}.csv"'})
