"""Solutions: drafts, submissions with hashed versions and receipts, withdrawal, deadlines."""

from __future__ import annotations

import hashlib
import io
import json
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time

from app.attachments.models import Attachment
from app.challenges.models import ChallengeCoOwner, ChallengeState, IPTerms
from app.core.db import utcnow
from app.core.domain import DomainError
from app.extensions import db
from app.organisations.models import OrganisationKind
from app.solutions import services
from app.solutions.models import Solution, SolutionState
from tests.conftest import CONFIRM, submit
from tests.factories import (
    make_authority,
    make_challenge,
    make_organisation,
    make_solution,
    make_supplier,
    make_user,
)
from tests.smtp_sink import html_of, text_of

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def form_data(challenge, action: str = "submit", **overrides) -> dict:
    data = {
        "title": "Sensor mesh for school buildings",
        "public_summary": "Wireless sensors that report indoor climate.",
        "details": "Our *mesh* uses LoRaWAN gateways.",
        "trl": "6",
        "references": "Pilot in Alingsås 2025.",
        "price_model": "45 000 SEK per building and year.",
        "ip_statement": "Patent SE-123 is ours.",
        "ip_terms_acknowledged": "y",
        "action": action,
    }
    for requirement in challenge.requirements:
        data[f"answer_{requirement.id}"] = f"We achieve '{requirement.text}' like this."
    data.update(overrides)
    return data


def log_out(client) -> None:
    submit(client, "/auth/logout", {}, page="/auth/logout")


def url_of(challenge, organisation=None) -> str:
    url = f"/challenges/{challenge.id}/solution"
    return f"{url}?organisation={organisation.id}" if organisation else url


@pytest.fixture
def scene():
    """A buyer (with a co-owner) and its published challenge; a supplier with two members."""
    buyer = make_user(email="buyer@kommun.example")
    owner = make_authority(admin=buyer, name="Alingsås kommun")
    co_buyer = make_user(email="cobuyer@region.example")
    co_owner = make_authority(admin=co_buyer, name="Region Västra")
    challenge = make_challenge(owner=owner, title="Indoor climate in schools")
    challenge.co_owner_links.append(ChallengeCoOwner(organisation=co_owner))
    alice, bob = make_user(email="alice@sensor.example"), make_user(email="bob@sensor.example")
    supplier = make_organisation(admin=alice, members=(bob,), name="Sensorbolaget AB")
    db.session.flush()
    return type("Scene", (), dict(buyer=buyer, co_buyer=co_buyer, challenge=challenge,
                                  owner=owner, alice=alice, bob=bob, supplier=supplier))


def stored_solution(scene) -> Solution | None:
    db.session.expire_all()
    return services.solution_of(scene.challenge, scene.supplier)


def test_the_form_explains_trl_levels_and_shows_the_ip_terms(client, login, scene):
    scene.challenge.ip_terms = IPTerms.SHARED
    scene.challenge.ip_justification = "We must be able to *develop* it further."
    db.session.flush()
    login(scene.alice)
    response = client.get(url_of(scene.challenge))
    assert "no-store" in response.headers["Cache-Control"]
    page = response.get_data(as_text=True)
    assert "Requirement 1: Works offline" in page and "Requirement 2: Meets WCAG 2.1 AA" in page
    assert "TRL 1 – Basic principles observed" in page
    assert "The product is in regular use by customers." in page  # TRL 9 explained
    assert "shared between you and the buyer" in page
    assert "<em>develop</em>" in page
    assert 'enctype="multipart/form-data"' in page


def test_a_draft_is_saved_and_a_colleague_continues_it(client, login, scene):
    login(scene.alice)
    response = submit(client, url_of(scene.challenge),
                      form_data(scene.challenge, "save", details="First thoughts", trl=""))
    assert response.status_code == 302
    solution = stored_solution(scene)
    assert solution.state == SolutionState.DRAFT and solution.details == "First thoughts"
    assert solution.versions == [] and solution.created_by_id == scene.alice.id

    log_out(client)
    login(scene.bob)
    page = client.get(url_of(scene.challenge)).get_data(as_text=True)
    assert "First thoughts" in page
    response = submit(client, url_of(scene.challenge),
                      form_data(scene.challenge, "save", details="Better thoughts"))
    assert response.status_code == 302
    assert stored_solution(scene).details == "Better thoughts"


def test_submitting_keeps_a_hashed_version_and_sends_receipt_and_notice(
        client, login, scene, deliver):
    login(scene.alice)
    response = submit(client, url_of(scene.challenge), form_data(scene.challenge))
    assert response.status_code == 302
    solution = stored_solution(scene)
    (version,) = solution.versions
    assert solution.state == SolutionState.SUBMITTED and version.number == 1
    assert version.submitted_by_id == scene.alice.id
    assert version.content["details"] == "Our *mesh* uses LoRaWAN gateways."
    assert version.content["trl"] == 6
    canonical = json.dumps(version.content, sort_keys=True, ensure_ascii=False,
                           separators=(",", ":")).encode()
    assert hashlib.sha256(canonical).hexdigest() == version.sha256

    download = client.get(f"/challenges/{scene.challenge.id}/solutions/{solution.id}"
                          f"/versions/1.json")
    assert download.status_code == 200
    assert hashlib.sha256(download.data).hexdigest() == version.sha256

    sink = deliver()
    (receipt,) = sink.to("alice@sensor.example")
    body = text_of(receipt)
    assert version.sha256 in body and version.sha256 in html_of(receipt)
    local = version.submitted_at.astimezone(ZoneInfo("Europe/Stockholm"))
    assert "Received at exactly: " + local.strftime("%-d %B %Y, %H:%M:%S") in body
    assert "UTC" not in body
    assert "Indoor climate in schools" in receipt["Subject"]
    assert sink.to("bob@sensor.example") == []
    for address in ("buyer@kommun.example", "cobuyer@region.example"):
        (notice,) = sink.to(address)
        assert "Sensorbolaget AB" in text_of(notice)
        assert f"/challenges/{scene.challenge.id}/solutions" in text_of(notice)


def test_resubmission_adds_a_version_with_a_new_hash_and_a_new_receipt(
        client, login, scene, deliver):
    login(scene.alice)
    submit(client, url_of(scene.challenge), form_data(scene.challenge))
    deliver().messages.clear()
    response = submit(client, url_of(scene.challenge),
                      form_data(scene.challenge, details="Improved mesh."))
    assert response.status_code == 302
    solution = stored_solution(scene)
    first, second = solution.versions
    assert second.number == 2 and second.content["details"] == "Improved mesh."
    assert first.content["details"] == "Our *mesh* uses LoRaWAN gateways."  # frozen
    assert first.sha256 != second.sha256
    assert second.sha256 == services.content_sha256(second.content)
    sink = deliver()
    (receipt,) = sink.to("alice@sensor.example")
    assert second.sha256 in text_of(receipt)
    assert sink.to("buyer@kommun.example") == []  # one message per solution
    page = client.get(f"/challenges/{scene.challenge.id}/solutions/{solution.id}")
    text = page.get_data(as_text=True)
    assert first.sha256 in text and second.sha256 in text


def test_a_submitted_solution_changes_only_by_submitting_again(client, login, scene):
    login(scene.alice)
    submit(client, url_of(scene.challenge), form_data(scene.challenge))
    response = submit(client, url_of(scene.challenge),
                      form_data(scene.challenge, "save", details="Sneaky edit"))
    assert response.status_code == 409
    assert "only changes when you submit it again" in response.get_data(as_text=True)
    assert stored_solution(scene).details == "Our *mesh* uses LoRaWAN gateways."


def test_incomplete_submission_says_what_is_missing_and_keeps_the_input(client, login, scene):
    login(scene.alice)
    requirement = scene.challenge.requirements[1]
    data = form_data(scene.challenge, trl="", ip_terms_acknowledged="",
                     **{f"answer_{requirement.id}": "  "})
    response = submit(client, url_of(scene.challenge), data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Explain how you meet requirement 2." in page
    assert "Choose the technology readiness level." in page
    assert "Confirm that you have read the challenge&#39;s IP terms." in page
    assert "Our *mesh* uses LoRaWAN gateways." in page
    assert stored_solution(scene) is None


def test_withdraw_before_the_deadline_and_submit_again(client, login, scene):
    login(scene.bob)
    submit(client, url_of(scene.challenge), form_data(scene.challenge))
    solution = stored_solution(scene)
    page = f"/challenges/{scene.challenge.id}/solutions/{solution.id}"
    response = submit(client, f"{page}/withdraw", CONFIRM, page=page)
    assert response.status_code == 302
    solution = stored_solution(scene)
    assert solution.state == SolutionState.WITHDRAWN and solution.withdrawn_at
    assert services.submitted_count(scene.challenge) == 0

    response = submit(client, url_of(scene.challenge), form_data(scene.challenge))
    assert response.status_code == 302
    solution = stored_solution(scene)
    assert solution.state == SolutionState.SUBMITTED and len(solution.versions) == 2
    assert solution.withdrawn_at is None


def test_a_draft_cannot_be_withdrawn_but_can_be_deleted_with_its_files(client, login, scene):
    login(scene.alice)
    data = form_data(scene.challenge, "save", attachments=(io.BytesIO(PDF), "plan.pdf"))
    submit(client, url_of(scene.challenge), data)
    solution_id = stored_solution(scene).id
    page = f"/challenges/{scene.challenge.id}/solutions/{solution_id}"
    assert submit(client, f"{page}/withdraw", page=page).status_code == 403
    response = submit(client, f"{page}/delete", CONFIRM, page=page)
    assert response.status_code == 302
    assert stored_solution(scene) is None
    assert db.session.scalar(db.select(db.func.count(Attachment.id)).filter_by(
        owner_type="solution", owner_id=solution_id)) == 0


def deadline_scene(scene):
    deadline = utcnow().replace(microsecond=0) + timedelta(days=1)
    scene.challenge.submission_deadline_at = deadline
    db.session.flush()
    return deadline


def test_the_deadline_is_enforced_to_the_second(client, login, scene):
    deadline = deadline_scene(scene)
    login(scene.alice)
    with freeze_time(deadline - timedelta(seconds=1)):
        response = submit(client, url_of(scene.challenge), form_data(scene.challenge))
    assert response.status_code == 302
    with freeze_time(deadline):
        response = submit(client, url_of(scene.challenge), form_data(
            scene.challenge, details="Typed just too late"),
            page=f"/challenges/{scene.challenge.id}/solutions/{stored_solution(scene).id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "The deadline for solutions passed on" in page
    local = deadline.astimezone(ZoneInfo("Europe/Stockholm"))
    assert local.strftime("%-d %B %Y, %H:%M") in page and "UTC" not in page
    assert "Typed just too late" in page  # nothing typed is lost
    solution = stored_solution(scene)
    assert solution.details == "Our *mesh* uses LoRaWAN gateways."
    assert solution.state == SolutionState.SUBMITTED and len(solution.versions) == 1


def test_after_the_deadline_a_draft_is_kept_and_cannot_be_changed(client, login, scene):
    deadline = deadline_scene(scene)
    login(scene.alice)
    submit(client, url_of(scene.challenge), form_data(scene.challenge, "save"))
    solution = stored_solution(scene)
    show = f"/challenges/{scene.challenge.id}/solutions/{solution.id}"
    with freeze_time(deadline + timedelta(seconds=5)):
        assert client.get(url_of(scene.challenge)).headers["Location"].endswith(show)
        response = submit(client, url_of(scene.challenge),
                          form_data(scene.challenge, "save", title="Late title"), page=show)
        assert response.status_code == 409 and "Late title" in response.get_data(as_text=True)
        response = submit(client, f"{show}/delete", page=show)
        assert response.status_code == 403
    solution = stored_solution(scene)
    assert solution.state == SolutionState.DRAFT
    assert solution.title == "Sensor mesh for school buildings"


def test_withdrawal_after_the_deadline_is_refused(client, login, scene):
    deadline = deadline_scene(scene)
    login(scene.alice)
    submit(client, url_of(scene.challenge), form_data(scene.challenge))
    solution = stored_solution(scene)
    show = f"/challenges/{scene.challenge.id}/solutions/{solution.id}"
    with freeze_time(deadline):
        page = client.get(show).get_data(as_text=True)
        assert "Withdraw the solution" not in page
        assert submit(client, f"{show}/withdraw", page=show).status_code == 403
    with pytest.raises(DomainError, match="deadline"), freeze_time(deadline):
        services.withdraw_solution(solution, scene.alice)
    assert stored_solution(scene).state == SolutionState.SUBMITTED


def test_one_solution_per_organisation(client, login, scene):
    make_solution(scene.challenge, scene.supplier, scene.alice, submit=False)
    with pytest.raises(DomainError, match="already has a solution"):
        services.start_solution(scene.challenge, scene.supplier, scene.bob)
    with pytest.raises(Exception), db.session.begin_nested():  # noqa: B017 - the constraint
        db.session.add(Solution(challenge=scene.challenge, organisation=scene.supplier))
        db.session.flush()
    other = make_supplier()
    make_solution(scene.challenge, other)  # other organisations answer on their own
    assert services.submitted_count(scene.challenge) == 1


def test_a_form_opened_before_a_colleague_saved_does_not_overwrite(client, login, scene):
    login(scene.alice)
    data = form_data(scene.challenge, "save", details="Alice's version", version="0")
    make_solution(scene.challenge, scene.supplier, scene.bob, submit=False,
                  details="Bob's version")
    db.session.commit()
    response = submit(client, url_of(scene.challenge), data)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else in your organisation changed this solution" in page
    assert "Alice&#39;s version" in page
    assert stored_solution(scene).details == "Bob's version"
    solution = stored_solution(scene)
    response = submit(client, url_of(scene.challenge), {**data, "version": solution.version})
    assert response.status_code == 302  # saving again, knowingly, overwrites
    assert stored_solution(scene).details == "Alice's version"


def test_a_member_of_several_suppliers_chooses_which_one_answers(client, login, scene):
    second = make_supplier(admin=scene.alice, name="Andra Bolaget AB")
    make_solution(scene.challenge, second, scene.alice, submit=False)
    login(scene.alice)
    page = client.get(url_of(scene.challenge)).get_data(as_text=True)
    assert "Which organisation is answering?" in page
    assert "Sensorbolaget AB" in page and "Andra Bolaget AB" in page
    assert "Draft" in page
    page = client.get(url_of(scene.challenge, scene.supplier)).get_data(as_text=True)
    assert "Sensorbolaget AB" in page and "Your solution" in page
    response = submit(client, url_of(scene.challenge, scene.supplier), form_data(scene.challenge))
    assert response.status_code == 302
    assert stored_solution(scene).state == SolutionState.SUBMITTED
    stranger = make_supplier()
    assert client.get(url_of(scene.challenge, stranger)).status_code == 403


@pytest.mark.parametrize("kind, allowed", [
    (OrganisationKind.SUPPLIER, True),
    (OrganisationKind.ACADEMIA, True),
    (OrganisationKind.INTERMEDIARY, False),
    (OrganisationKind.CONTRACTING_AUTHORITY, False),
    (OrganisationKind.OTHER, False),
])
def test_who_may_answer_a_challenge(client, login, scene, kind, allowed):
    user = make_user()
    make_organisation(kind, admin=user)
    login(user)
    response = client.get(url_of(scene.challenge))
    assert response.status_code == (200 if allowed else 403)
    if not allowed:
        assert "Answering needs a supplier organisation" in response.get_data(as_text=True)
        assert submit(client, url_of(scene.challenge), form_data(scene.challenge),
                      page="/auth/logout").status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, scene):
    response = client.get(url_of(scene.challenge))
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize("state", [ChallengeState.DRAFT, ChallengeState.IN_REVIEW])
def test_unpublished_challenges_do_not_exist_for_suppliers(client, login, scene, state):
    scene.challenge.state = state
    db.session.flush()
    login(scene.alice)
    assert client.get(url_of(scene.challenge)).status_code == 404


@pytest.mark.parametrize("state", [ChallengeState.CLOSED, ChallengeState.WITHDRAWN])
def test_closed_challenges_take_no_new_solutions(client, login, scene, state):
    scene.challenge.state = state
    db.session.flush()
    login(scene.alice)
    response = client.get(url_of(scene.challenge))
    assert response.status_code == 409
    assert "does not accept solutions" in response.get_data(as_text=True)


def test_a_paused_challenge_keeps_drafts_but_refuses_submissions(client, login, scene):
    scene.challenge.is_paused = True
    db.session.flush()
    login(scene.alice)
    response = submit(client, url_of(scene.challenge), form_data(scene.challenge))
    assert response.status_code == 409 and "paused" in response.get_data(as_text=True)
    assert submit(client, url_of(scene.challenge),
                  form_data(scene.challenge, "save")).status_code == 302
    assert stored_solution(scene).state == SolutionState.DRAFT


def test_files_are_checked_kept_with_the_solution_and_removable(client, login, scene):
    login(scene.alice)
    data = form_data(scene.challenge, "save", attachments=(io.BytesIO(PDF), "offer.pdf"))
    assert submit(client, url_of(scene.challenge), data).status_code == 302
    (attachment,) = services.attachments_of(stored_solution(scene))
    assert attachment.filename == "offer.pdf"
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    response = submit(client, url_of(scene.challenge), form_data(scene.challenge))
    assert response.status_code == 302
    version = stored_solution(scene).versions[-1]
    assert version.content["attachments"] == [{
        "filename": "offer.pdf", "content_type": "application/pdf",
        "size_bytes": len(PDF), "sha256": hashlib.sha256(PDF).hexdigest()}]
    response = submit(client, url_of(scene.challenge),
                      form_data(scene.challenge, remove_attachments=[str(attachment.id)]))
    assert response.status_code == 302
    assert services.attachments_of(stored_solution(scene)) == []
    assert stored_solution(scene).versions[-1].content["attachments"] == []


@pytest.mark.parametrize("data, name", [
    (b"<script>alert('x')</script>", "offer.pdf"),
    (b"MZ\x90\x00 executable", "budget.xlsx"),
    (PDF, "run.exe"),
])
def test_disguised_attachments_are_refused_and_nothing_typed_is_lost(
        client, login, scene, data, name):
    login(scene.alice)
    response = submit(client, url_of(scene.challenge), form_data(
        scene.challenge, attachments=(io.BytesIO(data), name), details="Keep me"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "is not an accepted file" in page and "Keep me" in page
    assert stored_solution(scene) is None
    assert db.session.scalar(db.select(db.func.count(Attachment.id)).filter_by(
        owner_type="solution")) == 0


def test_too_many_attachments_are_refused(client, login, scene):
    login(scene.alice)
    files = [(io.BytesIO(PDF), f"part{n}.pdf") for n in range(services.MAX_ATTACHMENTS + 1)]
    response = submit(client, url_of(scene.challenge),
                      form_data(scene.challenge, "save", attachments=files))
    assert response.status_code == 422
    assert "at most 10 attachments" in response.get_data(as_text=True)


def test_consent_to_show_the_summary_can_be_changed_at_any_time(client, login, scene):
    solution = make_solution(scene.challenge, scene.supplier, scene.alice)
    scene.challenge.state = ChallengeState.DECIDED
    db.session.commit()
    login(scene.bob)
    show = f"/challenges/{scene.challenge.id}/solutions/{solution.id}"
    assert submit(client, f"{show}/consent", {"consent": "y"}, page=show).status_code == 302
    assert stored_solution(scene).summary_public_after_decision is True
    assert submit(client, f"{show}/consent", {}, page=show).status_code == 302
    assert stored_solution(scene).summary_public_after_decision is False


def test_swedish_pages_and_receipt(client, login, scene, deliver):
    scene.alice.locale = "sv"
    db.session.flush()
    login(scene.alice)
    page = client.get(url_of(scene.challenge)).get_data(as_text=True)
    assert "Din lösning" in page and "Teknisk mognadsgrad" in page
    submit(client, url_of(scene.challenge), form_data(scene.challenge))
    (receipt,) = deliver().to("alice@sensor.example")
    assert "Kvitto" in receipt["Subject"]


def test_a_save_racing_a_colleagues_save_is_refused_not_lost(scene):
    solution = make_solution(scene.challenge, scene.supplier, scene.alice, submit=False)
    db.session.execute(db.update(Solution).where(Solution.id == solution.id).values(
        details="Saved by Bob a moment ago", version=Solution.version + 1),
        execution_options={"synchronize_session": False})  # Alice's copy is now stale
    db.session.commit()
    with pytest.raises(DomainError, match="while you were editing") as error:
        services.save_draft(solution, scene.alice, services.SolutionInput(details="Alice's"))
    assert error.value.status == 409
    db.session.rollback()
    assert stored_solution(scene).details == "Saved by Bob a moment ago"


def test_markdown_from_suppliers_is_sanitised_on_the_solution_page(client, login, scene):
    login(scene.alice)
    hostile = "<script>alert(1)</script> [click](javascript:alert(2)) <img src=x onerror=y> **ok**"
    submit(client, url_of(scene.challenge), form_data(
        scene.challenge, details=hostile, references=hostile, price_model=hostile,
        ip_statement=hostile))
    solution = stored_solution(scene)
    page = client.get(f"/challenges/{scene.challenge.id}/solutions/{solution.id}")
    html = page.get_data(as_text=True)
    assert "<strong>ok</strong>" in html
    assert "<script>alert" not in html and 'href="javascript' not in html
    assert "<img" not in html and "&lt;script&gt;" in html  # shown as text, harmless
