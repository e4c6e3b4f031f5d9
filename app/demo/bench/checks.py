"""Benchmark data for innovation checks: intermediaries with offices in every county, and
check applications over three years in every state, with decisions and final reports.

A step of `flask --app wsgi bench generate` (see `app.demo.bench.STEPS`). The number of
applications follows the scale asked for: 1.5 per generated challenge, so the default
20 000 challenges give about 30 000 applications. The desk accounts are
`desk<organisation id>@bench.example`; `bench/pages.py` finds the busiest desk, an
application and the statistics.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

from app.accounts.models import User
from app.accounts.passwords import hash_password
from app.challenges.models import Challenge
from app.checks.models import (
    ApplicationEvent,
    ApplicationState,
    CheckApplication,
    IntermediaryOffice,
)
from app.core.db import utcnow
from app.core.reference import REGIONS
from app.demo.bench.base import BATCH, SV_WORDS, _org_number, insert, random_text
from app.extensions import db
from app.funding.models import FundingProgramme
from app.organisations.models import (
    MemberRole,
    Membership,
    Organisation,
    OrganisationKind,
    SizeClass,
    VerificationStatus,
)

PER_CHALLENGE = 1.5
YEARS_DAYS = 3 * 365
SME = ("sme-check-business", "sme-check-ip", "sme-check-infrastructure")
COOPERATIVE = "coompanion-cooperative-check"
BUYERS = ("procurement-check-before", "procurement-check-ongoing", "procurement-check-capacity")
PROGRAMME_WEIGHTS = [(SME[0], 40), (SME[1], 15), (SME[2], 15), (COOPERATIVE, 10),
                     (BUYERS[0], 8), (BUYERS[1], 6), (BUYERS[2], 6)]
INCUBATORS = 8  # each with offices for a share of the counties
REPORT = ("done", "costs", "turnover", "jobs", "procurement", "ip")


def _intermediaries(password_hash: str) -> None:
    """Incubators sharing the counties, Coompanion everywhere, and the funder's desk."""
    counties = sorted(REGIONS)
    plan = [(f"Inkubator {n} (bench)", list(SME), counties[n::INCUBATORS])
            for n in range(INCUBATORS)]
    plan += [("Coompanion (bench)", [COOPERATIVE], counties),
             ("Vinnova checkhandläggning (bench)", list(BUYERS), counties)]
    start = (db.session.scalar(db.select(db.func.max(Organisation.id))) or 0) + 1
    for index, (name, programmes, served) in enumerate(plan):
        organisation = Organisation(
            name=name, kind=OrganisationKind.INTERMEDIARY, org_number=_org_number(start + index),
            size_class=SizeClass.SMALL, sectors=[], region=served[0],
            verification_status=VerificationStatus.VERIFIED, verified_at=utcnow())
        db.session.add(organisation)
        db.session.flush()
        user = User(email=f"desk{organisation.id}@bench.example", name=f"Handläggare {index}",
                    locale="sv", password_hash=password_hash, email_verified_at=utcnow())
        db.session.add_all([user, Membership(user=user, organisation=organisation,
                                             role=MemberRole.ADMIN)])
        for half in (served[::2], served[1::2]):
            if half:
                db.session.add(IntermediaryOffice(
                    organisation=organisation, name=f"{name}, {half[0]}", counties=half,
                    programme_keys=programmes))
    db.session.flush()


def _office_map() -> dict[tuple[str, str], int]:
    """(programme, county) -> the office handing it out there."""
    found = {}
    for office in db.session.scalars(db.select(IntermediaryOffice)):
        for programme in office.programme_keys or []:
            for county in office.counties or []:
                found.setdefault((programme, county), office.id)
    return found


def _applicants() -> dict[str, list[tuple[int, str]]]:
    """(organisation, county) of the suppliers, cooperatives and authorities."""
    rows = db.session.execute(db.select(Organisation.id, Organisation.kind,
                                        Organisation.is_cooperative, Organisation.region)
                              .where(Organisation.region.is_not(None)))
    groups: dict[str, list] = {"sme": [], "cooperative": [], "buyer": []}
    for organisation_id, kind, cooperative, region in rows:
        if kind == OrganisationKind.CONTRACTING_AUTHORITY:
            groups["buyer"].append((organisation_id, region))
        elif kind == OrganisationKind.SUPPLIER:
            groups["cooperative" if cooperative else "sme"].append((organisation_id, region))
    return groups


def _state(rng: random.Random, age_days: int, decided: datetime, months: int,
           now: datetime) -> ApplicationState:
    if age_days < 45:
        return rng.choices([ApplicationState.DRAFT, ApplicationState.SUBMITTED,
                            ApplicationState.COMPLETION_REQUESTED, ApplicationState.REFUSED,
                            ApplicationState.RUNNING], [20, 45, 10, 10, 15])[0]
    if rng.random() < 0.25:
        return ApplicationState.REFUSED
    if decided + timedelta(days=30 * months) > now:
        return ApplicationState.RUNNING
    return ApplicationState.REPORTED if rng.random() < (0.85 if age_days > 730 else 0.6) \
        else ApplicationState.REPORT_DUE


def _report(rng: random.Random) -> dict:
    return {"done": random_text(rng, SV_WORDS, 20), "costs": rng.randint(50, 300) * 1000,
            "turnover": rng.choice([0, 0, rng.randint(1, 50) * 10000]),
            "jobs": rng.choice([0, 0, 1, 1, 2, 3]), "procurement": rng.random() < 0.3,
            "ip": rng.random() < 0.2}


def _application(rng, programme, applicant, office_id, now) -> tuple[dict, list[dict]]:
    age = rng.randint(0, YEARS_DAYS)
    created = now - timedelta(days=age, minutes=rng.randint(0, 1440))
    submitted = created + timedelta(days=rng.randint(0, 10))
    decided = submitted + timedelta(days=rng.randint(3, 60))
    months = rng.randint(5, 12)
    state = _state(rng, age, decided, months, now)
    requested = Decimal(rng.randint(20, 100) * 1000)
    row = {"programme_key": programme, "applicant_id": applicant, "office_id": office_id,
           "state": state, "owners": rng.randint(3, 12) if programme == COOPERATIVE else None,
           "answers": {"project": random_text(rng, SV_WORDS, 40),
                       "expertise": random_text(rng, SV_WORDS, 15)},
           "budget": {"expertise": int(requested)}, "amount_requested": requested,
           "created_at": created, "submitted_at": None, "decided_at": None,
           "amount_granted": None, "share_granted": None, "project_starts_at": None,
           "project_ends_at": None, "report": None, "reported_at": None,
           "decision_reason": "", "report_reminders": 0}
    events = []
    if state != ApplicationState.DRAFT:
        row["submitted_at"] = submitted
        events.append({"kind": "submitted", "note": "", "created_at": submitted})
    if state not in (ApplicationState.DRAFT, ApplicationState.SUBMITTED):
        row.update(decided_at=decided, decision_reason=random_text(rng, SV_WORDS, 12))
        events.append({"kind": state.value, "note": row["decision_reason"],
                       "created_at": decided})
    if state in (ApplicationState.RUNNING, ApplicationState.REPORT_DUE,
                 ApplicationState.REPORTED):
        row.update(amount_granted=requested, share_granted=Decimal("0.75"),
                   project_starts_at=decided,
                   project_ends_at=decided + timedelta(days=30 * months))
    if state == ApplicationState.REPORTED:
        row.update(report=_report(rng), reported_at=row["project_ends_at"] + timedelta(days=20))
    return row, events


def _rows(rng: random.Random, count: int) -> list[tuple[dict, list[dict]]]:
    offices, applicants, now = _office_map(), _applicants(), utcnow()
    programmes, weights = zip(*PROGRAMME_WEIGHTS, strict=True)
    made = []
    for _ in range(count):
        programme = rng.choices(programmes, weights)[0]
        group = ("buyer" if programme in BUYERS else
                 "cooperative" if programme == COOPERATIVE else "sme")
        if not applicants[group]:
            continue
        applicant, county = rng.choice(applicants[group])
        if (office_id := offices.get((programme, county))) is not None:
            made.append(_application(rng, programme, applicant, office_id, now))
    return made


def _insert(made: list[tuple[dict, list[dict]]]) -> None:
    """The applications in batches, then their events by the ids they were given."""
    for offset in range(0, len(made), BATCH):
        batch = made[offset:offset + BATCH]
        first = (db.session.scalar(db.select(db.func.max(CheckApplication.id))) or 0) + 1
        insert(CheckApplication, [row for row, _events in batch])
        ids = list(db.session.scalars(db.select(CheckApplication.id).where(
            CheckApplication.id >= first).order_by(CheckApplication.id)))
        insert(ApplicationEvent, [{**event, "application_id": application_id}
                                  for application_id, (_row, events) in zip(ids, batch,
                                                                            strict=True)
                                  for event in events])


def generate_check_applications(rng: random.Random) -> None:
    """Intermediaries, offices, desk accounts and applications with decisions and reports."""
    if db.session.scalar(db.select(db.func.count(CheckApplication.id))):
        return
    if not db.session.scalar(db.select(db.func.count(FundingProgramme.id))):
        from app.funding.services import import_programmes
        import_programmes()
    _intermediaries(hash_password("arena-bench-2026"))
    challenges = db.session.scalar(db.select(db.func.count(Challenge.id))) or 0
    _insert(_rows(rng, round(PER_CHALLENGE * challenges)))
