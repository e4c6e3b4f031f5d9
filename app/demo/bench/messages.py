"""Benchmark data for messages: 50 000 buyer ↔ supplier threads on submitted solutions,
one to a dozen messages each, and the read receipts.

A step of `flask --app wsgi bench generate` (see `app.demo.bench.STEPS`), so a thread and
a person's message list are measured with national figures (bench/pages.py).
"""

from __future__ import annotations

import random
from datetime import timedelta

from app.challenges.models import Challenge
from app.core.db import utcnow
from app.demo.bench.base import BATCH, SV_WORDS, insert, random_text
from app.extensions import db
from app.messages.models import Message, MessageThread, Side, ThreadReading
from app.solutions.models import Solution, SolutionState

THREADS = 50_000
MOST_MESSAGES = 12


def _solutions(rng: random.Random) -> list[tuple[int, int, int]]:
    """(solution, supplier, owner) for up to THREADS submitted solutions."""
    rows = list(db.session.execute(
        db.select(Solution.id, Solution.organisation_id, Challenge.owner_id)
        .join(Challenge, Challenge.id == Solution.challenge_id)
        .where(Solution.state == SolutionState.SUBMITTED).order_by(Solution.id)).tuples())
    return rng.sample(rows, min(THREADS, len(rows)))


def _messages(rng, thread_id, supplier_id, owner_id, start) -> list[dict]:
    count = min(MOST_MESSAGES, max(1, int(rng.expovariate(1 / 3))))
    rows = []
    for index in range(count):
        buyer = index % 2 == 0
        rows.append({"thread_id": thread_id, "side": Side.BUYER if buyer else Side.SUPPLIER,
                     "organisation_id": owner_id if buyer else supplier_id, "author_id": None,
                     "body": random_text(rng, SV_WORDS, rng.randint(10, 80)),
                     "created_at": start + timedelta(hours=6 * index)})
    return rows


def generate_message_threads(rng: random.Random) -> None:
    """Threads, their messages and, mostly, both organisations' read receipts."""
    if db.session.scalar(db.select(db.func.count(MessageThread.id))):
        return
    chosen = _solutions(rng)
    now = utcnow()
    starts = [now - timedelta(days=rng.randint(1, 400)) for _ in chosen]
    insert_threads = [{"solution_id": solution_id, "created_at": start,
                       "last_message_at": start, "message_count": 0}
                      for (solution_id, _s, _o), start in zip(chosen, starts, strict=True)]
    for offset in range(0, len(insert_threads), BATCH):
        insert(MessageThread, insert_threads[offset:offset + BATCH])
    ids = dict(list(db.session.execute(
        db.select(MessageThread.solution_id, MessageThread.id)).tuples()))
    messages, readings = [], []
    for (solution_id, supplier_id, owner_id), start in zip(chosen, starts, strict=True):
        thread_id = ids[solution_id]
        messages += _messages(rng, thread_id, supplier_id, owner_id, start)
        last = messages[-1]["created_at"]
        for organisation_id in (supplier_id, owner_id):
            if rng.random() < 0.8:
                readings.append({"thread_id": thread_id, "organisation_id": organisation_id,
                                 "read_at": last + timedelta(hours=1)})
    for offset in range(0, max(len(messages), len(readings)), BATCH):
        insert(Message, messages[offset:offset + BATCH])
        insert(ThreadReading, readings[offset:offset + BATCH])
    _totals()


def _totals() -> None:
    """Each thread's message count and latest message, from its messages."""
    totals = (db.select(Message.thread_id, db.func.count(Message.id).label("n"),
                        db.func.max(Message.created_at).label("last"))
              .group_by(Message.thread_id).subquery())
    db.session.execute(db.update(MessageThread).where(MessageThread.id == totals.c.thread_id)
                       .values(message_count=totals.c.n, last_message_at=totals.c.last))
