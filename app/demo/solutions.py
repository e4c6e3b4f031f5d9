"""Demo data for solutions: supplier profiles, and a few solutions to published challenges.

Both loaders are safe to run twice and in any order: without the demo suppliers, accounts
or an open published challenge they simply do nothing.
"""

from __future__ import annotations

from app.accounts.services import find_user_by_email
from app.challenges.models import Challenge, ChallengeState
from app.demo import data
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
    "559276-3907": "E-tjänsteplattform för två värmländska kommuner (2024).",
}

# Which demo account answers which of the open challenges, and whether it submits.
PLAN = (
    ("supplier@demo.example", 0, True, 6),
    ("supplier@demo.example", 1, False, 5),
    ("coop@demo.example", 0, False, 7),
    ("coop@demo.example", 1, True, 7),
)
MAX_CHALLENGES = 2


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


def open_challenges() -> list[Challenge]:
    """The published challenges still taking solutions, oldest first."""
    published = db.session.scalars(db.select(Challenge).filter_by(
        state=ChallengeState.PUBLISHED).order_by(Challenge.id))
    return [c for c in published if permissions.accepts_solutions(c) and not c.is_paused][
        :MAX_CHALLENGES]


def load_demo_solutions() -> int:
    """Drafts and submitted solutions from the demo suppliers, if challenges are open."""
    challenges = open_challenges()
    created = 0
    for email, index, submit, trl in PLAN:
        user = find_user_by_email(email)
        organisations = permissions.solution_organisations(user) if user else []
        if index >= len(challenges) or not organisations:
            continue
        challenge, organisation = challenges[index], organisations[0]
        if services.solution_of(challenge, organisation):
            continue
        _answer(challenge, organisation, user, submit, trl)
        created += 1
    return created


def _answer(challenge: Challenge, organisation: Organisation, user, submit: bool,
            trl: int) -> None:
    solution = services.start_solution(challenge, organisation, user)
    content = _content(challenge, organisation, trl)
    if submit:
        services.submit_solution(solution, user, content)
    else:
        services.save_draft(solution, user, content)


def _content(challenge: Challenge, organisation: Organisation,
             trl: int) -> services.SolutionInput:
    return services.SolutionInput(
        title=f"Pilot för {challenge.title.lower()}"[:200],
        public_summary=organisation.offers or organisation.description,
        details=(
            "Vi föreslår en pilot i tre steg:\n\n"
            "1. **Kartläggning** tillsammans med verksamheten (4 veckor).\n"
            "2. **Prov i liten skala** under sex månader, med mätbara mål som ni godkänner.\n"
            "3. **Utvärdering** och plan för upphandling.\n\n"
            f"{organisation.capabilities}"
        ),
        trl=trl,
        references=organisation.references,
        price_model="Fast pris för piloten: 180 000 kr exkl. moms. Därefter pris per månad.",
        ip_statement="Vi behåller de immateriella rättigheterna och ger er en licens att "
                     "använda lösningen, enligt utmaningens villkor.",
        ip_terms_acknowledged=True,
        summary_public_after_decision=True,
        answers={r.id: f"Piloten visar hur vi uppfyller kravet ”{r.text}”, med mätpunkter "
                       "som vi kommer överens om i början." for r in challenge.requirements},
    )
