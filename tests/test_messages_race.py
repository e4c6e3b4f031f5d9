"""The buyer and the supplier write the first message of a conversation at the same
second: one thread, both messages, the count right, no error for either. And a thread
read while the worker writes: the page answers without waiting for SQLite's write lock,
and the read receipt follows once the page is sent.

Real parallel requests (threads, each its own browser and database connection) against a
database whose commits both can see: PostgreSQL when TEST_DATABASE_URL is set (as CI runs
it), SQLite otherwise. The unique solution id of a thread decides which request starts
it; the other writes into it.
"""

from __future__ import annotations

import sqlite3
import threading

import pytest
from sqlalchemy.engine import make_url

from app.challenges.models import ChallengeState
from app.extensions import db, limiter
from app.messages.models import Message, MessageThread, ThreadReading
from tests.conftest import csrf_from
from tests.factories import PASSWORD, make_authority, make_challenge, make_solution, make_user
from tests.test_reads_that_write import worker_holding_the_lock

ROUNDS = 4


def _world(app) -> list[tuple[int, list[str]]]:
    """ROUNDS submitted solutions without a conversation, with a buyer and a supplier."""
    rounds = []
    with app.app_context():
        for number in range(ROUNDS):
            buyer = make_user(email=f"buyer-{number}@race.example")
            supplier = make_user(email=f"supplier-{number}@race.example")
            challenge = make_challenge(owner=make_authority(admin=buyer))
            solution = make_solution(challenge, user=supplier)
            challenge.state = ChallengeState.CLOSED  # no equal-treatment question
            rounds.append((solution.id, [buyer.email, supplier.email]))
        db.session.commit()
    return rounds


def _ready(app, email: str, solution_id: int):
    browser = app.test_client()
    page = browser.get("/auth/login").get_data(as_text=True)
    response = browser.post("/auth/login", data={"csrf_token": csrf_from(page), "email": email,
                                                 "password": PASSWORD})
    assert response.status_code == 302
    page = browser.get(f"/messages/solutions/{solution_id}").get_data(as_text=True)
    return browser, csrf_from(page)


def _race(app, solution_id: int, emails: list[str]) -> list[int]:
    limiter.reset()
    prepared = [_ready(app, email, solution_id) for email in emails]
    barrier, statuses = threading.Barrier(len(prepared)), [0] * len(prepared)

    def go(index: int) -> None:
        browser, token = prepared[index]
        barrier.wait()
        statuses[index] = browser.post(f"/messages/solutions/{solution_id}", data={
            "csrf_token": token, "body": f"First words from {index}"}).status_code

    threads = [threading.Thread(target=go, args=(i,)) for i in range(len(prepared))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


def test_two_first_messages_at_once_make_one_thread_with_both(parallel_app):
    for solution_id, emails in _world(parallel_app):
        statuses = _race(parallel_app, solution_id, emails)
        assert statuses == [302, 302]
        with parallel_app.app_context():
            threads = db.session.scalars(db.select(MessageThread).filter_by(
                solution_id=solution_id)).all()
            assert len(threads) == 1
            messages = db.session.scalars(db.select(Message).filter_by(
                thread_id=threads[0].id)).all()
            assert sorted(m.body for m in messages) == ["First words from 0",
                                                        "First words from 1"]
            assert threads[0].message_count == 2
            readings = db.session.scalars(db.select(ThreadReading).filter_by(
                thread_id=threads[0].id)).all()
            assert len(readings) == 2  # one receipt per organisation


def test_a_thread_read_while_the_worker_writes_is_answered_and_the_receipt_follows(
        parallel_app, committed_database):
    url = make_url(committed_database)
    if url.get_backend_name() != "sqlite":
        pytest.skip("SQLite's single writer; PostgreSQL readers never wait for writers")
    solution_id, (buyer_email, supplier_email) = _world(parallel_app)[0]
    buyer, token = _ready(parallel_app, buyer_email, solution_id)
    address = f"/messages/solutions/{solution_id}"
    assert buyer.post(address, data={"csrf_token": token, "body": "Hello"}).status_code == 302
    supplier = _signed_in(parallel_app, supplier_email)
    with sqlite3.connect(url.database) as connection:  # what the worker writes into
        connection.execute("CREATE TABLE IF NOT EXISTS worker_writes (n INTEGER)")
    worker = worker_holding_the_lock(url.database, seconds=3)
    response = supplier.get(address, buffered=False)  # sent, not yet closed
    assert response.status_code == 200 and "Hello" in response.get_data(as_text=True)
    assert worker.is_alive()  # answered while the worker still held the lock
    response.close()  # the server has sent the page: the receipt waits for the lock now
    worker.join(10)
    assert "Read by" in buyer.get(address).get_data(as_text=True)


def _signed_in(app, email: str):
    browser = app.test_client()
    page = browser.get("/auth/login").get_data(as_text=True)
    assert browser.post("/auth/login", data={"csrf_token": csrf_from(page), "email": email,
                                             "password": PASSWORD}).status_code == 302
    return browser
