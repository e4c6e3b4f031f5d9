"""Confidentiality: a marker in every confidential field and file must reach nobody else.

A supplier submits (through the web form) a solution with a unique marker in its details,
every requirement answer, references, price model, IP statement and an attached file.
Another supplier, another authority's member, an anonymous visitor and a platform
administrator then fetch every page, export, download and error page they can reach,
and we read every e-mail sent: the marker appears nowhere. The owner never sees drafts.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from flask_login import AnonymousUserMixin

from app.challenges.models import ChallengeState
from app.extensions import db
from app.solutions import services
from tests.conftest import log_in, submit
from tests.factories import (
    make_authority,
    make_challenge,
    make_solution,
    make_supplier,
    make_user,
)
from tests.smtp_sink import html_of, text_of
from tests.test_solutions_inbox import render_panel as render_panel_for

MARKER = "QX7-CONFIDENTIAL-MARKER"
PUBLIC_LATER = "QX7-NOT-YET-PUBLIC"  # title and summary: public only after the decision
SEARCH_WORD = "zebrafinch"  # only in the confidential details: searching must not find it
PDF_WITH_MARKER = b"%PDF-1.7\n% " + MARKER.encode() + b"\n%%EOF\n"


def confidential_form(challenge, action: str = "submit") -> dict:
    data = {
        "title": f"{PUBLIC_LATER} title", "public_summary": f"{PUBLIC_LATER} summary",
        "details": f"{MARKER} details {SEARCH_WORD}", "trl": "5",
        "references": f"{MARKER} references",
        "price_model": f"{MARKER} price", "ip_statement": f"{MARKER} ip statement",
        "ip_terms_acknowledged": "y", "action": action,
        "attachments": (io.BytesIO(PDF_WITH_MARKER), f"{MARKER}-plan.pdf"),
    }
    for requirement in challenge.requirements:
        data[f"answer_{requirement.id}"] = f"{MARKER} answer {requirement.id}"
    return data


@pytest.fixture
def world(app, deliver):
    """The buyer's challenge, the secret solution, and everyone else around it."""
    buyer = make_user(email="buyer@owner.example")
    owner = make_authority(admin=buyer)
    challenge = make_challenge(owner=owner)
    alice = make_user(email="alice@secret.example")
    supplier = make_supplier(admin=alice, name="Hemlighet AB")
    other_supplier_user = make_user(email="eve@rival.example")
    make_solution(challenge, make_supplier(admin=other_supplier_user, name="Rival AB"))
    other_buyer = make_user(email="oscar@other-authority.example")
    make_challenge(owner=make_authority(admin=other_buyer))
    admin = make_user(email="root@platform.example", is_admin=True)
    draft_challenge = make_challenge(owner=owner)
    db.session.commit()

    client = app.test_client()
    log_in(client, alice)
    response = submit(client, f"/challenges/{challenge.id}/solution", confidential_form(challenge))
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    response = submit(client, f"/challenges/{draft_challenge.id}/solution",
                      confidential_form(draft_challenge, "save"))
    assert response.status_code == 302
    db.session.expire_all()
    solution = services.solution_of(challenge, supplier)
    draft = services.solution_of(draft_challenge, supplier)
    assert solution.details.startswith(MARKER) and draft.state.value == "draft"
    mailbox = deliver()
    return type("World", (), dict(
        challenge=challenge, draft_challenge=draft_challenge, solution=solution, draft=draft,
        supplier=supplier, buyer=buyer, alice=alice, mailbox=mailbox,
        outsiders={"other supplier": other_supplier_user, "other authority": other_buyer,
                   "platform admin": admin, "anonymous": None},
    ))


def reachable_urls(challenge, solution, supplier) -> list[str]:
    """Every address around a solution someone might try (including ones that must fail)."""
    base = f"/challenges/{challenge.id}"
    urls = [
        "/", "/solutions/", base, f"{base}/solution", f"{base}/solution?organisation={supplier.id}",
        f"{base}/solutions", f"{base}/solutions/{solution.id}",
        f"{base}/solutions/{solution.id}/versions/1.json",
        f"{base}/solutions/export.csv", f"{base}/solutions/attachments.zip",
        f"/organisations/{supplier.id}", f"/organisations/{supplier.id}/members",
        "/organisations/", "/challenges/", "/challenges/feed.atom", f"{base}/calendar.ics",
        f"/search?q={SEARCH_WORD}", "/api/v1/challenges", f"/api/v1/challenges/{challenge.id}",
        "/admin/", "/admin/audit", "/admin/audit.csv", "/dev/mail/", "/healthz", "/statistics/",
    ]
    # The file name holds the marker too; outsiders would not know it, so ask by id only.
    urls += [f"/attachments/{a.id}/file" for a in services.attachments_of(solution)]
    return urls


def bodies_of(response) -> list[bytes]:
    """The response body, and each member if it is a ZIP archive."""
    bodies = [response.data]
    if response.data.startswith(b"PK"):
        archive = zipfile.ZipFile(io.BytesIO(response.data))
        bodies += [archive.read(name) for name in archive.namelist()] + [
            "\n".join(archive.namelist()).encode()]
    return bodies


def assert_nothing_leaks(client, urls: list[str], secrets=(MARKER, PUBLIC_LATER)) -> int:
    fetched = 0
    for url in urls:
        for headers in ({}, {"Accept": "application/json"}):
            response = client.get(url, headers=headers)
            assert response.status_code < 500, url
            for body in bodies_of(response):
                for secret in secrets:
                    assert secret.encode() not in body, f"{secret} leaked at {url}"
            fetched += 1
    return fetched


def client_for(app, user):
    client = app.test_client()
    if user is not None:
        log_in(client, user)
    return client


def render_panel(app, challenge, user) -> str:
    return render_panel_for(app, challenge, user or AnonymousUserMixin())


@pytest.mark.parametrize("who", ["other supplier", "other authority", "platform admin",
                                 "anonymous"])
def test_outsiders_never_see_the_confidential_solution(app, world, who):
    user = world.outsiders[who]
    client = client_for(app, user)
    urls = reachable_urls(world.challenge, world.solution, world.supplier)
    assert assert_nothing_leaks(client, urls) == 2 * len(urls)
    assert MARKER not in render_panel(app, world.challenge, user)
    assert PUBLIC_LATER not in render_panel(app, world.challenge, user)


@pytest.mark.parametrize("who", ["other supplier", "other authority", "platform admin",
                                 "anonymous"])
def test_outsiders_cannot_act_on_the_solution_and_refusals_say_nothing(app, world, who):
    client = client_for(app, world.outsiders[who])
    base = f"/challenges/{world.challenge.id}"
    csrf_page = "/auth/logout" if world.outsiders[who] else "/auth/login"
    for action in ("withdraw", "delete", "consent"):
        response = submit(client, f"{base}/solutions/{world.solution.id}/{action}",
                          {"consent": "y"}, page=csrf_page)
        assert response.status_code in (302, 403, 404)
        assert MARKER.encode() not in response.data
    response = submit(client, f"{base}/solution?organisation={world.supplier.id}",
                      {"details": "overwrite", "action": "save"}, page=csrf_page)
    assert response.status_code in (302, 403)  # anonymous: sent to log in
    db.session.expire_all()
    assert services.solution_of(world.challenge, world.supplier).details.startswith(MARKER)


def test_the_owner_sees_the_submission_but_never_a_draft(app, world):
    client = client_for(app, world.buyer)
    page = client.get(f"/challenges/{world.challenge.id}/solutions/{world.solution.id}")
    assert MARKER in page.get_data(as_text=True)  # entitled: the whole solution
    (attachment,) = services.attachments_of(world.solution)
    download = client.get(f"/attachments/{attachment.id}/{attachment.filename}")
    assert download.status_code == 200 and download.data == PDF_WITH_MARKER
    urls = reachable_urls(world.draft_challenge, world.draft, world.supplier)
    assert_nothing_leaks(client, urls)
    assert MARKER not in render_panel(app, world.draft_challenge, world.buyer)


def test_no_email_carries_confidential_content(world):
    messages = world.mailbox.messages
    assert {m["To"] for m in messages} >= {"alice@secret.example", "buyer@owner.example"}
    for message in messages:
        for part in (message["Subject"], text_of(message), html_of(message)):
            assert MARKER not in part and PUBLIC_LATER not in part


def test_after_the_decision_only_consented_public_parts_appear(app, world):
    challenge = world.challenge
    challenge.state = ChallengeState.DECIDED
    db.session.commit()
    for user in world.outsiders.values():
        html = render_panel(app, challenge, user)
        assert MARKER not in html and PUBLIC_LATER not in html  # no consent was given
        assert_nothing_leaks(client_for(app, user),
                             reachable_urls(challenge, world.solution, world.supplier))
    world.solution.summary_public_after_decision = True
    db.session.commit()
    html = render_panel(app, challenge, None)
    assert f"{PUBLIC_LATER} summary" in html and MARKER not in html
    assert_nothing_leaks(client_for(app, None),
                         reachable_urls(challenge, world.solution, world.supplier),
                         secrets=(MARKER,))


def test_administrators_and_strangers_have_no_rule(app, world):
    """Jurors have their own rule, on the jury's pages only (tests/test_jury_anonymity.py)."""
    from app.solutions import permissions

    admin = world.outsiders["platform admin"]
    assert not permissions.can_view_solution_details(admin, world.solution)
    assert not permissions.can_view_solution_details(make_user(), world.solution)
    db.session.commit()
    (attachment,) = services.attachments_of(world.solution)
    assert client_for(app, admin).get(f"/attachments/{attachment.id}/x").status_code == 404
