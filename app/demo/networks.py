"""Demo data: a buyer network coordinated by the demo coordinator's region."""

from __future__ import annotations

from decimal import Decimal

from app.accounts.services import find_user_by_email
from app.challenges.models import ProcurementRoute
from app.core.reference import NATIONWIDE
from app.extensions import db
from app.networks.models import (
    InterestRegistration,
    JoinPolicy,
    Network,
    NetworkMember,
    NetworkSector,
    NetworkUpdate,
    PlannedProcurement,
)
from app.organisations.models import Organisation

NETWORK_NAME = "Nätverket för trygg läkemedelshantering i hemmet"
MEMBERS = ("Göteborgs kommun", "Mölndals kommun", "Katrineholms kommun", "Hammarö kommun")
DESCRIPTION = """\
Kommuner och regioner som vill att fler ska kunna ta sina läkemedel säkert hemma, utan
att hemtjänsten behöver komma vid varje dostillfälle.

Vi delar erfarenheter från försök med läkemedelsautomater, tar fram gemensamma
funktionskrav och samlar vår efterfrågan så att även små kommuner kan vara med i en
innovationsupphandling.
"""
NEED = """\
Hemmaboende personer med många läkemedel ska få rätt dos vid rätt tid, även när
hemtjänsten inte är på plats. Lösningen ska

- påminna brukaren och lämna ut rätt dos,
- larma hemtjänsten om en dos inte tas,
- fungera för personer med nedsatt syn, hörsel eller minne,
- gå att koppla till kommunens larmcentral.
"""
# (organisation, contact, e-mail, volume in "brukare", budget in SEK, shown publicly)
REGISTRATIONS = (
    ("Göteborgs kommun", "Bengt Beställare", "buyer@demo.example", Decimal(1200),
     Decimal(6_000_000), True),
    ("Mölndals kommun", "Maria Lindqvist", "maria.lindqvist@demo.example", Decimal(300), None,
     True),
    ("Katrineholms kommun", "Ahmed Hassan", "ahmed.hassan@demo.example", Decimal(150),
     Decimal(750_000), True),
    ("Hammarö kommun", "Eva Nyström", "eva.nystrom@demo.example", Decimal(80), None, False),
)


def _organisation(name: str) -> Organisation | None:
    return db.session.scalar(db.select(Organisation).filter_by(name=name))


def load_networks() -> int:
    """Create the demo network, its members, a planned procurement with interest, an update."""
    coordinator_user = find_user_by_email("coordinator@demo.example")
    if coordinator_user is None or db.session.scalar(
            db.select(Network).filter_by(name=NETWORK_NAME)):
        return 0
    coordinator = coordinator_user.memberships[0].organisation
    network = Network(
        name=NETWORK_NAME, theme="Välfärdsteknik: läkemedel i hemmet", description=DESCRIPTION,
        region=NATIONWIDE, join_policy=JoinPolicy.APPROVAL, coordinator=coordinator,
        created_by=coordinator_user,
        sector_links=[NetworkSector(sector="elderly_care"), NetworkSector(sector="health")],
        members=[NetworkMember(organisation=coordinator)]
        + [NetworkMember(organisation=_organisation(name)) for name in MEMBERS],
    )
    db.session.add(network)
    _add_planned_procurement(network, coordinator_user)
    db.session.add(NetworkUpdate(
        network=network, author=coordinator_user, organisation=coordinator,
        title="Välkomna – första nätverksträffen 12 mars",
        body="Vi ses **digitalt den 12 mars kl. 13–15**. På agendan:\n\n"
             "1. Erfarenheter från Mölndals försök med läkemedelsautomater\n"
             "2. Utkast till gemensamma funktionskrav\n"
             "3. Tidplan för den gemensamma upphandlingen\n\n"
             "Underlagen finns under *Delade dokument*.",
    ))
    db.session.flush()
    return 1


def _add_planned_procurement(network: Network, user) -> None:
    planned = PlannedProcurement(
        network=network, created_by=user, title="Läkemedelsautomater för hemmaboende",
        need=NEED, expected_timing="Upphandling hösten 2027, avtal från 2028",
        route=ProcurementRoute.PROCUREMENT_OF_INNOVATION,
    )
    db.session.add(planned)
    for name, contact, email, volume, amount, public in REGISTRATIONS:
        planned.registrations.append(InterestRegistration(
            organisation=_organisation(name), registered_by=find_user_by_email(email),
            volume_quantity=volume, volume_unit="brukare", amount_sek=amount,
            time_frame="2028–2030", contact_name=contact, contact_email=email,
            show_volume_publicly=public,
        ))
