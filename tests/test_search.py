"""Searching, as a visitor does it on /search — the same tests for both backends."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.accounts.models import User
from app.challenges.models import ChallengeKind, ChallengeState, ProcurementRoute
from app.core.db import utcnow
from app.extensions import db
from app.search.query import AllOf, AnyOf, Phrase, Word, parse_query
from app.search.registry import _TYPES, SearchType, register_document_type
from tests.factories import make_authority, make_user
from tests.search_support import (
    challenge,
    decided_challenge,
    facets,
    index_now,
    result_text,
    results,
    search_page,
    solution,
    titles,
    total,
)

# -- analysis: stemming and folding per language ------------------------------------

def test_swedish_words_match_in_every_form_and_case(client, backend):
    challenge("Upphandlingen av sensorer", "Vi vill förbättra upphandlingar av mätning.")
    challenge("Något helt annat", "Skolmat och kök.")
    index_now()
    for query in ("upphandling", "Upphandlingen", "UPPHANDLINGAR", "upphandlingarna"):
        assert titles(client, query) == ["Upphandlingen av sensorer"], query


def test_accents_are_folded_so_a_and_o_find_a_and_o(client, backend):
    challenge("Miljövänlig återvinning i Göteborg", "Avfall från kök och förskolor.")
    index_now()
    for query in ("miljovanlig", "MILJÖVÄNLIG", "goteborg", "Göteborgs", "atervinning",
                  "forskolor"):
        assert titles(client, query) == ["Miljövänlig återvinning i Göteborg"], query


def test_english_and_german_documents_are_stemmed_in_their_language(client, backend):
    challenge("Procurement of waste sensors", "Procuring smarter ways of collecting waste.",
              language="en")
    challenge("Beschaffung von Abfallbehältern", "Wir beschaffen Müllbehälter für Städte.",
              language="de")
    index_now()
    assert titles(client, "procured") == ["Procurement of waste sensors"]
    assert titles(client, "sensor") == ["Procurement of waste sensors"]
    assert titles(client, "Beschaffungen") == ["Beschaffung von Abfallbehältern"]
    assert titles(client, "mullbehalter") == ["Beschaffung von Abfallbehältern"]


def test_prefix_and_compound_parts_find_compound_words_ranked_below_whole_words(
        client, backend):
    challenge("Smartare avfallshantering", "Sensorer i kärl.")
    challenge("Avfall i parker", "Skräp och papperskorgar.")
    challenge("Skolskjuts", "Transporter.")
    index_now()
    assert sorted(titles(client, "avfall*")) == ["Avfall i parker", "Smartare avfallshantering"]
    # "avfall" is a part of avfallshantering: found, but after the whole word.
    assert titles(client, "avfall") == ["Avfall i parker", "Smartare avfallshantering"]


def test_cpv_codes_are_found_by_code_and_by_name(client, backend):
    challenge("Sopkärl med nivågivare", "Mät fyllnadsgrad.", cpv=["90511000-2"])
    challenge("Läromedel", "Digitala läromedel.", cpv=["22000000-0"])
    index_now()
    for query in ("90511000", "90511000-2", "905*", "refuse", "avfallsinsamling"):
        assert titles(client, query) == ["Sopkärl med nivågivare"], query


# -- query syntax ---------------------------------------------------------------------

def test_words_must_all_match_and_phrases_keep_word_order(client, backend):
    challenge("Smart belysning i parker", "Belysning som sparar energi.")
    challenge("Belysning för smart stad", "Gatlampor.")
    index_now()
    assert sorted(titles(client, "smart belysning")) == [
        "Belysning för smart stad", "Smart belysning i parker"]
    assert titles(client, '"smart belysning"') == ["Smart belysning i parker"]
    assert titles(client, "smart parker") == ["Smart belysning i parker"]


def test_or_and_exclusion(client, backend):
    challenge("Hemtjänst med app", "Planering av besök.")
    challenge("Matsvinn i skolan", "Våg i matsalen.")
    challenge("Matsvinn i hemtjänst", "Portioner.")
    index_now()
    assert sorted(titles(client, "skolan OR app")) == ["Hemtjänst med app", "Matsvinn i skolan"]
    assert titles(client, "matsvinn -hemtjänst") == ["Matsvinn i skolan"]
    assert titles(client, 'matsvinn -"i skolan"') == ["Matsvinn i hemtjänst"]
    assert titles(client, "-matsvinn", type="challenge") == ["Hemtjänst med app"]


# A query with no word left to search for says so and lists nothing (it used to list
# everything); other malformed syntax falls back to a search for its words.
@pytest.mark.parametrize("query, outcome", [
    ('"matsvinn i skolan', "finds"), ("matsvinn OR", "finds"), ("OR matsvinn", "finds"),
    ("matsvinn OR OR skolan", "finds"), ("((matsvinn))", "finds"),
    ("matsvinn " * 40, "finds"), ("matsvinn -", "finds"), ("mat*svinn", "finds"),
    ("OR", "unsearchable"), ("-", "unsearchable"), ("*", "unsearchable"),
    ('""', "unsearchable"), ("%", "unsearchable"), ("a OR -b", "unsearchable"),
    ("\\", "unsearchable"), ("och i på", "unsearchable"), ("the of AND", "unsearchable"),
    ("x" * 400, "nothing"), ("'; DROP TABLE search_documents; --", "nothing"),
    ("skolan -matsvinn*", "nothing"),
])
def test_malformed_queries_never_fail_and_fall_back_to_words(client, backend, query, outcome):
    challenge("Matsvinn i skolan", "Våg i matsalen.")
    index_now()
    page = search_page(client, q=query)
    assert "There is a problem" not in page
    assert ("Matsvinn i skolan" in titles(client, query)) is (outcome == "finds")
    assert ('id="unsearchable"' in page) is (outcome == "unsearchable")


def test_the_parser_understands_the_syntax():
    parsed = parse_query('avfall "smart belysning" sensor OR givare -deponi återvinn*')
    assert parsed.root == AllOf((Word("avfall"), Phrase(("smart", "belysning")),
                                 AnyOf((Word("sensor"), Word("givare"))),
                                 Word("återvinn", prefix=True)), minimum=2)
    assert parsed.excluded == (Word("deponi"),)
    assert not parsed.fell_back
    broken = parse_query('avfall "smart')
    assert broken.fell_back and broken.root == AllOf((Word("avfall"), Word("smart")), 2)
    assert parse_query("avfall och återvinning").root == AllOf(
        (Word("avfall"), Word("återvinning")), 2)


def test_the_parser_knows_the_operators_in_both_languages():
    either = AllOf((AnyOf((Word("avfall"), Word("sopor"))),), 1)
    for query in ("avfall OR sopor", "avfall ELLER sopor", "avfall or sopor",
                  "avfall eller sopor"):
        assert parse_query(query).root == either, query
    for query in ("avfall NOT deponi", "avfall INTE deponi", "avfall -deponi"):
        parsed = parse_query(query)
        assert (parsed.root, parsed.excluded) == (AllOf((Word("avfall"),), 1),
                                                  (Word("deponi"),)), query
    grouped = parse_query("(avfall OR sopor) kärl -(deponi OR förbränning)")
    assert grouped.root == AllOf((either.items[0], Word("kärl")), 2)
    assert grouped.excluded == (AnyOf((Word("deponi"), Word("förbränning"))),)
    assert parse_query("system för planering av hemtjänst").root.minimum == 2
    assert parse_query("vi letar efter ett sätt att minska matsvinnet").root.minimum == 2
    required = parse_query("avfall AND sensor givare mätare våg").root
    assert required == AllOf((Word("avfall"), Word("sensor"), AllOf(
        (Word("givare"), Word("mätare"), Word("våg")), 2)), 3)
    assert parse_query("avfall sensor kärl tömning").root.minimum == 2
    assert parse_query("och i på").only_stopwords


# -- facets, filters, sorting, pagination ---------------------------------------------

def _facet_world():
    north, south = make_authority(name="Luleå kommun"), make_authority(name="Malmö stad")
    challenge("Snöröjning med sensorer", sectors=["transport"], region="SE332", owner=north,
              kind=ChallengeKind.NEED, procurement_route=ProcurementRoute.MARKET_DIALOGUE,
              deadline_in=timedelta(days=3))
    challenge("Sensorer i vattenledningar", sectors=["water", "digital"], region="SE224",
              owner=south, deadline_in=timedelta(days=20),
              procurement_route=ProcurementRoute.INNOVATION_PARTNERSHIP)
    challenge("Sensorer för luftkvalitet", sectors=["environment"], region="SE224",
              owner=south, state=ChallengeState.CLOSED, deadline_in=timedelta(days=-2))
    decided = decided_challenge("Sensorer i skolmatsalar", sectors=["food"], region="SE332",
                                owner=north)
    solution(decided, "Våra sensorer väger matsvinn.", title="Vågsensorer")
    index_now()
    return north, south


def test_facets_show_counts_for_every_kind_of_filter(client, backend):
    north, south = _facet_world()
    page = search_page(client, q="sensorer")
    assert total(page) == 5
    shown = facets(page)
    assert shown["type"] == {"challenge": (4, False), "solution": (1, False)}
    assert shown["status"] == {"open": (2, False), "closed": (1, False), "decided": (2, False)}
    assert shown["kind"] == {"need": (1, False), "challenge": (3, False)}
    assert shown["sector"]["water"] == (1, False) and shown["sector"]["food"] == (2, False)
    assert shown["region"] == {"SE224": (2, False), "SE332": (3, False)}
    assert shown["route"]["market_dialogue"] == (1, False)
    assert shown["buyer"] == {str(north.id): (2, False), str(south.id): (2, False)}
    assert shown["deadline"] == {"week": (1, False), "month": (1, False),
                                 "passed": (2, False)}
    assert "Luleå kommun" in page and "Closes within 7 days" in page


def test_filters_combine_and_stay_in_the_address(client, backend):
    north, _south = _facet_world()
    assert sorted(titles(client, "sensorer", region="SE332")) == [
        "Sensorer i skolmatsalar", "Snöröjning med sensorer", "Vågsensorer"]
    # Two values of one facet: either; two facets: both.
    assert sorted(titles(client, "sensorer", status=["open", "closed"])) == [
        "Sensorer för luftkvalitet", "Sensorer i vattenledningar", "Snöröjning med sensorer"]
    assert titles(client, "sensorer", status=["open", "closed"], region="SE332") == [
        "Snöröjning med sensorer"]
    assert titles(client, "sensorer", type="solution") == ["Vågsensorer"]
    assert titles(client, "", buyer=str(north.id), deadline="week") == [
        "Snöröjning med sensorer"]
    page = search_page(client, q="sensorer", status=["open", "closed"], region="SE332")
    shown = facets(page)
    # A facet is counted under the other facets' filters, so more values stay choosable.
    assert shown["status"]["open"] == (1, True) and shown["status"]["decided"] == (2, False)
    assert shown["region"]["SE224"] == (2, False) and shown["region"]["SE332"] == (1, True)
    assert 'href="/search?q=sensorer&amp;status=closed&amp;region=SE332"' in page


def test_unknown_filter_values_and_pages_are_ignored(client, backend):
    _facet_world()
    page = search_page(client, q="sensorer", status="<script>", page="many", sort="sideways",
                       sector="x" * 300)
    assert total(page) == 5
    assert "<script>" not in page


def test_sorting_by_relevance_newest_and_deadline(client, backend):
    old = challenge("Cykelparkering", "Sensorer som räknar cyklar. Sensorer överallt.",
                    deadline_in=timedelta(days=40))
    old.published_at -= timedelta(days=30)
    challenge("Sensorer i broar", "Mäter vibrationer.", deadline_in=timedelta(days=5))
    challenge("Parkering", "Sensorer på varje plats.", deadline_in=timedelta(days=15))
    db.session.flush()
    index_now()
    assert titles(client, "sensorer")[0] == "Sensorer i broar"  # the title counts most
    assert titles(client, "sensorer", sort="newest")[-1] == "Cykelparkering"
    assert titles(client, "sensorer", sort="deadline") == [
        "Sensorer i broar", "Parkering", "Cykelparkering"]


def test_sorting_is_exact_across_index_segments_and_pages(client, backend):
    now = utcnow()
    for batch in range(4):  # each indexer run writes a new index segment
        for number in range(9):
            rank = (batch * 9 + number) * 5 % 36  # publication order differs from creation
            item = challenge(f"Segmentprov {rank:02d}", "Segmentprov.",
                             deadline_in=timedelta(days=1 + (rank * 5) % 36))
            item.published_at = now - timedelta(hours=rank)
        db.session.flush()
        index_now()
    newest = [f"Segmentprov {rank:02d}" for rank in range(36)]
    soonest = sorted(newest, key=lambda title: (int(title[-2:]) * 5) % 36)
    for sort, expected in (("newest", newest), ("deadline", soonest)):
        shown = titles(client, "segmentprov", sort=sort) + titles(
            client, "segmentprov", sort=sort, page=2)
        assert shown == expected, sort


def test_pages_of_twenty_results(client, backend):
    for number in range(25):
        challenge(f"Sensorprojekt {number:02d}", "Mätning av luft.")
    index_now()
    first = search_page(client, q="mätning", sort="newest")
    second = search_page(client, q="mätning", sort="newest", page=2)
    assert total(first) == 25
    assert len(results(client, "mätning", sort="newest")) == 20
    assert len(results(client, "mätning", sort="newest", page=2)) == 5
    assert 'rel="next"' in first and 'rel="prev"' in second
    first_titles = set(titles(client, "mätning", sort="newest"))
    assert first_titles.isdisjoint(titles(client, "mätning", sort="newest", page=2))


def test_snippets_highlight_the_words_and_escape_the_text(client, backend):
    challenge("Belysning", "Lång inledning om kommunen. " * 20
              + "Vi vill att <b>gatlyktor</b> dimras <script>alert(1)</script> när ingen går.")
    index_now()
    shown = result_text(search_page(client, q="gatlyktor"))
    assert "<mark>gatlyktor</mark>" in shown
    assert "<b>" not in shown and "<script>" not in shown
    assert "Lång inledning om kommunen. Lång inledning om kommunen. Lång" not in shown


def test_did_you_mean_offers_a_spelling_that_finds_something(client, backend):
    challenge("Innovationsupphandling av hjälpmedel", "Upphandling av hjälpmedel för äldre.")
    index_now()
    page = search_page(client, q="upphandlnig hjälpmedel")
    assert total(page) == 1  # the typo is tolerated...
    assert "Did you mean" in page and ">upphandling hjälpmedel<" in page  # ...and corrected
    assert "Did you mean" not in search_page(client, q="upphandling")
    assert "Did you mean" not in search_page(client, q="qqqqzzzz")


def test_results_are_typed_and_linked(client, backend):
    owner = make_authority(name="Region Norrbotten", description="Vi samordnar vård i norr.")
    decided = decided_challenge("Digital vårdplanering", owner=owner)
    solution(decided, "Planeringsverktyg för vårdcentraler.", title="Vårdplan-appen")
    index_now()
    found = dict((title, link) for link, title in results(client, "vård*"))
    assert found == {"Digital vårdplanering": f"/challenges/{decided.id}",
                     "Vårdplan-appen": f"/challenges/{decided.id}#solutions-panel-heading",
                     "Region Norrbotten": f"/organisations/{owner.id}"}
    page = search_page(client, q="vård*")
    for label in ("Challenge", "Solution", "Organisation"):
        assert f'govuk-tag--grey">{label}</strong>' in page


def test_every_page_has_the_search_box(client):
    page = client.get("/").get_data(as_text=True)
    assert 'action="/search"' in page and 'name="q"' in page


def test_the_help_page_explains_searching_and_alerts(client):
    page = client.get("/help", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    assert "Hitta utmaningar och få bevakningar" in page and 'href="/search"' in page


# -- what must never be found ---------------------------------------------------------

MARKERS = ("draftmarkerqx1", "reviewmarkerqx2", "detailsmarkerqx3", "refsmarkerqx4",
           "pricemarkerqx5", "ipmarkerqx6", "noconsentmarkerqx7", "undecidedmarkerqx8",
           "withdrawnmarkerqx9", "membersonlymarkerqx10")


def _assert_unfindable(client, marker: str) -> None:
    for query in (marker, marker.upper(), marker[:8] + "*", f'"{marker} text"',
                  f"{marker} OR sensorer", f"-sensorer {marker}"):
        page = search_page(client, q=query)
        assert marker not in result_text(page).lower(), (marker, query)
        if not query.endswith("sensorer"):
            assert total(page) == 0, (marker, query)
    assert marker not in search_page(client, q="").lower()


def test_drafts_confidential_details_and_private_summaries_are_never_found(client, backend):
    challenge("Utkast draftmarkerqx1", "draftmarkerqx1 text", state=ChallengeState.DRAFT)
    challenge("Granskas reviewmarkerqx2", "reviewmarkerqx2 text",
              state=ChallengeState.IN_REVIEW)
    decided = decided_challenge("Beslutad utmaning med sensorer")
    solution(decided, "Publik sammanfattning om sensorer.",
             details="detailsmarkerqx3 refsmarkerqx4 pricemarkerqx5 ipmarkerqx6 text")
    solution(decided, "noconsentmarkerqx7 text", public=False)
    from app.solutions.models import SolutionState
    solution(decided, "withdrawnmarkerqx9 text", state=SolutionState.WITHDRAWN)
    open_challenge = challenge("Öppen utmaning med sensorer")
    solution(open_challenge, "undecidedmarkerqx8 text")
    index_now()
    assert sorted(titles(client, "sensorer")) == ["Beslutad utmaning med sensorer",
                                                  "Beslutad utmaning med sensorer",
                                                  "Öppen utmaning med sensorer"]
    for marker in MARKERS[:-1]:
        _assert_unfindable(client, marker)
    from app.search.models import SearchDocument, SearchLexiconEntry, SearchWord
    stored = " ".join(f"{d.title} {d.body} {d.extra} {d.tsv or ''}" for d in
                      db.session.scalars(db.select(SearchDocument))).lower()
    words = set(db.session.scalars(db.select(SearchWord.word))) | set(
        db.session.scalars(db.select(SearchLexiconEntry.word)))
    for marker in MARKERS[:-1]:
        assert marker not in stored and marker not in words


@pytest.fixture
def members_only_type():
    """Another area's type, registered the way the README describes (here over users,
    standing in for network pages): to_document returns None for member-only material,
    which must therefore never be indexed."""
    def to_document(user):
        if "membersonly" in user.name:
            return None
        return {"title": user.name, "body": "Ett nätverk om vatten.",
                "published_at": user.created_at}

    register_document_type(SearchType(
        name="test_network", model=User, to_document=to_document,
        label="Network", url=lambda user: f"/networks/{user.id}"))
    yield
    del _TYPES["test_network"]


def test_a_type_registered_by_another_area_keeps_member_only_material_out(
        client, backend, members_only_type):
    make_user(name="Nätverk för vattenfrågor")
    hidden = make_user(name="Stängt rum membersonlymarkerqx10")
    index_now()
    found = results(client, "vatten", type="test_network")
    assert [title for _, title in found] == ["Nätverk för vattenfrågor"]
    assert found[0][0].startswith("/networks/")
    _assert_unfindable(client, "membersonlymarkerqx10")
    hidden.name = "Stängt rum, nu öppet"
    db.session.flush()
    index_now()
    assert sorted(titles(client, "vatten", type="test_network")) == [
        "Nätverk för vattenfrågor", "Stängt rum, nu öppet"]


def test_the_index_follows_state_changes(client, backend):
    item = challenge("Laddstolpar i glesbygd", "Elbilar.", state=ChallengeState.DRAFT)
    index_now()
    assert titles(client, "laddstolpar") == []
    item.state = ChallengeState.PUBLISHED
    db.session.flush()
    index_now()
    assert titles(client, "laddstolpar") == ["Laddstolpar i glesbygd"]
    answer = solution(item, "Solcellsdrivna laddstolpar.", title="Solladd")
    index_now()
    assert titles(client, "solcellsdrivna") == []  # not public before the decision
    item.state = ChallengeState.DECIDED
    db.session.flush()
    index_now()
    assert titles(client, "solcellsdrivna") == ["Solladd"]  # the challenge's change counts
    answer.summary_public_after_decision = False
    db.session.flush()
    index_now()
    assert titles(client, "solcellsdrivna") == []


def test_an_organisation_rename_reaches_its_challenges(client, backend):
    owner = make_authority(name="Gamla kommunen")
    challenge("Vattenmätning", "Mätare.", owner=owner)
    index_now()
    assert "Vattenmätning" in titles(client, "gamla")
    owner.name = "Nyastad kommun"
    db.session.flush()
    index_now()
    assert titles(client, "nyastad", type="challenge") == ["Vattenmätning"]
    assert titles(client, "gamla") == []


def test_search_needs_no_account_but_saving_does(client, backend):
    make_user()
    index_now()
    page = search_page(client, q="vatten")
    assert "Log in to save this search" in page


def test_the_search_page_speaks_swedish(client, backend):
    challenge("Matsvinn i skolan", "Vi väger.")
    index_now()
    page = client.get("/search?q=matsvinn", headers={"Accept-Language": "sv"}).get_data(
        as_text=True)
    assert ("Sök bland utmaningar, lösningar, organisationer, nätverk, kunskap och "
            "finansiering") in page
    assert "1 träff" in page and "Utmaning" in page and "Öppen" in page


@pytest.fixture(autouse=True)
def _cpv_codes():
    """Challenges may only carry known CPV codes: load the shipped list."""
    from app.challenges import cpv

    cpv.ensure_seeded()
