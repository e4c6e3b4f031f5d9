"""The statistics as tables (caption, columns, rows), each with its chart and a CSV form.

The figures come from `services.compute`; this module only names and formats them in
the reader's language.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import format_date, format_decimal, format_percent, get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.challenges.models import OutcomeKind, ProcurementRoute
from app.core.reference import region_label, sector_label
from app.organisations.forms import SIZE_LABELS
from app.organisations.models import SizeClass
from app.statistics import charts
from app.statistics.charts import REFERENCE_COLOUR, SERIES_COLOURS, Row, Series
from app.statistics.services import Statistics

KIND_LABELS = {"need": _l("Needs (market explorations)"),
               "challenge": _l("Challenges (judged competitions)")}
NOT_GIVEN = _l("Not given")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "count"  # label, count, percent or number


@dataclass(frozen=True)
class Table:
    """One table of the page: shown beside its chart and downloadable as CSV."""

    slug: str
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[tuple, ...]  # the first cell names the row
    chart: charts.Chart | None = None

    def cells(self, row: tuple) -> list[str]:
        """A row's cells formatted for the page (locale numbers, percentages, dashes)."""
        return [format_cell(value, column.kind) for value, column in zip(row, self.columns,
                                                                         strict=True)]


def percent(value: Decimal | None) -> str:
    """A share (0.625) as a percentage in the reader's language (62.5%, 62,5 %), or a dash."""
    if value is None:
        return "–"
    pattern = get_locale().percent_formats[None].pattern.replace("#,##0", "#,##0.#", 1)
    return format_percent(value, pattern)


def format_cell(value, kind: str) -> str:
    """A cell for the page (a text in a figure's place, e.g. "fewer than 5", as it is)."""
    if kind == "label" or isinstance(value, str):
        return str(value)
    if kind == "percent":
        return percent(value)
    return "–" if value is None else format_decimal(value)


def _csv_cell(value, kind: str) -> str:
    if value is None:
        return ""
    if kind == "percent" and not isinstance(value, str):
        return str(round(Decimal(value) * 100, 1))
    text = str(value)
    return "'" + text if kind == "label" and text.startswith(FORMULA_PREFIXES) else text


def table_csv(table: Table) -> str:
    """The table as CSV (UTF-8 with a byte order mark): plain numbers, percentages as 62.5."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_csv_header(c) for c in table.columns])
    for row in table.rows:
        writer.writerow([_csv_cell(v, c.kind) for v, c in zip(row, table.columns, strict=True)])
    return "\ufeff" + buffer.getvalue()


def _csv_header(column: Column) -> str:
    return f"{column.label} (%)" if column.kind == "percent" else column.label


def _count_text(value: float) -> str:
    return format_decimal(value)


def _percent_text(value: float) -> str:
    return percent(Decimal(str(value)) / 100)


def _single(slug: str, caption: str, first: str, counts: dict, label) -> Table:
    """A table of one count per category, with its bar chart."""
    rows = tuple((str(label(key)), count) for key, count in counts.items())
    series = [Series(_("Published"), SERIES_COLOURS[0])]
    chart = charts.bar_chart(slug, caption, [Row(r[0], (r[1],)) for r in rows], series,
                             _count_text)
    return Table(slug, caption, (Column(first, "label"), Column(_("Published"))), rows, chart)


# --- challenges published --------------------------------------------------------------------

def period_label(start, period: str) -> str:
    """'Q1 2026' or 'January 2026' in the reader's language."""
    if period == "month":
        return format_date(start, "LLLL y")
    return _("Q%(quarter)d %(year)d", quarter=(start.month - 1) // 3 + 1, year=start.year)


def over_time(stats: Statistics) -> Table:
    """Challenges published per quarter or month, by kind."""
    caption = (_("Challenges published per month") if stats.period == "month"
               else _("Challenges published per quarter"))
    rows = tuple((period_label(p.start, stats.period), p.needs, p.challenges, p.total)
                 for p in stats.over_time)
    series = [Series(_("Needs"), SERIES_COLOURS[0]), Series(_("Challenges"), SERIES_COLOURS[1])]
    chart = charts.bar_chart("over-time", caption, [Row(r[0], (r[1], r[2])) for r in rows],
                             series, _count_text)
    columns = (Column(_("Period"), "label"), Column(_("Needs")), Column(_("Challenges")),
               Column(_("Total")))
    return Table("over-time", caption, columns, rows, chart)


def by_kind(stats: Statistics) -> Table:
    return _single("by-kind", _("Published by kind"), _("Kind"), stats.by_kind,
                   lambda key: KIND_LABELS[key])


def by_sector(stats: Statistics) -> Table:
    return _single("by-sector", _("Published by sector"), _("Sector"), stats.by_sector,
                   lambda key: sector_label(key) if key else NOT_GIVEN)


def by_region(stats: Statistics) -> Table:
    return _single("by-region", _("Published by county"), _("County"), stats.by_region,
                   lambda key: region_label(key) if key else NOT_GIVEN)


def by_route(stats: Statistics) -> Table:
    return _single("by-route", _("Published by intended procurement route"), _("Route"),
                   stats.by_route, lambda key: ProcurementRoute(key).label)


# --- outcomes --------------------------------------------------------------------------------

def outcomes(stats: Statistics) -> Table:
    """Recorded outcomes per kind and their share."""
    figures = stats.outcomes
    rows = tuple((str(OutcomeKind(kind).label), count, figures.share_of(kind))
                 for kind, count in figures.by_kind.items())
    caption = _("Recorded outcomes")
    chart = charts.bar_chart("outcomes", caption, [Row(r[0], (r[1],)) for r in rows],
                             [Series(_("Challenges"), SERIES_COLOURS[0])], _count_text)
    columns = (Column(_("Outcome"), "label"), Column(_("Challenges")),
               Column(_("Share of recorded outcomes"), "percent"))
    return Table("outcomes", caption, columns, rows, chart)


def outcome_benchmark(stats: Statistics) -> Table:
    """Our share that led to a procurement or partnership, beside the Austrian benchmark."""
    figures = stats.outcomes
    caption = _("Decided challenges that led to a procurement or partnership")
    rows = ((_("Innovation Arena"), figures.led_on, figures.recorded, figures.share),
            (_("Austrian benchmark"), None, None, figures.benchmark))
    chart_rows = [Row(rows[0][0], (float((figures.share or 0) * 100),), (SERIES_COLOURS[0],)),
                  Row(rows[1][0], (float(figures.benchmark * 100),), (REFERENCE_COLOUR,))]
    chart = charts.bar_chart("outcome-benchmark", caption, chart_rows,
                             [Series(_("Share"), SERIES_COLOURS[0])], _percent_text, 100)
    columns = (Column(_("Where"), "label"), Column(_("Led to a procurement or partnership")),
               Column(_("Recorded outcomes")), Column(_("Share"), "percent"))
    return Table("outcome-benchmark", caption, columns, rows, chart)


# --- solutions -------------------------------------------------------------------------------

def solutions_per_challenge(stats: Statistics) -> Table:
    """How many challenges received 0, 1, 2 ... solutions."""
    caption = _("Solutions received per challenge")
    distribution = stats.solutions.distribution()
    top = max(distribution, default=0)
    rows = tuple((_("%(num)d or more", num=n) if n == top and n >= 10 else str(n), count)
                 for n, count in distribution.items())
    bars = [Row(ngettext("%(label)s solution", "%(label)s solutions", n, label=label), (count,))
            for n, (label, count) in zip(distribution, rows, strict=True)]
    chart = charts.bar_chart("solutions-per-challenge", caption, bars,
                             [Series(_("Challenges"), SERIES_COLOURS[0])], _count_text)
    columns = (Column(_("Solutions received"), "label"), Column(_("Challenges")))
    return Table("solutions-per-challenge", caption, columns, rows, chart)


def supplier_size(stats: Statistics) -> Table:
    """Submitted solutions by the size of the supplier."""
    figures = stats.suppliers
    caption = _("Solutions by size of supplier")
    rows = tuple((str(SIZE_LABELS[SizeClass(size)]), count, figures.share_of(size))
                 for size, count in figures.by_size.items())
    chart = charts.bar_chart("supplier-size", caption, [Row(r[0], (r[1],)) for r in rows],
                             [Series(_("Solutions"), SERIES_COLOURS[0])], _count_text)
    columns = (Column(_("Size"), "label"), Column(_("Solutions")),
               Column(_("Share of solutions"), "percent"))
    return Table("supplier-size", caption, columns, rows, chart)


def supplier_shares(stats: Statistics) -> Table:
    """The shares of solutions from SMEs and from cooperatives."""
    figures = stats.suppliers
    caption = _("Solutions from SMEs and cooperatives")
    rows = ((_("SMEs (fewer than 250 employees)"), figures.smes, figures.sme_share),
            (_("Cooperatives"), figures.cooperatives, figures.cooperative_share))
    chart = charts.bar_chart(
        "supplier-shares", caption,
        [Row(r[0], (float((r[2] or 0) * 100),)) for r in rows],
        [Series(_("Share of solutions"), SERIES_COLOURS[0])], _percent_text, 100)
    columns = (Column(_("Suppliers"), "label"), Column(_("Solutions")),
               Column(_("Share of solutions"), "percent"))
    return Table("supplier-shares", caption, columns, rows, chart)


# --- networks, pooled demand and funding -----------------------------------------------------

def networks(stats: Statistics) -> Table:
    """Networks and interest, as counts."""
    figures, demand = stats.networks, stats.networks.demand
    caption = _("Buyer networks and registrations of interest")
    rows = ((_("Active networks"), figures.active), (_("Archived networks"), figures.archived),
            (_("Authorities in active networks"), figures.member_authorities),
            (_("Planned procurements collecting interest"), figures.planned_open),
            (_("Published joint challenges"), figures.joint_challenges),
            (_("Registrations of interest"), figures.registrations),
            (_("Authorities that registered interest"), demand.authorities),
            (_("Registrations that show their estimate"), demand.shared))
    chart = charts.bar_chart("networks", caption, [Row(r[0], (r[1],)) for r in rows],
                             [Series(_("Number"), SERIES_COLOURS[0])], _count_text)
    return Table("networks", caption, (Column(_("Figure"), "label"), Column(_("Number"))),
                 rows, chart)


def pooled_demand(stats: Statistics) -> Table:
    """Pooled volumes per unit and the pooled budget, from the estimates shown publicly."""
    demand = stats.networks.demand
    rows = tuple((v.unit, v.quantity) for v in demand.volumes)
    if demand.amount_sek is not None:
        rows += ((_("Budget (SEK)"), demand.amount_sek),)
    columns = (Column(_("Unit"), "label"), Column(_("Pooled estimate"), "number"))
    return Table("pooled-demand", _("Pooled demand from estimates shown publicly"), columns,
                 rows)


def _programme_name(count) -> str:
    swedish = str(get_locale() or "sv").startswith("sv")
    return (count.name_sv if swedish else count.name_en) or count.key


def funding(stats: Statistics) -> Table:
    """How often each funding programme was matched and clicked."""
    caption = _("Funding programmes matched and clicked")
    rows = tuple((_programme_name(c), c.matched, c.clicked) for c in stats.funding)
    series = [Series(_("Matched"), SERIES_COLOURS[0]), Series(_("Clicked"), SERIES_COLOURS[1])]
    chart = charts.bar_chart("funding", caption, [Row(r[0], (r[1], r[2])) for r in rows],
                             series, _count_text)
    columns = (Column(_("Programme"), "label"), Column(_("Matched")), Column(_("Clicked")))
    return Table("funding", caption, columns, rows, chart)


BUILDERS = {
    "over-time": over_time, "by-kind": by_kind, "by-sector": by_sector,
    "by-region": by_region, "by-route": by_route, "outcomes": outcomes,
    "outcome-benchmark": outcome_benchmark, "solutions-per-challenge": solutions_per_challenge,
    "supplier-size": supplier_size, "supplier-shares": supplier_shares, "networks": networks,
    "pooled-demand": pooled_demand, "funding": funding,
}


def all_tables(stats: Statistics) -> dict[str, Table]:
    """Every table of the page, by slug."""
    return {slug: build(stats) for slug, build in BUILDERS.items()}
