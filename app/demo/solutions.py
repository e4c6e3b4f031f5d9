"""Demo data for solutions: supplier profiles, and each supplier's solution to the
challenge it fits (texts in `solution_texts`).

Both loaders are safe to run twice and in any order: without the demo suppliers, their
people or an open challenge they simply do nothing.
"""

from __future__ import annotations

from app.challenges.models import Challenge, ChallengeState
from app.demo import data, solution_texts
from app.extensions import db
from app.organisations.models import Organisation
from app.solutions import permissions, services

# Fictional references for the demo suppliers (by organisation number).
REFERENCES = {
    "559347-1823": "Förskola i Lerum (väggelement, 2024), kontorsombyggnad i Borås (2025).",
    "559201-7361": "Förstudie om vätgastankning för en kommun i Västerbotten (2024).",
    "559418-0258": "Automatiserad provmottagning vid ett länssjukhus (2023–2025).",
    "769641-2530": "Återbruk vid tre återvinningscentraler i Kronobergs län sedan 2022.",
    "769638-4176": "Trygghetspunkt med batterilager i en bergslagskommun (2025).",
    "559276-3907": "E-tjänsteplattform för två värmländska kommuner (2024); nattillsyn "
                   "med radarsensorer i 30 lägenheter i Karlstad (2025).",
    "559512-0048": "Miljöstationer i Solna och Sundbyberg sedan 2023 (46 stationer).",
    "559488-2135": "Försök på två återvinningscentraler i Uppsala (2024–2025).",
    "559377-6502": "Lokala energinät för två bostadsrättsföreningar i Umeå (2024).",
}


def load_supplier_profiles() -> int:
    """Fill in what the demo suppliers offer and can do, where still empty."""
    filled = 0
    for supplier in data.SUPPLIERS:
        organisation = db.session.scalar(
            db.select(Organisation).filter_by(org_number=supplier["org_number"]))
        if organisation is None or organisation.offers:
            continue
        organisation.offers = supplier["offers_sv"]
        organisation.capabilities = supplier["capabilities_sv"]
        organisation.references = REFERENCES.get(supplier["org_number"], "")
        organisation.regions_served = [supplier["county_code"]]
        filled += 1
    db.session.flush()
    return filled


def _organisation(number: str) -> Organisation | None:
    return db.session.scalar(db.select(Organisation).filter_by(org_number=number))


def _challenge(title: str) -> Challenge | None:
    return db.session.scalar(db.select(Challenge).filter_by(title=title))


def _takes_solutions(challenge: Challenge | None) -> bool:
    return (challenge is not None and challenge.state == ChallengeState.PUBLISHED
            and permissions.accepts_solutions(challenge) and not challenge.is_paused)


def load_demo_solutions() -> int:
    """Each demo supplier's solution to the challenge it fits (submitted or a draft),
    while that challenge still takes solutions; sent by a person at the supplier."""
    created = 0
    for text in solution_texts.SOLUTIONS:
        organisation, challenge = _organisation(text["supplier"]), _challenge(text["challenge"])
        member = next((m.user for m in organisation.memberships), None) if organisation else None
        if member is None or not _takes_solutions(challenge) or services.solution_of(
                challenge, organisation):
            continue
        _answer(challenge, organisation, member, text)
        created += 1
    return created


def _answer(challenge: Challenge, organisation: Organisation, user, text: dict) -> None:
    solution = services.start_solution(challenge, organisation, user)
    content = _content(challenge, text)
    if text["submit"]:
        services.submit_solution(solution, user, content)
    else:
        services.save_draft(solution, user, content)


def _content(challenge: Challenge, text: dict) -> services.SolutionInput:
    return services.SolutionInput(
        title=text["title"], public_summary=text["summary"], details=text["details"],
        trl=text["trl"], references=text["references"], price_model=text["price"],
        ip_statement=solution_texts.IP_STATEMENT, ip_terms_acknowledged=True,
        summary_public_after_decision=True,
        answers={requirement.id: answer for requirement, answer in zip(
            challenge.requirements, text["answers"], strict=False)},
    )
