"""Challenges as Open Contracting Data Standard (OCDS 1.1) planning releases.

A published challenge is the planning process of a procurement: one release per
challenge (tag "planning", initiationType "tender"), with its owner and co-owners as
buyer parties identified by their organisation number (scheme SE-ON), the budget, the
CPV classification of its items and the region where it applies. A recorded outcome
with a notice (a procurement announced, a contract awarded, a partnership started)
links that procurement through `relatedProcesses`: the 'planning' relationship ties
this planning process to the contracting process it planned.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app

from app.api.http import latest
from app.api.representations import cpv_links, iso, number
from app.challenges.models import Challenge, ChallengeState, OutcomeKind
from app.core.db import utcnow
from app.core.reference import NATIONWIDE, REGIONS
from app.organisations.models import Organisation

OCDS_VERSION = "1.1"
LOCATION_EXTENSION = ("https://raw.githubusercontent.com/open-contracting-extensions/"
                      "ocds_location_extension/v1.1.4/extension.json")
ORGANISATION_SCHEME = "SE-ON"  # org-id.guide: Swedish organisation numbers
ROUTE_DETAILS = {
    "market_dialogue": "Market dialogue or request for information",
    "innovation_partnership": "Innovation partnership",
    "pre_commercial": "Pre-commercial procurement",
    "procurement_of_innovation": "Procurement of innovative solutions",
    "undecided": "Procurement route not decided yet",
}
RELATED_TITLES = {
    OutcomeKind.PROCUREMENT_ANNOUNCED: "Procurement announced after the challenge",
    OutcomeKind.CONTRACT_AWARDED: "Contract awarded after the challenge",
    OutcomeKind.PARTNERSHIP_STARTED: "Innovation partnership started after the challenge",
}


def ocid(challenge: Challenge) -> str:
    """The challenge's open contracting identifier: the configured prefix and its id."""
    return f"{current_app.config['OCDS_PREFIX']}{challenge.id}"


def party_id(organisation: Organisation) -> str:
    """An organisation's party identifier: SE-ON and its organisation number (digits)."""
    return f"{ORGANISATION_SCHEME}-{_digits(organisation.org_number)}"


def _digits(org_number: str) -> str:
    return "".join(ch for ch in org_number if ch.isdigit())


def region_name(code: str | None) -> str | None:
    """The county's name, 'Sverige' for the whole country (Swedish, like the county names)."""
    if not code:
        return None
    return "Sverige" if code == NATIONWIDE else REGIONS.get(code, (code, ""))[0]


def _party(organisation: Organisation, roles: list[str]) -> dict:
    party = {
        "id": party_id(organisation), "name": organisation.name, "roles": roles,
        "identifier": {"scheme": ORGANISATION_SCHEME, "id": _digits(organisation.org_number),
                       "legalName": organisation.name},
    }
    if organisation.region:
        party["address"] = {"region": region_name(organisation.region), "countryName": "Sweden"}
    return party


def parties(challenge: Challenge) -> list[dict]:
    """The owner (buyer and procuring entity) and every co-owner (buyer)."""
    owner = _party(challenge.owner, ["buyer", "procuringEntity"])
    return [owner, *(_party(o, ["buyer"]) for o in challenge.co_owners)]


def _budget(challenge: Challenge) -> dict | None:
    low, high = challenge.budget_min, challenge.budget_max
    if low is None and high is None:
        return None
    range_text = "–".join(str(number(v)) for v in (low, high) if v is not None)
    return {"description": f"Budget range {range_text} {challenge.currency}",
            "amount": {"amount": number(high if high is not None else low),
                       "currency": challenge.currency}}


def _classification(link) -> dict:
    return {"scheme": "CPV", "id": link.code, "description": link.cpv.name_en}


def _item(challenge: Challenge) -> dict:
    item: dict = {"id": "1", "description": challenge.title}
    if challenge.cpv_links:
        first, *others = cpv_links(challenge)
        item["classification"] = _classification(first)
        if others:
            item["additionalClassifications"] = [_classification(link) for link in others]
    if challenge.region:
        item["deliveryAddresses"] = [{"region": region_name(challenge.region),
                                      "countryName": "Sweden"}]
    return item


def _tender(challenge: Challenge) -> dict:
    withdrawn = challenge.state == ChallengeState.WITHDRAWN
    return {
        "id": str(challenge.id), "title": challenge.title, "description": challenge.summary,
        "status": "withdrawn" if withdrawn else "planned",
        "procuringEntity": {"id": party_id(challenge.owner), "name": challenge.owner.name},
        "procurementMethodDetails": ROUTE_DETAILS[challenge.procurement_route.value],
        "items": [_item(challenge)],
    }


def related_processes(challenge: Challenge) -> list[dict]:
    """The procurement (or contract, or partnership) that followed, if its notice is known."""
    title = RELATED_TITLES.get(challenge.outcome_kind)
    if not (title and challenge.outcome_url):
        return []
    return [{"id": "1", "relationship": ["planning"], "title": title,
             "uri": challenge.outcome_url}]


def release(challenge: Challenge, date: datetime) -> dict:
    """One challenge as a planning release, dated by its latest change."""
    planning: dict = {"rationale": challenge.problem_statement}
    if budget := _budget(challenge):
        planning["budget"] = budget
    result = {
        "ocid": ocid(challenge), "id": f"{ocid(challenge)}-{date:%Y%m%dT%H%M%SZ}",
        "date": iso(date), "tag": ["planning"], "initiationType": "tender",
        "language": challenge.language, "parties": parties(challenge),
        "buyer": {"id": party_id(challenge.owner), "name": challenge.owner.name},
        "planning": planning, "tender": _tender(challenge),
    }
    if related := related_processes(challenge):
        result["relatedProcesses"] = related
    return result


def release_date(challenge: Challenge) -> datetime:
    """When what a release shows last changed: the challenge, its owners, its co-owners."""
    return latest(challenge.updated_at, *(o.updated_at for o in challenge.owners),
                  *(link.added_at for link in challenge.co_owner_links))


def release_package(challenges: list[Challenge], links: dict[str, str | None]) -> dict:
    """A release package of these challenges, published by the platform."""
    releases = [release(c, release_date(c)) for c in challenges]
    published = max((release_date(c) for c in challenges), default=None) or utcnow()
    package = {
        "uri": links["self"], "version": OCDS_VERSION, "publishedDate": iso(published),
        "publisher": {"name": "Innovation Arena", "uri": current_app.config["BASE_URL"]},
        "extensions": [LOCATION_EXTENSION], "releases": releases,
    }
    paging = {rel: links[rel] for rel in ("next", "prev") if links.get(rel)}
    if paging:
        package["links"] = paging
    return package
