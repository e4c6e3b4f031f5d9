"""The evaluation protocol: everything the buyer files with the procurement documents.

One `Protocol` is built from the database and rendered three ways: a printable page,
CSV and PDF. In anonymised mode it names solutions "Solution 4" and jurors "Juror A",
never the suppliers or the jurors themselves.

Extension point: an area above evaluation whose records belong in the protocol (the
messages exchanged with suppliers) adds an annex with `register_annex(function)` in its
`init_app`; `function(challenge, anonymised)` returns an `Annex` or None. The protocol is
read by the owner's members only (`can_view_protocol`), never by jurors.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from fpdf import FPDF

from app.challenges.models import Challenge
from app.core.dates import format_moment as format_datetime
from app.evaluation.forms import RESULT_LABELS
from app.evaluation.models import Criterion, Evaluation, EvaluationEntry, JurorStatus, JuryMember
from app.evaluation.scoring import (
    EntryResult,
    counted_jurors,
    declarations_of,
    entries_of,
    is_active,
    juror_total,
    member_label,
    progress_of,
    results,
    scores_of,
    solution_label,
)
from app.evaluation.services import criteria_of, evaluation_of, jury_of, scoring_complete


@dataclass
class JurorRow:
    label: str
    status: str
    counted: bool


@dataclass
class ConflictRow:
    juror: str
    solution: str
    has_conflict: bool
    note: str
    declared_at: datetime
    withdrawn_scores: int
    by_owner: bool


@dataclass
class ScoreCell:
    criterion: Criterion
    value: int | None
    comment: str


@dataclass
class JurorSheet:
    juror: str
    note: str = ""  # why there are no counted scores (conflict, not submitted...)
    cells: list[ScoreCell] = field(default_factory=list)
    total: float | None = None


@dataclass
class SolutionSection:
    label: str
    withdrawn: bool
    sheets: list[JurorSheet] = field(default_factory=list)


@dataclass
class ResultRow:
    label: str
    rank: int | None
    tied: bool
    mean: float | None
    minimum: float | None
    maximum: float | None
    std_dev: float | None
    jurors: int
    withdrawn: bool
    decision: str = ""


@dataclass
class Annex:
    """A table appended to the protocol by another area: a title, a note, the column
    names and the rows (plain text)."""

    key: str
    title: str
    header: list[str]
    rows: list[list[str]]
    note: str = ""
    widths: tuple[int, ...] = ()  # PDF column widths in mm (summing to 180), if wanted


# Functions (challenge, anonymised) -> Annex | None, in registration order.
ANNEXES: list[Callable[[Challenge, bool], Annex | None]] = []


def register_annex(build_annex: Callable[[Challenge, bool], Annex | None]):
    """Add an annex to every evaluation protocol (once; usable as a decorator)."""
    if build_annex not in ANNEXES:
        ANNEXES.append(build_annex)
    return build_annex


def annexes_of(challenge: Challenge, anonymised: bool) -> list[Annex]:
    """The annexes the registered areas give for this challenge."""
    built = (build_annex(challenge, anonymised) for build_annex in ANNEXES)
    return [annex for annex in built if annex is not None]


@dataclass
class Protocol:
    challenge: Challenge
    evaluation: Evaluation
    criteria: list[Criterion]
    jurors: list[JurorRow]
    conflicts: list[ConflictRow]
    solutions: list[SolutionSection]
    results: list[ResultRow]
    closed_early_note: str = ""
    complete: bool = False
    annexes: list[Annex] = field(default_factory=list)

    @property
    def anonymised(self) -> bool:
        return self.evaluation.anonymised


def solution_name(entry: EvaluationEntry, anonymised: bool) -> str:
    """ "Solution 4", followed by the supplier's name unless the evaluation is anonymised."""
    label = solution_label(entry)
    return label if anonymised else f"{label} – {entry.solution.organisation.name}"


def juror_name(member: JuryMember, anonymised: bool) -> str:
    """ "Juror A", followed by the person's name unless the evaluation is anonymised."""
    label = member_label(member)
    if anonymised:
        return label
    return f"{label} – {member.user.name if member.user else member.email}"


def _sat_on_jury(member: JuryMember) -> bool:
    return member.status == JurorStatus.ACCEPTED or (
        member.status == JurorStatus.REVOKED and member.user_id is not None)


def _juror_status(member: JuryMember, counted: bool) -> str:
    if member.status == JurorStatus.REVOKED:
        return _("Removed from the jury; scores not counted")
    progress = progress_of(member)
    scored = _("%(scored)d of %(total)d scored", scored=progress.scored, total=progress.total)
    if member.has_submitted:
        return _("Submitted %(date)s (%(scored)s)", date=format_datetime(member.submitted_at),
                 scored=scored)
    if counted:
        return _("Did not finish (%(scored)s); complete scores counted", scored=scored)
    return _("Not submitted yet (%(scored)s)", scored=scored)


def build(challenge: Challenge) -> Protocol:
    """Collect the protocol of a challenge's evaluation."""
    evaluation = evaluation_of(challenge)
    anonymised = evaluation.anonymised
    members = [m for m in jury_of(challenge) if _sat_on_jury(m)]
    counted = {m.id for m in counted_jurors(challenge)}
    criteria = criteria_of(challenge)
    return Protocol(
        challenge=challenge, evaluation=evaluation, criteria=criteria,
        jurors=[JurorRow(juror_name(m, anonymised), _juror_status(m, m.id in counted),
                         m.id in counted) for m in members],
        conflicts=_conflicts(challenge, members, anonymised),
        solutions=[_section(e, members, counted, criteria, anonymised)
                   for e in entries_of(challenge)],
        results=[_result_row(r, anonymised) for r in results(challenge)],
        closed_early_note=_closed_early_note(evaluation, members),
        complete=scoring_complete(challenge),
        annexes=annexes_of(challenge, anonymised),
    )


def _closed_early_note(evaluation: Evaluation, members: list[JuryMember]) -> str:
    if not evaluation.scoring_closed_at:
        return ""
    unfinished = [m for m in members if m.status == JurorStatus.ACCEPTED
                  and not m.has_submitted]
    if not unfinished:
        return ""
    return _("Scoring was closed on %(date)s before every juror had submitted; the complete "
             "scores that existed then were counted. Not finished: %(jurors)s.",
             date=format_datetime(evaluation.scoring_closed_at),
             jurors=", ".join(juror_name(m, evaluation.anonymised) for m in unfinished))


def _conflicts(challenge, members, anonymised) -> list[ConflictRow]:
    entries = {e.solution_id: e for e in entries_of(challenge)}
    rows = []
    for member in members:
        for solution_id, declaration in sorted(declarations_of(member).items()):
            if solution_id not in entries:
                continue
            rows.append(ConflictRow(
                juror_name(member, anonymised), solution_name(entries[solution_id], anonymised),
                declaration.has_conflict, declaration.note, declaration.declared_at,
                declaration.withdrawn_scores,
                declaration.declared_by_id not in (None, member.user_id)))
    return rows


def _section(entry, members, counted, criteria, anonymised) -> SolutionSection:
    section = SolutionSection(solution_name(entry, anonymised), withdrawn=not is_active(entry))
    if section.withdrawn:
        return section
    for member in members:
        section.sheets.append(_sheet(member, entry, member.id in counted, criteria, anonymised))
    return section


def _sheet(member, entry, counted, criteria, anonymised) -> JurorSheet:
    sheet = JurorSheet(juror_name(member, anonymised))
    declaration = declarations_of(member).get(entry.solution_id)
    if member.status == JurorStatus.REVOKED:
        sheet.note = _("Removed from the jury")
    elif declaration and declaration.has_conflict:
        sheet.note = _("Conflict of interest: did not see or score this solution")
    elif not counted:
        sheet.note = _("Not submitted yet")
    else:
        scores = scores_of(member, entry.solution_id)
        sheet.cells = [ScoreCell(c, getattr(scores.get(c.id), "value", None),
                                 getattr(scores.get(c.id), "comment", "")) for c in criteria]
        sheet.total = juror_total(member, entry, criteria)
        if sheet.total is None:
            sheet.note = _("Incomplete: not counted")
    return sheet


def _rounded(value) -> float | None:
    from app.evaluation.aggregation import as_points

    return as_points(value)


def _result_row(result: EntryResult, anonymised: bool) -> ResultRow:
    entry = result.entry
    decision = ""
    if entry.solution.result and result.aggregate is not None:
        decision = str(RESULT_LABELS[entry.solution.result])
    if result.withdrawn:
        return ResultRow(solution_name(entry, anonymised), None, False, None, None, None, None,
                         0, True, decision)
    agg = result.aggregate
    return ResultRow(solution_name(entry, anonymised), agg.rank, agg.tied, _rounded(agg.mean),
                     _rounded(agg.minimum), _rounded(agg.maximum),
                     None if agg.std_dev is None else round(agg.std_dev, 1), agg.jurors, False,
                     decision)


# --- CSV ---------------------------------------------------------------------------------

def _num(value) -> str:
    return "" if value is None else f"{value:g}"


def rank_text(row: ResultRow) -> str:
    """ "2", "2 (tie)", "Not scored" or "Withdrawn"."""
    if row.withdrawn:
        return _("Withdrawn")
    if row.rank is None:
        return _("Not scored")
    return _("%(rank)d (tie)", rank=row.rank) if row.tied else str(row.rank)


def to_csv(protocol: Protocol) -> str:
    """The protocol as CSV: one section after another, each with its own header row."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Evaluation protocol"), protocol.challenge.title])
    if protocol.closed_early_note:
        writer.writerow([protocol.closed_early_note])
    _csv_criteria(writer, protocol)
    _csv_jurors(writer, protocol)
    _csv_conflicts(writer, protocol)
    _csv_scores(writer, protocol)
    _csv_results(writer, protocol)
    _csv_decision(writer, protocol)
    _csv_annexes(writer, protocol)
    return "\ufeff" + out.getvalue()  # the BOM makes spreadsheet programs read UTF-8


def _csv_criteria(writer, protocol: Protocol) -> None:
    writer.writerows([[], [_("Criteria")],
                      [_("Criterion"), _("Description"), _("Weight (%)"), _("Scale")]])
    for c in protocol.criteria:
        writer.writerow([c.name, c.description, c.weight, f"{c.scale_min}-{c.scale_max}"])


def _csv_jurors(writer, protocol: Protocol) -> None:
    writer.writerows([[], [_("Jurors")], [_("Juror"), _("Status")]])
    writer.writerows([[j.label, j.status] for j in protocol.jurors])


def _csv_conflicts(writer, protocol: Protocol) -> None:
    writer.writerows([[], [_("Conflicts of interest")],
                      [_("Juror"), _("Solution"), _("Conflict"), _("Note"), _("Declared"),
                       _("Scores withdrawn")]])
    for row in protocol.conflicts:
        writer.writerow([row.juror, row.solution, _("Yes") if row.has_conflict else _("No"),
                         row.note, row.declared_at.isoformat(), row.withdrawn_scores])


def _csv_scores(writer, protocol: Protocol) -> None:
    writer.writerows([[], [_("Scores")],
                      [_("Solution"), _("Juror"), _("Criterion"), _("Score"), _("Comment")]])
    for section in protocol.solutions:
        if section.withdrawn:
            writer.writerow([section.label, _("Withdrawn during the evaluation")])
        for sheet in section.sheets:
            if sheet.note and not sheet.cells:
                writer.writerow([section.label, sheet.juror, "", "", sheet.note])
            for cell in sheet.cells:
                writer.writerow([section.label, sheet.juror, cell.criterion.name,
                                 _num(cell.value), cell.comment])


def _csv_results(writer, protocol: Protocol) -> None:
    writer.writerows([[], [_("Results (weighted, 0–100)")],
                      [_("Rank"), _("Solution"), _("Mean"), _("Lowest"), _("Highest"),
                       _("Standard deviation"), _("Jurors counted"), _("Decision")]])
    for row in protocol.results:
        writer.writerow([rank_text(row), row.label, _num(row.mean), _num(row.minimum),
                         _num(row.maximum), _num(row.std_dev), row.jurors, row.decision])


def _csv_decision(writer, protocol: Protocol) -> None:
    evaluation = protocol.evaluation
    writer.writerows([[], [_("Decision")]])
    if not evaluation.decision_published:
        writer.writerow([_("The decision has not been published yet.")])
        return
    writer.writerow([_("Published"), evaluation.decision_published_at.isoformat()])
    writer.writerow([_("Justification"), evaluation.justification])
    writer.writerow([_("Feedback to the suppliers not selected"), evaluation.feedback_for_others])


def _csv_annexes(writer, protocol: Protocol) -> None:
    for annex in protocol.annexes:
        writer.writerows([[], [_("Annex: %(title)s", title=annex.title)]])
        if annex.note:
            writer.writerow([annex.note])
        writer.writerows([annex.header, *annex.rows])


# --- PDF ---------------------------------------------------------------------------------

# The PDF core fonts cover Latin-1 (å, ä, ö, é, ü...); typographic marks are mapped.
_LATIN1 = str.maketrans({"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"',
                         "…": "...", "•": "*", "\u00a0": " ", "\u202f": " ", "→": "->",
                         "≥": ">=", "≤": "<=", "€": "EUR"})


def latin1(text) -> str:
    """Text the PDF core fonts can show (unknown characters become '?')."""
    return str(text).translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")


class _ProtocolPdf(FPDF):
    def __init__(self, title: str):
        super().__init__(format="A4")
        self.protocol_title = title
        self.set_auto_page_break(auto=True, margin=15)
        self.set_title(latin1(title))
        self.set_creator("Innovation Arena")

    def footer(self):
        self.set_y(-12)
        self.set_font("helvetica", size=8)
        self.cell(0, 6, latin1(f"{self.protocol_title} – {self.page_no()}"), align="C")

    def heading(self, text: str, size: int = 13) -> None:
        self.ln(3)
        self.set_font("helvetica", "B", size)
        self.multi_cell(0, 7, latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.set_font("helvetica", size=9)

    def para(self, text: str) -> None:
        self.set_font("helvetica", size=9)
        self.multi_cell(0, 5, latin1(text), new_x="LMARGIN", new_y="NEXT")

    def grid(self, header: list[str], rows: list[list], widths: tuple[int, ...]) -> None:
        self.set_font("helvetica", size=8)
        with self.table(col_widths=widths, text_align="LEFT", line_height=4.5) as table:
            table.row([latin1(h) for h in header])
            for row in rows:
                table.row([latin1("" if v is None else v) for v in row])


def to_pdf(protocol: Protocol) -> bytes:
    """The protocol as a PDF (A4), in the reader's language."""
    title = _("Evaluation protocol: %(title)s", title=protocol.challenge.title)
    pdf = _ProtocolPdf(title)
    pdf.add_page()
    pdf.heading(title, 15)
    pdf.para(_("Buyer: %(name)s", name=protocol.challenge.owner.name))
    if protocol.anonymised:
        pdf.para(_("Anonymised evaluation: jurors did not see who submitted the solutions."))
    if protocol.closed_early_note:
        pdf.para(protocol.closed_early_note)
    _pdf_setup(pdf, protocol)
    _pdf_scores(pdf, protocol)
    _pdf_results(pdf, protocol)
    _pdf_annexes(pdf, protocol)
    return bytes(pdf.output())


def _pdf_annexes(pdf: _ProtocolPdf, protocol: Protocol) -> None:
    for annex in protocol.annexes:
        pdf.heading(_("Annex: %(title)s", title=annex.title))
        if annex.note:
            pdf.para(annex.note)
        if annex.rows:
            widths = annex.widths or tuple([180 // len(annex.header)] * len(annex.header))
            pdf.grid(annex.header, annex.rows, widths)


def _pdf_setup(pdf: _ProtocolPdf, protocol: Protocol) -> None:
    pdf.heading(_("Criteria"))
    pdf.grid([_("Criterion"), _("Description"), _("Weight"), _("Scale")],
             [[c.name, c.description, f"{c.weight} %", f"{c.scale_min}-{c.scale_max}"]
              for c in protocol.criteria], (40, 100, 20, 20))
    pdf.heading(_("Jurors"))
    pdf.grid([_("Juror"), _("Status")], [[j.label, j.status] for j in protocol.jurors],
             (70, 110))
    pdf.heading(_("Conflicts of interest"))
    if not protocol.conflicts:
        pdf.para(_("No declarations."))
        return
    pdf.grid([_("Juror"), _("Solution"), _("Conflict"), _("Note"), _("Scores withdrawn")],
             [[c.juror, c.solution, _("Yes") if c.has_conflict else _("No"), c.note,
               c.withdrawn_scores] for c in protocol.conflicts], (40, 45, 18, 57, 20))


def _pdf_scores(pdf: _ProtocolPdf, protocol: Protocol) -> None:
    pdf.heading(_("Scores and comments"))
    for section in protocol.solutions:
        pdf.heading(section.label, 11)
        if section.withdrawn:
            pdf.para(_("Withdrawn during the evaluation; not scored."))
            continue
        rows = []
        for sheet in section.sheets:
            if not sheet.cells:
                rows.append([sheet.juror, "", "", sheet.note])
            rows += [[sheet.juror, cell.criterion.name, _num(cell.value), cell.comment]
                     for cell in sheet.cells]
            if sheet.cells:
                rows.append([sheet.juror, _("Weighted total (0–100)"), _num(sheet.total),
                             sheet.note])
        pdf.grid([_("Juror"), _("Criterion"), _("Score"), _("Comment")], rows,
                 (40, 45, 15, 80))


def _pdf_results(pdf: _ProtocolPdf, protocol: Protocol) -> None:
    pdf.heading(_("Results (weighted, 0–100)"))
    pdf.grid([_("Rank"), _("Solution"), _("Mean"), _("Lowest"), _("Highest"),
              _("Std. dev."), _("Jurors"), _("Decision")],
             [[rank_text(r), r.label, _num(r.mean), _num(r.minimum), _num(r.maximum),
               _num(r.std_dev), r.jurors, r.decision] for r in protocol.results],
             (18, 52, 16, 16, 16, 16, 16, 30))
    evaluation = protocol.evaluation
    pdf.heading(_("Decision"))
    if not evaluation.decision_published:
        pdf.para(_("The decision has not been published yet."))
        return
    pdf.para(_("Published %(date)s.", date=format_datetime(evaluation.decision_published_at)))
    pdf.para(_("Justification: %(text)s", text=evaluation.justification))
    if evaluation.feedback_for_others:
        pdf.para(_("Feedback to the suppliers not selected: %(text)s",
                   text=evaluation.feedback_for_others))
