"""The check statistics as tables of the statistics page (see app/checks/statistics.py)."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.checks.statistics import MIN_GROUP, CheckGroup, ReportGroup
from app.core.reference import region_label
from app.organisations.models import OrganisationKind
from app.statistics import charts
from app.statistics.charts import SERIES_COLOURS, Row, Series
from app.statistics.services import Statistics
from app.statistics.tables import NOT_GIVEN, Column, Table, format_cell

KIND_NAMES = {
    OrganisationKind.CONTRACTING_AUTHORITY.value: _l("Contracting authorities"),
    OrganisationKind.SUPPLIER.value: _l("Companies"),
    "cooperative": _l("Cooperatives"),
    OrganisationKind.INTERMEDIARY.value: _l("Intermediaries"),
    OrganisationKind.ACADEMIA.value: _l("Universities and research"),
    OrganisationKind.OTHER.value: _l("Other organisations"),
}


def programme_names(stats: Statistics) -> dict[str, str]:
    """Programme names by key in the reader's language."""
    swedish = str(get_locale() or "sv").startswith("sv")
    return {p.key: (p.name_sv if swedish else p.name_en) or p.key for p in stats.funding}


def _count_text(value: float) -> str:
    return format_cell(value, "count")


def _groups(slug: str, caption: str, first: str, groups: list[CheckGroup], label) -> Table:
    rows = tuple((str(label(g.key)) if g.key is not None else str(NOT_GIVEN),
                  g.applications, g.grants, g.granted) for g in groups)
    series = [Series(_("Applications"), SERIES_COLOURS[0]),
              Series(_("Grants"), SERIES_COLOURS[1])]
    chart = charts.bar_chart(slug, caption, [Row(r[0], (r[1], r[2])) for r in rows], series,
                             _count_text)
    columns = (Column(first, "label"), Column(_("Applications")), Column(_("Grants")),
               Column(_("Granted (SEK)"), "number"))
    return Table(slug, caption, columns, rows, chart)


def by_programme(stats: Statistics) -> Table:
    names = programme_names(stats)
    return _groups("checks-by-programme", _("Check applications and grants by programme"),
                   _("Programme"), stats.checks.by_programme, lambda key: names.get(key, key))


def by_intermediary(stats: Statistics) -> Table:
    return _groups("checks-by-intermediary",
                   _("Check applications and grants by deciding organisation"),
                   _("Deciding organisation"), stats.checks.by_intermediary, str)


def by_county(stats: Statistics) -> Table:
    return _groups("checks-by-county", _("Check applications and grants by county"),
                   _("County of the applicant"), stats.checks.by_county, region_label)


def by_kind(stats: Statistics) -> Table:
    return _groups("checks-by-kind",
                   _("Check applications and grants by kind of organisation"),
                   _("Kind of applicant"), stats.checks.by_kind,
                   lambda key: KIND_NAMES.get(key, key))


def _report_row(group: ReportGroup, names: dict) -> tuple:
    label = names.get(group.key, group.key) if group.key else _("All programmes")
    if not group.shown:
        return (label, _("fewer than %(n)d organisations", n=MIN_GROUP), None, None, None,
                None, None)
    a = group.answers
    return (label, a["reports"], a["costs"], a["turnover"], a["jobs"], a["procurement"],
            a["ip"])


def reports(stats: Statistics) -> Table:
    """What the final reports say, summed per programme (small groups hidden)."""
    names = programme_names(stats)
    rows = tuple(_report_row(g, names) for g in stats.checks.reports)
    columns = (Column(_("Programme"), "label"), Column(_("Final reports")),
               Column(_("Costs (SEK)"), "number"), Column(_("Effect on turnover (SEK)"),
                                                         "number"),
               Column(_("New jobs")), Column(_("Led to a procurement or contract"), "percent"),
               Column(_("Protected intellectual property"), "percent"))
    return Table("checks-reports", _("What the final reports say"), columns, rows)


def followed(stats: Statistics) -> Table:
    """Granted checks after which the same organisation acted on the platform."""
    figures = stats.checks.followed
    caption = _("What followed a granted check on the platform")
    rows = ((_("Granted checks"), figures.granted),
            (_("followed by a challenge the organisation published"), figures.challenge),
            (_("followed by a solution the organisation submitted"), figures.solution),
            (_("followed by a procurement, contract or partnership"), figures.outcome))
    chart = charts.bar_chart("checks-followed", caption, [Row(r[0], (r[1],)) for r in rows],
                             [Series(_("Checks"), SERIES_COLOURS[0])], _count_text)
    return Table("checks-followed", caption, (Column(_("Checks"), "label"),
                                              Column(_("Number"))), rows, chart)


BUILDERS = {
    "checks-by-programme": by_programme, "checks-by-intermediary": by_intermediary,
    "checks-by-county": by_county, "checks-by-kind": by_kind, "checks-reports": reports,
    "checks-followed": followed,
}


def all_tables(stats: Statistics) -> dict[str, Table]:
    """Every check table of the page, by slug."""
    return {slug: build(stats) for slug, build in BUILDERS.items()}
