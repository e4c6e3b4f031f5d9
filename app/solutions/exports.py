"""Exports for a challenge's owners: every readable solution as CSV, attachments as ZIP.

Both take `services.readable_solutions`, which asks `can_view_solution_details` solution
by solution, so an export never holds more than the person could read on the pages.
"""

from __future__ import annotations

import csv
import io
import tempfile
import zipfile

from flask_babel import gettext as _
from werkzeug.utils import secure_filename

from app.attachments import services as attachment_services
from app.challenges.models import Challenge
from app.solutions import services
from app.solutions.models import Solution

# Cells starting with these would run as formulas in a spreadsheet.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
ZIP_IN_MEMORY_BYTES = 20 * 1024 * 1024


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _header(challenge: Challenge) -> list[str]:
    fixed = [_("Solution"), _("Supplier"), _("Organisation number"), _("Status"),
             _("Title"), _("Public summary"), _("Confidential details"),
             _("Technology readiness level"), _("References"),
             _("Indicative price or price model"), _("IP statement"),
             _("IP terms acknowledged"), _("Public summary may be shown"),
             _("First submitted (UTC)"), _("Version"), _("Version submitted (UTC)"),
             _("SHA-256"), _("Attachments")]
    requirements = [_("Requirement %(number)d: %(text)s", number=n, text=r.text)
                    for n, r in enumerate(challenge.requirements, start=1)]
    return fixed + requirements


def _row(solution: Solution) -> list[str]:
    version = services.latest_version(solution)
    answers = services.answer_texts(solution)
    files = "; ".join(f"{a.filename} (SHA-256 {a.sha256})"
                      for a in services.attachments_of(solution))
    values = [
        solution.id, solution.organisation.name, solution.organisation.org_number,
        solution.state.value, solution.title, solution.public_summary, solution.details,
        solution.trl, solution.references, solution.price_model, solution.ip_statement,
        _("yes") if solution.ip_terms_acknowledged else _("no"),
        _("yes") if solution.summary_public_after_decision else _("no"),
        solution.submitted_at.isoformat(timespec="seconds") if solution.submitted_at else "",
        version.number if version else "",
        version.submitted_at.isoformat(timespec="seconds") if version else "",
        version.sha256 if version else "", files,
    ]
    values += [answers.get(r.id, "") for r in solution.challenge.requirements]
    return [_cell(value) for value in values]


def solutions_csv(challenge: Challenge, user) -> str:
    """One row per readable solution, one column per requirement (UTF-8 with BOM)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_header(challenge))
    for solution in services.readable_solutions(challenge, user):
        writer.writerow(_row(solution))
    return "\ufeff" + buffer.getvalue()  # the BOM makes spreadsheet programs read UTF-8


def _folder(solution: Solution) -> str:
    return f"{solution.id}-{secure_filename(solution.organisation.name) or 'supplier'}"


def attachments_zip(challenge: Challenge, user):
    """A ZIP of the readable solutions' attachments, one folder per solution (a file)."""
    # Not a context manager: send_file closes it once the response has been sent.
    spool = tempfile.SpooledTemporaryFile(max_size=ZIP_IN_MEMORY_BYTES)  # noqa: SIM115
    with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
        for solution in services.readable_solutions(challenge, user):
            used: set[str] = set()
            for attachment in services.attachments_of(solution):
                name = attachment.filename
                if name in used:
                    name = f"{attachment.id}-{name}"
                used.add(name)
                path = attachment_services.readable_path(attachment)
                if path is not None:  # streamed from disk in chunks, never whole
                    archive.write(path, f"{_folder(solution)}/{name}")
    spool.seek(0)
    return spool
