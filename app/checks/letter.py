"""The decision letter of a check application, as a PDF (fpdf2's core fonts, A4)."""

from __future__ import annotations

from flask_babel import format_date
from flask_babel import gettext as _
from fpdf import FPDF

from app.checks.models import ApplicationState, CheckApplication
from app.core.i18n import money
from app.evaluation.protocol import latin1
from app.funding.models import FundingProgramme


def _outcome(application: CheckApplication) -> str:
    if application.state == ApplicationState.REFUSED:
        return _("Your application has been refused.")
    if application.state == ApplicationState.COMPLETION_REQUESTED:
        return _("Your application needs to be completed before a decision can be taken.")
    return _("Your application has been granted: %(amount)s, %(share)s %% of the costs.",
             amount=money(application.amount_granted),
             share=int((application.share_granted or 0) * 100))


def _lines(application: CheckApplication, programme: FundingProgramme) -> list[str]:
    lines = [_("Applicant: %(name)s (%(number)s)", name=application.applicant.name,
               number=application.applicant.org_number),
             _("Programme: %(name)s", name=programme.name),
             _("Application number: %(number)s", number=application.id),
             _("Amount applied for: %(amount)s", amount=money(application.amount_requested)),
             "", _outcome(application), "", _("Reason: %(reason)s",
                                                reason=application.decision_reason)]
    if application.project_ends_at:
        lines.append(_("The project runs until %(date)s; the final report is due then.",
                       date=format_date(application.project_ends_at, "long")))
    return lines


def decision_pdf(application: CheckApplication, programme: FundingProgramme) -> bytes:
    """The letter telling the applicant the decision and its reason."""
    pdf = FPDF(format="A4")
    pdf.set_creator("Innovation Arena")
    pdf.add_page()
    office = application.office
    pdf.set_font("helvetica", size=9)
    pdf.multi_cell(0, 5, latin1(office.organisation.name + " – " + office.name if office
                                else programme.funder), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("helvetica", "B", 14)
    pdf.multi_cell(0, 8, latin1(_("Decision on your check application")),
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=10)
    for line in _lines(application, programme):
        pdf.multi_cell(0, 6, latin1(line), new_x="LMARGIN", new_y="NEXT")
    if application.decided_at:
        pdf.ln(4)
        pdf.multi_cell(0, 6, latin1(format_date(application.decided_at, "long")),
                       new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
