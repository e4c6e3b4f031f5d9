"""Statistics: every figure checked against numbers worked out by hand from a small
platform, and the page's charts, tables and CSV downloads checked as a reader uses them."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from app.challenges.models import (
    ChallengeKind,
    ChallengeSector,
    ChallengeState,
    OutcomeKind,
    ProcurementRoute,
)
from app.extensions import db
from app.funding.models import FundingEvent, FundingEventKind, FundingProgramme
from app.networks.models import NetworkStatus, PlannedProcurementStatus
from app.organisations.models import SizeClass
from app.solutions.models import SolutionState
from app.statistics import charts, services
from tests.factories import (
    load_funding_programmes,
    make_authority,
    make_challenge,
    make_interest,
    make_network,
    make_organisation,
    make_planned_procurement,
    make_solution_record,
    make_user,
)
from tests.opendata_world import SECRET_MARKERS, build_world

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
S, K, R, OUT = ChallengeState, ChallengeKind, ProcurementRoute, OutcomeKind


def _challenge(owner, when, kind=K.CHALLENGE, state=S.PUBLISHED, sectors=(), region=None,
               route=R.UNDECIDED, outcome=None):
    challenge = make_challenge(owner, state=state, kind=kind, region=region,
                               procurement_route=route, outcome_kind=outcome,
                               sector_links=[ChallengeSector(sector=s) for s in sectors])
    challenge.published_at = when
    db.session.flush()
    return challenge


def _solutions(challenge, *organisations, state=SolutionState.SUBMITTED):
    for organisation in organisations:
        make_solution_record(challenge, organisation, state,
                             details="SECRET-SOLUTION-DETAILS")


@dataclass
class Platform:
    c1: object
    c7: object
    draft: object


@pytest.fixture
def platform():
    """Eight published challenges (and hidden ones) whose figures are worked out below."""
    a = make_authority(admin=make_user(), region="SE110")
    b = make_authority(admin=make_user(), region="SE121")
    micro_coop = make_organisation(admin=make_user(), size_class=SizeClass.MICRO,
                                   is_cooperative=True)
    small = make_organisation(admin=make_user(), size_class=SizeClass.SMALL)
    medium = make_organisation(admin=make_user(), size_class=SizeClass.MEDIUM)
    large = make_organisation(admin=make_user(), size_class=SizeClass.LARGE)
    at = lambda *parts: datetime(*parts, tzinfo=UTC)  # noqa: E731

    c1 = _challenge(a, at(2025, 2, 10), sectors=["health", "digital"], region="SE110",
                    route=R.PROCUREMENT_OF_INNOVATION, state=S.CLOSED)
    _solutions(c1, small, micro_coop, large)
    _solutions(c1, medium, state=SolutionState.DRAFT)
    c2 = _challenge(b, at(2025, 5, 1), K.NEED, S.OUTCOME_RECORDED, ["health"], "SE121",
                    R.MARKET_DIALOGUE, OUT.PROCUREMENT_ANNOUNCED)
    _solutions(c2, small)
    _solutions(c2, medium, state=SolutionState.WITHDRAWN)
    # 23:30 UTC on New Year's Eve is already 2026 in Stockholm.
    _challenge(a, at(2025, 12, 31, 23, 30), state=S.OUTCOME_RECORDED,
               route=R.INNOVATION_PARTNERSHIP, outcome=OUT.PARTNERSHIP_STARTED)
    c4 = _challenge(a, at(2026, 1, 15), state=S.OUTCOME_RECORDED, sectors=["energy"],
                    region="SE", outcome=OUT.NOT_PURSUED)
    _solutions(c4, micro_coop, medium)
    c5 = _challenge(b, at(2026, 2, 1), K.NEED, S.OUTCOME_RECORDED, ["health"], "SE110",
                    R.PROCUREMENT_OF_INNOVATION, OUT.CONTRACT_AWARDED)
    _solutions(c5, small, large, medium, micro_coop)
    _challenge(a, at(2026, 3, 1), state=S.DECIDED, region="SE110", route=R.PRE_COMMERCIAL)
    c7 = _challenge(a, at(2026, 4, 2), sectors=["digital"], region="SE121",
                    route=R.MARKET_DIALOGUE)
    _solutions(c7, small)
    _challenge(b, at(2026, 4, 3), state=S.WITHDRAWN, route=R.MARKET_DIALOGUE)
    draft = _challenge(a, None, state=S.DRAFT, sectors=["energy"], region="SE110",
                       outcome=OUT.CONTRACT_AWARDED)
    review = _challenge(a, None, state=S.IN_REVIEW, sectors=["energy"])
    review.published_at = None
    return Platform(c1=c1, c7=c7, draft=draft)


# --- challenges published --------------------------------------------------------------------

def test_published_challenges_by_kind_sector_region_and_route(platform):
    assert services.published_total() == 8
    assert services.published_by_kind() == {"need": 2, "challenge": 6}
    assert services.published_by_sector() == {"health": 3, None: 3, "digital": 2, "energy": 1}
    assert services.published_by_region() == {"SE110": 3, "SE121": 2, None: 2, "SE": 1}
    assert services.published_by_route() == {
        "market_dialogue": 3, "innovation_partnership": 1, "pre_commercial": 1,
        "procurement_of_innovation": 2, "undecided": 1}


def test_published_per_quarter_in_swedish_time_with_empty_quarters(platform):
    quarters = services.published_per_period("quarter", NOW)
    assert [(p.start, p.needs, p.challenges) for p in quarters] == [
        (date(2025, 1, 1), 0, 1), (date(2025, 4, 1), 1, 0), (date(2025, 7, 1), 0, 0),
        (date(2025, 10, 1), 0, 0), (date(2026, 1, 1), 1, 3), (date(2026, 4, 1), 0, 2)]


def test_published_per_month(platform):
    months = services.published_per_period("month", NOW)
    assert len(months) == 16 and months[0].start == date(2025, 2, 1)
    assert {p.start: p.total for p in months if p.total} == {
        date(2025, 2, 1): 1, date(2025, 5, 1): 1, date(2026, 1, 1): 2, date(2026, 2, 1): 1,
        date(2026, 3, 1): 1, date(2026, 4, 1): 2}


# --- outcomes, solutions, suppliers ----------------------------------------------------------

def test_share_that_led_to_procurement_or_partnership_beside_the_benchmark(platform):
    figures = services.outcome_figures()
    assert figures.by_kind == {"procurement_announced": 1, "contract_awarded": 1,
                               "partnership_started": 1, "not_pursued": 1}
    assert (figures.led_on, figures.recorded) == (3, 4)  # a decision without outcome waits
    assert figures.share == Decimal("0.75")
    assert figures.share_of("not_pursued") == Decimal("0.25")
    assert figures.benchmark == Decimal("0.60")


def test_median_solutions_over_challenges_whose_submissions_are_over(platform):
    solutions = services.solutions_per_challenge()
    # closed 3, outcome 1, 0, 2, 4, decided 0: drafts and withdrawn solutions do not count
    assert solutions.counts == (0, 0, 1, 2, 3, 4)
    assert solutions.median == Decimal("1.5")
    assert solutions.distribution() == {0: 2, 1: 1, 2: 1, 3: 1, 4: 1}


def test_an_odd_number_of_challenges_has_the_middle_one_as_median():
    assert services.SolutionsPerChallenge((0, 2, 9)).median == Decimal(2)
    assert services.SolutionsPerChallenge(()).median is None
    assert services.SolutionsPerChallenge((1, 12, 30)).distribution() == {
        0: 0, 1: 1, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0, 7: 0, 8: 0, 9: 0, 10: 2}


def test_shares_of_solutions_from_smes_and_cooperatives(platform):
    figures = services.supplier_figures()
    assert figures.by_size == {"micro": 3, "small": 4, "medium": 2, "large": 2}
    assert (figures.total, figures.smes, figures.cooperatives) == (11, 9, 3)
    assert figures.sme_share == Decimal(9) / Decimal(11)
    assert figures.cooperative_share == Decimal(3) / Decimal(11)
    assert figures.share_of("small") == Decimal(4) / Decimal(11)


# --- networks and pooled demand, funding -----------------------------------------------------

@pytest.fixture
def networks(platform):
    a, b, c, d = (make_authority(admin=make_user()) for _ in range(4))
    n1 = make_network(coordinator=a, members=(b,))
    make_network(coordinator=b, members=(c,))
    make_network(coordinator=d, status=NetworkStatus.ARCHIVED)
    open_planned = make_planned_procurement(n1)
    make_interest(b, planned=open_planned, quantity=100, unit="units/year", amount=50000)
    make_interest(c, planned=open_planned, quantity=900, unit="units/year", public=False)
    cancelled = make_planned_procurement(n1, status=PlannedProcurementStatus.CANCELLED)
    make_interest(c, planned=cancelled, quantity=5, unit="units/year")
    make_interest(c, challenge=platform.c1, quantity=20, unit=" Units/Year ")
    make_interest(b, challenge=platform.draft, quantity=1000, unit="units/year")
    make_interest(a, challenge=platform.c7, quantity=7, unit="beds")
    make_planned_procurement(n1, status=PlannedProcurementStatus.CONVERTED,
                             challenge=platform.c7)
    make_planned_procurement(n1, status=PlannedProcurementStatus.CONVERTED,
                             challenge=platform.draft)
    load_funding_programmes()


def test_networks_and_pooled_demand_count_only_shown_estimates(networks):
    figures = services.network_figures()
    assert (figures.active, figures.archived, figures.member_authorities) == (2, 1, 3)
    assert (figures.planned_open, figures.joint_challenges, figures.registrations) == (1, 1, 4)
    demand = figures.demand
    assert (demand.authorities, demand.shared) == (3, 3)
    assert {(v.unit, v.quantity) for v in demand.volumes} == {
        ("units/year", Decimal(120)), ("beds", Decimal(7))}
    assert demand.amount_sek == Decimal(50000)


def test_funding_programmes_matched_and_clicked():
    load_funding_programmes()
    programmes = db.session.scalars(db.select(FundingProgramme).order_by(
        FundingProgramme.key)).all()
    first, second = programmes[0], programmes[1]
    for programme, kind, times in ((first, FundingEventKind.MATCHED, 3),
                                   (first, FundingEventKind.CLICKED, 1),
                                   (second, FundingEventKind.MATCHED, 1)):
        db.session.add_all(FundingEvent(programme_id=programme.id, kind=kind)
                           for _ in range(times))
    db.session.flush()
    counts = {c.key: (c.matched, c.clicked) for c in services.funding_counts()}
    assert counts[first.key] == (3, 1) and counts[second.key] == (1, 0)
    assert len(counts) == len(programmes) and sum(m + c for m, c in counts.values()) == 5


# --- the page ---------------------------------------------------------------------------------

class PageParser(HTMLParser):
    """Collects the SVGs (their attributes, titles, descriptions), tables and scripts."""

    def __init__(self):
        super().__init__()
        self.svgs, self.tables, self.scripts, self.ids, self.styled = [], [], [], set(), []
        self._in = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if "style" in attributes or tag == "style":
            self.styled.append(tag)
        if tag == "script":
            self.scripts.append(attributes)
        self._svg_part(tag, attributes)
        self._table_part(tag, attributes)

    def _svg_part(self, tag, attributes):
        if tag == "svg":
            self.svgs.append({"attrs": attributes, "title": "", "desc": "", "fills": []})
        elif tag in ("title", "desc") and self.svgs:
            self._in = tag
        elif tag in ("rect", "text") and self.svgs:
            self.svgs[-1]["fills"].append(attributes.get("fill"))

    def _table_part(self, tag, attributes):
        if tag == "table":
            self.tables.append({"caption": False, "scopes": []})
        elif tag == "caption" and self.tables:
            self.tables[-1]["caption"] = True
        elif tag == "th" and self.tables:
            self.tables[-1]["scopes"].append(attributes.get("scope"))

    def handle_data(self, data):
        if self._in in ("title", "desc") and self.svgs:
            self.svgs[-1][self._in] += data

    def handle_endtag(self, tag):
        if tag in ("title", "desc"):
            self._in = None


def _parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    return parser


def test_the_page_shows_accessible_charts_each_beside_its_table(client, platform, networks):
    response = client.get("/statistics/")
    assert response.status_code == 200
    page = _parse(response.get_data(as_text=True))
    assert len(page.svgs) == 13  # with no check applications only "what followed" has bars
    for svg in page.svgs:
        attrs = svg["attrs"]
        assert attrs["role"] == "img" and svg["title"].strip() and svg["desc"].strip()
        title_id, desc_id = attrs["aria-labelledby"].split()
        assert {title_id, desc_id} <= page.ids
    assert len(page.tables) == 19  # 13, and 6 about innovation checks
    for table in page.tables:
        assert table["caption"] and table["scopes"] and None not in table["scopes"]
    assert page.styled == []  # the CSP forbids inline styles
    assert all(s.get("src", "").startswith("/static/") for s in page.scripts)


def test_the_page_states_the_figures_in_words(client, platform, networks):
    html = client.get("/statistics/").get_data(as_text=True)
    assert "8 challenges and needs have been published." in html
    assert "75% of the decided challenges with a recorded outcome led to a procurement or an " \
           "innovation partnership (3 of 4)." in html
    assert "The Austrian innovation platform reports about 60%." in html
    assert "Median number of solutions per challenge: 1.5 (over 6 challenges" in html
    assert "Of 11 submitted solutions, 81.8% came from small and medium-sized enterprises " \
           "and 27.3% from cooperatives." in html


def test_the_benchmark_table_puts_our_share_beside_austrias(client, platform):
    rows = _csv(client, "/statistics/outcome-benchmark.csv")
    assert rows[1:] == [["Innovation Arena", "3", "4", "75.0"],
                        ["Austrian benchmark", "", "", "60.0"]]
    html = client.get("/statistics/").get_data(as_text=True)
    chart = re.search(r'<svg[^>]*aria-labelledby="outcome-benchmark-title.*?</svg>', html,
                      re.S).group(0)
    assert ">75%<" in chart and ">60%<" in chart


def test_the_page_is_in_swedish_too(client, platform):
    html = client.get("/statistics/", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    assert "<h1 class=\"govuk-heading-l\">Statistik</h1>" in html
    assert "75\xa0% av de avgjorda utmaningarna" in html
    assert "kv. 1 2026" in html
    rows = _csv(client, "/statistics/by-kind.csv", "sv")
    assert rows[0] == ["Typ", "Publicerade"]


def _csv(client, path: str, language: str = "en") -> list[list[str]]:
    response = client.get(path, headers={"Accept-Language": language})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_every_table_downloads_as_csv_with_plain_numbers(client, platform, networks):
    html = client.get("/statistics/").get_data(as_text=True)
    links = re.findall(r'href="(/statistics/[\w-]+\.csv[^"]*)"', html)
    assert len(links) == 19  # 13, and 6 about innovation checks
    for link in links:
        assert _csv(client, link.replace("&amp;", "&"))[0]
    assert _csv(client, "/statistics/by-kind.csv") == [
        ["Kind", "Published"], ["Needs (market explorations)", "2"],
        ["Challenges (judged competitions)", "6"]]
    assert _csv(client, "/statistics/supplier-shares.csv")[1:] == [
        ["SMEs (fewer than 250 employees)", "9", "81.8"], ["Cooperatives", "3", "27.3"]]
    assert _csv(client, "/statistics/pooled-demand.csv")[1:] == [
        ["units/year", "120.00"], ["beds", "7.00"], ["Budget (SEK)", "50000.00"]]
    assert ["Q1 2026", "1", "3", "4"] in _csv(client, "/statistics/over-time.csv")
    assert ["January 2026", "0", "2", "2"] in _csv(client,
                                                  "/statistics/over-time.csv?period=month")
    assert client.get("/statistics/nothing.csv").status_code == 404


def test_an_empty_platform_shows_the_page_without_charts(client):
    response = client.get("/statistics/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "No outcome has been recorded yet." in html and "No data yet." in html


def test_nothing_confidential_or_unpublished_feeds_the_statistics(client):
    build_world()
    pages = [client.get("/statistics/").get_data(as_text=True)]
    pages += [client.get(f"/statistics/{slug}.csv").get_data(as_text=True)
              for slug in ("by-sector", "pooled-demand", "over-time", "supplier-size")]
    for body in pages:
        for marker in SECRET_MARKERS:
            assert marker not in body, marker
    assert services.published_total() == 4  # not the draft, review or joint draft


def test_the_main_menu_links_to_the_statistics(client):
    html = client.get("/").get_data(as_text=True)
    assert 'href="/statistics/"' in html


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(colour: str, background: str = "#ffffff") -> float:
    high, low = sorted((_luminance(colour), _luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_chart_colours_have_enough_contrast_on_white():
    for colour in (*charts.SERIES_COLOURS, charts.REFERENCE_COLOUR):
        assert contrast(colour) >= 3, colour  # graphical objects (WCAG 1.4.11)
    assert contrast(charts.TEXT_COLOUR) >= 4.5  # text (WCAG 1.4.3)


def test_charts_use_only_colours_with_enough_contrast(client, platform, networks):
    page = _parse(client.get("/statistics/").get_data(as_text=True))
    fills = {fill for svg in page.svgs for fill in svg["fills"] if fill}
    assert fills and all(contrast(fill) >= 3 for fill in fills)


def test_the_figures_are_reused_for_a_while_and_say_when_they_were_computed(app, client):
    make_challenge(title="Först")
    db.session.commit()
    app.config["STATISTICS_CACHE_SECONDS"] = 300
    try:
        first = client.get("/statistics/", headers={"Accept-Language": "en"}).get_data(
            as_text=True)
        assert "1 challenge or need has been published." in first
        assert "Figures as of" in first
        make_challenge(title="Sedan")
        db.session.commit()
        again = client.get("/statistics/").get_data(as_text=True)
        assert "1 challenge or need has been published." in again  # reused, not recomputed
    finally:
        app.config["STATISTICS_CACHE_SECONDS"] = 0
        app.extensions.pop("remembered", None)
    fresh = client.get("/statistics/").get_data(as_text=True)
    assert "2 challenges and needs have been published." in fresh
