"""The core of `bench generate`: organisations, accounts, challenges and solutions in bulk.

Inserts in bulk (Core executemany in batches) so that 20 000 challenges and 200 000
solutions take minutes, not hours. Never run it against a database you care about.
"""

from __future__ import annotations

import random
from datetime import timedelta

import click
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from app.accounts.models import User
from app.challenges import cpv
from app.challenges.models import (
    Challenge,
    ChallengeCpv,
    ChallengeKind,
    ChallengeRequirement,
    ChallengeSector,
    ChallengeState,
    CpvCode,
    IPTerms,
    ProcurementRoute,
)
from app.core.db import utcnow
from app.core.maintenance import refresh_statistics
from app.core.reference import REGIONS, SECTORS
from app.extensions import db
from app.organisations.models import (
    MemberRole,
    Membership,
    Organisation,
    OrganisationKind,
    SizeClass,
    VerificationStatus,
)
from app.organisations.orgnumber import luhn_ok
from app.solutions.models import Solution, SolutionState

BATCH = 2000
SV_NEEDS = [
    "minskat matsvinn i skolkök", "digital tillsyn i hemtjänsten", "fossilfria arbetsmaskiner",
    "cirkulära möbler för kontor", "smart avfallshantering", "läckagesökning i vattenledningar",
    "energieffektiv belysning i idrottshallar", "trygg nattbelysning på gång- och cykelvägar",
    "digitala besök i äldreomsorgen", "klimatsmarta byggmaterial", "halkbekämpning utan salt",
    "återbruk av byggmaterial", "sensorer för inomhusklimat i skolor", "laddinfrastruktur",
    "tillgängliga e-tjänster för medborgare", "upphandling av hyrcyklar", "kompostering",
]
EN_NEEDS = [
    "less food waste in school kitchens", "remote monitoring in home care",
    "fossil-free work machines", "circular office furniture", "smart waste collection",
    "leak detection in water mains", "efficient lighting in sports halls",
    "safe night lighting on cycle paths", "digital visits in elderly care",
    "climate-smart building materials", "salt-free winter road maintenance",
]
SV_WORDS = ("upphandling innovation behov leverantör lösning kommun region hållbar "
            "digital tjänst kvalitet effekt invånare personal test pilot verifiering "
            "avfall energi vatten transport omsorg skola trygghet klimat").split()
EN_WORDS = ("procurement innovation need supplier solution municipality region sustainable "
            "digital service quality effect residents staff test pilot verification waste "
            "energy water transport care school safety climate").split()


def random_text(rng: random.Random, words: list[str], count: int) -> str:
    return " ".join(rng.choice(words) for _ in range(count)).capitalize() + "."


def _org_number(seed: int) -> str:
    body = f"{(seed * 7919 + 5500000) % 100_000_000 + 200_000_000:09d}"
    check = next(d for d in range(10) if luhn_ok(body + str(d)))
    return f"{body[:6]}-{body[6:]}{check}"


def insert(model, rows: list[dict]) -> None:
    if rows:
        db.session.execute(db.insert(model), rows)


def _ids(model, **filters) -> list[int]:
    return list(db.session.scalars(db.select(model.id).filter_by(**filters).order_by(model.id)))


def generate_organisations(rng: random.Random, authorities: int, suppliers: int) -> None:
    """Verified authorities and SME suppliers (some cooperatives)."""
    start = (db.session.scalar(db.select(db.func.max(Organisation.id))) or 0) + 1
    rows = []
    for index in range(authorities + suppliers):
        is_authority = index < authorities
        rows.append({
            "name": (f"Kommun {start + index}" if is_authority
                     else f"Innovatör {start + index} AB"),
            "kind": (OrganisationKind.CONTRACTING_AUTHORITY if is_authority
                     else OrganisationKind.SUPPLIER),
            "org_number": _org_number(start + index), "is_cooperative": rng.random() < 0.08,
            "size_class": SizeClass.LARGE if is_authority else rng.choice(list(SizeClass)[:3]),
            "sectors": rng.sample(list(SECTORS), 2), "region": rng.choice(list(REGIONS)),
            "description": random_text(rng, SV_WORDS, 30),
            "verification_status": (VerificationStatus.VERIFIED if is_authority
                                    else VerificationStatus.NOT_REQUIRED),
            "is_trusted": is_authority,
        })
    for offset in range(0, len(rows), BATCH):
        insert(Organisation, rows[offset:offset + BATCH])


def generate_members(rng: random.Random, password_hash: str) -> None:
    """One admin account per generated organisation that has none."""
    organisations = db.session.execute(db.select(Organisation.id).where(
        ~Organisation.memberships.any())).scalars().all()
    users = [{"email": f"member{oid}@bench.example", "name": f"Medlem {oid}", "locale":
              rng.choice(["sv", "sv", "en"]), "password_hash": password_hash,
              "email_verified_at": utcnow()} for oid in organisations]
    for offset in range(0, len(users), BATCH):
        insert(User, users[offset:offset + BATCH])
    by_email = dict(db.session.execute(db.select(User.email, User.id).where(
        User.email.like("member%@bench.example"))).all())
    insert(Membership, [{"user_id": by_email[f"member{oid}@bench.example"],
                          "organisation_id": oid, "role": MemberRole.ADMIN}
                         for oid in organisations if f"member{oid}@bench.example" in by_email])


STATE_WEIGHTS = [(ChallengeState.PUBLISHED, 30), (ChallengeState.CLOSED, 10),
                 (ChallengeState.IN_EVALUATION, 10), (ChallengeState.DECIDED, 20),
                 (ChallengeState.OUTCOME_RECORDED, 20), (ChallengeState.DRAFT, 5),
                 (ChallengeState.WITHDRAWN, 5)]


def _challenge_row(rng: random.Random, owner_id: int) -> dict:
    state = rng.choices([s for s, _ in STATE_WEIGHTS], [w for _, w in STATE_WEIGHTS])[0]
    english = rng.random() < 0.2
    need = rng.choice(EN_NEEDS if english else SV_NEEDS)
    words = EN_WORDS if english else SV_WORDS
    now = utcnow()
    published = now - timedelta(days=rng.randint(1, 1500))
    open_now = state == ChallengeState.PUBLISHED
    deadline = now + timedelta(days=rng.randint(1, 90)) if open_now else published + timedelta(
        days=rng.randint(20, 90))
    return {
        "kind": rng.choice(list(ChallengeKind)), "state": state, "owner_id": owner_id,
        "title": need.capitalize(), "summary": random_text(rng, words, 25),
        "problem_statement": random_text(rng, words, 120),
        "desired_effects": random_text(rng, words, 60),
        "constraints": random_text(rng, words, 20), "procurement_route": rng.choice(
            list(ProcurementRoute)), "ip_terms": IPTerms.SUPPLIER_OWNS, "ip_justification": "",
        "language": "en" if english else "sv", "region": rng.choice(list(REGIONS)),
        "agenda_goals": rng.sample(range(1, 18), 2), "currency": "SEK",
        "budget_min": 100_000, "budget_max": rng.choice([500_000, 1_000_000, 4_000_000]),
        "submission_deadline_at": deadline, "question_deadline_at": deadline - timedelta(days=7),
        "published_at": None if state == ChallengeState.DRAFT else published,
        "contact_name": "Upphandlare", "contact_email": "upphandling@bench.example",
        "contact_phone": "", "is_paused": False,
    }


def generate_challenges(rng: random.Random, count: int, progress) -> list[int]:
    """Challenges across states, with requirements, sectors and CPV codes."""
    owners = _ids(Organisation, kind=OrganisationKind.CONTRACTING_AUTHORITY)
    before = set(_ids(Challenge))
    for offset in range(0, count, BATCH):
        size = min(BATCH, count - offset)
        insert(Challenge, [_challenge_row(rng, rng.choice(owners)) for _ in range(size)])
        progress(size)
    new_ids = [i for i in _ids(Challenge) if i not in before]
    cpv.ensure_seeded()
    cpv_codes = list(db.session.scalars(db.select(CpvCode.code)))
    for offset in range(0, len(new_ids), BATCH):
        chunk = new_ids[offset:offset + BATCH]
        insert(ChallengeRequirement, [{"challenge_id": cid, "position": p,
                                        "text": random_text(rng, SV_WORDS, 12)}
                                       for cid in chunk for p in range(3)])
        insert(ChallengeSector, [{"challenge_id": cid, "sector": s} for cid in chunk
                                  for s in rng.sample(list(SECTORS), 2)])
        insert(ChallengeCpv, [{"challenge_id": cid, "code": rng.choice(cpv_codes)}
                               for cid in chunk])
    return new_ids


def generate_solutions(rng: random.Random, challenge_ids: list[int], count: int,
                       progress) -> None:
    """Solutions spread over the non-draft challenges, one per supplier per challenge."""
    suppliers = _ids(Organisation, kind=OrganisationKind.SUPPLIER)
    drafts = set(db.session.scalars(db.select(Challenge.id).filter_by(
        state=ChallengeState.DRAFT)))
    targets = [cid for cid in challenge_ids if cid not in drafts]
    rows = []
    for made, (cid, org_id) in enumerate(_pairs(rng, targets, suppliers, count)):
        if made == count:
            break
        rows.append(_solution_row(rng, cid, org_id))
        if len(rows) == BATCH:
            insert(Solution, rows)
            progress(len(rows))
            rows = []
    insert(Solution, rows)
    progress(len(rows))


def _pairs(rng: random.Random, targets: list[int], suppliers: list[int], count: int):
    """(challenge, supplier) pairs, count in all: most challenges get a few solutions, some
    popular ones 50 or more (exponentially spread, like real interest)."""
    mean = max(count / max(len(targets), 1), 1.0)
    wanted = {cid: min(max(1, round(rng.expovariate(1 / mean))), len(suppliers))
              for cid in targets}
    open_targets = [cid for cid in targets if wanted[cid] < len(suppliers)]
    total = sum(wanted.values())
    while total < count and open_targets:  # top up to reach the count
        cid = rng.choice(open_targets)
        wanted[cid] += 1
        total += 1
        if wanted[cid] == len(suppliers):
            open_targets.remove(cid)
    for cid in targets:
        for org_id in rng.sample(suppliers, wanted[cid]):
            yield cid, org_id


def _solution_row(rng: random.Random, challenge_id: int, org_id: int) -> dict:
    submitted = rng.random() < 0.85
    return {
        "challenge_id": challenge_id, "organisation_id": org_id,
        "state": SolutionState.SUBMITTED if submitted else SolutionState.DRAFT,
        "title": random_text(rng, SV_WORDS, 5), "public_summary": random_text(rng, SV_WORDS, 40),
        "details": random_text(rng, SV_WORDS, 200), "trl": rng.randint(3, 9),
        "references": random_text(rng, SV_WORDS, 10), "price_model": "Licens per år",
        "ip_statement": "Leverantören behåller rättigheterna.", "ip_terms_acknowledged": True,
        "summary_public_after_decision": rng.random() < 0.6,
        "submitted_at": utcnow() if submitted else None,
    }


def after_bulk_load() -> None:
    """What the database would do on its own soon after a bulk load: fresh planner
    statistics, and on PostgreSQL a vacuum (autovacuum), which index-only scans need.
    The vacuum does not wait for tables another transaction holds; autovacuum comes later."""
    refresh_statistics()
    db.session.commit()
    if db.engine.dialect.name != "postgresql":
        return
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("SET lock_timeout = '1s'"))
        try:
            connection.execute(text("VACUUM ANALYZE"))
        except OperationalError:
            click.echo("vacuum skipped: tables in use (autovacuum will do it)")
