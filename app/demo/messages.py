"""Demo data: a conversation between a buyer and the demo supplier about its submitted
solution (the last message still unread by the supplier), and an announcement to
everyone who submitted."""

from __future__ import annotations

from app.accounts.services import find_user_by_email
from app.extensions import db
from app.messages import announcements, services
from app.solutions.models import Solution, SolutionState

CONVERSATION = (
    ("buyer", "Hej! Tack för ert svar om väggelementen. Kan ni berätta hur provväggen "
              "skulle byggas in i en förskola som är i drift, och hur länge bygget stör "
              "verksamheten?"),
    ("supplier", "Hej! Vi monterar provväggen en fredag efter stängning och är klara till "
                 "måndag morgon. Sensorerna för fukt och temperatur sitter i väggen i ett "
                 "år, och vi läser av dem utan att gå in i lokalen."),
    ("buyer", "Tack, det låter bra. Vi återkommer efter sista dag om ett möte med "
              "byggprojektledarna."),
)


def _demo_solution() -> Solution | None:
    supplier = find_user_by_email("supplier@demo.example")
    if supplier is None:
        return None
    organisations = [m.organisation_id for m in supplier.memberships]
    return db.session.scalars(db.select(Solution).where(
        Solution.organisation_id.in_(organisations),
        Solution.state == SolutionState.SUBMITTED).order_by(Solution.id)).first()


def _buyer_of(solution: Solution):
    return next((m.user for o in solution.challenge.owners for m in o.memberships), None)


def load_message_thread() -> int:
    """The conversation and the announcement, once (0 if there is no submitted solution)."""
    solution = _demo_solution()
    buyer = _buyer_of(solution) if solution else None
    if buyer is None or services.thread_of(solution) is not None:
        return 0
    people = {"buyer": buyer, "supplier": find_user_by_email("supplier@demo.example")}
    for side, text in CONVERSATION:
        services.send_message(solution, people[side], text)
    announcements.announce(solution.challenge, buyer, "submitted", "Tidplan efter sista dag",
                           "Vi läser alla svar under två veckor efter sista dag och bjuder "
                           "sedan in till enskilda möten. Alla får besked samtidigt.")
    return len(CONVERSATION)
