"""Challenges from the public's and suppliers' side: the list, feed and calendar, questions
and answers, notifications, sanitised text, files, the CPV list and both languages."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ElementTree
from datetime import timedelta

import pytest

from app.attachments import services as attachment_services
from app.challenges import cpv
from app.challenges.models import (
    Challenge,
    ChallengeKind,
    ChallengeSector,
    ChallengeState,
    Clarification,
    CpvCode,
)
from app.core.dates import local_input_value as local_input
from app.core.db import utcnow
from app.extensions import db
from app.solutions.models import SolutionState
from tests.conftest import log_in, submit
from tests.factories import (
    make_authority,
    make_challenge,
    make_organisation,
    make_solution_record,
    make_user,
)
from tests.smtp_sink import text_of

S = ChallengeState
ATOM = "{http://www.w3.org/2005/Atom}"
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def cpv_list(app):
    cpv.ensure_seeded()


@pytest.fixture
def buyer():
    user = make_user()
    make_authority(admin=user, region="SE110")
    db.session.commit()
    return user


def _owned(buyer_user, **extra) -> Challenge:
    return make_challenge(owner=buyer_user.memberships[0].organisation, **extra)


# --- the list ---

def test_list_shows_only_public_challenges_with_filters_and_counts(client, buyer):
    need = _owned(buyer, kind=ChallengeKind.NEED, title="Behov av sensorer", region="SE110")
    need.sector_links.append(ChallengeSector(sector="health"))
    _owned(buyer, title="Tävling om avfall", region="SE232")
    _owned(buyer, title="Stängd tävling", state=S.CLOSED)
    _owned(buyer, title="Hemligt utkast", state=S.DRAFT)
    _owned(buyer, title="Granskas", state=S.IN_REVIEW)
    db.session.commit()
    page = client.get("/challenges/?status=all").get_data(as_text=True)
    assert "3 challenges found" in page
    assert "Hemligt utkast" not in page and "Granskas" not in page
    assert "Needs (1)" in page and "Challenges (2)" in page
    needs = client.get("/challenges/?status=all&kind=need").get_data(as_text=True)
    assert "1 challenge found" in needs and "Behov av sensorer" in needs
    assert "Tävling om avfall" not in needs
    assert "Behov av sensorer" in client.get("/challenges/?sector=health").get_data(as_text=True)
    by_region = client.get("/challenges/?region=SE232").get_data(as_text=True)
    assert "Tävling om avfall" in by_region and "Behov av sensorer" not in by_region
    open_only = client.get("/challenges/?status=open").get_data(as_text=True)
    assert "Stängd tävling" not in open_only and "2 challenges found" in open_only
    assert "Closed (1)" in open_only  # counts for the other statuses stay visible
    assert "Challenges (1)" in open_only and "Needs (1)" in open_only  # kinds of open ones
    assert "Closed (0)" in needs and "Challenges (2)" in needs  # statuses of needs only
    unknown = client.get("/challenges/?kind=bogus&status=x&buyer=abc&sort=evil")
    assert unknown.status_code == 200 and "2 challenges found" in unknown.get_data(as_text=True)


def test_deadline_soon_buyer_sorting_and_pagination(client, buyer):
    other = make_authority(admin=make_user(), name="Annan kommun")
    soon = _owned(buyer, title="Snart slut", deadline_in=timedelta(days=3))
    _owned(buyer, title="Långt kvar", deadline_in=timedelta(days=60))
    make_challenge(owner=other, title="Annans behov", deadline_in=timedelta(days=10))
    db.session.commit()
    soon_page = client.get("/challenges/?deadline=soon").get_data(as_text=True)
    assert "Snart slut" in soon_page and "Annans behov" in soon_page
    assert "Långt kvar" not in soon_page
    buyer_page = client.get(f"/challenges/?buyer={other.id}").get_data(as_text=True)
    assert "Annans behov" in buyer_page and "Snart slut" not in buyer_page
    by_deadline = client.get("/challenges/?sort=deadline").get_data(as_text=True)
    assert by_deadline.index("Snart slut") < by_deadline.index("Annans behov") < (
        by_deadline.index("Långt kvar"))
    for number in range(22):
        _owned(buyer, title=f"Fler {number}")
    db.session.commit()
    first = client.get("/challenges/").get_data(as_text=True)
    assert "25 challenges found" in first and 'rel="next"' in first
    second = client.get("/challenges/?page=2").get_data(as_text=True)
    assert second.count('class="arena-card"') == 5
    by_title = client.get("/challenges/?sort=title").get_data(as_text=True)
    assert by_title.index("Annans behov") < by_title.index("Fler 0")
    assert soon.title in client.get("/challenges/?page=2&sort=title").get_data(as_text=True)


def test_slug_addresses_work_and_wrong_slugs_redirect(client, buyer):
    challenge = _owned(buyer, title="Smart hemtjänst i Åre")
    db.session.commit()
    assert client.get(f"/challenges/{challenge.id}-smart-hemtjanst-i-are").status_code == 200
    wrong = client.get(f"/challenges/{challenge.id}-old-title")
    assert wrong.status_code == 301
    assert wrong.location.endswith(f"/challenges/{challenge.id}-smart-hemtjanst-i-are")
    assert client.get("/challenges/999999").status_code == 404


# --- feed and calendar ---

def test_atom_feed_is_valid_and_lists_only_published(client, buyer):
    _owned(buyer, title="Nytt & spännande <behov>")
    _owned(buyer, title="Hemligt utkast", state=S.DRAFT)
    db.session.commit()
    response = client.get("/challenges/feed.atom")
    assert response.mimetype == "application/atom+xml"
    root = ElementTree.fromstring(response.data)
    assert root.tag == f"{ATOM}feed"
    titles = [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]
    assert titles == ["Nytt & spännande <behov>"]
    entry = next(root.iter(f"{ATOM}entry"))
    assert entry.findtext(f"{ATOM}id").startswith("http://arena.test/challenges/")
    assert entry.findtext(f"{ATOM}updated").endswith("Z")
    assert entry.find(f"{ATOM}link").get("href").startswith("http://arena.test/challenges/")


def test_calendar_has_utc_events_for_the_deadlines(client, buyer):
    challenge = _owned(buyer, title="Kalender, test; med tecken")
    db.session.commit()
    response = client.get(f"/challenges/{challenge.id}/calendar.ics")
    assert response.mimetype == "text/calendar"
    text = response.get_data(as_text=True)
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    lines = text.split("\r\n")
    assert lines.count("BEGIN:VEVENT") == 3 and lines.count("END:VEVENT") == 3  # published too
    starts = [line for line in lines if line.startswith("DTSTART:")]
    expected = challenge.submission_deadline_at.strftime("DTSTART:%Y%m%dT%H%M%SZ")
    assert expected in starts and all(line.endswith("Z") for line in starts)
    assert "Kalender\\, test\\; med tecken" in text
    assert all(len(line.encode()) <= 75 for line in lines)


# --- questions and answers ---

def test_question_is_private_until_answered_then_public_and_anonymous(app, client, buyer,
                                                                      deliver):
    challenge = _owned(buyer)
    asker = make_user(name="Sara Frågvis")
    make_organisation(admin=asker, name="Frågeföretaget AB")
    other_supplier = make_user()
    db.session.commit()
    log_in(client, asker)
    page = f"/challenges/{challenge.id}"
    response = submit(client, f"{page}/questions", {"question": "Får man använda öppen källkod?"},
                      page=page)
    assert response.status_code == 302
    assert "Får man använda öppen källkod?" in client.get(page).get_data(as_text=True)
    (to_buyer,) = deliver().to(buyer.email)
    assert "New question" in to_buyer["Subject"]
    assert "öppen källkod" not in text_of(to_buyer)

    other = app.test_client()
    log_in(other, other_supplier)
    assert "öppen källkod" not in other.get(page).get_data(as_text=True)
    assert "öppen källkod" not in app.test_client().get(page).get_data(as_text=True)

    owner = app.test_client()
    log_in(owner, buyer)
    clarification = db.session.scalar(db.select(Clarification).filter_by(
        challenge_id=challenge.id))
    assert "öppen källkod" in owner.get(page).get_data(as_text=True)
    assert "Sara" not in owner.get(page).get_data(as_text=True)
    answer_url = f"{page}/questions/{clarification.id}/answer"
    answered = submit(owner, answer_url, {f"q{clarification.id}-answer": "Ja, det går bra."},
                      page=page)
    assert answered.status_code == 302
    for viewer in (app.test_client(), other):
        public = viewer.get(page).get_data(as_text=True)
        assert "Får man använda öppen källkod?" in public and "Ja, det går bra." in public
        assert "Sara" not in public and "Frågeföretaget" not in public
    again = submit(owner, answer_url, {f"q{clarification.id}-answer": "Igen"}, page=page)
    assert again.status_code == 409


def test_questions_after_the_question_deadline_or_by_buyers_are_refused(client, buyer):
    late = _owned(buyer, question_deadline_at=utcnow() - timedelta(hours=1))
    supplier = make_user()
    db.session.commit()
    log_in(client, supplier)
    page = f"/challenges/{late.id}"
    assert "The deadline for questions has passed." in client.get(page).get_data(as_text=True)
    response = submit(client, f"{page}/questions", {"question": "Hinner jag?"},
                      page="/organisations/new")
    assert response.status_code == 409
    assert "deadline for questions has passed" in response.get_data(as_text=True)
    empty = submit(client, f"/challenges/{_owned(buyer).id}/questions", {"question": ""},
                   page="/organisations/new")
    assert empty.status_code == 422


def test_clarification_and_extension_reach_followers_and_solution_teams(app, client, buyer,
                                                                        deliver):
    challenge = _owned(buyer)
    follower = make_user(email="follower@example.org")
    drafting = make_user(email="drafting@example.org")
    submitted = make_user(email="submitted@example.org")
    withdrawn = make_user(email="withdrawn@example.org")
    make_solution_record(challenge, make_organisation(admin=drafting))
    make_solution_record(challenge, make_organisation(admin=submitted),
                         state=SolutionState.SUBMITTED)
    make_solution_record(challenge, make_organisation(admin=withdrawn),
                         state=SolutionState.WITHDRAWN)
    db.session.commit()
    fan = app.test_client()
    log_in(fan, follower)
    page = f"/challenges/{challenge.id}"
    submit(fan, f"{page}/follow", {}, page=page)
    log_in(client, buyer)
    submit(client, f"{page}/clarifications", {"subject": "Om gränssnitt",
                                              "text": "API:et är REST."}, page=page)
    sink = deliver()
    told = {m["To"] for m in sink.messages}
    assert {"follower@example.org", "drafting@example.org", "submitted@example.org"} <= told
    assert "withdrawn@example.org" not in told
    assert "API:et är REST." in app.test_client().get(page).get_data(as_text=True)
    sink.messages.clear()

    extend = f"{page}/extend"
    new = local_input(challenge.submission_deadline_at + timedelta(days=14))
    response = submit(client, extend, {"submission_deadline": new, "note": "Mer tid."})
    assert response.status_code == 302
    sink = deliver()
    assert {"follower@example.org", "drafting@example.org"} <= {m["To"] for m in sink.messages}
    assert "Mer tid." in text_of(sink.to("follower@example.org")[0])
    assert "Deadline for submissions" in client.get(page).get_data(as_text=True)
    assert "Changes since publication" in client.get(page).get_data(as_text=True)


def test_solution_count_shows_submitted_ones_only(client, buyer):
    challenge = _owned(buyer)
    make_solution_record(challenge, state=SolutionState.SUBMITTED, details="HEMLIG DETALJ")
    make_solution_record(challenge, state=SolutionState.SUBMITTED)
    make_solution_record(challenge)
    db.session.commit()
    page = client.get(f"/challenges/{challenge.id}").get_data(as_text=True)
    assert "Solutions received" in page
    assert page.split("Solutions received")[1].split("</dd>")[0].strip().endswith(">2")
    assert "HEMLIG DETALJ" not in page


def test_phase_timeline_marks_the_current_phase(client, buyer):
    closed = _owned(buyer, state=S.CLOSED)
    db.session.commit()
    page = client.get(f"/challenges/{closed.id}").get_data(as_text=True)
    current = page.split('aria-current="step"')[1].split("</li>")[0]
    assert "Evaluation" in current
    assert page.count(">Done<") == 3


# --- sanitised text ---

def test_markdown_from_buyers_is_sanitised(client, buyer):
    challenge = _owned(buyer, problem_statement=(
        "**Viktigt** <script>alert('x')</script>\n\n<img src=x onerror=alert(1)>\n\n"
        "[länk](javascript:alert(1))"))
    challenge.clarifications.append(Clarification(
        question="<script>alert(2)</script>", answer="<b onmouseover=alert(3)>svar</b>",
        published_at=utcnow()))
    db.session.commit()
    page = client.get(f"/challenges/{challenge.id}").get_data(as_text=True)
    assert "<strong>Viktigt</strong>" in page
    # the only picture is the challenge's own cover, never one from the buyer's text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert re.findall(r"<img\b", page) == ["<img"] and 'class="arena-cover' in page
    assert not re.search(r"<[^>]*\bon(error|mouseover)=", page)
    assert 'href="javascript:' not in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page  # shown as text, harmless


# --- files ---

def _upload(client, challenge, data: bytes, name: str):
    page = f"/challenges/{challenge.id}/edit"
    return submit(client, f"/challenges/{challenge.id}/attachments",
                  {"file": (io.BytesIO(data), name)}, page=page,
                  content_type="multipart/form-data")


def test_draft_files_only_for_owners_and_admins_then_public(app, client, buyer):
    challenge = _owned(buyer, state=S.DRAFT)
    admin = make_user(is_admin=True)
    db.session.commit()
    log_in(client, buyer)
    assert _upload(client, challenge, PDF, "kravbilaga.pdf").status_code == 302
    (attachment,) = attachment_services.attachments_of("challenge", challenge.id)
    url = f"/attachments/{attachment.id}/kravbilaga.pdf"
    assert client.get(url).data == PDF
    outsider = app.test_client()
    log_in(outsider, make_user())
    assert outsider.get(url).status_code == 404
    assert app.test_client().get(url).status_code == 404
    staff = app.test_client()
    log_in(staff, admin)
    assert staff.get(url).status_code == 200
    challenge.state = S.PUBLISHED
    db.session.commit()
    assert app.test_client().get(url).data == PDF


def test_disguised_and_oversized_files_are_refused(client, buyer):
    challenge = _owned(buyer, state=S.DRAFT)
    db.session.commit()
    log_in(client, buyer)
    disguised = _upload(client, challenge, b"<script>alert(1)</script>", "plan.pdf")
    assert disguised.status_code == 422
    assert "not an accepted file" in disguised.get_data(as_text=True)
    too_many_bytes = client.application.config["UPLOAD_MAX_BYTES"]
    big = _upload(client, challenge, PDF + b"0" * too_many_bytes, "stor.pdf")
    assert big.status_code == 413
    assert attachment_services.attachments_of("challenge", challenge.id) == []


def test_published_file_changes_are_logged_and_others_cannot_upload(app, client, buyer):
    challenge = _owned(buyer)
    db.session.commit()
    log_in(client, buyer)
    assert _upload(client, challenge, PDF, "bilaga.pdf").status_code == 302
    db.session.expire_all()
    assert challenge.changes[-1].fields == ["attachments"]
    stranger = app.test_client()
    log_in(stranger, make_user())
    refused = submit(stranger, f"/challenges/{challenge.id}/attachments",
                     {"file": (io.BytesIO(PDF), "x.pdf")}, page="/organisations/new",
                     content_type="multipart/form-data")
    assert refused.status_code == 403


# --- the CPV list ---

def test_cpv_import_command_reads_the_official_xml_format(app, tmp_path):
    path = tmp_path / "cpv_2008.xml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<CPV_CODE>\n'
        '<CPV CODE="03000000-1"><TEXT LANG="BG">Селскостопански</TEXT>'
        '<TEXT LANG="EN">Agricultural, farming, fishing, forestry and related products</TEXT>'
        '<TEXT LANG="SV">Jordbruks-, odlings-, fiske- och skogsbruksprodukter</TEXT></CPV>\n'
        '<CPV CODE="03111100-3"><TEXT LANG="EN">Soya beans</TEXT>'
        '<TEXT LANG="SV">Sojabönor</TEXT></CPV>\n'
        '<CPV CODE="03111200-4"><TEXT LANG="EN">Peanuts</TEXT></CPV>\n</CPV_CODE>\n',
        encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["cpv", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "2 added, 1 updated" in result.output
    assert db.session.get(CpvCode, "03111100-3").name_sv == "Sojabönor"
    assert db.session.get(CpvCode, "03111200-4").name_sv == "Peanuts"
    assert db.session.get(CpvCode, "03000000-1").name_en.startswith("Agricultural")
    broken = tmp_path / "broken.xml"
    broken.write_text("<CPV_CODE><CPV", encoding="utf-8")
    failed = app.test_cli_runner().invoke(args=["cpv", "import", str(broken)])
    assert failed.exit_code != 0 and "not a valid CPV XML file" in failed.output


def test_seed_list_has_every_division_and_well_formed_codes():
    rows = cpv.read_seed()
    divisions = [r["code"] for r in rows if r["code"][2:8] == "000000"]
    assert len(divisions) == 45 and "90000000-7" in divisions and "48000000-8" in divisions
    assert len(rows) >= 190
    assert all(cpv.normalise_code(r["code"]) == r["code"] for r in rows)
    assert cpv.search("x") == []  # too short to search
    assert "85311100-3" in [c.code for c in cpv.search("äldre")]
    assert "85311100-3" in [c.code for c in cpv.search("elderly")]


# --- both languages ---

def test_challenge_page_and_emails_in_swedish(app, client, buyer, deliver):
    challenge = _owned(buyer, deadline_in=timedelta(days=12, hours=3))
    swede = make_user(locale="sv", email="svensk@example.org")
    db.session.commit()
    sv = {"Accept-Language": "sv"}
    page = client.get(f"/challenges/{challenge.id}", headers=sv).get_data(as_text=True)
    assert "12 dagar kvar" in page and "Immateriella rättigheter" in page
    assert "Frågor och svar" in page
    listing = client.get("/challenges/", headers=sv).get_data(as_text=True)
    assert "Utmaningar och behov" in listing
    english = client.get(f"/challenges/{challenge.id}").get_data(as_text=True)
    assert "12 days left" in english
    log_in(client, swede)
    page_url = f"/challenges/{challenge.id}"
    submit(client, f"{page_url}/follow", {}, page=page_url)
    owner = app.test_client()
    log_in(owner, buyer)
    submit(owner, f"{page_url}/clarifications", {"text": "Förtydligande."}, page=page_url)
    (mail,) = deliver().to("svensk@example.org")
    assert "Nytt svar" in mail["Subject"] and "Hej" in text_of(mail)


def test_demo_data_has_challenges_in_several_states(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    states = set(db.session.scalars(db.select(Challenge.state)))
    assert {S.DRAFT, S.IN_REVIEW, S.PUBLISHED, S.CLOSED, S.OUTCOME_RECORDED} <= states
    count = db.session.scalar(db.select(db.func.count(Challenge.id)))
    assert count >= 8
    assert db.session.scalar(db.select(db.func.count(Clarification.id))) >= 2
    runner.invoke(args=["demo", "load"])
    assert db.session.scalar(db.select(db.func.count(Challenge.id))) == count
