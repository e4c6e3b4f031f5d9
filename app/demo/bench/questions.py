"""Benchmark data for challenges: published questions and answers, and followers.

A step of `flask --app wsgi bench generate` (see `app.demo.bench.STEPS`), so the
challenge page is measured with its Q&A section filled in (0–8 answers per challenge).
"""

from __future__ import annotations

import random
from datetime import timedelta

from app.accounts.models import User
from app.challenges.models import PUBLIC_STATES, Challenge, ChallengeFollow, Clarification
from app.demo.bench.base import BATCH, SV_WORDS, insert, random_text
from app.extensions import db

MAX_ANSWERS = 8


def _clarification(rng: random.Random, challenge_id: int, published_at, asker: int) -> dict:
    when = published_at + timedelta(days=rng.randint(1, 10))
    return {"challenge_id": challenge_id, "asked_by_id": asker,
            "question": random_text(rng, SV_WORDS, 18).replace(".", "?"),
            "answer": random_text(rng, SV_WORDS, 40), "from_owner": False,
            "created_at": when, "published_at": when + timedelta(days=1)}


def generate_questions_and_followers(rng: random.Random) -> None:
    """Answered questions on public challenges, and a few followers each."""
    users = list(db.session.scalars(db.select(User.id).where(
        User.email.like("member%@bench.example"))))
    challenges = db.session.execute(db.select(Challenge.id, Challenge.published_at).where(
        Challenge.state.in_(PUBLIC_STATES), ~Challenge.clarifications.any(),
        Challenge.id.not_in(db.select(ChallengeFollow.challenge_id))).order_by(
        Challenge.id)).all()
    questions, follows = [], []
    for challenge_id, published_at in challenges:
        questions += [_clarification(rng, challenge_id, published_at, rng.choice(users))
                      for _ in range(rng.randint(0, MAX_ANSWERS))]
        follows += [{"challenge_id": challenge_id, "user_id": user_id}
                    for user_id in rng.sample(users, rng.randint(0, 5))]
    for offset in range(0, max(len(questions), len(follows)), BATCH):
        insert(Clarification, questions[offset:offset + BATCH])
        insert(ChallengeFollow, follows[offset:offset + BATCH])

