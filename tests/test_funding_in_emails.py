"""The funding that fits the step: in the buyer's publication e-mail and the supplier's receipt."""

from __future__ import annotations

from app.challenges import workflow
from app.challenges.models import ChallengeState
from tests.factories import (
    load_funding_programmes,
    make_authority,
    make_challenge,
    make_solution,
    make_supplier,
    make_user,
)
from tests.smtp_sink import text_of


def test_a_buyer_whose_challenge_is_published_is_pointed_to_the_ongoing_procurement_check(
        deliver):
    load_funding_programmes()
    buyer = make_user()
    owner = make_authority(admin=buyer, is_trusted=True)
    challenge = make_challenge(owner=owner, state=ChallengeState.DRAFT)
    workflow.publish_directly(challenge, buyer)
    (mail,) = deliver().to(buyer.email)
    text = text_of(mail)
    assert "Check for an ongoing innovation procurement" in text
    assert "400" in text and "/funding/" in text


def test_a_supplier_who_submits_is_pointed_to_the_business_development_and_ip_checks(deliver):
    load_funding_programmes()
    supplier_user = make_user()
    make_solution(make_challenge(), make_supplier(admin=supplier_user), supplier_user)
    receipts = [m for m in deliver().to(supplier_user.email) if "receipt" in
                m["Subject"].lower() or "kvitto" in m["Subject"].lower()]
    text = text_of(receipts[0])
    assert "Business development check" in text and "IP strategy check" in text


def test_a_cooperative_is_pointed_to_coompanion(deliver):
    load_funding_programmes()
    member = make_user()
    make_solution(make_challenge(), make_supplier(admin=member, is_cooperative=True), member)
    text = text_of(deliver().to(member.email)[0])
    assert "Coompanion" in text
