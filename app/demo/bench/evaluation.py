"""Benchmark data for the evaluation: juries, entries, declarations and scores.

A step of `flask --app wsgi bench generate` (see `app.demo.bench.STEPS`): every
judged challenge in evaluation gets the suggested criteria, an opened evaluation, three
accepted jurors from a pool of bench accounts, its submitted solutions as numbered
entries, conflict declarations (a few conflicts) and about half the score sheets filled in.
Bulk inserts, like the rest of the generator.
"""

from __future__ import annotations

import random
from datetime import timedelta

from app.accounts.models import User
from app.accounts.passwords import hash_password
from app.challenges.models import Challenge, ChallengeKind, ChallengeState
from app.core.db import utcnow
from app.demo.bench.base import BATCH, insert
from app.evaluation.models import (
    ConflictDeclaration,
    Criterion,
    Evaluation,
    EvaluationEntry,
    JurorStatus,
    JuryMember,
    Score,
)
from app.evaluation.services import DEFAULT_CRITERIA
from app.extensions import db
from app.solutions.models import Solution, SolutionState

JUROR_POOL = 200
JURORS_PER_CHALLENGE = 3
BENCH_PASSWORD = "arena-bench-2026"


def juror_email(number: int) -> str:
    """The address of a bench juror account (password `arena-bench-2026`)."""
    return f"juror{number}@bench.example"


def _juror_pool(rng: random.Random) -> list[tuple[int, str]]:
    existing = dict(db.session.execute(db.select(User.email, User.id).where(
        User.email.like("juror%@bench.example"))).all())
    password_hash = hash_password(BENCH_PASSWORD)
    insert(User, [{"email": juror_email(n), "name": f"Jurymedlem {n}", "password_hash":
                    password_hash, "locale": rng.choice(["sv", "en"]),
                    "email_verified_at": utcnow()}
                   for n in range(1, JUROR_POOL + 1) if juror_email(n) not in existing])
    rows = db.session.execute(db.select(User.id, User.email).where(
        User.email.like("juror%@bench.example")).order_by(User.id))
    return [(user_id, email) for user_id, email in rows]


def _challenges_to_evaluate() -> list[int]:
    already = db.select(Evaluation.challenge_id)
    return list(db.session.scalars(db.select(Challenge.id).where(
        Challenge.kind == ChallengeKind.CHALLENGE,
        Challenge.state == ChallengeState.IN_EVALUATION,
        Challenge.id.not_in(already)).order_by(Challenge.id)))


def _submitted_by_challenge(challenge_ids: list[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {cid: [] for cid in challenge_ids}
    for offset in range(0, len(challenge_ids), BATCH):
        rows = db.session.execute(db.select(Solution.challenge_id, Solution.id).where(
            Solution.challenge_id.in_(challenge_ids[offset:offset + BATCH]),
            Solution.state == SolutionState.SUBMITTED).order_by(Solution.id))
        for challenge_id, solution_id in rows:
            found[challenge_id].append(solution_id)
    return found


def _set_up(challenge_ids: list[int], pool, rng: random.Random) -> None:
    now = utcnow()
    insert(Evaluation, [{"challenge_id": cid, "anonymised": rng.random() < 0.3,
                          "jurors_see_each_other": False, "opened_at": now - timedelta(days=3),
                          "justification": "", "feedback_for_others": "",
                          "presentation_place": "", "presentation_booking_url": ""}
                         for cid in challenge_ids])
    insert(Criterion, [{"challenge_id": cid, "position": position, "name": str(name),
                         "description": str(description), "weight": weight,
                         "scale_min": 0, "scale_max": 5}
                        for cid in challenge_ids
                        for position, (name, description, weight) in enumerate(DEFAULT_CRITERIA)])
    insert(JuryMember, [{"challenge_id": cid, "email": email, "user_id": user_id,
                          "status": JurorStatus.ACCEPTED, "label_index": index,
                          "invited_at": now - timedelta(days=10),
                          "expires_at": now + timedelta(days=4),
                          "responded_at": now - timedelta(days=9)}
                         for cid in challenge_ids
                         for index, (user_id, email) in enumerate(
                             rng.sample(pool, JURORS_PER_CHALLENGE))])


def _sheets(challenge_id: int, solution_ids: list[int], members: list[int],
            criteria: list[int], rng: random.Random) -> tuple[list, list, list]:
    entries = [{"challenge_id": challenge_id, "solution_id": sid, "number": number}
               for number, sid in enumerate(solution_ids, start=1)]
    declarations, scores = [], []
    for member_id in members:
        for solution_id in solution_ids:
            conflict = rng.random() < 0.05
            declarations.append({"member_id": member_id, "solution_id": solution_id,
                                 "has_conflict": conflict, "note": "", "withdrawn_scores": 0})
            if conflict or rng.random() < 0.5:
                continue
            scores += [{"member_id": member_id, "solution_id": solution_id,
                        "criterion_id": criterion_id, "value": rng.randint(0, 5),
                        "comment": rng.choice(["", "Tydlig plan.", "Svag koppling till behovet."])}
                       for criterion_id in criteria]
    return entries, declarations, scores


def _ids_by_challenge(model, challenge_ids: list[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {cid: [] for cid in challenge_ids}
    for challenge_id, row_id in db.session.execute(db.select(model.challenge_id, model.id).where(
            model.challenge_id.in_(challenge_ids)).order_by(model.id)):
        found[challenge_id].append(row_id)
    return found


def generate_evaluations(rng: random.Random) -> None:
    """Open the evaluation of every judged challenge in evaluation, with jurors at work."""
    challenge_ids = _challenges_to_evaluate()
    pool = _juror_pool(rng)
    solutions = _submitted_by_challenge(challenge_ids)
    challenge_ids = [cid for cid in challenge_ids if solutions[cid]]
    for offset in range(0, len(challenge_ids), 200):
        chunk = challenge_ids[offset:offset + 200]
        _set_up(chunk, pool, rng)
        members = _ids_by_challenge(JuryMember, chunk)
        criteria = _ids_by_challenge(Criterion, chunk)
        rows: tuple[list, list, list] = ([], [], [])
        for cid in chunk:
            for bucket, made in zip(rows, _sheets(cid, solutions[cid], members[cid],
                                                  criteria[cid], rng), strict=True):
                bucket.extend(made)
        for model, made in zip((EvaluationEntry, ConflictDeclaration, Score), rows, strict=True):
            for start in range(0, len(made), BATCH):
                insert(model, made[start:start + BATCH])

