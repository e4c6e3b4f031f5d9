"""Reference lists shared by organisations, challenges and search: sectors and regions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

SECTORS: dict[str, object] = {
    "health": _l("Health and medical care"),
    "elderly_care": _l("Elderly care and social services"),
    "education": _l("Education and schools"),
    "transport": _l("Transport and mobility"),
    "energy": _l("Energy"),
    "environment": _l("Environment, waste and recycling"),
    "water": _l("Water and sewerage"),
    "construction": _l("Construction, housing and property"),
    "digital": _l("Digital services and IT"),
    "safety": _l("Public safety and rescue services"),
    "food": _l("Food and meals"),
    "culture": _l("Culture and leisure"),
    "administration": _l("Public administration"),
}

# Swedish counties (län) by NUTS-3 code, with the NUTS-2 region they belong to.
REGIONS: dict[str, tuple[str, str]] = {
    "SE110": ("Stockholms län", "SE11"),
    "SE121": ("Uppsala län", "SE12"),
    "SE122": ("Södermanlands län", "SE12"),
    "SE123": ("Östergötlands län", "SE12"),
    "SE124": ("Örebro län", "SE12"),
    "SE125": ("Västmanlands län", "SE12"),
    "SE211": ("Jönköpings län", "SE21"),
    "SE212": ("Kronobergs län", "SE21"),
    "SE213": ("Kalmar län", "SE21"),
    "SE214": ("Gotlands län", "SE21"),
    "SE221": ("Blekinge län", "SE22"),
    "SE224": ("Skåne län", "SE22"),
    "SE231": ("Hallands län", "SE23"),
    "SE232": ("Västra Götalands län", "SE23"),
    "SE311": ("Värmlands län", "SE31"),
    "SE312": ("Dalarnas län", "SE31"),
    "SE313": ("Gävleborgs län", "SE31"),
    "SE321": ("Västernorrlands län", "SE32"),
    "SE322": ("Jämtlands län", "SE32"),
    "SE331": ("Västerbottens län", "SE33"),
    "SE332": ("Norrbottens län", "SE33"),
}
NATIONWIDE = "SE"


def sector_label(code: str) -> str:
    """The translated name of a sector code (the code itself if unknown)."""
    return str(SECTORS.get(code, code))


def region_label(code: str | None) -> str:
    """The name of a county code, or 'Whole of Sweden' for the national code."""
    if not code:
        return ""
    if code == NATIONWIDE:
        return str(_l("Whole of Sweden"))
    return REGIONS.get(code, (code, ""))[0]


def sector_choices() -> list[tuple[str, str]]:
    """Sector choices for a form, in list order."""
    return [(code, str(label)) for code, label in SECTORS.items()]


def region_choices(include_nationwide: bool = True) -> list[tuple[str, str]]:
    """County choices for a form, optionally with 'Whole of Sweden' first."""
    choices = [(code, name) for code, (name, _nuts2) in REGIONS.items()]
    if include_nationwide:
        choices.insert(0, (NATIONWIDE, region_label(NATIONWIDE)))
    return choices
