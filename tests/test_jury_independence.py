"""A competitor cannot sit on the jury: nobody from an organisation answering a challenge
judges it. Through the pages, as the people concerned, with the e-mails they get."""

from __future__ import annotations

from app.challenges.models import ChallengeState
from app.evaluation import scoring, services
from app.evaluation.models import JurorStatus, JuryMember, Score
from app.extensions import db
from app.organisations.models import JoinRequest
from app.organisations.services import decide_join_request, request_to_join
from tests.conftest import submit
from tests.factories import make_supplier, make_user
from tests.smtp_sink import text_of
from tests.test_evaluation import declare, make_scene, other_client, page, score
from tests.test_solutions import form_data
from tests.test_solutions import url_of as solution_form_url


def test_a_supplier_member_cannot_accept_a_seat_on_the_jury(app, client, login, deliver):
    scene = make_scene(solutions=0, jurors=0, state=ChallengeState.PUBLISHED)
    insider = make_user(name="Ivar Insider")
    supplier = make_supplier(admin=insider, name="Konkurrent AB")
    invitation = services.invite_juror(scene.challenge, scene.owner, insider.email)
    db.session.commit()
    login(insider)  # the organisation starts its answer after the invitation was sent
    draft = submit(client, solution_form_url(scene.challenge, supplier),
                   form_data(scene.challenge, "save"))
    assert draft.status_code == 302
    html = page(client, "/jury/")
    assert "Konkurrent AB, which you belong to, answers this challenge" in html
    assert "Join the jury" not in html
    response = client.post(f"/jury/seats/{invitation.id}/answer",
                           data={"csrf_token": _token(client), "answer": "accept"})
    assert response.status_code == 409
    assert "A juror must be independent of every supplier" in response.get_data(as_text=True)
    db.session.expire_all()
    assert invitation.status == JurorStatus.INVITED and invitation.user_id is None
    insider.locale = "sv"
    db.session.commit()
    swedish = client.post(f"/jury/seats/{invitation.id}/answer",
                          data={"csrf_token": _token(client), "answer": "accept"})
    assert "oberoende av alla leverantörer" in swedish.get_data(as_text=True)
    declined = client.post(f"/jury/seats/{invitation.id}/answer",
                           data={"csrf_token": _token(client), "answer": "decline"})
    assert declined.status_code == 302  # declining stays possible


def _token(client) -> str:
    from tests.conftest import csrf_from

    return csrf_from(client.get("/jury/").get_data(as_text=True))


def test_inviting_a_known_member_of_an_answering_supplier_is_refused(client, login):
    scene = make_scene(solutions=1, jurors=0, state=ChallengeState.PUBLISHED)
    insider = scene.solutions[0].organisation.memberships[0].user
    db.session.commit()
    login(scene.owner)
    response = submit(client, scene.url("jury"), {"email": insider.email})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "belongs to an organisation that answers this challenge" in html
    assert insider.email in html  # what was typed is kept
    assert db.session.scalar(db.select(JuryMember).filter_by(email=insider.email)) is None
    stranger = make_user()
    db.session.commit()
    assert submit(client, scene.url("jury"), {"email": stranger.email}).status_code == 302


def test_a_juror_whose_organisation_starts_a_solution_is_conflicted_with_all(
        app, client, login, deliver):
    scene = make_scene(solutions=2, jurors=1, state=ChallengeState.PUBLISHED, open_now=False)
    juror = scene.jurors[0]
    company = make_supplier(admin=juror, name="Jurorns Bolag AB")
    db.session.commit()
    deliver().messages.clear()
    login(juror)
    assert submit(client, solution_form_url(scene.challenge, company),
                  form_data(scene.challenge, "save")).status_code == 302
    told = deliver().to(scene.owner.email)
    assert [m["Subject"] for m in told] == [
        f"A juror of “{scene.challenge.title}” now has a conflict of interest"]
    assert "Juror Person 0" in text_of(told[0]) and "Jurorns Bolag" not in text_of(told[0])
    scene.challenge.state = ChallengeState.CLOSED
    db.session.commit()
    owner = other_client(app, scene.owner)
    assert submit(owner, scene.url("open"), {}, page=scene.url()).status_code == 302
    home = page(client, scene.jury_url())
    assert home.count("Yes: you do not score it") == 2
    for number in (1, 2):
        assert client.get(scene.jury_url(f"/solutions/{number}")).status_code == 403
    refused = submit(client, scene.jury_url("/conflicts"), {"conflict_1": "no"})
    assert refused.status_code == 422
    assert "conflict of interest with every solution" in refused.get_data(as_text=True)


def test_a_juror_who_joins_an_answering_supplier_loses_their_scores(app, client, login,
                                                                    deliver):
    scene = make_scene(solutions=2, jurors=2)
    seat, juror = scene.seats[0], scene.jurors[0]
    score(scene, seat, 1, (4, 7))
    declare(seat, scene.entry(2))
    db.session.commit()
    deliver().messages.clear()
    answering = scene.solutions[1].organisation
    admin = answering.memberships[0].user
    login(juror)
    submit(client, f"/organisations/{answering.id}/join", {"message": "I work here now"},
           page=f"/organisations/{answering.id}")
    join = db.session.scalar(db.select(JoinRequest).filter_by(user_id=juror.id))
    approver = other_client(app, admin)
    assert submit(approver, f"/organisations/{answering.id}/requests/{join.id}/approve", {},
                  page=f"/organisations/{answering.id}/members").status_code == 302
    db.session.expire_all()
    assert db.session.scalar(db.select(Score).filter_by(member_id=seat.id)) is None
    assert all(d.has_conflict for d in seat.declarations) and len(seat.declarations) == 2
    told = deliver().to(scene.owner.email)
    assert len(told) == 1 and "2 scores they had given were withdrawn" in text_of(told[0])
    assert client.get(scene.jury_url("/solutions/1")).status_code == 403
    assert seat not in scoring.results(scene.challenge)[0].counted


def test_a_decided_evaluation_is_left_as_it_was():
    scene = make_scene(solutions=1, jurors=1)
    seat = scene.seats[0]
    score(scene, seat, 1, (4, 7))
    scoring.submit_scores(seat, seat.user)
    services.evaluation_of(scene.challenge).decision_published_at = scene.challenge.created_at
    answering = scene.solutions[0].organisation
    decide_join_request(request_to_join(answering, scene.jurors[0]),
                        answering.memberships[0].user, True)
    assert db.session.scalar(db.select(Score).filter_by(member_id=seat.id)) is not None
