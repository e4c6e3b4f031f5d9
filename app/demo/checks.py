"""Demo data for check funding: two intermediaries with local offices and the funder's desk,
advisors with clients, and applications in every state, some with final reports.

Accounts (password as every demo account): advisor@demo.example (an incubator's advisor),
coompanion@demo.example (Coompanion's advisor), funder@demo.example (the funder's desk for
the buyers' checks)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from io import BytesIO

from fpdf import FPDF
from werkzeug.datastructures import FileStorage

from app.accounts.services import create_user, find_user_by_email
from app.attachments import services as attachments
from app.checks import files
from app.checks.desk import add_months
from app.checks.models import (
    AdvisorNote,
    ApplicationEvent,
    ApplicationState,
    CheckApplication,
    ClientLink,
    IntermediaryOffice,
    Recommendation,
)
from app.core.db import utcnow
from app.core.reference import REGIONS
from app.evaluation.protocol import latin1
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

SOUTH = ["SE224", "SE221", "SE212", "SE213", "SE211"]
BERGSLAGEN = ["SE124", "SE125", "SE312"]
SME_CHECKS = ["sme-check-business", "sme-check-ip", "sme-check-infrastructure"]
BUYER_CHECKS = ["procurement-check-before", "procurement-check-ongoing",
                "procurement-check-capacity"]
# (intermediary, advisor e-mail, advisor name, [(office, counties, programmes)])
INTERMEDIARIES = (
    ("Coompanion Sverige (demo)", "coompanion@demo.example", "Cia Coompanion",
     [("Coompanion Syd", SOUTH, ["coompanion-cooperative-check"]),
      ("Coompanion Bergslagen", BERGSLAGEN, ["coompanion-cooperative-check"])]),
    ("Science Park Sverige (demo)", "advisor@demo.example", "Adam Affärsrådgivare",
     [("Inkubatorn Syd", SOUTH, SME_CHECKS), ("Inkubatorn Mitt", sorted(set(REGIONS) - set(SOUTH)),
                                                 SME_CHECKS)]),
    ("Vinnova, checkhandläggning (demo)", "funder@demo.example", "Fia Finansiär",
     [("Checkar för upphandlare", sorted(REGIONS), BUYER_CHECKS)]),
)


def _org_number(seed: int) -> str:
    body = f"80240{seed:04d}"
    check = next(d for d in range(10) if luhn_ok(body + str(d)))
    return f"{body[:6]}-{body[6:]}{check}"


def _intermediary(index: int, name: str, email: str, person: str, offices) -> dict:
    from app.demo.services import DEMO_PASSWORD

    user = create_user(email, person, DEMO_PASSWORD, locale="sv", email_verified_at=utcnow())
    organisation = Organisation(
        name=name, kind=OrganisationKind.INTERMEDIARY, org_number=_org_number(index),
        size_class=SizeClass.SMALL, verification_status=VerificationStatus.VERIFIED,
        verified_at=utcnow(), description="Delar ut innovationscheckar och ger råd.")
    organisation.memberships.append(Membership(user=user, role=MemberRole.ADMIN))
    db.session.add(organisation)
    made = {}
    for office_name, counties, programmes in offices:
        made[office_name] = IntermediaryOffice(organisation=organisation, name=office_name,
                                               counties=counties, programme_keys=programmes)
        db.session.add(made[office_name])
    return made


def _organisation_of(email: str) -> Organisation | None:
    user = find_user_by_email(email)
    return user.memberships[0].organisation if user and user.memberships else None


def _application(applicant, office, key, state, months_ago=0, **extra) -> CheckApplication:
    now = utcnow()
    submitted = now - timedelta(days=30 * months_ago + 10)
    application = CheckApplication(
        programme_key=key, applicant=applicant, office=office, state=state,
        answers={"project": "Vi vill pröva idén med en extern expert.",
                 "expertise": "En konsult inom affärsutveckling."},
        budget={"expertise": 80000}, amount_requested=Decimal(80000),
        submitted_at=None if state == ApplicationState.DRAFT else submitted, **extra)
    if state in (ApplicationState.RUNNING, ApplicationState.REPORT_DUE,
                 ApplicationState.REPORTED, ApplicationState.REFUSED,
                 ApplicationState.COMPLETION_REQUESTED):
        application.decided_at = submitted + timedelta(days=12)
        application.decision_reason = "Bedömd enligt programmets kriterier."
        application.events.append(ApplicationEvent(kind=state.value,
                                                   note=application.decision_reason))
    if state in (ApplicationState.RUNNING, ApplicationState.REPORT_DUE,
                 ApplicationState.REPORTED):
        application.amount_granted, application.share_granted = Decimal(80000), Decimal(1)
        application.project_starts_at = application.decided_at
        application.project_ends_at = add_months(application.decided_at, 6)
    db.session.add(application)
    return application


REPORT = {"done": "En marknadsanalys och tre kundintervjuer.", "costs": 82000,
          "turnover": 300000, "jobs": 1, "procurement": True, "ip": False}


def _plan_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF, the kind of project plan an applicant attaches."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(0, 8, latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    for line in lines:
        pdf.multi_cell(0, 6, latin1(line), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _attach_plan(application: CheckApplication, email: str, filename: str) -> None:
    """The applicant's project plan, through the upload checks the application form uses."""
    db.session.flush()  # the application's id names the file's owner
    upload = FileStorage(BytesIO(_plan_pdf(
        "Projektplan", [f"Sökande: {application.applicant.name}",
                        "Mål: pröva idén med en extern expert inom sex månader.",
                        "Budget: 80 000 kr för extern expertis."])),
        filename=filename, content_type="application/pdf")
    attachments.store(upload, files.OWNER_TYPE, application.id, find_user_by_email(email))


def load_checks() -> int:
    """The intermediaries, offices, clients and applications (once)."""
    if find_user_by_email("coompanion@demo.example") is not None:
        return 0
    offices = {}
    for index, (name, email, person, office_list) in enumerate(INTERMEDIARIES, start=1):
        offices.update(_intermediary(index, name, email, person, office_list))
    coop, sme = _organisation_of("coop@demo.example"), _organisation_of("supplier@demo.example")
    buyer = _organisation_of("buyer@demo.example")
    created = len(offices)
    if coop and sme:
        created += _clients_and_applications(offices, coop, sme, buyer)
    db.session.flush()
    return created


def _office_for(offices: dict, organisation: Organisation, candidates: list[str]):
    return next((offices[n] for n in candidates if organisation.region in offices[n].counties),
                offices[candidates[0]])


def _clients_and_applications(offices, coop, sme, buyer) -> int:
    coop_office = _office_for(offices, coop, ["Coompanion Syd", "Coompanion Bergslagen"])
    sme_office = _office_for(offices, sme, ["Inkubatorn Syd", "Inkubatorn Mitt"])
    coop_link = ClientLink(office=coop_office, client=coop)
    coop_link.notes.append(AdvisorNote(body="Medlemsmöte i maj: vill bygga en webbutik."))
    sme_link = ClientLink(office=sme_office, client=sme)
    sme_link.recommendations.append(Recommendation(
        programme_key="sme-check-ip", note="Ni behöver en IP-strategi innan upphandlingen."))
    db.session.add_all([coop_link, sme_link])
    applications = [
        _application(coop, coop_office, "coompanion-cooperative-check",
                     ApplicationState.REPORTED, 9, owners=12, report=REPORT,
                     reported_at=utcnow() - timedelta(days=20)),
        _application(coop, coop_office, "sme-check-ip", ApplicationState.SUBMITTED, 0,
                     owners=12),
        _application(sme, sme_office, "sme-check-business", ApplicationState.RUNNING, 2),
        _application(sme, sme_office, "sme-check-ip", ApplicationState.REPORT_DUE, 8,
                     report_reminders=1, report_reminded_at=utcnow() - timedelta(days=3)),
        _application(sme, sme_office, "sme-check-infrastructure", ApplicationState.REFUSED, 1),
        _application(sme, sme_office, "sme-check-infrastructure",
                     ApplicationState.COMPLETION_REQUESTED, 0),
    ]
    _attach_plan(applications[0], "coop@demo.example", "projektplan-kooperativ.pdf")
    _attach_plan(applications[2], "supplier@demo.example", "projektplan-affarsutveckling.pdf")
    if buyer:
        desk = offices["Checkar för upphandlare"]
        applications += [
            _application(buyer, desk, "procurement-check-before", ApplicationState.DRAFT),
            _application(buyer, desk, "procurement-check-capacity", ApplicationState.SUBMITTED),
        ]
    return len(applications)
