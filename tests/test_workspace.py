"""My pages (`/my/`): what each role's blocks count, one query per block whatever the
amount of data, where a person lands after logging in, and the header's links."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event

from app.challenges.models import ChallengeState, Clarification
from app.core.db import utcnow
from app.evaluation import scoring
from app.evaluation import services as evaluation
from app.evaluation.services import CriterionInput
from app.extensions import db
from app.notifications.models import OutboxMessage, OutboxStatus
from app.search.alerts import run_alerts
from app.search.models import SavedSearch, SavedSearchKind, SavedSearchMatch
from app.solutions.models import SolutionState
from app.workspace.blocks import BLOCKS
from app.workspace.services import load_memberships
from tests.conftest import log_in, submit
from tests.factories import (
    load_funding_programmes,
    make_admin,
    make_authority,
    make_challenge,
    make_interest,
    make_network,
    make_planned_procurement,
    make_solution_record,
    make_submitted_solution,
    make_supplier,
    make_user,
)
from tests.search_support import challenge, index_now


@contextmanager
def counted(app):
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def buyer_world(challenges: int):
    """A buyer whose authority owns `challenges` of each kind of work, with questions,
    solutions, interest and an evaluation in progress."""
    buyer = make_user()
    authority = make_authority(admin=buyer)
    for n in range(challenges):
        challenge = make_challenge(owner=authority, deadline_in=timedelta(days=10))
        challenge.clarifications.append(Clarification(question=f"Question {n}?"))
        make_submitted_solution(challenge, make_supplier())
        make_interest(make_authority(), challenge=challenge)
        make_challenge(owner=authority, state=ChallengeState.DRAFT)
        make_challenge(owner=authority, state=ChallengeState.DECIDED)
    judged = make_challenge(owner=authority, state=ChallengeState.CLOSED, criteria=())
    evaluation.replace_criteria(judged, buyer, [CriterionInput("Fit", "", 100, 0, 5)])
    for _ in range(challenges):
        make_submitted_solution(judged, make_supplier())
    juror = make_user()
    seat = evaluation.invite_juror(judged, buyer, juror.email)
    evaluation.accept_invitation(seat, juror)
    evaluation.open_evaluation(judged, buyer)
    first = scoring.active_entries(judged)[0]
    scoring.declare_conflict(seat, first, False, "", juror)
    scoring.save_scores(seat, first, {c.id: (3, "") for c in evaluation.criteria_of(judged)})
    network = make_network(coordinator=authority)
    for _ in range(challenges):
        make_interest(make_authority(), planned=make_planned_procurement(network))
    db.session.commit()
    return buyer, juror


def supplier_world(solutions: int):
    supplier = make_user()
    company = make_supplier(admin=supplier)
    profile = SavedSearch(user=supplier, kind=SavedSearchKind.PROFILE, name="Profile",
                          filters={"type": ["challenge"], "status": ["open"]})
    for _ in range(solutions):
        make_solution_record(make_challenge(deadline_in=timedelta(days=5)), company,
                             details="", trl=None)
        make_submitted_solution(make_challenge(), company)
        for matching in (make_challenge(deadline_in=timedelta(days=9)),
                         make_challenge(state=ChallengeState.CLOSED)):
            profile.matches.append(SavedSearchMatch(doc_type="challenge",
                                                    object_id=matching.id))
    db.session.add(profile)
    db.session.commit()
    return supplier


def admin_world(failed: int):
    admin = make_admin()
    for n in range(failed):
        make_authority(verified=False, verification_status="pending")
        make_challenge(state=ChallengeState.IN_REVIEW)
        db.session.add(OutboxMessage(message_id=f"<failed-{n}-{utcnow().timestamp()}@test>",
                                     event="test", to_address="x@example.org", subject="s",
                                     body_text="b", status=OutboxStatus.FAILED))
    db.session.commit()
    return admin


def blocks_and_queries(app, user) -> dict:
    """For each block function: (the block, the number of queries it ran)."""
    found = {}
    db.session.refresh(user)  # as a request's current_user: loaded before the page
    load_memberships(user)  # read once for all blocks (app/workspace/services.py)
    with app.test_request_context("/my/", headers={"Accept-Language": "en"}):
        for make in BLOCKS:
            with counted(app) as statements:
                block = make(user)
            found[f"{make.__module__}.{make.__name__}"] = (block, len(statements))
    return found


@pytest.mark.parametrize("world", [buyer_world, supplier_world, admin_world])
def test_every_block_reads_in_at_most_one_query_whatever_the_data(app, world):
    few, many = world(1), world(6)
    if world is buyer_world:
        few, many = few[0], many[0]
    for user in (few, many):
        for name, (_block, queries) in blocks_and_queries(app, user).items():
            assert queries <= 1, f"{name} ran {queries} queries"


def test_a_supplier_runs_no_query_for_the_buyers_blocks(app):
    found = blocks_and_queries(app, supplier_world(1))
    for name in ("app.challenges.workspace.workspace_block",
                 "app.solutions.workspace.received_block",
                 "app.networks.workspace.interest_block",
                 "app.evaluation.workspace.decisions_block"):
        assert found[name] == (None, 0), name


def titled(blocks: dict, key: str):
    return next(block for block, _q in blocks.values() if block and block.key == key)


def test_the_buyers_blocks_count_what_waits_for_them(app):
    buyer, juror = buyer_world(2)
    blocks = blocks_and_queries(app, buyer)
    mine = titled(blocks, "challenges")
    by_label = {item.label: item.count for item in mine.items if item.count and not item.note}
    assert by_label == {"Draft": 2, "Open": 2, "In evaluation": 1, "Decided": 2}
    notes = [item.note for item in mine.items if item.note]
    assert notes.count("1 question waits for an answer") == 2
    assert notes.count("Last day for questions") == 2
    assert notes.count("Submission deadline") == 2
    assert notes.count("Record what followed: a procurement, a contract or why not") == 2
    received = titled(blocks, "received")
    assert sorted(item.count for item in received.items) == [1, 1, 2]
    progress = titled(blocks, "evaluations")
    assert [item.note for item in progress.items] == ["0 of 1 juror has submitted"]
    interest = titled(blocks, "interest")
    assert [item.count for item in interest.items] == [1, 1]
    network = titled(blocks, "networks")
    assert "2 new interest registrations" in network.items[0].note
    seats = titled(blocks_and_queries(app, juror), "jury")
    assert seats.items[0].note == "1 solution of 2 left to score"


def test_the_suppliers_block_shows_drafts_with_how_complete_and_decisions(app):
    supplier = supplier_world(2)
    block = titled(blocks_and_queries(app, supplier), "solutions")
    drafts = [item for item in block.items if item.status == "Draft"]
    assert len(drafts) == 2
    # title, summary and the two requirements' answers missing: 2 of 7 parts... the
    # record has a title and a summary only
    assert all(item.note == "Draft, 29% complete" and item.due_at for item in drafts)
    assert [item.status for item in block.items].count("Submitted") == 2


def test_the_suppliers_block_shows_ten_drafts_first_of_many(app):
    supplier = supplier_world(6)
    block = titled(blocks_and_queries(app, supplier), "solutions")
    assert [item.status for item in block.items] == ["Draft"] * 6 + ["Submitted"] * 4
    assert block.more_label == "All 12 solutions"


def test_an_invitation_by_e_mail_is_on_the_invitees_my_pages_only(app):
    buyer = make_user()
    authority = make_authority(admin=buyer)
    judged = make_challenge(owner=authority, state=ChallengeState.CLOSED)
    invitee, seated, stranger = make_user(), make_user(), make_user()
    evaluation.invite_juror(judged, buyer, invitee.email)
    evaluation.accept_invitation(evaluation.invite_juror(judged, buyer, seated.email), seated)
    db.session.commit()
    assert [item.status for item in titled(blocks_and_queries(app, invitee), "jury").items] \
        == ["Invited"]
    assert [item.status for item in titled(blocks_and_queries(app, seated), "jury").items] \
        == [None]
    assert blocks_and_queries(app, stranger)["app.evaluation.workspace.workspace_block"][0] \
        is None


def test_the_interest_profile_finds_open_challenges_on_my_pages(app, client, backend):
    supplier = make_user()
    make_supplier(admin=supplier, sectors=["water"])
    before = challenge("Läckagesökning i vattenledningar", sectors=["water"],
                       deadline_in=timedelta(days=30))  # published before the profile
    soon = challenge("Sensorer i brunnar", sectors=["water"], deadline_in=timedelta(days=3))
    challenge("Skolmat", sectors=["education"], deadline_in=timedelta(days=3))
    challenge("Vattenmätare, stängd", sectors=["water"], state=ChallengeState.CLOSED,
              deadline_in=timedelta(days=-3))
    index_now()
    db.session.commit()
    log_in(client, supplier)
    page = client.get("/my/").get_data(as_text=True)
    assert "Open challenges for you" in page and "Make your interest profile" in page
    assert submit(client, "/search/profile", {"sectors": ["water"], "frequency": "off"},
                  ).status_code == 302
    page = client.get("/my/").get_data(as_text=True)
    shown = page[page.index('id="matching"'):page.index("</section>", page.index('id="matching"'))]
    assert shown.index("Sensorer i brunnar") < shown.index("Läckagesökning")  # soonest first
    assert f'href="/challenges/{before.id}"' in shown and f'href="/challenges/{soon.id}"' in shown
    assert "Skolmat" not in shown and "stängd" not in shown
    assert "All 2 open challenges that match your interest profile" in shown
    later = challenge("Dagvattenrening", sectors=["water"], deadline_in=timedelta(days=60))
    index_now()
    run_alerts()  # the alert job matches new challenges, e-mails off or not
    assert "Dagvattenrening" in client.get("/my/").get_data(as_text=True)
    assert later.id


def test_funding_for_a_supplier_and_none_for_a_stranger(app):
    load_funding_programmes()
    supplier = supplier_world(1)
    found = titled(blocks_and_queries(app, supplier), "funding")
    assert found.title == "Funding that can help"
    stranger = make_user()
    db.session.commit()
    roles = {"administration", "jury", "challenges", "evaluations", "received", "interest",
             "solutions", "networks", "funding"}
    assert not any(block and block.key in roles
                   for block, _q in blocks_and_queries(app, stranger).values())


def test_the_administrators_queues(app):
    admin = admin_world(2)
    queues = {item.label: item.count for item in titled(
        blocks_and_queries(app, admin), "administration").items}
    assert queues["Challenges waiting for review"] >= 2
    assert queues["E-mails that could not be delivered"] >= 2
    assert queues["Organisations waiting for verification"] >= 2


def test_log_in_lands_on_my_pages_and_the_header_leads_back(app, client):
    buyer, juror = buyer_world(1)
    response = log_in(client, buyer)
    assert response.headers["Location"].endswith("/my/")
    page = client.get("/my/").get_data(as_text=True)
    assert "My challenges" in page and "Solutions received" in page
    assert 'href="/my/"' in page and 'href="/jury/"' not in page
    assert "Administration</a>" not in page
    juror_client = app.test_client()
    log_in(juror_client, juror)
    page = juror_client.get("/my/").get_data(as_text=True)
    assert "My juries" in page and 'href="/jury/"' in page


def test_an_administrator_has_the_link_and_the_admin_menu(app, client):
    admin = admin_world(1)
    log_in(client, admin)
    page = client.get("/my/").get_data(as_text=True)
    assert 'href="/admin/"' in page and "Organisations waiting for verification" in page
    audit = client.get("/admin/audit").get_data(as_text=True)
    assert 'aria-label="Administration"' in audit and 'href="/admin/verifications"' in audit


def test_my_pages_need_a_log_in_and_say_so_when_nothing_waits(app, client):
    assert client.get("/my/").status_code == 302
    log_in(client, make_user(name="Nadia Nobody"))
    page = client.get("/my/").get_data(as_text=True)
    assert "Nadia Nobody" in page and "My challenges" not in page


def test_my_pages_in_swedish(app, client):
    buyer, _juror = buyer_world(1)
    buyer.locale = "sv"
    db.session.commit()
    log_in(client, buyer)
    page = client.get("/my/").get_data(as_text=True)
    assert "Mina sidor" in page and "Mina utmaningar" in page


def test_the_page_runs_as_many_queries_for_few_as_for_many(app):
    from tests.test_query_counts import queries_for

    few, many = buyer_world(1)[0], buyer_world(5)[0]
    assert queries_for(app, "/my/", few) == queries_for(app, "/my/", many)
    assert SolutionState.DRAFT  # the supplier's side is counted per block above
