"""Realistic Swedish demo data: authorities from real check projects, suppliers, accounts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.accounts.models import User
from app.accounts.services import create_user, find_user_by_email
from app.core.db import utcnow
from app.demo import (
    challenges,
    checks,
    data,
    dialogue,
    evaluation,
    messages,
    networks,
    readiness,
    search,
    solutions,
)
from app.extensions import db
from app.knowledge.seed import seed_knowledge
from app.organisations.models import (
    MemberRole,
    Membership,
    Organisation,
    OrganisationKind,
    SizeClass,
    VerificationStatus,
)

DEMO_PASSWORD = "arena-demo-2026"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    organisation: str | None
    role: MemberRole = MemberRole.ADMIN
    is_admin: bool = False


def demo_accounts() -> list[DemoAccount]:
    """The demo accounts listed in the README, one per role."""
    municipality = first_authority("municipality")
    coop = next(s for s in data.SUPPLIERS if s["is_cooperative"])
    sme = next(s for s in data.SUPPLIERS if not s["is_cooperative"])
    coordinator_org = first_authority("region")
    return [
        DemoAccount("admin@demo.example", "Alva Administratör", None, is_admin=True),
        DemoAccount("buyer@demo.example", "Bengt Beställare", municipality),
        DemoAccount("supplier@demo.example", "Sara Småföretagare", sme["name"]),
        DemoAccount("coop@demo.example", "Kim Kooperatör", coop["name"]),
        DemoAccount("juror@demo.example", "Jonna Jurymedlem", None),
        DemoAccount("coordinator@demo.example", "Cecilia Samordnare", coordinator_org),
    ]


# Printed after `demo load`: which account to try for what.
ACCOUNT_GUIDE: list[tuple[str, str]] = [
    ("buyer@demo.example", "Göteborgs kommun: answer the waiting question on the service "
     "journeys challenge; finish, preview and publish the draft on school food waste"),
    ("supplier@demo.example", "Hampa & Lera: the solution on bio-based walls in Falun, an "
     "unread message from the buyer, check funding applications"),
    ("coop@demo.example", "Återbruket (cooperative): its solution in evaluation on hazardous "
     "waste, a booked one-to-one meeting"),
    ("juror@demo.example", "the jury on hazardous waste in Stockholm: 1 of 3 solutions "
     "scored, the rest to do, then submit"),
    ("lena.ljung@demo.example", "a juror on the same jury who has submitted her scores"),
    ("karin@stockholmavfall.demo.example", "Stockholm Avfall: follow the evaluation "
     "(one juror done, one to go)"),
    ("erik@umea.demo.example", "Umeå kommun: the decided challenge on energy communities, "
     "its protocol, winner and pitch day"),
    ("maja@sotenas.demo.example", "Sotenäs kommun: the recorded outcome told as a good "
     "example in the knowledge hub"),
    ("coordinator@demo.example", "Region Stockholm: the network, its planned procurement "
     "with pooled demand, and a challenge in review"),
    ("admin@demo.example", "review the challenge waiting for publication, the e-mail queue"),
]


def first_authority(kind: str) -> str:
    """The name of the first check project's body of a kind (municipality, region...)."""
    return next(p["organisation"] for p in data.CHECK_PROJECTS if p["kind_of_body"] == kind)


def database_is_empty() -> bool:
    """True if no account exists yet (used by `make run` to load demo data once)."""
    return db.session.scalar(db.select(db.func.count(User.id))) == 0


def _organisation_by_number(number: str) -> Organisation | None:
    return db.session.scalar(db.select(Organisation).filter_by(org_number=number))


def _authority_descriptions() -> dict[str, dict]:
    by_name: dict[str, dict] = {}
    for project in data.CHECK_PROJECTS:
        by_name.setdefault(project["organisation"], project)
    return by_name


def load_authorities() -> int:
    """Create the contracting authorities named in the check projects (verified)."""
    created = 0
    for name, project in _authority_descriptions().items():
        number = data.AUTHORITY_ORG_NUMBERS[name]
        if _organisation_by_number(number):
            continue
        db.session.add(Organisation(
            name=name, kind=OrganisationKind.CONTRACTING_AUTHORITY, org_number=number,
            size_class=SizeClass.LARGE, region=project["county_code"],
            sectors=sorted({p["sector"] for p in data.CHECK_PROJECTS
                            if p["organisation"] == name}),
            description=project["summary_sv"],
            verification_status=VerificationStatus.VERIFIED, verified_at=utcnow(),
            is_trusted=project["kind_of_body"] != "public_company",
        ))
        created += 1
    db.session.flush()
    return created


def load_suppliers() -> int:
    """Create the supplier companies and cooperatives."""
    created = 0
    for supplier in data.SUPPLIERS:
        if _organisation_by_number(supplier["org_number"]):
            continue
        db.session.add(Organisation(
            name=supplier["name"], kind=OrganisationKind.SUPPLIER,
            org_number=supplier["org_number"], size_class=SizeClass(supplier["size_class"]),
            is_cooperative=supplier["is_cooperative"], sectors=supplier["sectors"],
            region=supplier["county_code"], website=supplier["website"],
            description=supplier["description_sv"],
        ))
        created += 1
    db.session.flush()
    return created


def load_accounts() -> int:
    """Create the demo accounts and their memberships."""
    created = 0
    for account in demo_accounts():
        if find_user_by_email(account.email):
            continue
        user = create_user(account.email, account.name, DEMO_PASSWORD, locale="sv",
                           is_admin=account.is_admin, email_verified_at=utcnow())
        if account.organisation:
            organisation = db.session.scalar(
                db.select(Organisation).filter_by(name=account.organisation))
            db.session.add(Membership(user=user, organisation=organisation, role=account.role))
        created += 1
    db.session.flush()
    return created


def _contacts() -> list[tuple[Organisation | None, str, str]]:
    suppliers = [(_organisation_by_number(number), name, email)
                 for number, (name, email) in data.SUPPLIER_CONTACTS.items()]
    authorities = [(db.session.scalar(db.select(Organisation).filter_by(name=org)), name, email)
                   for org, (name, email) in data.AUTHORITY_CONTACTS.items()]
    return suppliers + authorities


def load_people() -> int:
    """One person at each demo supplier and authority without a demo account: who answers
    challenges, answers questions, runs a jury. They log in with the demo password too."""
    created = 0
    for organisation, name, email in _contacts():
        if organisation is None or find_user_by_email(email):
            continue
        user = create_user(email, name, DEMO_PASSWORD, locale="sv", email_verified_at=utcnow())
        db.session.add(Membership(user=user, organisation=organisation, role=MemberRole.ADMIN))
        created += 1
    db.session.flush()
    return created


def load_funding_programmes() -> int:
    """Import the funding programmes shipped with the app (app/funding/programmes.yaml)."""
    from app.funding.services import import_programmes

    return import_programmes().created


def load_knowledge() -> int:
    """The knowledge base's standard content (what `knowledge seed` adds)."""
    report = seed_knowledge()
    return report.articles + report.cases


# What `demo load` does, in order: each step is safe to run twice.
LOADERS: list[tuple[str, Callable[[], int]]] = [
    ("contracting authorities", load_authorities),
    ("suppliers", load_suppliers),
    ("accounts", load_accounts),
    ("people at the other buyers and suppliers", load_people),
    ("knowledge articles and good examples", load_knowledge),
    ("challenges", challenges.load_challenges),
    ("buyer networks", networks.load_networks),
    ("funding programmes", load_funding_programmes),
    ("supplier profiles", solutions.load_supplier_profiles),
    # It answers the published challenges that earlier loaders created.
    ("solutions", solutions.load_demo_solutions),
    # It closes the story challenges those solutions answered, and judges them.
    ("juries, scores and a published decision", evaluation.load_evaluation_demo),
    ("good example told from a recorded outcome", evaluation.load_good_example),
    ("search: interest profile", search.load_interest_profile),
    ("dialogue events", dialogue.load_dialogue_events),
    ("readiness check and knowledge reach", readiness.load_readiness),
    ("check funding: intermediaries, offices, applications", checks.load_checks),
    ("messages between a buyer and the demo supplier", messages.load_message_thread),
]
