# ruff: noqa: E501 - one document per line reads best as a table
"""A labelled relevance collection: Swedish and English challenges, and what people type.

Each query names what a good answer is: `top` - one of these keys among the first five;
`first` - this key ranked first; `absent` - never found (NOT, INTE, -); `last` - after
every other result and labelled withdrawn; `cpv` - the result says this code matched;
`unsearchable` - the page says the query has nothing to search for. A query succeeds
when all its conditions hold. tests/test_search_relevance.py runs it on each backend
(success@5 must reach 95 %); bench/search.py prints success@5 and MRR for both.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# key: (title, body, language, state, CPV codes, days to the deadline)
DOCUMENTS = {
    "cykelparkering": ("Säker cykelparkering vid stationer", "Vi söker lösningar för säker och väderskyddad parkering av cyklar vid pendeltågsstationer. Stölder av cyklar är ett stort problem.", "sv", "open", (), 40),
    "matavfall": ("Insamling av matavfall i flerbostadshus", "Kommunen vill öka sorteringen av matavfallet i flerbostadshus med smarta kärl och påminnelser till de boende.", "sv", "open", ("90511200-4",), 30),
    "avfallshantering": ("Smartare avfallshantering för villor", "Sensorer i sopkärlen ska visa fyllnadsgraden så att tömningen planeras efter behov i villaområden.", "sv", "open", ("90511000-2",), 25),
    "vattenrening": ("Energieffektiv vattenrening", "Reningsverket behöver ny teknik som tar bort läkemedelsrester ur avloppsvattnet med mindre energi.", "sv", "open", (), 60),
    "vattenverk": ("Övervakning av vattenverket", "Sensorer och larm som upptäcker störningar i vattenverket och brister i dricksvattnets kvalitet.", "sv", "open", ("65100000-4",), 45),
    "lakemedel": ("Säker hantering av läkemedel i hemtjänsten", "Läkemedlen ska delas ut i rätt tid. Vi söker digitala dosetter som påminner och larmar personalen.", "sv", "open", ("33600000-6",), 35),
    "hemtjanst": ("Planering av hemtjänst", "Ett verktyg för schemaläggning och ruttplanering av besöken i hemtjänsten, som tar hänsyn till önskemål.", "sv", "open", (), 50),
    "aldreomsorg": ("Digital tillsyn i äldreomsorgen", "Nattlig tillsyn med sensorer i stället för besök, för en tryggare äldreomsorg med bibehållen integritet.", "sv", "open", (), 55),
    "livsmedel": ("Upphandling av livsmedel till skolor", "Vi vill köpa lokalt producerade livsmedel till skolmåltider och förskolor, med kortare transporter.", "sv", "open", ("15894210-6",), 20),
    "matsvinn": ("Minskat matsvinn i skolans kök", "Vågar och visualisering ska hjälpa eleverna att minska matsvinnet i skolmatsalen.", "sv", "open", ("55524000-9",), 15),
    "snorojning": ("Effektivare snöröjning", "Vägarna ska röjas i rätt ordning med hjälp av väderprognoser och positionering av fordonen.", "sv", "open", (), 70),
    "gatubelysning": ("Smart gatubelysning", "Belysningen dimras när ingen rör sig på gatan, och trasiga lampor rapporterar sig själva.", "sv", "open", ("31000000-6",), 65),
    "solceller": ("Solceller på kommunens tak", "Vi söker leverantörer som installerar anläggningar på skolor och sporthallar som producerar egen el.", "sv", "open", ("09331200-0",), 80),
    "laddning": ("Laddinfrastruktur för elbilar", "Laddstolpar vid kommunens arbetsplatser och för hemtjänstens bilar, med lastbalansering.", "sv", "open", (), 75),
    "bibliotek": ("Meröppet bibliotek", "Lånare ska kunna använda biblioteket utan personal på kvällar och helger.", "sv", "open", (), 42),
    "trygghetslarm": ("Digitala trygghetslarm", "Äldre som bor hemma behöver larm som fungerar i det digitala telenätet och når larmcentralen snabbt.", "sv", "open", (), 38),
    "anropsstyrd": ("Anropsstyrd kollektivtrafik på landsbygden", "Bussar som kör efter bokade resor i glesbygd i stället för fasta turer.", "sv", "open", ("60112000-6",), 90),
    "dagvatten": ("Dagvatten och översvämningar", "Skyfall orsakar översvämningar i staden. Vi söker lösningar som fördröjer dagvattnet i gatumiljön.", "sv", "open", (), 85),
    "luftkvalitet": ("Mätning av luftkvalitet vid skolor", "Billiga sensorer som mäter partiklar och kvävedioxid nära skolgårdarna.", "sv", "open", (), 33),
    "ventilation": ("Behovsstyrd ventilation i klassrum", "Ventilationen ska styras efter koldioxidhalten i klassrummen för ett bättre inomhusklimat.", "sv", "open", (), 48),
    "rehabilitering": ("Rehabilitering på distans", "Patienter ska kunna göra sina övningar hemma med stöd av en app och en fysioterapeut.", "sv", "open", ("48180000-3",), 52),
    "tolk": ("Tolktjänster på distans", "Videotolkning för vårdcentraler och socialtjänsten, bokad på några minuter.", "sv", "open", (), 44),
    "renovering": ("Energieffektiv renovering av bostäder", "Miljonprogrammets hus behöver ny isolering och nya fönster utan att hyrorna stiger för mycket.", "sv", "open", (), 95),
    "lanecyklar": ("Lånecyklar i centrum", "Ett system med elcyklar som invånarna kan hyra med mobilen och lämna vid stationer.", "sv", "open", (), 28),
    "textil": ("Återbruk av textilier", "Insamling och sortering av kläder och textilier så att de kan användas igen.", "sv", "open", ("19000000-6",), 36),
    "skolskjuts": ("Skolskjuts med bättre planering", "Turerna ska planeras så att eleverna sitter kortare tid i bussen.", "sv", "open", ("34121000-1",), 26),
    "dronare": ("Drönare för inspektion av broar", "Broar och vägar ska inspekteras med drönare och bildanalys i stället för med lift.", "sv", "open", (), 58),
    "brandskydd": ("Brandskydd i äldreboenden", "Tidig upptäckt av brand och automatisk släckning i boenden för äldre.", "sv", "open", (), 62),
    "fjarrvarme": ("Prognoser för fjärrvärme", "Värmeverket vill styra produktionen i fjärrvärmenätet efter väder och förbrukning.", "sv", "open", ("09323000-9",), 64),
    "hjalpmedel": ("Innovationsupphandling av hjälpmedel", "Hjälpmedel som gör vardagen lättare för personer med funktionsnedsättning.", "sv", "open", ("33190000-8",), 46),
    "buller_oppen": ("Mätning av buller i bostadsområden", "Sensorer mäter trafikbuller dygnet runt och visar resultatet för de boende.", "sv", "open", (), 31),
    "buller_stangd": ("Mätning av buller vid förskolor", "Sensorer mäter trafikbuller dygnet runt och visar resultatet för personalen.", "sv", "closed", (), -5),
    "parkering_stangd": ("Parkering för cyklar vid skolor", "Cykelställ med tak vid skolor, så att fler elever cyklar.", "sv", "closed", (), -10),
    "matavfall_indraget": ("Matavfall från restauranger", "Insamling av matavfall från restauranger i centrum.", "sv", "withdrawn", (), -3),
    "belysning_avgjord": ("Belysning i parker", "Belysning som gör parkerna tryggare på kvällen.", "sv", "decided", (), -40),
    "en_waste": ("Smart waste collection", "Sensors in bins report how full they are, so that collection routes can be planned.", "en", "open", ("90511000-2",), 30),
    "en_centre": ("Visitor centre for the national park", "A digital guide for the visitors' centre, in several languages.", "en", "open", (), 40),
    "en_organisation": ("Organisational change in elderly care", "Tools that help care organizations plan their staff schedules.", "en", "open", (), 50),
    "en_heating": ("Heat pumps for public buildings", "Heat pumps controlled by weather forecasts in schools and offices.", "en", "open", (), 45),
    "en_programme": ("Training programme for procurement officers", "An online programme about innovation procurement for public buyers.", "en", "open", (), 35),
    "en_colour": ("Colour-coded signs in hospitals", "Signs in colour help patients find their way around the hospital.", "en", "open", (), 20),
    "en_flood": ("Flood warning for riverside neighbourhoods", "Early warning of floods, with sensors along the river.", "en", "open", (), 55),
    "en_furniture": ("Reuse of office furniture", "A platform where municipal departments share furniture instead of buying new.", "en", "open", ("39000000-2",), 60),
    "en_solar": ("Rooftop energy for libraries", "Photovoltaic installations on the roofs of public libraries.", "en", "open", ("09331000-8",), 70),
}


@dataclass(frozen=True)
class Query:
    text: str
    kind: str
    top: tuple[str, ...] = ()
    first: str | None = None
    absent: tuple[str, ...] = ()
    last: str | None = None
    cpv: tuple[str, str] | None = None  # (document, code)
    unsearchable: bool = False
    filters: dict = field(default_factory=dict)


def Q(text, kind, *top, **conditions) -> Query:  # noqa: N802 - reads like a table row
    return Query(text, kind, tuple(top), **conditions)


QUERIES = [
    # compounds: a part finds the compound
    Q("parkering", "compound part", "cykelparkering"),
    Q("avfall", "compound part", "matavfall", "avfallshantering"),
    Q("vatten", "compound part", "vattenrening", "vattenverk"),
    Q("rening", "compound part", "vattenrening"),
    Q("omsorg", "compound part", "aldreomsorg"),
    Q("larm", "compound part", "trygghetslarm"),
    Q("belysning", "compound part", "gatubelysning", "belysning_avgjord"),
    Q("cyklar", "compound part", "cykelparkering", "lanecyklar"),
    Q("hantering", "compound part", "avfallshantering", "lakemedel"),
    Q("tjänster", "compound part", "tolk"),
    Q("trafik", "compound part", "anropsstyrd"),
    Q("upphandling", "compound part", "livsmedel", "hjalpmedel"),
    Q("bibliotek", "compound part", "bibliotek"),
    Q("skydd", "compound part", "brandskydd"),
    Q("värme", "compound part", "fjarrvarme"),
    # compounds: a compound finds its parts written apart, and the reverse
    Q("livsmedelsupphandling", "compound whole", "livsmedel"),
    Q("äldre omsorg", "compound apart", "aldreomsorg"),
    Q("äldreomsorg", "compound whole", "aldreomsorg"),
    Q("cykel parkering", "compound apart", "cykelparkering"),
    Q("cykelstölder", "compound whole", "cykelparkering"),
    Q("hemtjänstplanering", "compound whole", "hemtjanst"),
    Q("skolkök", "compound whole", "matsvinn"),
    Q("bussresor", "compound whole", "anropsstyrd"),
    Q("trafikbuller", "compound whole", "buller_oppen"),
    Q("avfallsinsamling", "compound whole", "matavfall", "avfallshantering"),
    Q("vattenkvalitet", "compound whole", "vattenverk"),
    Q("brandsläckning", "compound whole", "brandskydd"),
    # definite forms and vowel-dropping plurals
    Q("matavfallet", "inflection", "matavfall"),
    Q("vattenverket", "inflection", "vattenverk"),
    Q("cykel", "inflection", "cykelparkering", "lanecyklar"),
    Q("läkemedel", "inflection", "lakemedel"),
    Q("läkemedlen", "inflection", "lakemedel"),
    Q("hemtjänsten", "inflection", "hemtjanst"),
    Q("äldreomsorgen", "inflection", "aldreomsorg"),
    Q("skolan", "inflection", "matsvinn", "luftkvalitet"),
    Q("skolor", "inflection", "livsmedel", "luftkvalitet"),
    Q("bussen", "inflection", "skolskjuts", "anropsstyrd"),
    Q("broarna", "inflection", "dronare"),
    Q("klassrummet", "inflection", "ventilation"),
    Q("översvämning", "inflection", "dagvatten"),
    Q("dagvattnet", "inflection", "dagvatten"),
    Q("textilierna", "inflection", "textil"),
    Q("lamporna", "inflection", "gatubelysning"),
    Q("biblioteken", "inflection", "bibliotek"),
    Q("fönstren", "inflection", "renovering"),
    # English: stemming and British/American spellings
    Q("center", "english", "en_centre"),
    Q("centres", "english", "en_centre"),
    Q("organization", "english", "en_organisation"),
    Q("organisations", "english", "en_organisation"),
    Q("program", "english", "en_programme"),
    Q("color", "english", "en_colour"),
    Q("neighborhood", "english", "en_flood"),
    Q("flooding", "english", "en_flood"),
    Q("sensor", "english", "en_waste", "en_flood"),
    Q("hospitals", "english", "en_colour"),
    Q("libraries", "english", "en_solar", "bibliotek"),
    Q("heat pump", "english", "en_heating"),
    # typos
    Q("cykelparkring", "typo", "cykelparkering"),
    Q("avfalshantering", "typo", "avfallshantering"),
    Q("vattenrenning", "typo", "vattenrening"),
    Q("hemtjänts", "typo", "hemtjanst"),
    Q("snöröjnig", "typo", "snorojning"),
    Q("ventilaton", "typo", "ventilation"),
    Q("trygghetlarm", "typo", "trygghetslarm"),
    Q("rehabiliteringg", "typo", "rehabilitering"),
    Q("gatubelysnig", "typo", "gatubelysning"),
    Q("fjärvärme", "typo", "fjarrvarme"),
    Q("furnture", "typo", "en_furniture"),
    Q("procurment", "typo", "en_programme", "hjalpmedel"),
    Q("inspektoin", "typo", "dronare"),
    # long sentences: not every word is required
    Q("system för planering av hemtjänst", "sentence", "hemtjanst"),
    Q("vi letar efter ett bättre sätt att minska matsvinnet i skolan", "sentence", "matsvinn"),
    Q("hur kan vi fördröja dagvatten vid kraftiga skyfall", "sentence", "dagvatten"),
    Q("lösning för säker parkering av cyklar vid stationen", "sentence", "cykelparkering"),
    Q("digitala larm för äldre som bor hemma", "sentence", "trygghetslarm"),
    Q("sensorer som mäter luftkvalitet nära skolgården", "sentence", "luftkvalitet"),
    Q("we need sensors that tell when waste bins are full", "sentence", "en_waste"),
    Q("app för rehabilitering i hemmet efter en operation", "sentence", "rehabilitering"),
    Q("drönare som kan inspektera broar och tunnlar", "sentence", "dronare"),
    Q("styra ventilationen efter koldioxid i skolans klassrum", "sentence", "ventilation"),
    Q("bussar i glesbygden som går när någon har bokat", "sentence", "anropsstyrd"),
    Q("energieffektiv renovering av gamla hyreshus", "sentence", "renovering"),
    Q("a platform for sharing used furniture between departments", "sentence", "en_furniture"),
    # operators in both languages
    Q("matavfall OR textilier", "operator", "matavfall", "textil"),
    Q("matavfall ELLER textilier", "operator", "matavfall", "textil"),
    Q("matavfall or textilier", "operator", "matavfall", "textil"),
    Q("matavfall eller textilier", "operator", "matavfall", "textil"),
    Q("avfallshantering NOT flerbostadshus", "operator", "avfallshantering",
      absent=("matavfall",)),
    Q("avfall INTE villor", "operator", "matavfall", absent=("avfallshantering",)),
    Q("avfall -villor", "operator", "matavfall", absent=("avfallshantering",)),
    Q("sensorer -buller", "operator", "luftkvalitet", "vattenverk",
      absent=("buller_oppen", "buller_stangd")),
    Q('"smart gatubelysning"', "operator", "gatubelysning"),
    Q('"planering av hemtjänst"', "operator", "hemtjanst"),
    Q("sensorer AND skolor", "operator", "luftkvalitet"),
    Q("sensorer OCH skolor", "operator", "luftkvalitet"),
    Q("(matavfall OR textilier) insamling", "operator", "matavfall", "textil"),
    Q("(bussar OR cyklar) -skolor", "operator", "anropsstyrd", "lanecyklar",
      absent=("parkering_stangd", "skolskjuts")),
    Q("avfall -(villor OR restauranger)", "operator", "matavfall",
      absent=("avfallshantering", "matavfall_indraget")),
    Q("solcell*", "operator", "solceller"),
    Q("cykel*", "operator", "cykelparkering", "lanecyklar"),
    Q("waste OR avfall", "operator", "en_waste", "matavfall"),
    Q("heat NOT pumps", "operator", "fjarrvarme", absent=("en_heating",)),
    # only stop words, or nothing to search
    Q("och i på", "stop words", unsearchable=True),
    Q("the and of", "stop words", unsearchable=True),
    Q("det är inte för", "stop words", unsearchable=True),
    Q("av med som", "stop words", unsearchable=True),
    Q("%", "stop words", unsearchable=True),
    # CPV names: found through a code's name, and the code shown
    Q("hushållsavfall", "cpv", "matavfall", cpv=("matavfall", "90511200")),
    Q("refuse", "cpv", "avfallshantering", "en_waste", cpv=("avfallshantering", "90511000")),
    Q("solcellsmoduler", "cpv", "solceller", cpv=("solceller", "09331200")),
    Q("solar", "cpv", "solceller", "en_solar", cpv=("en_solar", "09331000")),
    Q("heating", "cpv", "solceller", "fjarrvarme", "en_heating"),
    Q("pharmaceuticals", "cpv", "lakemedel", cpv=("lakemedel", "33600000")),
    Q("skolcatering", "cpv", "matsvinn", cpv=("matsvinn", "55524000")),
    Q("kollektivtrafik på väg", "cpv", "anropsstyrd"),
    Q("vattendistribution", "cpv", "vattenverk", cpv=("vattenverk", "65100000")),
    Q("furnishings", "cpv", "en_furniture", cpv=("en_furniture", "39000000")),
    Q("90511000", "cpv", "avfallshantering", "en_waste", cpv=("en_waste", "90511000")),
    Q("905*", "cpv", "matavfall", "avfallshantering"),
    # ranking: open before closed with the same relevance; withdrawn last and labelled
    Q("buller", "ranking", first="buller_oppen"),
    Q("trafikbuller sensorer", "ranking", first="buller_oppen"),
    Q("mätning buller", "ranking", first="buller_oppen"),
    Q("matavfall", "ranking", "matavfall", last="matavfall_indraget"),
    Q("insamling matavfall", "ranking", "matavfall", last="matavfall_indraget"),
    Q("restauranger", "ranking", last="matavfall_indraget"),
    Q("belysning", "ranking", "belysning_avgjord", "gatubelysning"),
]


def outcome(query: Query, keys: list[str], withdrawn_labelled: set[str],
            cpv_shown: dict[str, set[str]], unsearchable: bool) -> tuple[bool, int | None]:
    """(success, rank of the first good answer or None) of one query's results (keys of
    every result, in order)."""
    if query.unsearchable:
        return unsearchable and not keys, (1 if unsearchable and not keys else None)
    wanted = set(query.top) | ({query.first} if query.first else set())
    ranks = [i for i, key in enumerate(keys, 1) if key in wanted]
    ok = bool(ranks and ranks[0] <= 5) if wanted else True
    if query.first:
        ok = ok and bool(keys) and keys[0] == query.first
    if query.absent:
        ok = ok and not set(query.absent) & set(keys)
    if query.last:
        ok = ok and bool(keys) and keys[-1] == query.last and query.last in withdrawn_labelled
    if query.cpv:
        document, code = query.cpv
        ok = ok and code in cpv_shown.get(document, set())
    return ok, (ranks[0] if ranks else (1 if ok and not wanted else None))


# -- running it ----------------------------------------------------------------------

STATES = {"open": "PUBLISHED", "closed": "CLOSED", "withdrawn": "WITHDRAWN",
          "decided": "DECIDED"}


def create_documents() -> dict[int, str]:
    """The collection's challenges in the current database: challenge id -> key."""
    from datetime import timedelta

    from app.challenges.models import ChallengeCpv, ChallengeState
    from app.core.db import utcnow
    from app.extensions import db
    from tests.factories import make_authority, make_challenge

    owner = make_authority(name="Relevanskommunen")
    ids = {}
    for key, (title, body, language, state, codes, days) in DOCUMENTS.items():
        extra = {"decided_at": utcnow()} if state == "decided" else {}
        if state == "withdrawn":
            extra.update(withdrawn_reason="Behovet har ändrats.", withdrawn_at=utcnow())
        item = make_challenge(owner=owner, title=title, problem_statement=body, summary="",
                              requirements=(), language=language,
                              state=getattr(ChallengeState, STATES[state]),
                              deadline_in=timedelta(days=days), **extra)
        for code in codes:
            item.cpv_links.append(ChallengeCpv(code=code))
        ids[item.id] = key
    db.session.flush()
    return ids


@dataclass
class Report:
    succeeded: int = 0
    reciprocal_ranks: float = 0.0
    failures: list[str] = field(default_factory=list)

    @property
    def success_at_5(self) -> float:
        return self.succeeded / len(QUERIES)

    @property
    def mrr(self) -> float:
        return self.reciprocal_ranks / len(QUERIES)


def run_queries(ids: dict[int, str]) -> Report:
    """Every query through the search page's service (matching, ranking, highlighting,
    CPV reasons), in the current application context."""
    from werkzeug.datastructures import MultiDict

    from app.search.services import params_from, run_search

    report = Report()
    for query in QUERIES:
        page = run_search(params_from(MultiDict({"q": query.text, **query.filters})))
        assert not page.limited, "the index is unavailable"
        keys, withdrawn, cpv = [], set(), {}
        for item in page.items:
            key = ids.get(int(item.url.rsplit("/", 1)[-1])) if item.doc_type == "challenge" \
                else item.key
            keys.append(key)
            if item.status == "withdrawn":
                withdrawn.add(key)
            cpv[key] = {code for code, _name in item.cpv_matches}
        ok, rank = outcome(query, keys, withdrawn, cpv, page.query.unsearchable)
        report.succeeded += ok
        report.reciprocal_ranks += 1 / rank if ok and rank else 0
        if not ok:
            report.failures.append(f"{query.kind}: {query.text!r} -> {keys[:6]}")
    return report
