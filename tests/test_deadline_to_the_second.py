"""A passed deadline counts as closed everywhere, to the second, before the job runs.

The clock stands one second past the submission deadline and `close_deadlines` has not
run (the challenge is still stored as published): every change that the deadline ends
is refused by the server with the reason, and what the deadline starts (opening the
evaluation) works at once.
"""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from freezegun import freeze_time

from app.audit.models import AuditEvent
from app.challenges.models import ChallengeKind, ChallengeState, Clarification
from app.evaluation import services as evaluation
from app.evaluation.services import CriterionInput
from app.extensions import db
from tests.conftest import log_in, submit
from tests.factories import make_authority, make_challenge, make_solution, make_supplier, make_user
from tests.test_solutions import form_data
from tests.test_solutions import url_of as solution_form_url

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class Scene:
    """A published judged challenge, a supplier with a submitted solution and one drafting,
    an authority that could register interest and someone who could ask."""

    def __init__(self):
        self.owner = make_user()
        self.challenge = make_challenge(owner=make_authority(admin=self.owner),
                                        kind=ChallengeKind.CHALLENGE, title="Deadline test",
                                        question_deadline_at=None,  # questions until the end
                                        criteria=())
        evaluation.replace_criteria(self.challenge, self.owner,
                                    [CriterionInput("Fit", "", 100, 0, 5)])
        self.supplier_user = make_user()
        self.supplier = make_supplier(admin=self.supplier_user)
        self.solution = make_solution(self.challenge, self.supplier)
        self.drafter = make_user()
        self.drafting = make_supplier(admin=self.drafter)
        make_solution(self.challenge, self.drafting, submit=False)
        self.authority_user = make_user()
        self.authority = make_authority(admin=self.authority_user)
        self.asker = make_user()
        db.session.commit()

    @property
    def just_past(self):
        return freeze_time(self.challenge.submission_deadline_at + timedelta(seconds=1))

    def url(self, path: str = "") -> str:
        return f"/challenges/{self.challenge.id}{path}"


@pytest.fixture
def scene():
    return Scene()


def signed_in(app, user):
    client = app.test_client()
    log_in(client, user)
    return client


def still_stored_as_published(scene) -> None:
    db.session.expire_all()
    assert scene.challenge.state == ChallengeState.PUBLISHED


def test_the_owner_cannot_edit_the_challenge_or_its_files(app, scene):
    owner = signed_in(app, scene.owner)
    edit_page = owner.get(scene.url("/edit")).get_data(as_text=True)
    with scene.just_past:
        assert owner.get(scene.url("/edit")).status_code == 409
        response = owner.post(scene.url("/edit"), data={"csrf_token": _csrf(edit_page),
                                                        "title": "Changed after the deadline"})
        assert response.status_code == 409
        assert "deadline for solutions has passed" in response.get_data(as_text=True)
        upload = owner.post(scene.url("/attachments"), data={
            "csrf_token": _csrf(edit_page), "file": (io.BytesIO(PDF), "late.pdf")})
        assert upload.status_code == 409
        page = owner.get(scene.url()).get_data(as_text=True)
        assert "Edit the challenge and its files" not in page and ">Closed<" in page
    still_stored_as_published(scene)
    assert scene.challenge.title == "Deadline test"


def _csrf(html: str) -> str:
    from tests.conftest import csrf_from

    return csrf_from(html)


def test_suppliers_cannot_start_change_submit_or_withdraw(app, scene):
    supplier = signed_in(app, scene.supplier_user)
    drafter = signed_in(app, scene.drafter)
    newcomer_user = make_user()
    newcomer = make_supplier(admin=newcomer_user)
    db.session.commit()
    form_page = solution_form_url(scene.challenge, scene.drafting)
    token = _csrf(drafter.get(form_page).get_data(as_text=True))
    with scene.just_past:
        for action in ("save", "submit"):
            response = drafter.post(form_page, data={**form_data(scene.challenge, action),
                                                     "csrf_token": token})
            assert response.status_code == 409, action
            assert "The deadline for solutions passed" in response.get_data(as_text=True)
        withdraw = submit(supplier, scene.url(f"/solutions/{scene.solution.id}/withdraw"),
                          {}, page=scene.url(f"/solutions/{scene.solution.id}"))
        assert withdraw.status_code == 403  # can_withdraw_solution: the deadline passed
        started = signed_in(app, newcomer_user).get(
            solution_form_url(scene.challenge, newcomer))
        assert started.status_code == 409
    still_stored_as_published(scene)


def test_questions_and_interest_end_at_the_deadline(app, scene):
    asker = signed_in(app, scene.asker)
    authority = signed_in(app, scene.authority_user)
    token = _csrf(asker.get("/organisations/new").get_data(as_text=True))
    with scene.just_past:
        response = asker.post(scene.url("/questions"), data={
            "csrf_token": token, "question": "Is it still open?"})
        assert response.status_code == 409
        assert "questions can no longer be asked" in response.get_data(as_text=True)
        interest = submit(authority, scene.url("/interest"), {
            "organisation": str(scene.authority.id), "amount_sek": "100000",
            "contact_name": "K", "contact_email": "k@example.org", "time_frame": "2027"},
            page="/organisations/new")
        assert interest.status_code == 409
    assert db.session.scalar(db.select(Clarification).filter_by(
        question="Is it still open?")) is None
    still_stored_as_published(scene)


def test_the_owner_cannot_pause_or_extend_but_can_open_the_evaluation_at_once(app, scene):
    owner = signed_in(app, scene.owner)
    with scene.just_past:
        paused = submit(owner, scene.url("/pause"), {}, page=scene.url())
        assert paused.status_code == 409
        extended = submit(owner, scene.url("/extend"), {
            "submission_deadline": "2099-01-01 12:00", "question_deadline": "", "note": ""})
        assert extended.status_code == 409
        opened = submit(owner, scene.url("/evaluation/open"), {}, page=scene.url("/evaluation/"))
        assert opened.status_code == 302, opened.get_data(as_text=True)[:3000]
    db.session.expire_all()
    assert scene.challenge.state == ChallengeState.IN_EVALUATION
    actions = list(db.session.scalars(db.select(AuditEvent.action).where(
        AuditEvent.object_id == scene.challenge.id, AuditEvent.action.like("challenge.%"))
        .order_by(AuditEvent.id)))
    assert actions[-2:] == ["challenge.close", "challenge.start_evaluation"]


def test_one_second_before_the_deadlines_everything_is_still_open(app, scene):
    owner = signed_in(app, scene.owner)
    asker = signed_in(app, scene.asker)
    with freeze_time(scene.challenge.submission_deadline_at - timedelta(seconds=1)):
        assert submit(asker, scene.url("/questions"), {"question": "Still open?"},
                      page=scene.url()).status_code == 302
        assert owner.get(scene.url("/edit")).status_code == 200
        assert submit(owner, scene.url("/pause"), {}, page=scene.url()).status_code == 302
