"""CPV codes in search: found by the code, by any level of its hierarchy, and by name.

A code like 90511000-2 is indexed with its hierarchy (90, 905, 9051, 90511, 90511000) as
facet tokens, so a filter or an interest profile for 90500000 (refuse services) matches
it, and with names as searchable text: its division's (built in, Swedish and English)
and, when a `cpv_codes` table with `name_sv`/`name_en` exists (the challenges area's),
the names of the code and of every broader code above it. Other sources can be added
with `register_cpv_names`; run `flask --app wsgi search rebuild` once after adding one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from contextlib import contextmanager

_CODE = re.compile(r"^(\d{8})(?:-\d)?$")
_NAME_WORD = re.compile(r"\w+", re.UNICODE)

# The 45 CPV divisions (the first two digits): (Swedish, English).
DIVISIONS: dict[str, tuple[str, str]] = {
    "03": ("Jordbruks-, odlings-, fiske-, skogsbruks- och närliggande produkter",
           "Agricultural, farming, fishing, forestry and related products"),
    "09": ("Petroleumprodukter, bränsle, elektricitet och andra energikällor",
           "Petroleum products, fuel, electricity and other sources of energy"),
    "14": ("Gruvdrift, basmetaller och liknande produkter",
           "Mining, basic metals and related products"),
    "15": ("Livsmedel, drycker, tobak och liknande produkter",
           "Food, beverages, tobacco and related products"),
    "16": ("Jordbruksmaskiner", "Agricultural machinery"),
    "18": ("Kläder, skodon, väskor och tillbehör",
           "Clothing, footwear, luggage articles and accessories"),
    "19": ("Läder och textilier, plast- och gummimaterial",
           "Leather and textile fabrics, plastic and rubber materials"),
    "22": ("Trycksaker och liknande produkter", "Printed matter and related products"),
    "24": ("Kemiska produkter", "Chemical products"),
    "30": ("Kontors- och datorutrustning och förbrukningsartiklar",
           "Office and computing machinery, equipment and supplies"),
    "31": ("Elektriska maskiner, apparater, utrustning och förbrukningsartiklar; belysning",
           "Electrical machinery, apparatus, equipment and consumables; lighting"),
    "32": ("Radio-, tv-, kommunikations- och telekommunikationsutrustning",
           "Radio, television, communication, telecommunication and related equipment"),
    "33": ("Medicinsk utrustning, läkemedel och produkter för personlig vård",
           "Medical equipments, pharmaceuticals and personal care products"),
    "34": ("Transportutrustning och transporthjälpmedel",
           "Transport equipment and auxiliary products to transportation"),
    "35": ("Säkerhets-, brandbekämpnings-, polis- och försvarsutrustning",
           "Security, fire-fighting, police and defence equipment"),
    "37": ("Musikinstrument, sportartiklar, spel, leksaker, hantverks- och konstmaterial",
           "Musical instruments, sport goods, games, toys, handicraft and art materials"),
    "38": ("Laboratorieutrustning, optisk utrustning och precisionsutrustning",
           "Laboratory, optical and precision equipments"),
    "39": ("Möbler, inredningsartiklar, hushållsapparater och rengöringsprodukter",
           "Furniture, furnishings, domestic appliances and cleaning products"),
    "41": ("Uppsamlat och renat vatten", "Collected and purified water"),
    "42": ("Industrimaskiner", "Industrial machinery"),
    "43": ("Maskiner för gruvdrift och stenbrytning, byggutrustning",
           "Machinery for mining, quarrying, construction equipment"),
    "44": ("Konstruktioner och byggmaterial", "Construction structures and materials"),
    "45": ("Bygg- och anläggningsarbete", "Construction work"),
    "48": ("Programvarupaket och informationssystem", "Software package and information systems"),
    "50": ("Reparations- och underhållstjänster", "Repair and maintenance services"),
    "51": ("Installationstjänster", "Installation services"),
    "55": ("Hotell-, restaurang- och detaljhandelstjänster",
           "Hotel, restaurant and retail trade services"),
    "60": ("Transporttjänster", "Transport services"),
    "63": ("Stödtjänster och kompletterande transporttjänster; resebyråtjänster",
           "Supporting and auxiliary transport services; travel agencies services"),
    "64": ("Post- och telekommunikationstjänster", "Postal and telecommunications services"),
    "65": ("Allmännyttiga tjänster", "Public utilities"),
    "66": ("Finans- och försäkringstjänster", "Financial and insurance services"),
    "70": ("Fastighetstjänster", "Real estate services"),
    "71": ("Arkitekt-, konstruktions-, ingenjörs- och inspektionstjänster",
           "Architectural, construction, engineering and inspection services"),
    "72": ("IT-tjänster: konsultverksamhet, programvaruutveckling, Internet och support",
           "IT services: consulting, software development, Internet and support"),
    "73": ("Forsknings- och utvecklingstjänster och därmed sammanhängande konsulttjänster",
           "Research and development services and related consultancy services"),
    "75": ("Administrations-, försvars- och socialförsäkringstjänster",
           "Administration, defence and social security services"),
    "76": ("Tjänster med anknytning till olje- och gasindustrin",
           "Services related to the oil and gas industry"),
    "77": ("Jordbruks-, skogsbruks-, trädgårds-, vattenbruks- och biodlingstjänster",
           "Agricultural, forestry, horticultural, aquacultural and apicultural services"),
    "79": ("Företagstjänster: juridik, marknadsföring, konsultverksamhet, rekrytering",
           "Business services: law, marketing, consulting, recruitment"),
    "80": ("Utbildningstjänster", "Education and training services"),
    "85": ("Hälsovård och socialtjänst", "Health and social work services"),
    "90": ("Avlopps- och avfallshanteringstjänster, renhållning och miljötjänster",
           "Sewage, refuse, cleaning and environmental services"),
    "92": ("Fritids-, kultur- och sporttjänster", "Recreational, cultural and sporting services"),
    "98": ("Andra samhälleliga, sociala och personliga tjänster",
           "Other community, social and personal services"),
}

NameLookup = Callable[[list[str]], dict[str, dict[str, str]]]
_lookups: list[NameLookup] = []


def _cpv_table_lookup(eights: list[str]) -> dict[str, dict[str, str]]:
    """Names from the challenges area's `cpv_codes` table (code, name_sv, name_en), for
    the codes and every broader level above them, when that table exists."""
    from sqlalchemy import func, select

    from app.extensions import db

    if not eights:
        return {}
    remembered = _remembered.get(tuple(eights)) if _remembered is not None else None
    if remembered is not None:
        return remembered
    table = db.metadata.tables.get("cpv_codes")
    if table is None or not {"code", "name_sv", "name_en"} <= set(table.c.keys()):
        return {}
    levels = {eight[:length].ljust(8, "0") for eight in eights for length in range(2, 9)}
    rows = db.session.execute(select(table.c.code, table.c.name_sv, table.c.name_en)
                              .where(func.substr(table.c.code, 1, 8).in_(sorted(levels))))
    found = {code[:8]: {"sv": sv, "en": en} for code, sv, en in rows}
    if _remembered is not None:
        _remembered[tuple(eights)] = found
    return found


_remembered: dict[tuple[str, ...], dict] | None = None


@contextmanager
def names_remembered():
    """While inside (a rebuild, which reads the table for every challenge), names read
    from the `cpv_codes` table are remembered per set of codes."""
    global _remembered
    if _remembered is not None:
        yield
        return
    _remembered = {}
    try:
        yield
    finally:
        _remembered = None


def register_cpv_names(lookup: NameLookup) -> None:
    """Add a source of CPV names: codes (8 digits) -> {code: {"sv": name, "en": name}}."""
    _lookups.append(lookup)


def digits(code: str) -> str | None:
    """The eight digits of a CPV code ("90511000-2" -> "90511000"), or None if invalid."""
    match = _CODE.match((code or "").strip())
    return match.group(1) if match else None


def hierarchy_prefix(code: str) -> str | None:
    """The code without trailing zeros, at least its division ("90500000-2" -> "905")."""
    eight = digits(code)
    if eight is None:
        return None
    return eight.rstrip("0").ljust(2, "0")


def cpv_tokens(codes: Iterable[str]) -> list[str]:
    """Every level of every code, for filters and profiles that name a broader code."""
    tokens: set[str] = set()
    for code in codes:
        eight = digits(code)
        if eight:
            tokens.update(eight[:length] for length in range(2, 9))
    return sorted(tokens)


def cpv_names(codes: Iterable[str]) -> dict[str, list[str]]:
    """Searchable names per language: the division's, and any registered lookup's."""
    eights = sorted({d for d in (digits(code) for code in codes) if d})
    names: dict[str, list[str]] = {"sv": [], "en": []}
    for eight in eights:
        division = DIVISIONS.get(eight[:2])
        if division:
            names["sv"].append(division[0])
            names["en"].append(division[1])
    for lookup in (_cpv_table_lookup, *_lookups):
        for by_language in lookup(eights).values():
            for language, name in by_language.items():
                names.setdefault(language, []).append(name)
    return names


def _levels(eight: str) -> list[str]:
    """The code and every broader code above it, most specific first (8 digits each)."""
    return list(dict.fromkeys(eight[:length].ljust(8, "0") for length in range(8, 1, -1)))


def level_names(eights: list[str]) -> dict[str, dict[str, str]]:
    """Names (per language) of the codes and of every broader code above them."""
    names = {f"{division}000000": {"sv": sv, "en": en} for division, (sv, en) in
             DIVISIONS.items() if any(e.startswith(division) for e in eights)}
    for lookup in (_cpv_table_lookup, *_lookups):
        for code, by_language in lookup(eights).items():
            names.setdefault(code[:8], {}).update(by_language)
    return names


def matching_codes(eights: list[str], matches: Callable[[str], bool], language: str,
                   names: dict[str, dict[str, str]]) -> list[tuple[str, str]]:
    """(code, name) of each of a document's codes that a query matched: by the code
    itself, or by a word of its name or of a broader code's name (the most specific
    name that matched is shown). `names` is `level_names` of the codes."""
    found = []
    for eight in eights:
        for level in _levels(eight):
            name = names.get(level, {})
            shown = name.get(language) or name.get("en") or name.get("sv") or ""
            if matches(eight) and level == eight or _name_matches(name, matches):
                found.append((eight, shown or eight))
                break
    return found


def _name_matches(names: dict[str, str], matches: Callable[[str], bool]) -> bool:
    return any(matches(word) for name in names.values() for word in _NAME_WORD.findall(name))
