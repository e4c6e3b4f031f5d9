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
from app.evaluation.services import default_criteria, replace_criteria
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
        "budget": (Decimal("300000"), Decimal("900000")),
        "answered": [("Kan ni ta emot information om lösningar som ännu är prototyper?",
                      "Ja, vi vill gärna veta vad som är på väg. Ange teknisk mognadsnivå.")],
    },
    {
        "owner": "Region Östergötland", "state": S.PUBLISHED, "kind": ChallengeKind.CHALLENGE,
        "title": "Snabbare provsvar från vårdcentralernas prover",
        "summary": "Prover från länets vårdcentraler ska nå laboratoriet och få svar samma "
                   "dag, utan att personalen sorterar rören för hand.",
        "problem": "Rören från 40 vårdcentraler kommer i blandade lådor och sorteras för "
                   "hand i provmottagningen. På måndagar blir kön så lång att en tredjedel "
                   "av svaren dröjer till nästa dag.",
        "effects": "Svar samma dag på minst nio av tio prover, och inga rör som kommer bort.",
        "requirements": ["Ett rör är registrerat och sorterat inom tio minuter efter ankomst.",
                         "Varje rör kan spåras från vårdcentral till analys.",
                         "Lösningen kopplas till regionens laboratoriedatasystem."],
        "sectors": ["health"], "cpv": ["85145000-7", "48180000-3"],
        "route": ProcurementRoute.PROCUREMENT_OF_INNOVATION, "deadline_days": 25,
        "budget": (Decimal("1500000"), Decimal("4000000")),
    },
    {
        "owner": "Falun kommun", "state": S.PUBLISHED, "kind": ChallengeKind.NEED,
        "title": "Biobaserade väggar i nya förskolor",
        "summary": "Kommunen bygger tre förskolor de kommande åren och vill veta vilka "
                   "väggsystem av biobaserade material som finns och vad de klarar.",
        "problem": "Våra förskolor byggs i dag med stålreglar och mineralull. Byggnaderna "
                   "står för en stor del av kommunens klimatpåverkan, och vi vet för lite om "
                   "alternativens brand- och fuktegenskaper.",
        "effects": "Lägre klimatpåverkan per kvadratmeter och ett bra inomhusklimat för barnen.",
        "requirements": ["Väggen uppfyller brandklass EI 60 mellan lokaler.",
                         "Materialet tål fuktbelastningen i våtrum och entréer.",
                         "Klimatdeklaration finns för hela väggsystemet."],
        "sectors": ["construction", "education"], "cpv": ["45210000-2", "71240000-2"],
        "route": ProcurementRoute.MARKET_DIALOGUE, "deadline_days": 18,
        "budget": (Decimal("800000"), Decimal("1500000")),
        "answered": [("Räcker det med en klimatdeklaration per väggelement?",
                      "Vi behöver den för hela väggsystemet, inklusive infästningar.")],
    },
    {
        "owner": "Industri- & logistikcentrum i Storuman AB", "state": S.PUBLISHED,
        "kind": ChallengeKind.NEED, "title": "Vätgas för tunga transporter längs E12",
        "summary": "Hur kan lastbilar på E12 tanka vätgas i Storuman – och hur kan gasen "
                   "produceras lokalt med vindkraft?",
        "problem": "Åkerierna vill byta till vätgaslastbilar, men närmaste tankstation ligger "
                   "30 mil bort. Vindkraften i området saknar ibland avsättning.",
        "effects": "Fossilfria transporter på E12 och lokal användning av vindkraftsel.",
        "requirements": ["Stationen tankar minst 20 lastbilar per dygn vid 350 bar.",
                         "Stationen fungerar ned till 35 minusgrader.",
                         "Vätgasen produceras med förnybar el."],
        "sectors": ["energy", "transport"], "cpv": ["09000000-3", "71314000-2"],
        "route": ProcurementRoute.MARKET_DIALOGUE, "deadline_days": 35,
        "budget": (Decimal("500000"), Decimal("2000000")),
    },
    {
        "owner": "Hammarö kommun", "state": S.PUBLISHED, "kind": ChallengeKind.CHALLENGE,
        "title": "Bygglov som invånaren förstår",
        "summary": "En e-tjänst som leder invånaren genom ansökan om bygglov, så att "
                   "ansökan är komplett första gången.",
        "problem": "Sju av tio bygglovsansökningar saknar något när de kommer in. "
                   "Handläggarna lägger mycket tid på att begära kompletteringar.",
        "effects": "Fler kompletta ansökningar och kortare handläggningstid.",
        "requirements": ["Invånaren får veta vad som saknas innan ansökan skickas.",
                         "E-tjänsten uppfyller WCAG 2.1 nivå AA.",
                         "Ansökan förs över till kommunens ärendesystem utan omskrivning."],
        "sectors": ["digital", "administration"], "cpv": ["72212000-4", "72000000-5"],
        "route": ProcurementRoute.PROCUREMENT_OF_INNOVATION, "deadline_days": 40,
        "budget": (Decimal("600000"), Decimal("1200000")),
        "pending": ["Ska e-tjänsten också hantera anmälningsärenden?"],
    },
    {
        "owner": "Hultsfreds kommun", "state": S.PUBLISHED, "kind": ChallengeKind.NEED,
        "title": "Hitta läckorna i små vattenledningsnät",
        "summary": "En femtedel av dricksvattnet försvinner i läckor. Vilka metoder passar "
                   "en liten kommun med långa ledningar på landsbygden?",
        "problem": "Ledningsnätet är 40 mil långt och delvis från 1960-talet. Läckor hittas "
                   "ofta först när vägen sätter sig.",
        "effects": "Halverat läckage på fem år och färre akuta grävningar.",
        "requirements": ["Metoden pekar ut en läcka med högst 20 meters fel.",
                         "Metoden kräver inga nya brunnar i ledningsnätet."],
        "sectors": ["water"], "cpv": ["65100000-4", "90713100-9"],
        "route": ProcurementRoute.MARKET_DIALOGUE, "deadline_days": 12,
        "budget": (Decimal("250000"), Decimal("700000")),
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
        "budget": (Decimal("8000000"), Decimal("15000000")),
    },
    {
        "owner": "Stockholm Avfall AB", "state": S.IN_EVALUATION, "kind": ChallengeKind.CHALLENGE,
        "story": True,  # submitted, closed and judged through the services (demo.story)
        "title": "Smart mottagning av hushållens farliga avfall",
        "summary": "Det ska vara lätt att lämna farligt avfall i staden, även utan bil.",
        "problem": "Få hushåll lämnar farligt avfall eftersom mottagningen ligger långt bort.",
        "requirements": ["Mottagningen är öppen minst 80 timmar i veckan.",
                         "Avfallet sorteras rätt utan personal på plats."],
        "sectors": ["environment"], "cpv": ["90520000-8", "90511000-2"],
        "route": ProcurementRoute.PROCUREMENT_OF_INNOVATION, "deadline_days": -20,
        "budget": (Decimal("1500000"), Decimal("4000000")),
    },
    {
        "owner": "Umeå kommun", "state": S.DECIDED, "kind": ChallengeKind.CHALLENGE,
        "story": True,
        "title": "Energigemenskaper som blir trygghetspunkter",
        "summary": "Lokal solel och lagring som håller viktiga lokaler igång vid elavbrott.",
        "problem": "Vid långa elavbrott saknas platser där invånare kan få värme och information.",
        "requirements": ["Trygghetspunkten klarar 72 timmar utan elnät.",
                         "Energin delas mellan byggnader i gemenskapen."],
        "sectors": ["energy", "safety"], "cpv": ["09331200-0", "71314200-4"],
        "route": ProcurementRoute.INNOVATION_PARTNERSHIP, "deadline_days": -60,
        "budget": (Decimal("3000000"), Decimal("6000000")),
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
        "budget": (Decimal("400000"), Decimal("1200000")),
        "outcome": (OutcomeKind.PROCUREMENT_ANNOUNCED, "https://www.example.org/upphandling/123"),
        "outcome_note": "Dialogen gav underlag för en upphandling av en tvättlinje i "
                        "Kungshamns hamn. Två leverantörer visade att tekniken fungerar.",
    },
    {
        "owner": "Ludvika kommun", "state": S.WITHDRAWN, "kind": ChallengeKind.NEED,
        "title": "Upphandling som förebygger avfall i kontorsmaterial",
        "summary": "Vilka tjänster kan ersätta inköp av nytt kontorsmaterial?",
        "problem": "Kommunen köper mycket material som används en gång.",
        "requirements": ["Materialet återanvänds minst tre gånger."],
        "sectors": ["environment", "administration"], "cpv": ["90514000-3"],
        "route": ProcurementRoute.MARKET_DIALOGUE, "deadline_days": 10,
        "budget": (Decimal("200000"), Decimal("500000")),
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
        challenge.outcome_note = spec.get("outcome_note")
    if spec.get("withdrawn"):
        challenge.withdrawn_reason, challenge.withdrawn_at = spec["withdrawn"], now


STORY_DEADLINE_DAYS = 14  # a story challenge takes solutions until demo.story closes it


def _give_criteria(challenge: Challenge) -> None:
    """A judged challenge gets the suggested criteria while a draft, as publishing needs."""
    if challenge.kind == ChallengeKind.CHALLENGE:
        replace_criteria(challenge, None, default_criteria(challenge.language))


def _create(spec: dict, owner: Organisation) -> Challenge:
    """A challenge as its buyer would have written it: a draft with criteria first, then
    in the spec's state (a story challenge still open, for its solutions to arrive)."""
    story = spec.get("story")
    opened = {**spec, "state": S.PUBLISHED, "deadline_days": STORY_DEADLINE_DAYS}
    challenge = _build(opened if story else spec, owner)
    challenge.state = S.DRAFT
    _add_details(challenge, spec)
    db.session.add(challenge)
    db.session.flush()
    _give_criteria(challenge)
    challenge.state = S.PUBLISHED if story else spec["state"]
    return challenge


def spec_of(challenge: Challenge) -> dict | None:
    """The demo spec a challenge was made from (by title)."""
    return next((spec for spec in DEMO_CHALLENGES if spec["title"] == challenge.title), None)


def set_timestamps(challenge: Challenge, spec: dict) -> None:
    """The spec's dates (a story challenge's real ones, once its solutions are in)."""
    _timestamps(challenge, spec)


def load_challenges() -> int:
    """Create the demo challenges that do not exist yet (by title); returns how many."""
    cpv.ensure_seeded()
    created = 0
    for spec in DEMO_CHALLENGES:
        owner = _organisation(spec["owner"])
        exists = db.session.scalar(db.select(Challenge.id).filter_by(title=spec["title"]))
        if owner is None or exists:
            continue
        _create(spec, owner)
        created += 1
    db.session.flush()
    return created
