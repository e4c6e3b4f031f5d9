"""The OpenAPI 3.1 description of the open data API, served at /api/v1/openapi.json.

Every object is described exactly (no undocumented property may appear), so the test
suite can check each response against it with schemathesis.
"""

from __future__ import annotations

from copy import deepcopy

from app.api.http import MAX_PAGE
from app.challenges.models import (
    ChallengeKind,
    ChallengeState,
    IPTerms,
    OutcomeKind,
    ProcurementRoute,
)
from app.challenges.queries import SORTS
from app.core.reference import NATIONWIDE, REGIONS, SECTORS
from app.dialogue.models import EventKind, EventStatus
from app.funding.models import Audience, CallStatus, Stage
from app.networks.models import JoinPolicy, NetworkStatus, PlannedProcurementStatus
from app.organisations.models import OrganisationKind, SizeClass

OPENAPI_VERSION = "3.1.0"
MAX_ID = 2_147_483_647
PUBLIC_STATUSES = [s.value for s in ChallengeState
                   if s not in (ChallengeState.DRAFT, ChallengeState.IN_REVIEW)]

STRING = {"type": "string"}
INTEGER = {"type": "integer"}
COUNT = {"type": "integer", "minimum": 0}
NUMBER = {"type": "number"}
BOOLEAN = {"type": "boolean"}
DATE_TIME = {"type": "string", "format": "date-time",
             "description": "UTC, ISO 8601, e.g. 2026-03-31T22:00:00Z"}
LINK = {"type": "string", "format": "uri"}
STRINGS = {"type": "array", "items": STRING}


def enum(values) -> dict:
    return {"type": "string", "enum": [str(v) for v in values]}


def values_of(enum_class) -> list[str]:
    return [member.value for member in enum_class]


def nullable(schema: dict) -> dict:
    """The schema or JSON null."""
    if "$ref" in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    result = deepcopy(schema)
    result["type"] = [schema["type"], "null"]
    if "enum" in result:
        result["enum"] = [*result["enum"], None]
    return result


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def array(items: dict) -> dict:
    return {"type": "array", "items": items}


def obj(properties: dict, optional: tuple[str, ...] = (), description: str = "") -> dict:
    """An object with exactly these properties, all required unless named optional."""
    schema = {"type": "object", "additionalProperties": False, "properties": properties,
              "required": [name for name in properties if name not in optional]}
    if description:
        schema["description"] = description
    return schema


# --- the schemas of the data -----------------------------------------------------------------

def _references() -> dict:
    organisation_ref = {"id": INTEGER, "name": STRING, "api_url": LINK,
                        "org_number": {**STRING, "description": "Swedish organisation number"}}
    return {
        "OrganisationRef": obj(organisation_ref),
        "Buyer": obj({**organisation_ref, "role": enum(["owner", "co_owner"])}),
        "ChallengeRef": obj({"id": INTEGER, "title": STRING, "api_url": LINK}),
        "NetworkRef": obj({"id": INTEGER, "name": STRING, "api_url": LINK}),
        "PageMeta": obj({"page": INTEGER, "per_page": INTEGER, "total": COUNT,
                         "pages": COUNT}),
        "PageLinks": obj({"self": LINK, "first": LINK, "last": LINK, "next": nullable(LINK),
                          "prev": nullable(LINK)}),
        "Error": obj({"error": STRING, "message": STRING, "status": INTEGER}),
        "PooledDemand": obj({
            "authorities": COUNT, "sharing_estimates": COUNT,
            "volumes": array(obj({"quantity": NUMBER, "unit": STRING})),
            "amount_sek": nullable(NUMBER),
        }, description="How many authorities registered this need; volumes and amounts only "
                       "from those that agreed to show theirs."),
    }


def _challenge_summary() -> dict:
    return {
        "id": INTEGER, "title": STRING, "api_url": LINK,
        "kind": enum(values_of(ChallengeKind)), "status": enum(PUBLIC_STATUSES),
        "is_paused": BOOLEAN, "summary": STRING, "buyers": array(ref("Buyer")),
        "procurement_route": enum(values_of(ProcurementRoute)), "sectors": STRINGS,
        "region": nullable({**STRING, "description": "County (NUTS 3) code, or SE"}),
        "cpv_codes": STRINGS,
        "budget": nullable(ref("Budget")), "deadlines": ref("Deadlines"),
        "solution_count": {**COUNT, "description": "Submitted solutions (never their content)"},
        "outcome": nullable(ref("Outcome")), "published_at": nullable(DATE_TIME),
        "updated_at": DATE_TIME, "url": LINK,
    }


def _challenge_detail() -> dict:
    return {
        **_challenge_summary(),
        "problem_statement": STRING, "desired_effects": STRING, "constraints": STRING,
        "requirements": array(obj({"position": INTEGER, "text": STRING})),
        "ip_terms": obj({"terms": enum(values_of(IPTerms)), "supplier_keeps_ip": BOOLEAN,
                         "justification": STRING}),
        "cpv": array(obj({"code": STRING, "name_en": STRING, "name_sv": STRING})),
        "agenda_goals": array({"type": "integer", "minimum": 1, "maximum": 17}),
        "language": STRING,
        "contact": obj({"name": STRING, "email": STRING, "phone": STRING}),
        "questions_and_answers": array(obj({
            "id": INTEGER, "question": STRING, "answer": STRING, "from_buyer": BOOLEAN,
            "published_at": DATE_TIME})),
        "changes": array(obj({"changed_at": DATE_TIME, "fields": STRINGS, "note": STRING})),
        "files": array(obj({"id": INTEGER, "filename": STRING, "content_type": STRING,
                            "size_bytes": COUNT, "sha256": STRING, "url": LINK})),
        "pooled_demand": ref("PooledDemand"),
        "closed_at": nullable(DATE_TIME), "decided_at": nullable(DATE_TIME),
        "withdrawn_at": nullable(DATE_TIME), "withdrawn_reason": nullable(STRING),
    }


def _challenge_schemas() -> dict:
    return {
        "Deadlines": obj({"questions": nullable(DATE_TIME), "submissions": nullable(DATE_TIME),
                          "evaluation": nullable(DATE_TIME)}),
        "Budget": obj({"min": nullable(NUMBER), "max": nullable(NUMBER), "currency": STRING}),
        "Outcome": obj({"kind": enum(values_of(OutcomeKind)), "url": nullable(STRING),
                        "note": nullable(STRING), "recorded_at": nullable(DATE_TIME),
                        "led_to_procurement_or_partnership": BOOLEAN}),
        "ChallengeSummary": obj(_challenge_summary()),
        "Challenge": obj(_challenge_detail()),
        "OutcomeItem": obj({
            "challenge": ref("ChallengeRef"), "challenge_kind": enum(values_of(ChallengeKind)),
            "buyers": array(ref("Buyer")), "procurement_route": enum(values_of(ProcurementRoute)),
            "solution_count": COUNT, "outcome": ref("Outcome"), "url": LINK}),
    }


def _organisation_summary() -> dict:
    return {
        "id": INTEGER, "name": STRING, "org_number": STRING, "api_url": LINK,
        "kind": enum(values_of(OrganisationKind)), "size_class": enum(values_of(SizeClass)),
        "is_sme": BOOLEAN, "is_cooperative": BOOLEAN,
        "verified": {**BOOLEAN, "description": "A contracting authority verified by the platform"},
        "sectors": STRINGS, "region": nullable(STRING), "website": nullable(STRING),
        "description": STRING,
        "supplier_profile": nullable(obj({"offers": STRING, "capabilities": STRING,
                                          "references": STRING, "regions_served": STRINGS})),
        "created_at": DATE_TIME, "url": LINK,
    }


def _network_summary() -> dict:
    return {
        "id": INTEGER, "name": STRING, "api_url": LINK, "theme": STRING, "description": STRING,
        "region": nullable(STRING), "sectors": STRINGS,
        "join_policy": enum(values_of(JoinPolicy)), "status": enum(values_of(NetworkStatus)),
        "coordinator": nullable(ref("OrganisationRef")), "member_count": COUNT,
        "created_at": DATE_TIME, "archived_at": nullable(DATE_TIME), "url": LINK,
    }


def _network_schemas() -> dict:
    planned = obj({
        "id": INTEGER, "title": STRING, "need": STRING, "expected_timing": STRING,
        "route": enum(values_of(ProcurementRoute)),
        "status": enum(values_of(PlannedProcurementStatus)), "announced_at": DATE_TIME,
        "pooled_demand": ref("PooledDemand"), "joint_challenge": nullable(ref("ChallengeRef")),
        "url": LINK})
    member = obj({"id": INTEGER, "name": STRING, "org_number": STRING, "api_url": LINK,
                  "joined_at": DATE_TIME})
    return {
        "NetworkSummary": obj(_network_summary()),
        "Network": obj({**_network_summary(), "members": array(member),
                        "planned_procurements": array(planned),
                        "joint_challenges": array(ref("ChallengeRef")),
                        "update_count": COUNT}),
        "OrganisationSummary": obj(_organisation_summary()),
        "Organisation": obj({
            **_organisation_summary(),
            "challenges": array(obj({"id": INTEGER, "title": STRING, "api_url": LINK,
                                     "role": enum(["owner", "co_owner"])})),
            "networks": array(ref("NetworkRef"))}),
    }


def _funding_schemas() -> dict:
    return {"FundingProgramme": obj({
        "key": STRING, "name_sv": STRING, "name_en": STRING, "funder": STRING,
        "audience": array(enum(values_of(Audience))), "stage": enum(values_of(Stage)),
        "max_amount": nullable(NUMBER), "currency": STRING,
        "support_rate": nullable({**NUMBER, "description": "Share of costs, 1 = all"}),
        "purpose_sv": STRING, "purpose_en": STRING, "eligibility_sv": STRING,
        "eligibility_en": STRING, "link": STRING, "opens_at": nullable(DATE_TIME),
        "closes_at": nullable(DATE_TIME), "status": enum(values_of(CallStatus)),
        "intermediaries": array(obj({"name": STRING, "audience": STRINGS, "url": STRING})),
        "updated_at": DATE_TIME, "api_url": LINK})}


def _event_schemas() -> dict:
    planned = obj({"id": INTEGER, "title": STRING, "network_id": INTEGER, "url": LINK})
    return {"Event": obj({
        "id": INTEGER, "uid": {**STRING, "description": "The iCalendar UID, stable"},
        "title": STRING, "kind": enum(values_of(EventKind)),
        "status": enum(values_of(EventStatus)), "description": STRING,
        "starts_at": DATE_TIME, "ends_at": DATE_TIME,
        "mode": enum(["in_person", "online", "in_person_and_online"]),
        "language": STRING, "accessibility": STRING,
        "capacity": nullable({**COUNT, "description": "Seats; null: no limit or one-to-one"}),
        "people_per_organisation": COUNT, "slot_minutes": nullable(COUNT),
        "winners_only": BOOLEAN, "registration_deadline_at": nullable(DATE_TIME),
        "registration_open": BOOLEAN,
        "sequence": {**COUNT, "description": "The iCalendar SEQUENCE: one more per change"},
        "challenge": nullable(ref("ChallengeRef")), "planned_procurement": nullable(planned),
        "summary": nullable({**STRING, "description": "The published summary (Markdown)"}),
        "summary_published_at": nullable(DATE_TIME), "updated_at": DATE_TIME,
        "url": LINK, "api_url": LINK,
    }, description="A dialogue event. Its place and online link are for registered "
                    "participants only and never part of the open data.")}


def _check_group(name: str, schema: dict) -> dict:
    return obj({name: nullable(schema), "applications": COUNT, "grants": COUNT,
                "granted_amount": NUMBER})


def _check_schemas() -> dict:
    kinds = [*values_of(OrganisationKind), "cooperative"]
    report = obj({"programme": nullable({**STRING, "description": "null: all programmes"}),
                  "shown": BOOLEAN, "reports": COUNT, "costs_total": NUMBER,
                  "turnover_effect_total": NUMBER, "new_jobs_total": NUMBER,
                  "procurement_share": nullable(NUMBER), "ip_protected_share": nullable(NUMBER)},
                 optional=("reports", "costs_total", "turnover_effect_total", "new_jobs_total",
                           "procurement_share", "ip_protected_share"),
                 description="What the final reports say; the figures only where at least "
                             "min_organisations different organisations reported")
    return {"CheckStatistics": obj({
        "applications": COUNT, "grants": COUNT, "granted_amount": NUMBER, "currency": STRING,
        "by_programme": array(_check_group("programme", STRING)),
        "by_intermediary": array(_check_group("name", STRING)),
        "by_county": array(_check_group("county", STRING)),
        "by_organisation_kind": array(_check_group("kind", enum(kinds))),
        "decisions": COUNT, "median_days_to_decision": nullable(NUMBER),
        "final_reports": obj({"due": COUNT, "received": COUNT, "share": nullable(NUMBER)}),
        "report_answers": obj({"min_organisations": COUNT, "groups": array(report)}),
        "followed_by": obj({"granted": COUNT, "challenge": COUNT, "solution": COUNT,
                            "procurement_outcome": COUNT}),
        "computed_at": DATE_TIME,
    }, description="Innovation checks: submitted applications, grants and amounts, time to "
                    "decision, final reports and what followed on the platform. Never one "
                    "organisation's answers.")}


def _reach_schemas() -> dict:
    figures = {"type": "object", "description": "By audience; only audiences with at least "
               "`threshold` sessions", "additionalProperties": obj({"sessions": COUNT,
                                                                   "views": COUNT})}
    day = obj({"day": {"type": "string", "format": "date"}, "audience": STRING,
               "sessions": COUNT, "views": COUNT})
    return {"KnowledgeReach": obj({
        "threshold": COUNT, "days": COUNT, "since": {"type": "string", "format": "date"},
        "audiences": STRINGS, "totals": figures,
        "missed": {**STRINGS, "description": "Audiences under the threshold"},
        "articles": array(obj({"slug": STRING, "title_sv": STRING, "title_en": STRING,
                               "url": LINK, "totals": figures, "missed": STRINGS,
                               "daily": array(day)})),
    }, description="Sessions and views of the knowledge hub's published articles per "
                    "audience (kind of reader), in all and per Swedish day, counted without "
                    "tracking anyone; a figure is given only from `threshold` sessions.")}


def _page_of(name: str) -> dict:
    return obj({"data": array(ref(name)), "meta": ref("PageMeta"), "links": ref("PageLinks")})


def _ocds_schemas() -> dict:
    value = obj({"amount": NUMBER, "currency": STRING})
    classification = obj({"scheme": enum(["CPV"]), "id": STRING, "description": STRING})
    address = obj({"region": STRING, "countryName": STRING})
    org_ref = obj({"id": STRING, "name": STRING})
    item = obj({"id": STRING, "description": STRING, "classification": classification,
                "additionalClassifications": array(classification),
                "deliveryAddresses": array(address)},
               optional=("classification", "additionalClassifications", "deliveryAddresses"))
    party = obj({"id": STRING, "name": STRING,
                 "roles": array(enum(["buyer", "procuringEntity"])),
                 "identifier": obj({"scheme": enum(["SE-ON"]), "id": STRING,
                                    "legalName": STRING}),
                 "address": address}, optional=("address",))
    tender = obj({"id": STRING, "title": STRING, "description": STRING,
                  "status": enum(["planned", "withdrawn"]), "procuringEntity": org_ref,
                  "procurementMethodDetails": STRING, "items": array(item)})
    related = obj({"id": STRING, "relationship": array(enum(["planning"])), "title": STRING,
                   "uri": STRING})
    return {
        "OcdsRelease": obj({
            "ocid": STRING, "id": STRING, "date": DATE_TIME, "tag": array(enum(["planning"])),
            "initiationType": enum(["tender"]), "language": STRING, "parties": array(party),
            "buyer": org_ref,
            "planning": obj({"rationale": STRING,
                             "budget": obj({"description": STRING, "amount": value})},
                            optional=("budget",)),
            "tender": tender, "relatedProcesses": array(related),
        }, optional=("relatedProcesses",)),
        "OcdsReleasePackage": obj({
            "uri": LINK, "version": enum(["1.1"]), "publishedDate": DATE_TIME,
            "publisher": obj({"name": STRING, "uri": STRING}), "extensions": array(LINK),
            "releases": array(ref("OcdsRelease")),
            "links": obj({"next": LINK, "prev": LINK}, optional=("next", "prev")),
        }, optional=("links",)),
    }


def schemas() -> dict:
    """Every schema of the API, by name."""
    result = {**_references(), **_challenge_schemas(), **_network_schemas(),
              **_event_schemas(), **_funding_schemas(), **_ocds_schemas(),
              **_check_schemas(), **_reach_schemas()}
    for name in ("ChallengeSummary", "OutcomeItem", "OrganisationSummary", "NetworkSummary",
                 "Event", "FundingProgramme"):
        result[f"{name}Page"] = _page_of(name)
    result["Index"] = obj({"name": STRING, "version": STRING,
                           "links": {"type": "object", "additionalProperties": LINK}})
    return result


# --- parameters, responses, operations -------------------------------------------------------

def _query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": description}


def _path_id(name: str, what: str) -> dict:
    return {"name": name, "in": "path", "required": True, "description": f"The {what}'s id",
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID}}


CONDITIONAL = [
    {"name": "If-None-Match", "in": "header", "required": False, "schema": STRING,
     "description": "An ETag from an earlier response: 304 if nothing changed"},
    {"name": "If-Modified-Since", "in": "header", "required": False, "schema": STRING,
     "description": "An HTTP date: 304 if nothing changed since"},
]


def _paging(max_size: int = 100, default: int = 20) -> list[dict]:
    return [
        _query("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
               "Which page (from 1)"),
        _query("per_page", {"type": "integer", "minimum": 1, "maximum": max_size,
                            "default": default}, "Items per page"),
    ]


def _challenge_filters() -> list[dict]:
    regions = sorted({*REGIONS, NATIONWIDE})
    return [
        _query("kind", enum(values_of(ChallengeKind)), "need or challenge"),
        _query("status", enum(PUBLIC_STATUSES), "The challenge's state"),
        _query("sector", enum(SECTORS), "A sector the challenge belongs to"),
        _query("region", enum(regions),
               "County code; challenges for the whole of Sweden (SE) match every county"),
        _query("route", enum(values_of(ProcurementRoute)), "Intended procurement route"),
        _query("buyer", {"type": "integer", "minimum": 1, "maximum": MAX_ID},
               "An organisation id: challenges it owns or co-owns"),
        _query("sort", enum(SORTS), "newest (default), deadline or title"),
    ]


HEADERS_200 = {
    "ETag": {"required": True, "schema": STRING, "description": "Identifies this version"},
    "Last-Modified": {"schema": STRING, "description": "The latest change in the data"},
    "Access-Control-Allow-Origin": {"required": True, "schema": enum(["*"])},
}
PAGE_HEADERS = {**HEADERS_200, "Link": {
    "schema": STRING, "description": "RFC 8288 links to the first, last, next, previous page"}}


def _error(description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": ref("Error")}}}


def _responses(content: dict, headers: dict, errors: tuple[int, ...]) -> dict:
    messages = {400: "A query parameter has a value the API cannot use",
                404: "Not found (drafts are never found)",
                429: "Too many requests: wait for Retry-After seconds"}
    responses = {
        "200": {"description": "OK", "headers": headers, "content": content},
        "304": {"description": "Not modified since the ETag or date the client sent",
                "headers": {"ETag": HEADERS_200["ETag"]}},
    }
    for status in (*errors, 429):
        responses[str(status)] = _error(messages[status])
    return responses


def _get(summary: str, schema: dict, parameters=(), errors=(), media="application/json",
         headers=None) -> dict:
    return {"get": {
        "summary": summary, "parameters": [*parameters, *CONDITIONAL],
        "responses": _responses({media: {"schema": schema}}, headers or HEADERS_200, errors),
    }}


def _csv(summary: str, parameters=(), errors=()) -> dict:
    return _get(summary, {"type": "string", "description": "CSV, UTF-8 with a byte order mark"},
                parameters, errors, media="text/csv")


def paths() -> dict:
    """Every operation of the API (all GET), by path relative to /api/v1."""
    return {
        "/": _get("Links to every collection", ref("Index")),
        "/openapi.json": _get("This document", {"type": "object"}),
        "/challenges": _get("Published challenges and needs, newest first",
                            ref("ChallengeSummaryPage"), [*_challenge_filters(), *_paging()],
                            (400,), headers=PAGE_HEADERS),
        "/challenges.csv": _csv("The same challenges as CSV (every page)",
                                _challenge_filters(), (400,)),
        "/challenges/{challenge_id}": _get(
            "A published challenge: requirements, IP terms, deadlines, CPV codes, buyers, "
            "published answers, outcome, number of solutions", ref("Challenge"),
            [_path_id("challenge_id", "challenge")], (404,)),
        "/outcomes": _get("Recorded outcomes, the latest first", ref("OutcomeItemPage"),
                          [_outcome_filter(), *_paging()], (400,), headers=PAGE_HEADERS),
        "/outcomes.csv": _csv("Recorded outcomes as CSV", [_outcome_filter()], (400,)),
        "/organisations": _get("Organisations' public profiles, by name",
                               ref("OrganisationSummaryPage"),
                               [_query("kind", enum(values_of(OrganisationKind)),
                                       "The kind of organisation"), *_paging()],
                               (400,), headers=PAGE_HEADERS),
        "/organisations/{organisation_id}": _get(
            "An organisation's public profile, its public challenges and networks",
            ref("Organisation"), [_path_id("organisation_id", "organisation")], (404,)),
        "/networks": _get("Buyer networks, by name", ref("NetworkSummaryPage"),
                          [*_network_filters(), *_paging()], (400,), headers=PAGE_HEADERS),
        "/networks/{network_id}": _get(
            "A network: members, planned procurements with pooled demand, joint challenges",
            ref("Network"), [_path_id("network_id", "network")], (404,)),
        "/events": _get("Coming dialogue events (information meetings, one-to-one meetings, "
                        "pitch days, workshops), soonest first", ref("EventPage"),
                        [*_event_filters(), *_paging()], (400,), headers=PAGE_HEADERS),
        "/events/{event_id}": _get("A dialogue event (never its place or link)", ref("Event"),
                                   [_path_id("event_id", "event")], (404,)),
        "/funding-programmes": _get("Funding programmes (innovation checks), by key",
                                    ref("FundingProgrammePage"), _paging(), (400,),
                                    headers=PAGE_HEADERS),
        "/funding-programmes/{key}": _get(
            "A funding programme", ref("FundingProgramme"),
            [{"name": "key", "in": "path", "required": True, "schema": STRING,
              "description": "The programme's key, e.g. procurement-check-before"}], (404,)),
        "/check-statistics": _get(
            "Innovation checks: applications, grants and amounts per programme, deciding "
            "organisation, county and kind of applicant; time to decision; final reports",
            ref("CheckStatistics")),
        "/knowledge-reach": _get(
            "Whom the knowledge hub's articles reach, per audience and day (from 5 sessions)",
            ref("KnowledgeReach"), [_query("days", enum(["7", "30", "90", "365"]),
                                           "The period: the last 7, 30 (default), 90 or 365 "
                                           "days")], (400,)),
        "/ocds/releases.json": _get(
            "Published challenges as an OCDS 1.1 release package of planning releases",
            ref("OcdsReleasePackage"), _paging(max_size=500, default=100), (400,)),
    }


def _outcome_filter() -> dict:
    return _query("outcome", enum(values_of(OutcomeKind)), "What followed the decision")


def _network_filters() -> list[dict]:
    return [
        _query("status", enum(values_of(NetworkStatus)), "active or archived"),
        _query("region", enum(sorted({*REGIONS, NATIONWIDE})), "County code"),
        _query("sector", enum(SECTORS), "A sector of the network"),
    ]


def _event_filters() -> list[dict]:
    return [
        _query("kind", enum(values_of(EventKind)), "The kind of event"),
        _query("region", enum(sorted({*REGIONS, NATIONWIDE})),
               "County code of the challenge or network"),
        _query("sector", enum(SECTORS), "A sector of the challenge or network"),
    ]


def document() -> dict:
    """The whole OpenAPI document."""
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "Innovation Arena open data", "version": "1.0.0",
            "description": (
                "Read-only open data of Innovation Arena: published challenges and needs, "
                "recorded outcomes, organisations' public profiles, buyer networks, "
                "dialogue events and funding programmes, plus an Open Contracting Data "
                "Standard export. "
                "No drafts, no confidential solution content, no private registrations of "
                "interest. Responses carry ETag and Last-Modified (send If-None-Match or "
                "If-Modified-Since for a 304), may be read from any site (CORS), and are "
                "rate limited per address (429 with Retry-After)."),
        },
        "servers": [{"url": "/api/v1"}],
        "paths": paths(),
        "components": {"schemas": schemas()},
    }
