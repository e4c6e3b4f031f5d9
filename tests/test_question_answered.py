"""A supplier who asks a question is told the answer (issue 17): by e-mail and in the bell
when the buyer publishes it, without following the challenge; asking offers to follow,
and someone who asks and follows gets one e-mail about the answer, not two."""

from __future__ import annotations

import pytest

from app.challenges.models import Clarification
from app.extensions import db
from tests.conftest import log_in, submit
from tests.factories import make_authority, make_challenge, make_organisation, make_user
from tests.smtp_sink import text_of

QUESTION = "Får lösningen köras i kommunens eget datacenter?"
ANSWER = "Ja, både eget datacenter och svensk molntjänst går bra."


@pytest.fixture
def buyer():
    user = make_user(name="Britt Köpare", email="britt@kommun.example")
    make_authority(admin=user)
    db.session.commit()
    return user


@pytest.fixture
def challenge(buyer):
    owned = make_challenge(owner=buyer.memberships[0].organisation,
                           title="Digital nyckelhantering i hemtjänsten")
    db.session.commit()
    return owned


@pytest.fixture
def asker():
    user = make_user(name="Sara Frågvis", email="sara@leverantor.example")
    make_organisation(admin=user, name="Nyckelbolaget AB")
    db.session.commit()
    return user


def _page(challenge) -> str:
    return f"/challenges/{challenge.id}"


def _ask(app, asker, challenge, **extra):
    browser = app.test_client()
    log_in(browser, asker)
    response = submit(browser, f"{_page(challenge)}/questions", {"question": QUESTION, **extra},
                      page=_page(challenge))
    assert response.status_code == 302
    return browser


def _answer(app, buyer, challenge):
    owner = app.test_client()
    log_in(owner, buyer)
    clarification = db.session.scalar(db.select(Clarification).filter_by(
        challenge_id=challenge.id))
    response = submit(owner, f"{_page(challenge)}/questions/{clarification.id}/answer",
                      {f"q{clarification.id}-answer": ANSWER}, page=_page(challenge))
    assert response.status_code == 302


def test_the_asker_gets_the_answer_by_email_and_in_the_bell_without_following(
        app, buyer, challenge, asker, deliver):
    browser = _ask(app, asker, challenge)
    page = browser.get(_page(challenge)).get_data(as_text=True)
    assert "Also follow this challenge" in page  # offered, not chosen
    assert "You follow this challenge" not in page and ">Unfollow<" not in page
    deliver()  # the buyer's "new question"
    _answer(app, buyer, challenge)
    (mail,) = deliver().to(asker.email)
    assert "Your question has been answered" in mail["Subject"]
    body = text_of(mail)
    assert QUESTION in body and ANSWER in body
    assert f"/challenges/{challenge.id}" in body
    bell = browser.get("/notifications/").get_data(as_text=True)
    assert "The buyer has answered your question" in bell
    assert challenge.title in bell


def test_asking_can_follow_the_challenge_and_then_one_mail_comes_not_two(
        app, buyer, challenge, asker, deliver):
    browser = _ask(app, asker, challenge, follow="y")
    page = browser.get(_page(challenge)).get_data(as_text=True)
    assert "Also follow this challenge" not in page  # already following
    deliver()
    _answer(app, buyer, challenge)
    sink = deliver()
    (only,) = sink.to(asker.email)
    assert "Your question has been answered" in only["Subject"]


def test_other_followers_still_hear_of_the_new_answer(app, buyer, challenge, asker, deliver):
    fan = make_user(email="fan@example.org")
    db.session.commit()
    follower = app.test_client()
    log_in(follower, fan)
    submit(follower, f"{_page(challenge)}/follow", {}, page=_page(challenge))
    _ask(app, asker, challenge)
    deliver()
    _answer(app, buyer, challenge)
    sink = deliver()
    (to_fan,) = sink.to("fan@example.org")
    assert "New answer" in to_fan["Subject"]
    assert len(sink.to(asker.email)) == 1
