"""Issue 17, from the outside (HTTP): what suppliers decide on, on every card of the list
and on the challenge page: budget or prize (or "not stated"), the deadline and how far
away it is, solutions so far, the buyers, the route and the funding that fits.
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

from app.challenges.models import (
    ChallengeCoOwner,
    ChallengeCoOwnerInvitation,
    ChallengeKind,
)
from app.extensions import db
from app.funding.models import FundingProgramme
from app.solutions.models import SolutionState
from tests.factories import (
    load_funding_programmes,
    make_authority,
    make_challenge,
    make_submitted_solution,
    make_supplier,
    make_user,
)
from tests.test_query_counts import queries_for

SV = {"Accept-Language": "sv"}


def _facts(html: str, title: str) -> dict[str, str]:
    """The facts (label → value, tags removed, spaces of any kind as one) shown with the
    card or page of `title`."""
    start = html.index(title)
    block = html[html.index('<dl class="arena-facts', start):]
    block = block[:block.index("</dl>")]
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", block, re.S)
    return {dt.strip(): " ".join(re.sub(r"<[^>]+>", "", dd).split()) for dt, dd in pairs}


def _joint_challenge():
    owner = make_authority(name="Kommun Nord", admin=make_user())
    challenge = make_challenge(owner=owner, title="Trygg hemtjänst",
                               deadline_in=timedelta(days=12, hours=3),
                               budget_min=Decimal("500000"), budget_max=Decimal("2000000"))
    challenge.co_owner_links.append(ChallengeCoOwner(
        organisation=make_authority(name="Region Syd")))
    db.session.add(ChallengeCoOwnerInvitation(
        challenge=challenge, organisation=make_authority(name="Ej svarat")))
    for _ in range(2):
        make_submitted_solution(challenge, make_supplier())
    make_submitted_solution(challenge, make_supplier(), state=SolutionState.DRAFT)
    db.session.commit()
    return challenge


def test_card_and_page_show_what_suppliers_decide_on(client):
    load_funding_programmes()
    challenge = _joint_challenge()
    programmes = list(db.session.scalars(db.select(FundingProgramme)))
    for_suppliers = {p.name_en for p in programmes if {"sme", "cooperative"} & set(p.audience)}
    for_buyers = {p.name_en for p in programmes if p.name_en not in for_suppliers}
    for url in ("/challenges/", f"/challenges/{challenge.id}"):
        facts = _facts(client.get(url).get_data(as_text=True), "Trygg hemtjänst")
        assert facts["Budget or prize"] == "500,000 SEK – 2,000,000 SEK", url
        assert "(closes in 12 days)" in facts["Deadline"], url
        assert facts["Solutions so far"] == "2", url  # the draft is not counted
        assert facts["Buyers"] == "Kommun Nord, Region Syd", url  # not the one invited
        assert facts["Route"] == "Challenge – judged competition, joint (2 buyers)", url
        named = facts["Funding that fits"].split(", ")
        assert 1 <= len(named) <= (1 if url == "/challenges/" else 2), url
        assert set(named) <= for_suppliers and not set(named) & for_buyers, url


def test_facts_in_swedish(client):
    challenge = _joint_challenge()
    for url in ("/challenges/", f"/challenges/{challenge.id}"):
        facts = _facts(client.get(url, headers=SV).get_data(as_text=True), "Trygg hemtjänst")
        assert facts["Budget eller pris"] == "500 000 kr – 2 000 000 kr", url
        assert "(stänger om 12 dagar)" in facts["Sista dag"], url
        assert facts["Lösningar hittills"] == "2", url
        assert facts["Beställare"] == "Kommun Nord, Region Syd", url
        assert facts["Upphandlingsform"] == (
            "Utmaning – tävling med jury, gemensam (2 beställare)"), url


def test_budget_not_stated_and_half_ranges_in_both_languages(client):
    owner = make_authority(admin=make_user())
    make_challenge(owner=owner, title="Utan budget", kind=ChallengeKind.NEED)
    make_challenge(owner=owner, title="Bara tak", budget_max=Decimal("750000"))
    make_challenge(owner=owner, title="Bara golv", budget_min=Decimal("100000"))
    db.session.commit()
    english = client.get("/challenges/").get_data(as_text=True)
    swedish = client.get("/challenges/", headers=SV).get_data(as_text=True)
    assert _facts(english, "Utan budget")["Budget"] == "not stated"
    assert _facts(swedish, "Utan budget")["Budget"] == "inte angiven"
    assert _facts(english, "Utan budget")["Route"] == "Need – market exploration"
    assert _facts(english, "Utan budget")["Buyer"]
    assert _facts(english, "Bara tak")["Budget or prize"] == "up to 750,000 SEK"
    assert _facts(swedish, "Bara tak")["Budget eller pris"] == "upp till 750 000 kr"
    assert _facts(english, "Bara golv")["Budget or prize"] == "from 100,000 SEK"
    page = client.get("/challenges/?q=&status=all").get_data(as_text=True)
    assert "not stated" in page


def test_the_list_costs_the_same_queries_for_few_and_many_cards(app):
    load_funding_programmes()
    few = make_authority(admin=make_user())
    many = make_authority(admin=make_user())
    for owner, count in ((few, 2), (many, 12)):
        for _ in range(count):
            challenge = make_challenge(owner=owner, budget_min=Decimal("1000"))
            challenge.co_owner_links.append(ChallengeCoOwner(organisation=make_authority()))
            make_submitted_solution(challenge, make_supplier())
    db.session.commit()
    assert (queries_for(app, f"/challenges/?buyer={few.id}")
            == queries_for(app, f"/challenges/?buyer={many.id}"))
    supplier_user = make_user()
    make_supplier(admin=supplier_user)
    db.session.commit()
    assert (queries_for(app, f"/challenges/?buyer={few.id}", supplier_user)
            == queries_for(app, f"/challenges/?buyer={many.id}", supplier_user))
