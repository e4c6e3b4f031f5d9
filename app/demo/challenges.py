"""Demo challenges and needs from the demo authorities, in several states (`demo load`)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from app.challenges import cpv
from app.challenges.models import (
    Challenge,
    ChallengeCoOwner,
    ChallengeCpv,
    ChallengeKind,
    ChallengeRequirement,
    ChallengeSector,
    ChallengeState,
    Clarification,
    OutcomeKind,
    ProcurementRoute,
)
from app.core.db import utcnow
from app.extensions import db
from app.organisations.models import Organisation

S = ChallengeState
DEMO_CHALLENGES: list[dict] = [
    {
        "owner": "Göteborgs kommun", "state": S.PUBLISHED, "kind": ChallengeKind.CHALLENGE,
        "title": "Serviceresor som planeras efter resenärens behov",
        "summary": "Vi söker lösningar som gör det enkelt att boka, ändra och följa en "
                   "serviceresa – för resenärer med olika funktionsförmåga.",
        "problem": "Färdtjänst- och sjukresenärer ringer i dag in sina bokningar. Väntetiderna "
                   "är långa och resenären vet sällan när bilen kommer.",
        "effects": "Resenären kan boka och följa sin resa själv, och samåkningen ökar.",
        "requirements": ["Resenären kan boka, ändra och avboka en resa dygnet runt.",
                         "Resenären ser när fordonet beräknas komma, med högst fem minuters fel.",
                         "Tjänsten uppfyller WCAG 2.1 nivå AA.",
                         "Resor kan samplaneras så att tomkörningen minskar."],
        "sectors": ["transport", "digital"], "cpv": ["60112000-6", "72212100-0"],
        "route": ProcurementRoute.PROCUREMENT_OF_INNOVATION, "deadline_days": 30,
        "budget": (Decimal("2000000"), Decimal("5000000")),
        "answered": [("Får lösningen bygga på en befintlig bokningsplattform?",
                      "Ja. Det viktiga är att kraven uppfylls, inte hur lösningen är byggd.")],
        "pending": ["Hur många resor per år handlar det om?"],
    },
    {
        "owner": "Mölndals kommun", "co_owner": "Göteborgs kommun", "state": S.PUBLISHED,
        "kind": ChallengeKind.NEED, "title": "Trygghetsteknik i ordinärt och särskilt boende",
        "summary": "Vilka lösningar finns för att äldre ska känna sig trygga hemma, utan att "
                   "integriteten blir lidande?",
        "problem": "Nattillsyn sker i dag med fysiska besök som väcker den som sover.",
        "effects": "Färre onödiga besök, tryggare nätter och mer tid för omsorg.",
        "requirements": ["Personalen får larm inom en minut om en boende har fallit.",
                         "Ingen kamerabild sparas utan den boendes samtycke.",
                         "Lösningen fungerar utan fast bredband i bostaden."],
        "sectors": ["elderly_care"], "cpv": ["33196200-2", "85311100-3"],
        "route": ProcurementRoute.MARKET_DIALOGUE, "deadline_days": 20,
        "answered": [("Kan ni ta emot information om lösningar som ännu är prototyper?",
                      "Ja, vi vill gärna veta vad som är på väg. Ange teknisk mognadsnivå.")],
    },
    {
        "owner": "Region Stockholm", "state": S.IN_REVIEW, "kind": ChallengeKind.CHALLENGE,
        "title": "Digitalt stöd för andningsträning inför strålbehandling",
        "summary": "Patienter behöver träna andningsteknik hemma inför strålbehandling.",
        "problem": "Träningen sker i dag bara på sjukhuset, vilket kräver extra besök.",
        "requirements": ["Patienten kan träna hemma med vägledning.",
                         "Vården kan följa patientens träning före behandlingen."],
        "sectors": ["health"], "cpv": ["48180000-3", "85100000-0"],
        "route": ProcurementRoute.PRE_COMMERCIAL, "deadline_days": 45,
    },
    {
        "owner": "Göteborgs kommun", "state": S.DRAFT, "kind": ChallengeKind.CHALLENGE,
        "title": "Mindre matsvinn i skolköken",
        "summary": "Hur kan skolköken laga lagom mycket mat utan att någon blir utan?",
        "problem": "En femtedel av maten i skolmatsalarna slängs.",
        "requirements": ["Köket får en prognos för antal ätande dagen före."],
        "sectors": ["food", "education"], "cpv": ["55524000-9", "15894210-6"],
        "route": ProcurementRoute.UNDECIDED, "deadline_days": 60,
    },
    {
        "owner": "Helsingborgs kommun", "state": S.CLOSED, "kind": ChallengeKind.CHALLENGE,
        "title": "Cirkulärt avloppsvatten i nya stadsdelar",
        "summary": "Vi söker sätt att återvinna näring och energi ur avloppsvattnet.",
        "problem": "Näringsämnen i avloppet går förlorade och reningen kräver mycket energi.",
        "requirements": ["Fosfor och kväve återvinns till minst hälften.",
                         "Lösningen klarar en stadsdel med 2 000 hushåll."],
        "sectors": ["water", "environment"], "cpv": ["90420000-7", "90481000-2"],
        "route": ProcurementRoute.INNOVATION_PARTNERSHIP, "deadline_days": -3,
    },
    {
        "owner": "Stockholm Avfall AB", "state": S.IN_EVALUATION, "kind": ChallengeKind.CHALLENGE,
        "title": "Smart mottagning av hushållens farliga avfall",
        "summary": "Det ska vara lätt att lämna farligt avfall i staden, även utan bil.",
        "problem": "Få hushåll lämnar farligt avfall eftersom mottagningen ligger långt bort.",
        "requirements": ["Mottagningen är öppen minst 80 timmar i veckan.",
                         "Avfallet sorteras rätt utan personal på plats."],
        "sectors": ["environment"], "cpv": ["90520000-8", "90511000-2"],
        "route": ProcurementRoute.PROCUREMENT_OF_INNOVATION, "deadline_days": -20,
    },
    {
        "owner": "Umeå kommun", "state": S.DECIDED, "kind": ChallengeKind.CHALLENGE,
        "title": "Energigemenskaper som blir trygghetspunkter",
        "summary": "Lokal solel och lagring som håller viktiga lokaler igång vid elavbrott.",
        "problem": "Vid långa elavbrott saknas platser där invånare kan få värme och information.",
        "requirements": ["Trygghetspunkten klarar 72 timmar utan elnät.",
                         "Energin delas mellan byggnader i gemenskapen."],
        "sectors": ["energy", "safety"], "cpv": ["09331200-0", "71314200-4"],
        "route": ProcurementRoute.INNOVATION_PARTNERSHIP, "deadline_days": -60,
    },
    {
        "owner": "Sotenäs kommun", "state": S.OUTCOME_RECORDED, "kind": ChallengeKind.NEED,
        "title": "Tvätt av marin plast från fiskeredskap",
        "summary": "Uttjänta fiskeredskap ska kunna återvinnas i stället för att brännas.",
        "problem": "Plasten i redskapen är för smutsig för dagens återvinning.",
        "requirements": ["Tvätten klarar sand, salt och organiska rester.",
                         "Vattnet renas och återanvänds i processen."],
        "sectors": ["environment"], "cpv": ["90514000-3", "42914000-6"],
        "route": ProcurementRoute.MARKET_DIALOGUE, "deadline_days": -120,
        "outcome": (OutcomeKind.PROCUREMENT_ANNOUNCED, "https://www.example.org/upphandling/123"),
    },
    {
        "owner": "Ludvika kommun", "state": S.WITHDRAWN, "kind": ChallengeKind.NEED,
        "title": "Upphandling som förebygger avfall i kontorsmaterial",
        "summary": "Vilka tjänster kan ersätta inköp av nytt kontorsmaterial?",
        "problem": "Kommunen köper mycket material som används en gång.",
        "requirements": ["Materialet återanvänds minst tre gånger."],
        "sectors": ["environment", "administration"], "cpv": ["90514000-3"],
        "route": ProcurementRoute.MARKET_DIALOGUE, "deadline_days": 10,
        "withdrawn": "Behovet tas om hand i en gemensam upphandling med grannkommunerna.",
    },
]


def _organisation(name: str) -> Organisation | None:
    return db.session.scalar(db.select(Organisation).filter_by(name=name))


def _timestamps(challenge: Challenge, spec: dict) -> None:
    now = utcnow()
    deadline = now.replace(hour=11, minute=0, second=0, microsecond=0) + timedelta(
        days=spec["deadline_days"])
    challenge.submission_deadline_at = deadline
    challenge.question_deadline_at = deadline - timedelta(days=7)
    if spec["state"] not in (S.DRAFT, S.IN_REVIEW):
        challenge.published_at = deadline - timedelta(days=45)
    if spec["state"] == S.IN_REVIEW:
        challenge.submitted_for_review_at = now - timedelta(days=1)
    if spec["state"] in (S.CLOSED, S.IN_EVALUATION, S.DECIDED, S.OUTCOME_RECORDED):
        challenge.closed_at = deadline
    if spec["state"] in (S.DECIDED, S.OUTCOME_RECORDED):
        challenge.decided_at = deadline + timedelta(days=30)


def _build(spec: dict, owner: Organisation) -> Challenge:
    low, high = spec.get("budget", (None, None))
    challenge = Challenge(
        owner=owner, kind=spec["kind"], state=spec["state"], title=spec["title"],
        summary=spec["summary"], problem_statement=spec["problem"],
        desired_effects=spec.get("effects", ""), procurement_route=spec["route"],
        budget_min=low, budget_max=high, region=owner.region, language="sv",
        contact_name="Upphandlingsenheten", contact_email="upphandling@example.org",
        requirements=[ChallengeRequirement(position=i, text=text)
                      for i, text in enumerate(spec["requirements"])],
        sector_links=[ChallengeSector(sector=s) for s in spec["sectors"]],
        cpv_links=[ChallengeCpv(code=code) for code in spec["cpv"]],
    )
    _timestamps(challenge, spec)
    return challenge


def _add_details(challenge: Challenge, spec: dict) -> None:
    now = utcnow()
    for question, answer in spec.get("answered", []):
        challenge.clarifications.append(Clarification(question=question, answer=answer,
                                                      published_at=now - timedelta(days=2)))
    for question in spec.get("pending", []):
        challenge.clarifications.append(Clarification(question=question))
    if spec.get("co_owner") and (co_owner := _organisation(spec["co_owner"])):
        challenge.co_owner_links.append(ChallengeCoOwner(organisation=co_owner))
    if spec.get("outcome"):
        challenge.outcome_kind, challenge.outcome_url = spec["outcome"]
        challenge.outcome_recorded_at = now - timedelta(days=5)
    if spec.get("withdrawn"):
        challenge.withdrawn_reason, challenge.withdrawn_at = spec["withdrawn"], now


def load_challenges() -> int:
    """Create the demo challenges that do not exist yet (by title); returns how many."""
    cpv.ensure_seeded()
    created = 0
    for spec in DEMO_CHALLENGES:
        owner = _organisation(spec["owner"])
        exists = db.session.scalar(db.select(Challenge.id).filter_by(title=spec["title"]))
        if owner is None or exists:
            continue
        challenge = _build(spec, owner)
        _add_details(challenge, spec)
        db.session.add(challenge)
        created += 1
    db.session.flush()
    return created
