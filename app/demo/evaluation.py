"""Demo data for the evaluation: the two judged story challenges played through the real
services once their solutions are in.

"Smart mottagning av hushållens farliga avfall" closes and goes into evaluation: a second
juror has scored everything and submitted, `juror@demo.example` has scored one solution of
three and has the rest to do. "Energigemenskaper som blir trygghetspunkter" is judged by
two jurors and decided, with a published protocol and a winner. The outcome of the marine
plastic need is told as a good example.
"""

from __future__ import annotations

from datetime import timedelta

from app.accounts.models import User
from app.accounts.services import create_user, find_user_by_email
from app.challenges.models import Challenge, ChallengeState
from app.core.db import utcnow
from app.demo.challenges import set_timestamps, spec_of
from app.evaluation import decision, scoring
from app.evaluation.models import JuryMember
from app.evaluation.services import (
    accept_invitation,
    criteria_of,
    evaluation_of,
    invite_juror,
    open_evaluation,
    submitted_solutions,
)
from app.extensions import db
from app.knowledge.models import CaseTrack
from app.knowledge.services import CaseContent, case_for_challenge, create_case_from_challenge
from app.solutions.models import SolutionResult

S = ChallengeState
DEMO_JUROR = "juror@demo.example"
OTHER_JURORS = {"lena.ljung@demo.example": "Lena Ljung",
                "omar.sayed@demo.example": "Omar Sayed"}
IN_EVALUATION = "Smart mottagning av hushållens farliga avfall"
DECIDED = "Energigemenskaper som blir trygghetspunkter"
GOOD_EXAMPLE = "Tvätt av marin plast från fiskeredskap"
# How well each solution meets the need, by supplier (0–1): the jurors score around it.
QUALITY = {"Miljöstationen Norden AB": 0.85, "Sortera Rätt Robotik AB": 0.7,
           "Återbruket Södra Sverige ekonomisk förening": 0.5,
           "Bergslagens Energigemenskap ekonomisk förening": 0.9,
           "Norrsol Batteri & Styrning AB": 0.7, "Fjällvind Vätgasteknik AB": 0.4}
RESULTS = {"Bergslagens Energigemenskap ekonomisk förening": SolutionResult.WINNER,
           "Norrsol Batteri & Styrning AB": SolutionResult.SHORTLISTED,
           "Fjällvind Vätgasteknik AB": SolutionResult.NOT_SELECTED}
JUSTIFICATION = (
    "Bergslagens Energigemenskap visar med beräkningar att trygghetspunkten klarar mer än "
    "72 timmar i februari, och modellen där invånarna äger anläggningen tillsammans med "
    "kommunen stärker den lokala beredskapen. Norrsols styrsystem är väl beprövat men "
    "räcker i sin föreslagna storlek bara 48 timmar. Vätgaslagret är intressant men ännu "
    "inte provat i vårt klimat.")
FEEDBACK = ("Tydligare beräkningar av drifttiden i kyla hade hjälpt juryn att jämföra "
            "förslagen.")
CASE_SUMMARY = """\
Sotenäs kommun frågade marknaden hur uttjänta fiskeredskap kan återvinnas i stället för
att brännas. Sju leverantörer svarade, och två av dem visade tvättlinjer som klarar sand,
salt och organiska rester.

Dialogen gav kommunen underlag för en upphandling av en tvättlinje i Kungshamns hamn,
som annonserades ett halvår senare. Fiskarna lämnar nu redskapen i hamnen utan kostnad.

**Det här lärde vi oss:** en behovsbeskrivning utan färdig lösning lockade även små
företag, och ett öppet möte i hamnen gav frågor som vi inte hade tänkt på själva.
"""


def _challenge(title: str) -> Challenge | None:
    return db.session.scalar(db.select(Challenge).filter_by(title=title))


def _owner_person(challenge: Challenge) -> User | None:
    return next((m.user for m in challenge.owner.memberships), None)


def _juror(email: str) -> User:
    """The demo juror, or one of the other jurors (created with the demo password)."""
    from app.demo.services import DEMO_PASSWORD

    return find_user_by_email(email) or create_user(
        email, OTHER_JURORS[email], DEMO_PASSWORD, locale="sv", email_verified_at=utcnow())


def _close(challenge: Challenge) -> None:
    """Close the challenge as the deadline job does, with the dates of its spec; the
    solutions arrived in the weeks before the deadline."""
    set_timestamps(challenge, {**spec_of(challenge), "state": S.CLOSED})
    challenge.state = S.CLOSED
    for days, solution in enumerate(submitted_solutions(challenge), start=2):
        arrived = challenge.submission_deadline_at - timedelta(days=days)
        solution.submitted_at = arrived
        for version in solution.versions:
            version.submitted_at = arrived
    db.session.flush()


def _seat(challenge: Challenge, inviter: User, email: str) -> JuryMember:
    juror = _juror(email)
    member = invite_juror(challenge, inviter, email)
    accept_invitation(member, juror)
    return member


def _score(member: JuryMember, entry, bias: float) -> None:
    """Declare no conflict and score every criterion near the solution's quality."""
    scoring.declare_conflict(member, entry, False, "", member.user)
    quality = min(1.0, max(0.0, QUALITY.get(entry.solution.organisation.name, 0.6) + bias))
    scores = {c.id: (c.scale_min + round(quality * (c.scale_max - c.scale_min)), "")
              for c in criteria_of(entry.solution.challenge)}
    scoring.save_scores(member, entry, scores)


def _score_everything(member: JuryMember, bias: float) -> None:
    for entry in scoring.active_entries(db.session.get(Challenge, member.challenge_id)):
        _score(member, entry, bias)
    scoring.submit_scores(member, member.user)


def _start_evaluation(challenge: Challenge, emails: list[str]) -> list[JuryMember] | None:
    """Close, seat the jurors and open the evaluation (None if it cannot be done)."""
    inviter = _owner_person(challenge)
    if inviter is None or challenge.state != S.PUBLISHED or not submitted_solutions(challenge):
        return None
    _close(challenge)
    members = [_seat(challenge, inviter, email) for email in emails]
    open_evaluation(challenge, inviter)
    evaluation_of(challenge).opened_at = challenge.closed_at + timedelta(days=1)
    return members


def _judge_in_progress() -> int:
    """The demo juror has one solution of three scored; Lena Ljung has submitted."""
    challenge = _challenge(IN_EVALUATION)
    members = _start_evaluation(challenge, [DEMO_JUROR, "lena.ljung@demo.example"]) if (
        challenge) else None
    if members is None:
        return 0
    demo_juror, other = members
    _score_everything(other, 0.0)
    _score(demo_juror, scoring.active_entries(challenge)[0], 0.05)
    return 1


def _decide() -> int:
    """Two jurors score and submit; the owner publishes the decision with a winner."""
    challenge = _challenge(DECIDED)
    members = _start_evaluation(challenge, list(OTHER_JURORS)) if challenge else None
    if members is None:
        return 0
    for bias, member in zip((0.0, -0.1), members, strict=True):
        _score_everything(member, bias)
    owner = _owner_person(challenge)
    decision.save_decision(challenge, owner, _decision_input(challenge))
    decision.publish_decision(challenge, owner)
    decided = challenge.closed_at + timedelta(days=30)
    challenge.decided_at = evaluation_of(challenge).decision_published_at = decided
    return 1


def _decision_input(challenge: Challenge) -> decision.DecisionInput:
    start = (utcnow() + timedelta(days=20)).replace(hour=12, minute=0, second=0,
                                                     microsecond=0)
    return decision.DecisionInput(
        results={e.id: RESULTS.get(e.solution.organisation.name, SolutionResult.NOT_SELECTED)
                 for e in scoring.active_entries(challenge)},
        justification=JUSTIFICATION, feedback_for_others=FEEDBACK, presentation_at=start,
        presentation_place="Väven, Storgatan 46A, Umeå", presentation_booking_url="")


def load_evaluation_demo() -> int:
    """Close and judge the story challenges (each once): one in evaluation with work left
    for the demo juror, one decided with its protocol and winner."""
    return _judge_in_progress() + _decide()


def load_good_example() -> int:
    """The recorded outcome of the marine plastic need, told as a published good example."""
    challenge = _challenge(GOOD_EXAMPLE)
    author = _owner_person(challenge) if challenge else None
    if (author is None or challenge.state != S.OUTCOME_RECORDED
            or case_for_challenge(challenge)):
        return 0
    create_case_from_challenge(challenge, author, CaseContent(
        track=CaseTrack.PLATFORM_CHALLENGE, title_sv="Fiskeredskap blir ny plast i Sotenäs",
        summary_sv=CASE_SUMMARY, sector="environment", county=challenge.region), publish=True)
    return 1
