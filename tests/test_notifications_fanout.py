"""Large audiences: the request records the event, the worker tells everyone, once."""

from __future__ import annotations

import itertools
import os
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event

import config as settings
from app import create_app
from app.challenges.models import ChallengeFollow
from app.core.db import utcnow
from app.core.events import audience, notify_audience
from app.extensions import db
from app.notifications.delivery import deliver_due
from app.notifications.fanout import decode, encode, expand_batch, expand_pending
from app.notifications.models import Notification, NotificationFanout, OutboxMessage
from tests.conftest import csrf_from, log_in, submit
from tests.factories import make_authority, make_challenge, make_supplier, make_user
from tests.smtp_sink import text_of

SEQUENCE = itertools.count()


@pytest.fixture
def small_limit(app, monkeypatch):
    """Anything above three people goes through the worker."""
    monkeypatch.setitem(app.config, "NOTIFY_INLINE_LIMIT", 3)
    monkeypatch.setitem(app.config, "FANOUT_BATCH_SIZE", 4)


def challenge_with_followers(count: int):
    owner = make_user(name="Olle Owner")
    challenge = make_challenge(owner=make_authority(admin=owner), title="Snow robots")
    followers = [make_user(email=f"follower{next(SEQUENCE)}@fans.example",
                           locale="sv" if n % 2 else "en") for n in range(count)]
    for person in followers:
        db.session.add(ChallengeFollow(user_id=person.id, challenge_id=challenge.id))
    db.session.commit()
    return owner, challenge, followers


def publish_clarification(client, login, owner, challenge):
    login(owner)
    page = f"/challenges/{challenge.id}"
    response = submit(client, f"{page}/clarifications",
                      {"text": "Deliveries may come in stages."}, page=page)
    assert response.status_code == 302
    return response


def test_a_large_audience_is_told_by_the_worker_each_person_once(
        client, login, small_limit, mailbox):
    owner, challenge, followers = challenge_with_followers(10)
    publish_clarification(client, login, owner, challenge)
    db.session.expire_all()
    (fanout,) = db.session.scalars(db.select(NotificationFanout))
    assert fanout.event == "challenges/clarification_published" and fanout.done_at is None
    assert db.session.scalar(db.select(db.func.count(Notification.id)).where(
        Notification.user_id.in_([f.id for f in followers]))) == 0  # nothing yet

    report = expand_pending()
    assert (report.fanouts, report.recipients) == (1, 10)
    assert expand_pending().fanouts == 0  # done: never told twice
    deliver_due()
    for person in followers:
        (message,) = mailbox.to(person.email)
        assert "Snow robots" in message["Subject"]
        assert f"/challenges/{challenge.id}" in text_of(message)
        assert db.session.scalar(db.select(db.func.count(Notification.id)).filter_by(
            user_id=person.id)) == 1
    db.session.refresh(fanout)
    assert fanout.done_at is not None and fanout.recipients == 10


def test_small_audiences_are_still_told_at_once(client, login, mailbox):
    owner, challenge, followers = challenge_with_followers(2)
    publish_clarification(client, login, owner, challenge)
    assert db.session.scalar(db.select(db.func.count(NotificationFanout.id))) == 0
    deliver_due()
    assert all(len(mailbox.to(person.email)) == 1 for person in followers)


def _queries_for_publication(app, followers: int) -> int:
    owner, challenge, _ = challenge_with_followers(followers)
    client = app.test_client()
    log_in(client, owner)
    page = f"/challenges/{challenge.id}"
    token = csrf_from(client.get(page).get_data(as_text=True))
    statements = []

    def count(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = client.post(f"{page}/clarifications", data={"csrf_token": token,
                                                               "text": "Stages."})
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 302
    return len(statements)


def test_the_publication_request_costs_the_same_for_10_or_60_followers(app, small_limit):
    assert _queries_for_publication(app, 10) == _queries_for_publication(app, 60)


def test_an_interrupted_expansion_resumes_without_repeating_anyone(client, login, small_limit,
                                                                    mailbox):
    owner, challenge, followers = challenge_with_followers(10)
    publish_clarification(client, login, owner, challenge)
    fanout = db.session.scalar(db.select(NotificationFanout))
    # A worker claims it, tells one batch of four, and dies.
    fanout.claimed_by, fanout.claimed_until = "dead-worker", utcnow() + timedelta(minutes=5)
    db.session.commit()
    assert expand_batch(fanout.id, "dead-worker", 4) == 4
    assert expand_pending().fanouts == 0  # its claim still holds
    fanout.claimed_until = utcnow() - timedelta(seconds=1)  # five minutes later
    db.session.commit()
    assert expand_pending().recipients == 6  # the other six, not the first four again
    deliver_due()
    assert all(len(mailbox.to(person.email)) == 1 for person in followers)


def test_a_worker_that_lost_its_claim_cannot_move_the_progress(client, login, small_limit):
    owner, challenge, _followers = challenge_with_followers(10)
    publish_clarification(client, login, owner, challenge)
    fanout = db.session.scalar(db.select(NotificationFanout))
    fanout.claimed_by, fanout.claimed_until = "slow", utcnow() + timedelta(minutes=5)
    db.session.commit()
    fanout.claimed_by = "fast"  # took over after the slow worker's lease ran out
    db.session.commit()
    assert expand_batch(fanout.id, "slow", 4) is None
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(OutboxMessage.id)).where(
        OutboxMessage.to_address.like("%@fans.example"))) == 0


def test_a_fanout_whose_subject_was_deleted_is_dropped_with_a_reason(small_limit):
    _owner, challenge, _followers = challenge_with_followers(5)
    supplier = make_supplier()
    notify_audience("challenges/clarification_published",
                    audience("challenges/followers", challenge_id=challenge.id),
                    challenge=challenge, supplier=supplier)
    db.session.delete(supplier)
    db.session.commit()
    assert expand_pending().recipients == 0
    fanout = db.session.scalar(db.select(NotificationFanout))
    assert fanout.done_at is not None and "no longer exists" in fanout.error


def test_the_context_survives_the_trip_to_the_worker():
    challenge = make_challenge()
    when = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
    context = {"challenge": challenge, "when": when, "note": "Å", "count": 3,
               "items": [challenge, "x"], "extra": {"flag": True}}
    assert decode(encode(context)) == context
    with pytest.raises(TypeError):
        encode({"set": {1, 2}})


def test_the_worker_runs_the_fanout_job_before_delivering(app, client, login, small_limit,
                                                            mailbox):
    owner, challenge, followers = challenge_with_followers(6)
    publish_clarification(client, login, owner, challenge)
    result = app.test_cli_runner().invoke(args=["jobs", "run", "fanout", "outbox"])
    assert result.exit_code == 0, result.output
    assert "6 recipients told of 1 event(s)" in result.output
    assert all(len(mailbox.to(person.email)) == 1 for person in followers)


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
                    reason="several workers need PostgreSQL's row locks")
def test_two_workers_on_postgresql_tell_each_person_once(committed_database):
    """Real commits on a database of its own, two workers expanding at the same time."""
    other = create_app(type("TwoWorkers", (settings.TestConfig,), {
        "SQLALCHEMY_DATABASE_URI": committed_database, "FANOUT_BATCH_SIZE": 7}))
    with other.app_context():
        owner = make_user()
        challenge = make_challenge(owner=make_authority(admin=owner))
        for n in range(60):
            person = make_user(email=f"pair{n}@fans.example")
            db.session.add(ChallengeFollow(user_id=person.id, challenge_id=challenge.id))
        db.session.add(NotificationFanout(
            event="challenges/clarification_published", audience="challenges/followers",
            audience_args={"challenge_id": challenge.id}, context=encode({"challenge": challenge})))
        db.session.commit()
    barrier, reports, errors = threading.Barrier(2), [], []

    def worker():
        try:
            with other.app_context():
                barrier.wait()
                reports.append(expand_pending())
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    with other.app_context():
        addresses = list(db.session.scalars(db.select(OutboxMessage.to_address).where(
            OutboxMessage.to_address.like("pair%@fans.example"))))
        assert len(addresses) == 60 and len(set(addresses)) == 60
        assert sum(r.recipients for r in reports) == 60
        db.session.remove()
        db.engine.dispose()
