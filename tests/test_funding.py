"""Check funding: the shipped programmes, the matcher, the pages and the block in e-mails."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import yaml
from flask import render_template_string
from flask_login import login_user

from app.accounts.services import start_session
from app.challenges.models import ChallengeState
from app.core.db import utcnow
from app.core.events import Situation, notify
from app.extensions import db
from app.funding.models import (
    Audience,
    FundingEvent,
    FundingEventKind,
    FundingProgramme,
    Stage,
)
from app.funding.services import (
    DEFAULT_FILE,
    audiences_of,
    match_for_organisation,
    programme_by_key,
    suggest,
)
from app.organisations.models import OrganisationKind, SizeClass
from tests.conftest import submit
from tests.factories import (
    load_funding_programmes,
    make_admin,
    make_authority,
    make_challenge,
    make_organisation,
    make_user,
)
from tests.foreign_events import foreign_event
from tests.smtp_sink import html_of, text_of

# The reference facts (shared/domain/funding_programmes.yaml) the shipped file must keep.
REFERENCE = {
    "procurement-check-before": (["contracting_authority"], "before_procurement", 200000, 1.0),
    "procurement-check-ongoing": (["contracting_authority"], "ongoing_procurement", 400000, 1.0),
    "procurement-check-capacity": (["contracting_authority"], "capacity_building", 200000, 1.0),
    "sme-check-business": (["sme", "cooperative"], "business_development", 100000, None),
    "sme-check-ip": (["sme", "cooperative"], "ip_strategy", 100000, None),
    "sme-check-infrastructure": (["sme"], "infrastructure", 400000, None),
    "coompanion-cooperative-check": (["cooperative"], "business_development", 100000, 1.0),
}


@pytest.fixture
def programmes():
    load_funding_programmes()
    return {p.key: p for p in db.session.scalars(db.select(FundingProgramme))}


def keys(programmes) -> list[str]:
    return [p.key for p in programmes]


def authority():
    return make_authority(admin=make_user())


def sme(**extra):
    return make_organisation(OrganisationKind.SUPPLIER, admin=make_user(), **extra)


def cooperative():
    return sme(is_cooperative=True)


# --- the shipped data ---

def test_shipped_file_keeps_the_reference_facts():
    entries = {e["key"]: e for e in yaml.safe_load(DEFAULT_FILE.read_text())["programmes"]}
    assert set(entries) == set(REFERENCE)
    for key, (audience, stage, amount, rate) in REFERENCE.items():
        entry = entries[key]
        assert (entry["audience"], entry["stage"], entry["max_amount"]) == (audience, stage, amount)
        assert entry["support_rate"] == rate and entry["currency"] == "SEK"
        assert entry["name_sv"] and entry["name_en"] and entry["purpose_sv"] and entry["purpose_en"]
        assert entry["eligibility_sv"] and entry["eligibility_en"]
    coompanion = [i["name"] for e in entries.values() for i in e["intermediaries"]
                  if "cooperative" in i["audience"]]
    assert set(coompanion) == {"Coompanion"}


def test_import_command_is_idempotent_by_key(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["funding", "import"])
    assert first.exit_code == 0, first.output
    assert "7 created, 0 updated, 0 unchanged" in first.output
    second = runner.invoke(args=["funding", "import"])
    assert "0 created, 0 updated, 7 unchanged" in second.output
    assert db.session.scalar(db.select(db.func.count(FundingProgramme.id))) == 7


def test_import_updates_changed_programmes_from_another_file(app, tmp_path):
    load_funding_programmes()
    content = yaml.safe_load(DEFAULT_FILE.read_text())
    content["programmes"][1]["max_amount"] = 450000
    content["programmes"][1]["closes_at"] = "2027-10-31"
    path = tmp_path / "programmes.yaml"
    path.write_text(yaml.safe_dump(content, allow_unicode=True))
    result = app.test_cli_runner().invoke(args=["funding", "import", str(path)])
    assert "0 created, 1 updated, 6 unchanged" in result.output
    ongoing = programme_by_key("procurement-check-ongoing")
    assert ongoing.max_amount == Decimal("450000")
    assert ongoing.closes_at.date().isoformat() == "2027-10-31"


@pytest.mark.parametrize("change, message", [
    ({"stage": "someday"}, "stage has unknown values: someday"),
    ({"audience": ["everyone"]}, "audience has unknown values: everyone"),
    ({"max_amount": "lots"}, "max_amount must be a number"),
    ({"opens_at": "31/12"}, "opens_at must be a date"),
    ({"name_en": ""}, "missing name_en"),
])
def test_import_refuses_a_wrong_file_with_a_clear_message(app, tmp_path, change, message):
    entry = yaml.safe_load(DEFAULT_FILE.read_text())["programmes"][0] | change
    path = tmp_path / "wrong.yaml"
    path.write_text(yaml.safe_dump({"programmes": [entry]}))
    result = app.test_cli_runner().invoke(args=["funding", "import", str(path)])
    assert result.exit_code != 0
    assert message in result.output and "procurement-check-before" in result.output
    assert db.session.scalar(db.select(db.func.count(FundingProgramme.id))) == 0


def test_import_of_a_missing_file_is_refused(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["funding", "import", str(tmp_path / "no.yaml")])
    assert result.exit_code != 0 and "Could not read" in result.output


def test_demo_data_includes_the_programmes(app):
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert "funding programmes: 7 created" in result.output


# --- the matcher ---

@pytest.mark.parametrize("who, situation, expected", [
    (authority, Situation.BUYER_PREPARING,
     ["procurement-check-before", "procurement-check-capacity"]),
    (authority, Situation.BUYER_ONGOING, ["procurement-check-ongoing"]),
    (authority, Situation.BUYER_CAPACITY, ["procurement-check-capacity"]),
    (authority, Situation.SME_ANSWERING, []),
    (sme, Situation.SME_ANSWERING, ["sme-check-business", "sme-check-ip"]),
    (sme, Situation.SME_WINNING, ["sme-check-infrastructure", "sme-check-ip"]),
    (sme, Situation.SME_INFRASTRUCTURE, ["sme-check-infrastructure"]),
    (sme, Situation.SME_IP, ["sme-check-ip"]),
    (sme, Situation.BUYER_ONGOING, []),
    (cooperative, Situation.SME_ANSWERING,
     ["coompanion-cooperative-check", "sme-check-business", "sme-check-ip"]),
    (cooperative, Situation.SME_INFRASTRUCTURE, []),  # infrastructure checks go via SISP to SMEs
    (lambda: sme(size_class=SizeClass.LARGE), Situation.SME_ANSWERING, []),
    (lambda: make_organisation(OrganisationKind.ACADEMIA), Situation.SME_IP, []),
])
def test_matcher_follows_audience_and_stage(programmes, who, situation, expected):
    assert keys(match_for_organisation(who(), situation)) == expected


def test_audiences_of_organisations():
    assert audiences_of(authority()) == {Audience.CONTRACTING_AUTHORITY}
    assert audiences_of(sme(size_class=SizeClass.MICRO)) == {Audience.SME}
    assert audiences_of(cooperative()) == {Audience.COOPERATIVE}
    assert audiences_of(sme(size_class=SizeClass.LARGE)) == set()


def test_open_programmes_come_first_and_closed_ones_stay_out_of_suggestions(programmes):
    business = programmes["sme-check-business"]
    business.closes_at = utcnow() - timedelta(days=1)
    programmes["sme-check-ip"].opens_at = utcnow() + timedelta(days=30)
    db.session.flush()
    organisation = sme()
    assert keys(match_for_organisation(organisation, Situation.SME_ANSWERING)) == [
        "sme-check-ip", "sme-check-business"]  # upcoming before closed
    assert keys(suggest(organisation, Situation.SME_ANSWERING).programmes) == ["sme-check-ip"]
    business.closes_at = None
    db.session.flush()
    assert keys(match_for_organisation(organisation, Situation.SME_ANSWERING)) == [
        "sme-check-business", "sme-check-ip"]


def test_a_cooperative_is_pointed_to_coompanion(programmes):
    suggestion = suggest(cooperative(), Situation.SME_ANSWERING)
    for programme in suggestion.programmes:
        assert [i["name"] for i in suggestion.intermediaries(programme)] == ["Coompanion"]
    suggestion = suggest(sme(), Situation.SME_ANSWERING)
    assert [i["name"] for i in suggestion.intermediaries(suggestion.programmes[0])] == [
        "Swedish Incubators & Science Parks (SISP)"]


# --- the funding block in notifications ---

@pytest.fixture
def thing_event(app):
    with foreign_event(app) as key:
        yield key


def tell(key, users, situation, **extra):
    return notify(key, users, situation=situation, thing="Snow robots", thing_id=3, **extra)


def test_a_buyer_whose_challenge_is_published_sees_the_ongoing_procurement_check(
        programmes, thing_event, deliver):
    english, swedish = make_user(locale="en"), make_user(locale="sv")
    make_authority(admin=english, members=(swedish,))
    tell(thing_event, [english, swedish], Situation.BUYER_ONGOING)
    mailbox = deliver()
    text = text_of(mailbox.to(english.email)[0])
    assert "Funding that can help" in text
    assert "Check for an ongoing innovation procurement – up to 400,000\xa0SEK" in text
    assert "http://arena.test/funding/procurement-check-ongoing/go?from=email" in text
    assert "http://arena.test/funding/?who=contracting_authority&step=buyer_ongoing" in text
    swedish_text = text_of(mailbox.to(swedish.email)[0])
    assert "Finansiering som kan hjälpa" in swedish_text
    assert "Check för pågående innovationsupphandling – upp till 400\xa0000\xa0kr" in swedish_text
    html = html_of(mailbox.to(swedish.email)[0])
    assert "Check för pågående innovationsupphandling" in html and "border-left:6px" in html


def test_a_supplier_who_submits_sees_business_development_and_ip_checks(
        programmes, thing_event, deliver):
    supplier = make_user()
    make_organisation(admin=supplier)
    tell(thing_event, [supplier], Situation.SME_ANSWERING)
    text = text_of(deliver().to(supplier.email)[0])
    assert "Business development check" in text and "IP strategy check" in text
    assert "Apply through Swedish Incubators & Science Parks (SISP)." in text
    assert "procurement" not in text.lower()


def test_a_winner_sees_the_infrastructure_check(programmes, thing_event, deliver):
    winner = make_user()
    make_organisation(admin=winner)
    tell(thing_event, [winner], Situation.SME_WINNING)
    text = text_of(deliver().to(winner.email)[0])
    assert "Infrastructure check – up to 400,000\xa0SEK" in text


def test_a_cooperative_recipient_is_pointed_to_coompanion(programmes, thing_event, deliver):
    member = make_user(locale="sv")
    make_organisation(admin=member, is_cooperative=True)
    tell(thing_event, [member], Situation.SME_ANSWERING)
    text = text_of(deliver().to(member.email)[0])
    assert "Ansök via Coompanion." in text and "SISP" not in text


def test_the_block_matches_each_recipient_and_counts_the_matches(
        programmes, thing_event, deliver):
    buyer, supplier, loner = make_user(), make_user(), make_user()
    make_authority(admin=buyer)
    make_organisation(admin=supplier)
    tell(thing_event, [buyer, supplier, loner], Situation.SME_ANSWERING)
    mailbox = deliver()
    assert "Funding that can help" not in text_of(mailbox.to(buyer.email)[0])
    assert "Funding that can help" not in text_of(mailbox.to(loner.email)[0])
    assert "Funding that can help" in text_of(mailbox.to(supplier.email)[0])
    matched = db.session.scalars(db.select(FundingEvent).filter_by(kind=FundingEventKind.MATCHED))
    assert sorted(e.programme_id for e in matched) == sorted(
        [programmes["sme-check-business"].id, programmes["sme-check-ip"].id])


def test_the_named_organisation_decides_when_a_recipient_has_several(
        programmes, thing_event, deliver):
    person = make_user()
    make_organisation(admin=person)
    coop = make_organisation(admin=make_user(), members=(person,), is_cooperative=True)
    tell(thing_event, [person], Situation.SME_ANSWERING, funding_organisation=coop)
    assert "Apply through Coompanion." in text_of(deliver().to(person.email)[0])


def test_no_block_without_a_situation(programmes, thing_event, deliver):
    supplier = make_user()
    make_organisation(admin=supplier)
    notify(thing_event, [supplier], thing="x", thing_id=1)
    assert "Funding that can help" not in text_of(deliver().to(supplier.email)[0])


# --- the public page and the click-through ---

def test_funding_page_lists_every_programme_in_both_languages(client, programmes):
    page = client.get("/funding/").get_data(as_text=True)
    assert "7 programmes" in page
    assert "Check for an ongoing innovation procurement" in page and "400,000\xa0SEK" in page
    swedish = client.get("/funding/", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    assert "7 program" in swedish and "Infrastrukturcheck" in swedish
    assert "400\xa0000\xa0kr" in swedish


def test_funding_page_filters_by_who_and_step(client, programmes):
    page = client.get("/funding/?who=cooperative").get_data(as_text=True)
    assert "3 programmes" in page and "Business development check" in page
    assert "Infrastructure check" not in page
    page = client.get("/funding/?who=contracting_authority&step=buyer_ongoing").get_data(
        as_text=True)
    assert "1 programme" in page and "Check for an ongoing innovation procurement" in page
    page = client.get("/funding/?who=cooperative&step=buyer_ongoing").get_data(as_text=True)
    assert "No programme fits this combination" in page


def test_funding_page_ignores_unknown_filters(client, programmes):
    response = client.get("/funding/?who=dragons&step=%3Cscript%3E")
    assert response.status_code == 200
    assert "7 programmes" in response.get_data(as_text=True)


def test_click_through_counts_and_redirects_to_the_funder(client, programmes):
    response = client.get("/funding/sme-check-ip/go?from=email&step=sme_answering")
    assert response.status_code == 302
    assert response.headers["Location"] == programmes["sme-check-ip"].link
    (click,) = db.session.scalars(db.select(FundingEvent).filter_by(kind=FundingEventKind.CLICKED))
    assert (click.source, click.situation) == ("email", "sme_answering")
    assert client.get("/funding/no-such-check/go").status_code == 404


def test_funding_is_in_the_main_menu(client):
    assert 'href="/funding/"' in client.get("/").get_data(as_text=True)


# --- panels for challenge pages and dashboards ---

def render_panel(app, template, user=None, **context):
    # A fresh app context: `g` (and so the logged-in user) must not leak between tests.
    with app.app_context(), app.test_request_context("/", headers={"Accept-Language": "en"}):
        if user is not None:
            start_session(user)
            login_user(user)
        return render_template_string('{% include "' + template + '" %}', **context)


def test_challenge_panel_shows_the_buyer_the_ongoing_procurement_check(app, programmes):
    buyer = make_user()
    challenge = make_challenge(make_authority(admin=buyer))
    html = render_panel(app, "funding/_challenge_panel.html", buyer, challenge=challenge)
    assert "Check for an ongoing innovation procurement" in html
    assert "/funding/procurement-check-ongoing/go?from=challenge" in html


def test_challenge_panel_of_a_draft_shows_the_check_before_a_procurement(app, programmes):
    buyer = make_user()
    challenge = make_challenge(make_authority(admin=buyer), state=ChallengeState.DRAFT)
    html = render_panel(app, "funding/_challenge_panel.html", buyer, challenge=challenge)
    assert "Check before an innovation procurement" in html


def test_challenge_panel_shows_visitors_and_suppliers_the_sme_checks(app, programmes):
    challenge = make_challenge()
    html = render_panel(app, "funding/_challenge_panel.html", challenge=challenge)
    assert "Business development check" in html and "procurement" not in html.split("<h2")[1]
    member = make_user()
    make_organisation(admin=member, is_cooperative=True)
    html = render_panel(app, "funding/_challenge_panel.html", member, challenge=challenge)
    assert "Apply through Coompanion." in html


def test_dashboard_panel_fits_the_users_organisations(app, programmes):
    buyer = make_user()
    make_authority(admin=buyer)
    html = render_panel(app, "funding/_panel.html", buyer)
    assert "innovation procurement" in html and "Infrastructure check" not in html
    html = render_panel(app, "funding/_panel.html", buyer, situation="buyer_capacity")
    assert "Check to build capacity" in html
    assert 'href="/funding/?who=contracting_authority&amp;step=buyer_capacity"' in html


# --- administration ---

def test_only_administrators_edit_programmes(client, login, programmes):
    assert client.get("/funding/admin/").status_code == 302
    login(make_user())
    assert client.get("/funding/admin/").status_code == 403


def test_administrator_edits_a_programme(client, login, programmes):
    login(make_admin())
    listing = client.get("/funding/admin/").get_data(as_text=True)
    assert "Infrastructure check" in listing
    assert 'href="/funding/admin/"' in client.get("/admin/").get_data(as_text=True)
    programme = programmes["procurement-check-ongoing"]
    url = f"/funding/admin/{programme.id}/edit"
    form = client.get(url).get_data(as_text=True)
    assert 'value="400000"' in form and 'value="100"' in form
    data = _form_data(programme, max_amount="450 000", closes_on="2027-10-31",
                      intermediaries="Coompanion | cooperative | https://coompanion.se/")
    response = submit(client, url, data)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    db.session.expire_all()
    programme = programme_by_key("procurement-check-ongoing")
    assert programme.max_amount == Decimal("450000")
    assert programme.closes_at.date().isoformat() == "2027-10-31"
    assert programme.intermediaries == [
        {"name": "Coompanion", "audience": ["cooperative"], "url": "https://coompanion.se/"}]


@pytest.mark.parametrize("change, message", [
    ({"closes_on": "31 oktober"}, "Enter a date like 2026-03-31."),
    ({"opens_on": "2027-12-01", "closes_on": "2027-01-01"}, "on or after the opening date"),
    ({"support_rate": "120"}, "between 0 and 100"),
    ({"intermediaries": "Nobody | everyone"}, "This line is not right"),
    ({"key": "sme-check-ip"}, "Another programme already has this key."),
])
def test_programme_form_explains_what_is_wrong(client, login, programmes, change, message):
    login(make_admin())
    programme = programmes["procurement-check-ongoing"]
    url = f"/funding/admin/{programme.id}/edit"
    response = submit(client, url, _form_data(programme, **change))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_administrator_adds_a_programme(client, login, programmes):
    login(make_admin())
    data = _form_data(programmes["sme-check-ip"], key="regional-check", name_en="Regional check",
                      name_sv="Regional check", stage=Stage.BUSINESS_DEVELOPMENT.value)
    response = submit(client, "/funding/admin/new", data)
    assert response.status_code == 302
    assert programme_by_key("regional-check").name_en == "Regional check"


def _form_data(programme, **changes) -> dict:
    data = {
        "key": programme.key, "name_sv": programme.name_sv, "name_en": programme.name_en,
        "funder": programme.funder, "audience": list(programme.audience),
        "stage": programme.stage.value, "max_amount": str(int(programme.max_amount)),
        "currency": programme.currency,
        "support_rate": "100" if programme.support_rate else "",
        "purpose_sv": programme.purpose_sv, "purpose_en": programme.purpose_en,
        "eligibility_sv": programme.eligibility_sv, "eligibility_en": programme.eligibility_en,
        "link": programme.link, "opens_on": "", "closes_on": "", "intermediaries": "",
    }
    data.update(changes)
    return data
