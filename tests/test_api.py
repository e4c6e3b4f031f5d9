"""The open data API: lists, filters, pages, details, conditional GET, CORS, rate limit,
the OpenAPI document, OCDS and CSV exports, and that nothing private ever leaves."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta

import pytest

from app.api.openapi import document
from app.challenges.models import ChallengeKind, ChallengeState, ProcurementRoute
from app.core.db import utcnow
from app.extensions import db
from tests.factories import make_authority, make_challenge, make_submitted_solution, make_user
from tests.opendata_world import PRIVATE_NUMBERS, SECRET_MARKERS, build_world

API = "/api/v1"
UTC_ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


@pytest.fixture
def world():
    return build_world()


def get_json(client, path: str, status: int = 200, **headers):
    response = client.get(path, headers=headers)
    assert response.status_code == status, (path, response.get_data(as_text=True)[:500])
    return response.get_json()


# --- challenges ------------------------------------------------------------------------------

def test_the_list_shows_published_challenges_only_newest_first(client, world):
    body = get_json(client, f"{API}/challenges")
    ids = [item["id"] for item in body["data"]]
    public = {world.open_challenge.id, world.outcome_challenge.id, world.not_pursued.id,
              world.withdrawn.id}
    assert set(ids) == public
    assert body["meta"] == {"page": 1, "per_page": 20, "total": 4, "pages": 1}
    assert world.draft.id not in ids and world.in_review.id not in ids


def test_the_list_filters_by_kind_status_sector_region_route_and_buyer(client, world):
    def ids(query: str) -> set[int]:
        return {item["id"] for item in get_json(client, f"{API}/challenges?{query}")["data"]}

    assert ids("kind=need") == {world.not_pursued.id}
    assert ids("status=withdrawn") == {world.withdrawn.id}
    assert ids("status=outcome_recorded") == {world.outcome_challenge.id, world.not_pursued.id}
    assert ids("sector=elderly_care") == {world.open_challenge.id}
    assert ids("region=SE110") == {world.open_challenge.id}
    assert ids("route=procurement_of_innovation") == {world.open_challenge.id}
    assert ids(f"buyer={world.co_buyer.id}") == {world.open_challenge.id, world.not_pursued.id}
    assert ids("kind=challenge&sector=health&region=SE110") == {world.open_challenge.id}


@pytest.mark.parametrize("query, name", [
    ("kind=contest", "kind"), ("status=draft", "status"), ("status=in_review", "status"),
    ("sector=space", "sector"), ("region=XX1", "region"), ("route=any", "route"),
    ("buyer=abc", "buyer"), ("buyer=0", "buyer"), ("page=0", "page"), ("per_page=101", "per_page"),
    ("per_page=-3", "per_page"), ("sort=random", "sort"),
])
def test_a_wrong_parameter_is_a_400_in_json_naming_it(client, world, query, name):
    body = get_json(client, f"{API}/challenges?{query}", 400)
    assert body["status"] == 400 and f"“{name}”" in body["message"]


def test_pages_link_to_each_other_in_the_body_and_the_link_header(client, world):
    for n in range(3):
        make_challenge(world.buyer, title=f"Extra {n}")
    first = client.get(f"{API}/challenges?per_page=2&kind=challenge")
    body = first.get_json()
    assert body["meta"] == {"page": 1, "per_page": 2, "total": 6, "pages": 3}
    assert body["links"]["prev"] is None
    assert body["links"]["next"].endswith("/api/v1/challenges?per_page=2&kind=challenge&page=2")
    assert 'rel="next"' in first.headers["Link"] and 'rel="last"' in first.headers["Link"]
    last = get_json(client, body["links"]["last"])
    assert last["links"]["next"] is None and len(last["data"]) == 2
    seen = {i["id"] for i in body["data"]} | {
        i["id"] for i in get_json(client, body["links"]["next"])["data"]} | {
        i["id"] for i in last["data"]}
    assert len(seen) == 6
    beyond = get_json(client, f"{API}/challenges?per_page=2&kind=challenge&page=9")
    assert beyond["data"] == [] and beyond["links"]["prev"].endswith("page=3")


def test_the_detail_has_requirements_ip_deadlines_cpv_buyers_answers_and_counts(client, world):
    challenge = world.open_challenge
    make_submitted_solution(challenge)
    body = get_json(client, f"{API}/challenges/{challenge.id}")
    assert body["id"] == challenge.id and body["status"] == "published"
    assert [r["text"] for r in body["requirements"]] == ["Works offline", "Meets WCAG 2.1 AA"]
    assert body["ip_terms"] == {"terms": "shared", "supplier_keeps_ip": False,
                                "justification": "We share the results with others."}
    assert UTC_ISO.match(body["deadlines"]["submissions"])
    assert body["deadlines"]["submissions"] == challenge.submission_deadline_at.strftime(
        "%Y-%m-%dT%H:%M:%SZ")
    assert body["cpv_codes"] == ["85311100-3", "33196200-2"]
    assert body["cpv"][0]["code"] == "85311100-3" and body["cpv"][0]["name_en"]
    assert [(b["name"], b["role"]) for b in body["buyers"]] == [
        ("Region Testland", "owner"), ("Testby kommun", "co_owner")]
    assert [q["question"] for q in body["questions_and_answers"]] == [
        "Can we use an existing platform?", "Site visit"]
    assert body["solution_count"] == 2  # submitted ones only: the draft does not count
    assert body["budget"] == {"min": 2000000, "max": 5000000.5, "currency": "SEK"}
    assert body["files"][0]["filename"] == "specification.pdf"
    assert body["pooled_demand"] == {"authorities": 1, "sharing_estimates": 0, "volumes": [],
                                     "amount_sek": None}


def test_drafts_and_challenges_in_review_are_not_found(client, world):
    for challenge in (world.draft, world.in_review, world.joint_draft):
        body = get_json(client, f"{API}/challenges/{challenge.id}", 404)
        assert body == {"error": "Page not found", "status": 404,
                        "message": "The page may have moved, or the address may be wrong."}
    get_json(client, f"{API}/challenges/2147483647", 404)


def test_outcomes_list_recorded_outcomes_with_their_notice(client, world):
    body = get_json(client, f"{API}/outcomes")
    by_challenge = {item["challenge"]["id"]: item for item in body["data"]}
    assert set(by_challenge) == {world.outcome_challenge.id, world.not_pursued.id}
    announced = by_challenge[world.outcome_challenge.id]["outcome"]
    assert announced["kind"] == "procurement_announced"
    assert announced["url"] == "https://notices.example.org/123"
    assert announced["led_to_procurement_or_partnership"] is True
    assert by_challenge[world.not_pursued.id]["outcome"]["led_to_procurement_or_partnership"] \
        is False
    only = get_json(client, f"{API}/outcomes?outcome=not_pursued")["data"]
    assert [item["challenge"]["id"] for item in only] == [world.not_pursued.id]


# --- organisations, networks, funding --------------------------------------------------------

def test_organisations_show_public_profiles_with_their_challenges_and_networks(client, world):
    body = get_json(client, f"{API}/organisations/{world.buyer.id}")
    assert body["name"] == "Region Testland" and body["verified"] is True
    assert body["kind"] == "contracting_authority" and body["supplier_profile"] is None
    assert {c["id"] for c in body["challenges"]} == {
        world.open_challenge.id, world.outcome_challenge.id, world.withdrawn.id}
    assert [n["id"] for n in body["networks"]] == [world.network.id]
    supplier = get_json(client, f"{API}/organisations/{world.supplier.id}")
    assert supplier["supplier_profile"]["offers"] == "Robots that help."
    assert supplier["is_sme"] is True
    coops = get_json(client, f"{API}/organisations?kind=supplier")["data"]
    assert {o["name"] for o in coops} == {"Small Tech AB", "Care Cooperative"}


def test_networks_show_members_planned_procurements_and_only_shown_estimates(client, world):
    body = get_json(client, f"{API}/networks/{world.network.id}")
    assert body["coordinator"]["id"] == world.buyer.id and body["member_count"] == 2
    assert {m["name"] for m in body["members"]} == {"Region Testland", "Testby kommun"}
    planned = {p["title"]: p for p in body["planned_procurements"]}
    assert planned["Medication robots"]["pooled_demand"] == {
        "authorities": 2, "sharing_estimates": 1,
        "volumes": [{"quantity": 120, "unit": "robots/year"}], "amount_sek": 250000}
    assert planned["Joint need"]["joint_challenge"] is None  # still a draft
    assert body["joint_challenges"] == [] and body["update_count"] == 1
    assert [n["id"] for n in get_json(client, f"{API}/networks?region=SE110")["data"]] == [
        world.network.id]
    assert get_json(client, f"{API}/networks?status=archived")["data"] == []


def test_funding_programmes_have_stable_keys_and_both_languages(client, world):
    body = get_json(client, f"{API}/funding-programmes?per_page=100")
    keys = [p["key"] for p in body["data"]]
    assert keys == sorted(keys) and "procurement-check-before" in keys
    one = get_json(client, f"{API}/funding-programmes/procurement-check-before")
    assert one["name_sv"] == "Check inför innovationsupphandling"
    assert one["name_en"] == "Check before an innovation procurement"
    assert one["status"] == "open" and one["max_amount"] == 200000
    get_json(client, f"{API}/funding-programmes/no-such-programme", 404)


# --- HTTP: conditional GET, CORS, rate limit -------------------------------------------------

def test_etag_and_last_modified_give_a_304_until_something_changes(client, world):
    path = f"{API}/challenges/{world.open_challenge.id}"
    first = client.get(path)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert etag and modified
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert client.get(path, headers={"If-Modified-Since": modified}).status_code == 304
    world.open_challenge.summary = "A new summary"
    world.open_challenge.updated_at = utcnow() + timedelta(seconds=5)
    db.session.flush()
    changed = client.get(path, headers={"If-None-Match": etag, "If-Modified-Since": modified})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert changed.get_json()["summary"] == "A new summary"


def test_a_list_has_changed_when_a_challenge_leaves_its_filter(client, world):
    path = f"{API}/challenges?status=published"
    modified = client.get(path).headers["Last-Modified"]
    world.open_challenge.state = ChallengeState.CLOSED
    db.session.flush()
    world.open_challenge.updated_at = utcnow() + timedelta(seconds=5)  # headers are in seconds
    db.session.flush()
    response = client.get(path, headers={"If-Modified-Since": modified})
    assert response.status_code == 200 and response.get_json()["data"] == []


def test_lists_and_exports_answer_conditional_requests_too(client, world):
    for path in (f"{API}/challenges", f"{API}/challenges.csv", f"{API}/ocds/releases.json",
                 f"{API}/networks", f"{API}/openapi.json"):
        etag = client.get(path).headers["ETag"]
        assert client.get(path, headers={"If-None-Match": etag}).status_code == 304, path


def test_any_site_may_read_the_api_without_credentials(client, world):
    response = client.get(f"{API}/challenges", headers={"Origin": "https://example.net"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]
    preflight = client.options(f"{API}/challenges", headers={
        "Origin": "https://example.net", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "If-None-Match"})
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]
    assert "If-None-Match" in preflight.headers["Access-Control-Allow-Headers"]
    missing = client.get(f"{API}/nothing-here")
    assert missing.status_code == 404 and missing.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in client.get("/challenges/").headers


def test_the_api_is_read_only(client, world):
    response = client.post(f"{API}/challenges", json={"title": "x"})
    assert response.status_code == 405 and response.get_json()["status"] == 405
    assert "GET" in response.headers["Allow"]


def test_too_many_requests_get_a_429_in_json_with_retry_after(app, client, world):
    previous = app.config["API_RATE_LIMIT"]
    app.config["API_RATE_LIMIT"] = "3 per minute"
    try:
        statuses = [client.get(f"{API}/challenges").status_code for _ in range(3)]
        refused = client.get(f"{API}/networks")
    finally:
        app.config["API_RATE_LIMIT"] = previous
    assert statuses == [200, 200, 200]
    assert refused.status_code == 429 and refused.is_json
    assert refused.get_json()["status"] == 429 and refused.headers["Retry-After"]
    assert refused.headers["Access-Control-Allow-Origin"] == "*"
    assert client.get("/challenges/").status_code == 200  # the pages are not limited


# --- the OpenAPI document --------------------------------------------------------------------

def _documented_path(rule: str) -> str:
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.removeprefix(API))


def test_the_openapi_document_describes_every_route_of_the_api(app, client):
    served = get_json(client, f"{API}/openapi.json")
    assert served == json.loads(json.dumps(document()))
    assert served["openapi"].startswith("3.") and served["servers"] == [{"url": API}]
    routes = {_documented_path(rule.rule) for rule in app.url_map.iter_rules()
              if rule.rule.startswith(API + "/")}
    assert routes == set(served["paths"])
    for path, item in served["paths"].items():
        assert set(item) == {"get"}, path
        assert {"200", "304", "429"} <= set(item["get"]["responses"]), path
        for parameter in re.findall(r"{(\w+)}", path):
            assert parameter in {p["name"] for p in item["get"]["parameters"]}, path


def test_every_reference_in_the_openapi_document_resolves(client):
    served = get_json(client, f"{API}/openapi.json")
    text = json.dumps(served)
    for name in set(re.findall(r'"#/components/schemas/(\w+)"', text)):
        assert name in served["components"]["schemas"], name


# --- OCDS ------------------------------------------------------------------------------------

OCDS_VALUE = {"type": "object", "required": ["amount", "currency"],
              "properties": {"amount": {"type": "number"}, "currency": {"type": "string"}}}
OCDS_CLASSIFICATION = {"type": "object", "required": ["scheme", "id"], "properties": {
    "scheme": {"enum": ["CPV"]}, "id": {"type": "string", "pattern": r"^\d{8}-\d$"},
    "description": {"type": "string"}}}
OCDS_RELEASE = {
    "type": "object",
    "required": ["ocid", "id", "date", "tag", "initiationType"],
    "properties": {
        "ocid": {"type": "string", "pattern": r"^ocds-arena-\d+$"},
        "id": {"type": "string"}, "date": {"type": "string", "pattern": UTC_ISO.pattern},
        "tag": {"type": "array", "items": {"enum": ["planning"]}, "minItems": 1},
        "initiationType": {"enum": ["tender"]},
        "parties": {"type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["id", "name", "roles", "identifier"], "properties": {
                "id": {"type": "string", "pattern": r"^SE-ON-\d{10}$"},
                "roles": {"type": "array", "items": {"type": "string"}},
                "identifier": {"type": "object", "required": ["scheme", "id"], "properties": {
                    "scheme": {"enum": ["SE-ON"]}, "id": {"type": "string"}}},
                "address": {"type": "object", "properties": {"region": {"type": "string"}}}}}},
        "buyer": {"type": "object", "required": ["id", "name"]},
        "planning": {"type": "object", "properties": {"budget": {
            "type": "object", "required": ["amount"], "properties": {"amount": OCDS_VALUE}}}},
        "tender": {"type": "object", "required": ["id", "title", "status", "items"],
                   "properties": {
                       "status": {"enum": ["planned", "withdrawn"]},
                       "items": {"type": "array", "minItems": 1, "items": {
                           "type": "object", "required": ["id"], "properties": {
                               "classification": OCDS_CLASSIFICATION,
                               "additionalClassifications": {"type": "array",
                                                             "items": OCDS_CLASSIFICATION}}}}}},
        "relatedProcesses": {"type": "array", "items": {
            "type": "object", "required": ["id", "relationship", "uri"], "properties": {
                "relationship": {"type": "array", "minItems": 1,
                                 "items": {"enum": ["planning", "parent"]}},
                "uri": {"type": "string", "pattern": "^https?://"}}}},
    },
}
OCDS_PACKAGE = {
    "type": "object", "required": ["uri", "publishedDate", "publisher", "version", "releases"],
    "properties": {
        "uri": {"type": "string", "pattern": "^https?://"},
        "publishedDate": {"type": "string", "pattern": UTC_ISO.pattern},
        "publisher": {"type": "object", "required": ["name"]},
        "version": {"enum": ["1.1"]},
        "releases": {"type": "array", "items": OCDS_RELEASE},
    },
}
JSON_TYPES = {"object": dict, "array": list, "string": str, "number": (int, float)}


def schema_errors(value, schema: dict, path: str = "$") -> list[str]:
    """A minimal JSON Schema check: type, required, properties, items, enum, pattern."""
    errors = []
    expected = JSON_TYPES.get(schema.get("type"))
    if expected and (not isinstance(value, expected) or isinstance(value, bool)):
        return [f"{path}: expected {schema['type']}, got {type(value).__name__}"]
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: {value!r} not in {schema['enum']}")
    if "pattern" in schema and not re.search(schema["pattern"], value):
        errors.append(f"{path}: {value!r} does not match {schema['pattern']}")
    if isinstance(value, dict):
        errors += [f"{path}: missing {k}" for k in schema.get("required", []) if k not in value]
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                errors += schema_errors(value[key], sub, f"{path}.{key}")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            errors.append(f"{path}: fewer than {schema['minItems']} items")
        for index, item in enumerate(value):
            errors += schema_errors(item, schema.get("items", {}), f"{path}[{index}]")
    return errors


def test_the_minimal_schema_check_catches_what_it_should():
    bad = {"uri": "x", "publishedDate": "today", "version": "1.0", "releases": [{"ocid": 3}]}
    errors = schema_errors(bad, OCDS_PACKAGE)
    assert "$: missing publisher" in errors
    assert any("$.version" in e for e in errors) and any("$.publishedDate" in e for e in errors)
    assert any("$.releases[0]: missing tag" in e for e in errors)
    assert any("$.releases[0].ocid: expected string" in e for e in errors)


def test_the_ocds_export_is_a_valid_release_package_of_planning_releases(client, world):
    package = get_json(client, f"{API}/ocds/releases.json")
    assert schema_errors(package, OCDS_PACKAGE) == []
    releases = {r["ocid"]: r for r in package["releases"]}
    assert set(releases) == {f"ocds-arena-{c.id}" for c in (
        world.open_challenge, world.outcome_challenge, world.not_pursued, world.withdrawn)}
    release = releases[f"ocds-arena-{world.open_challenge.id}"]
    assert release["tag"] == ["planning"] and release["initiationType"] == "tender"
    digits = "".join(ch for ch in world.buyer.org_number if ch.isdigit())
    assert release["buyer"] == {"id": f"SE-ON-{digits}", "name": "Region Testland"}
    assert [(p["name"], "buyer" in p["roles"]) for p in release["parties"]] == [
        ("Region Testland", True), ("Testby kommun", True)]
    assert release["parties"][0]["address"]["region"] == "Stockholms län"
    assert release["planning"]["budget"]["amount"] == {"amount": 5000000.5, "currency": "SEK"}
    item = release["tender"]["items"][0]
    assert item["classification"]["id"] == "85311100-3"
    assert item["additionalClassifications"][0]["id"] == "33196200-2"
    assert item["deliveryAddresses"] == [{"region": "Stockholms län", "countryName": "Sweden"}]
    assert release["tender"]["status"] == "planned" and "relatedProcesses" not in release


def test_a_procurement_that_followed_is_linked_through_related_processes(client, world):
    package = get_json(client, f"{API}/ocds/releases.json")
    releases = {r["ocid"]: r for r in package["releases"]}
    linked = releases[f"ocds-arena-{world.outcome_challenge.id}"]["relatedProcesses"]
    assert linked == [{"id": "1", "relationship": ["planning"],
                       "title": "Procurement announced after the challenge",
                       "uri": "https://notices.example.org/123"}]
    assert "relatedProcesses" not in releases[f"ocds-arena-{world.not_pursued.id}"]
    assert releases[f"ocds-arena-{world.withdrawn.id}"]["tender"]["status"] == "withdrawn"


def test_the_ocid_prefix_is_a_setting(app, client, world):
    previous = app.config["OCDS_PREFIX"]
    app.config["OCDS_PREFIX"] = "ocds-abc123-"
    try:
        package = get_json(client, f"{API}/ocds/releases.json")
    finally:
        app.config["OCDS_PREFIX"] = previous
    assert all(r["ocid"].startswith("ocds-abc123-") for r in package["releases"])


# --- CSV exports -----------------------------------------------------------------------------

def _csv_rows(client, path: str) -> list[dict]:
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_the_challenges_csv_has_every_public_challenge_with_the_filters(client, world):
    rows = _csv_rows(client, f"{API}/challenges.csv")
    assert {int(r["id"]) for r in rows} == {world.open_challenge.id, world.outcome_challenge.id,
                                            world.not_pursued.id, world.withdrawn.id}
    row = next(r for r in rows if int(r["id"]) == world.open_challenge.id)
    assert row["buyer"] == "Region Testland" and row["co_buyers"] == "Testby kommun"
    assert row["cpv_codes"] == "85311100-3; 33196200-2" and row["solution_count"] == "1"
    assert UTC_ISO.match(row["submission_deadline"])
    assert [int(r["id"]) for r in _csv_rows(client, f"{API}/challenges.csv?kind=need")] == [
        world.not_pursued.id]


def test_the_outcomes_csv_lists_recorded_outcomes(client, world):
    rows = _csv_rows(client, f"{API}/outcomes.csv")
    by_id = {int(r["challenge_id"]): r for r in rows}
    assert by_id[world.outcome_challenge.id]["notice_url"] == "https://notices.example.org/123"
    assert by_id[world.outcome_challenge.id]["led_to_procurement_or_partnership"] == "yes"
    assert by_id[world.not_pursued.id]["note"] == "Too early."


def test_csv_cells_that_look_like_formulas_are_defused(client):
    make_challenge(title="=HYPERLINK(\"http://evil.example\")")
    rows = _csv_rows(client, f"{API}/challenges.csv")
    assert rows[0]["title"].startswith("'=")


# --- nothing private leaves ------------------------------------------------------------------

def _api_links(value) -> set[str]:
    if isinstance(value, dict):
        return set().union(*(_api_links(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_api_links(v) for v in value)) if value else set()
    if isinstance(value, str) and value.startswith("http://localhost/api/v1/"):
        return {value.removeprefix("http://localhost")}
    return set()


def _every_path(world) -> set[str]:
    """Every documented path, with every object id there is (drafts included)."""
    from app.challenges.models import Challenge
    from app.dialogue.models import DialogueEvent
    from app.networks.models import Network
    from app.organisations.models import Organisation

    ids = {
        "event_id": db.session.scalars(db.select(DialogueEvent.id)).all(),
        "challenge_id": db.session.scalars(db.select(Challenge.id)).all(),
        "organisation_id": db.session.scalars(db.select(Organisation.id)).all(),
        "network_id": db.session.scalars(db.select(Network.id)).all(),
        "key": ["procurement-check-before"],
    }
    paths = set()
    for template in document()["paths"]:
        names = re.findall(r"{(\w+)}", template)
        if not names:
            paths.add(API + template)
        for name in names:
            paths |= {API + template.replace(f"{{{name}}}", str(i)) for i in ids[name]}
    return paths


def test_no_draft_confidential_field_or_private_registration_appears_anywhere(client, world):
    to_visit, seen, bodies = _every_path(world), set(), {}
    while to_visit:
        path = to_visit.pop()
        seen.add(path)
        response = client.get(path)
        assert response.status_code in (200, 404), path
        bodies[path] = response.get_data(as_text=True)
        if response.is_json:
            to_visit |= _api_links(response.get_json()) - seen
    assert len(bodies) > 30
    for path, body in bodies.items():
        for marker in (*SECRET_MARKERS, *PRIVATE_NUMBERS):
            assert marker not in body, (marker, path)
    hidden = (world.draft, world.in_review, world.joint_draft)
    for challenge in hidden:
        assert bodies[f"{API}/challenges/{challenge.id}"].count('"status":404') == 1


def test_the_crawl_would_see_a_marker_if_one_leaked(client, world):
    world.open_challenge.summary = "SECRET-DRAFT-SUMMARY leaked"
    db.session.flush()
    assert "SECRET-DRAFT-SUMMARY" in client.get(f"{API}/challenges").get_data(as_text=True)


def test_a_published_challenge_leaves_the_draft_state_behind_in_the_api(client):
    owner = make_authority(admin=make_user())
    challenge = make_challenge(owner, state=ChallengeState.DRAFT, kind=ChallengeKind.NEED,
                               procurement_route=ProcurementRoute.MARKET_DIALOGUE)
    get_json(client, f"{API}/challenges/{challenge.id}", 404)
    challenge.state, challenge.published_at = ChallengeState.PUBLISHED, utcnow()
    db.session.flush()
    assert get_json(client, f"{API}/challenges/{challenge.id}")["kind"] == "need"
