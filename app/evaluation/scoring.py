"""Scoring: conflict-of-interest declarations, scores, progress and the aggregated results."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.attachments.models import Attachment
from app.audit.services import record
from app.challenges.models import Challenge
from app.core.db import utcnow
from app.core.domain import DomainError
from app.evaluation import aggregation
from app.evaluation.models import (
    ConflictDeclaration,
    Criterion,
    EvaluationEntry,
    JurorStatus,
    JuryMember,
    Score,
)
from app.evaluation.services import (
    accepted_jurors,
    competing_organisations,
    criteria_of,
    evaluation_of,
    find_evaluation,
    juror_label,
    scoring_is_open,
)
from app.extensions import db
from app.organisations.permissions import is_member
from app.solutions.models import Solution, SolutionState
from app.solutions.services import attachments_of as solution_attachments

# --- entries -----------------------------------------------------------------------------


def entries_of(challenge: Challenge) -> list[EvaluationEntry]:
    """Every solution taken into the evaluation, by number (withdrawn ones included)."""
    return list(db.session.scalars(db.select(EvaluationEntry).filter_by(
        challenge_id=challenge.id).order_by(EvaluationEntry.number)
        .options(selectinload(EvaluationEntry.solution))))


def is_active(entry: EvaluationEntry) -> bool:
    """False for a solution withdrawn during the evaluation (shown, but excluded)."""
    return entry.solution.state == SolutionState.SUBMITTED


def active_entries(challenge: Challenge) -> list[EvaluationEntry]:
    """The solutions still in the running, by number."""
    return [e for e in entries_of(challenge) if is_active(e)]


def entry_by_number(challenge: Challenge, number: int) -> EvaluationEntry | None:
    """The entry shown as "Solution <number>"."""
    return db.session.scalar(db.select(EvaluationEntry).filter_by(challenge_id=challenge.id,
                                                                   number=number))


def entry_of(solution: Solution) -> EvaluationEntry | None:
    """The solution's entry in its challenge's evaluation, if it was taken in."""
    return db.session.scalar(db.select(EvaluationEntry).filter_by(solution_id=solution.id))


def solution_label(entry: EvaluationEntry) -> str:
    """ "Solution 4": how jurors (and the anonymised protocol) name a solution."""
    return _("Solution %(number)d", number=entry.number)


def juror_files(entry: EvaluationEntry, anonymised: bool) -> list[tuple[Attachment, str]]:
    """A solution's files with the name a juror sees: in an anonymised evaluation a neutral
    "Solution 3 – file 1.pdf" (the supplier's own file name may name the supplier)."""
    files = solution_attachments(entry.solution)
    if not anonymised:
        return [(file, file.filename) for file in files]
    return [(file, _neutral_file_name(entry, position, file))
            for position, file in enumerate(files, start=1)]


def _neutral_file_name(entry: EvaluationEntry, position: int, file: Attachment) -> str:
    name = _("Solution %(number)d – file %(position)d", number=entry.number, position=position)
    extension = file.filename.rsplit(".", 1)[-1].lower() if "." in file.filename else ""
    return f"{name}.{extension}" if extension else name


def member_label(member: JuryMember) -> str:
    """ "Juror A": how the anonymised protocol and other jurors name a juror."""
    return _("Juror %(letter)s", letter=juror_label(member.label_index))


# --- conflicts of interest ---------------------------------------------------------------

def declaration_of(member: JuryMember, solution_id: int) -> ConflictDeclaration | None:
    """The juror's declaration for a solution, if made."""
    return db.session.scalar(db.select(ConflictDeclaration).filter_by(
        member_id=member.id, solution_id=solution_id))


def declarations_of(member: JuryMember) -> dict[int, ConflictDeclaration]:
    """The juror's declarations by solution id."""
    return {d.solution_id: d for d in member.declarations}


def _check_may_declare(member: JuryMember, entry: EvaluationEntry, has_conflict: bool,
                       actor: User) -> None:
    challenge = db.session.get(Challenge, member.challenge_id)
    evaluation = find_evaluation(challenge)
    if member.status != JurorStatus.ACCEPTED or not evaluation or not evaluation.is_open:
        raise DomainError(_("Conflicts are declared once the evaluation has opened."), 409)
    if evaluation.decision_published:
        raise DomainError(_("The decision has been published."), 409)
    if not has_conflict and (not scoring_is_open(challenge) or member.has_submitted):
        raise DomainError(_("After submitting, you can only declare a conflict, not take "
                            "one back."), 409)
    if not has_conflict and member.user and is_member(member.user, entry.solution.organisation):
        raise DomainError(_("You belong to the organisation that submitted %(solution)s, so "
                            "you have a conflict of interest.",
                            solution=solution_label(entry)), field=f"conflict_{entry.number}")
    if not has_conflict and member.user and competing_organisations(member.user, challenge):
        raise DomainError(_("You belong to an organisation that answers this challenge, so you "
                            "have a conflict of interest with every solution."),
                          field=f"conflict_{entry.number}")
    if actor.id != member.user_id and not has_conflict:
        raise DomainError(_("Only the juror can declare having no conflict."), 403)


def declare_conflict(member: JuryMember, entry: EvaluationEntry, has_conflict: bool,
                     note: str, actor: User) -> ConflictDeclaration:
    """Record a yes/no conflict of interest for one solution (by the juror or the owner).

    A conflict declared after scoring withdraws that juror's scores for the solution, so
    the averages are recalculated without them; the withdrawal is logged.
    """
    _check_may_declare(member, entry, has_conflict, actor)
    declaration = declaration_of(member, entry.solution_id)
    changed = declaration is None or declaration.has_conflict != has_conflict
    if declaration is None:
        declaration = ConflictDeclaration(solution_id=entry.solution_id, has_conflict=False,
                                          withdrawn_scores=0)
        member.declarations.append(declaration)
    declaration.has_conflict = has_conflict
    declaration.note = (note or "").strip()
    if changed:
        declaration.declared_at = utcnow()
        declaration.declared_by_id = actor.id
    if has_conflict:
        declaration.withdrawn_scores += withdraw_scores(member, entry, actor)
    db.session.flush()
    if changed:
        record("evaluation.conflict_declared", actor=actor,
               obj=db.session.get(Challenge, member.challenge_id), juror=member.email,
               solution=entry.number, conflict=has_conflict)
    return declaration


def withdraw_scores(member: JuryMember, entry: EvaluationEntry, actor: User | None) -> int:
    """Remove the juror's scores for a solution (a conflict came to light); logged."""
    scores = [s for s in member.scores if s.solution_id == entry.solution_id]
    for score in scores:
        member.scores.remove(score)
    if scores:
        record("evaluation.scores_withdrawn", actor=actor,
               obj=db.session.get(Challenge, member.challenge_id), juror=member.email,
               solution=entry.number, count=len(scores))
    return len(scores)


def has_declared_no_conflict(member: JuryMember, solution_id: int) -> bool:
    """True if the juror declared having no conflict for the solution."""
    declaration = declaration_of(member, solution_id)
    return declaration is not None and not declaration.has_conflict


# --- scores ------------------------------------------------------------------------------

def scores_of(member: JuryMember, solution_id: int) -> dict[int, Score]:
    """The juror's saved scores for a solution, by criterion id."""
    return {s.criterion_id: s for s in member.scores if s.solution_id == solution_id}


def _check_may_score(member: JuryMember, entry: EvaluationEntry) -> None:
    challenge = db.session.get(Challenge, member.challenge_id)
    if member.status != JurorStatus.ACCEPTED or not scoring_is_open(challenge):
        raise DomainError(_("Scoring is not open."), 409)
    if member.has_submitted:
        raise DomainError(_("You have submitted your scores; they can no longer change."), 409)
    if not is_active(entry):
        raise DomainError(_("This solution has been withdrawn and is not scored."), 409)
    if not has_declared_no_conflict(member, entry.solution_id):
        raise DomainError(_("Declare whether you have a conflict of interest first."), 403)


def check_score(criterion: Criterion, value: int | None) -> None:
    """Raise DomainError (on the criterion's field) if a score is outside its scale."""
    if value is not None and not criterion.scale_min <= value <= criterion.scale_max:
        raise DomainError(
            _("Enter a score from %(low)d to %(high)d for “%(name)s”.",
              low=criterion.scale_min, high=criterion.scale_max, name=criterion.name),
            field=f"score_{criterion.id}")


def save_scores(member: JuryMember, entry: EvaluationEntry,
                values: dict[int, tuple[int | None, str]]) -> None:
    """Save the juror's scores and comments for one solution (partial sheets allowed)."""
    _check_may_score(member, entry)
    criteria = criteria_of(db.session.get(Challenge, member.challenge_id))
    for criterion in criteria:
        check_score(criterion, values.get(criterion.id, (None, ""))[0])
    existing = scores_of(member, entry.solution_id)
    for criterion in criteria:
        value, comment = values.get(criterion.id, (None, ""))
        _store_score(member, entry, criterion, existing.get(criterion.id), value,
                     (comment or "").strip())
    db.session.flush()


def _store_score(member, entry, criterion, score, value, comment) -> None:
    if value is None and not comment:
        if score is not None:
            member.scores.remove(score)
        return
    if score is None:
        score = Score(solution_id=entry.solution_id, criterion_id=criterion.id)
        member.scores.append(score)
    score.value, score.comment = value, comment


def _is_complete(sheet: dict[int, Score], criteria) -> bool:
    return all(c.id in sheet and sheet[c.id].value is not None for c in criteria)


def completed_sheets(member: JuryMember, entries: list[EvaluationEntry], criteria) -> set[int]:
    """The ids of the solutions among `entries` whose every criterion the juror scored."""
    sheets: dict[int, dict[int, Score]] = defaultdict(dict)
    for score in member.scores:  # one pass, not one per solution: juries can be large
        sheets[score.solution_id][score.criterion_id] = score
    return {e.solution_id for e in entries if _is_complete(sheets[e.solution_id], criteria)}


def sheet_is_complete(member: JuryMember, solution_id: int, criteria) -> bool:
    """True if the juror scored every criterion of the solution."""
    return _is_complete(scores_of(member, solution_id), criteria)


@dataclass
class Progress:
    """A juror's progress: "3 of 7 scored"."""

    scored: int = 0
    total: int = 0
    undeclared: list[EvaluationEntry] = field(default_factory=list)
    conflicts: int = 0
    unscored: list[EvaluationEntry] = field(default_factory=list)

    @property
    def ready_to_submit(self) -> bool:
        return not self.undeclared and not self.unscored


def progress_of(member: JuryMember) -> Progress:
    """How far a juror has come on the solutions still in the running."""
    challenge = db.session.get(Challenge, member.challenge_id)
    criteria = criteria_of(challenge)
    declarations = declarations_of(member)
    entries = active_entries(challenge)
    complete = completed_sheets(member, entries, criteria)
    progress = Progress()
    for entry in entries:
        declaration = declarations.get(entry.solution_id)
        if declaration and declaration.has_conflict:
            progress.conflicts += 1
            continue
        progress.total += 1
        if declaration is None:
            progress.undeclared.append(entry)
        if entry.solution_id in complete:
            progress.scored += 1
        else:
            progress.unscored.append(entry)
    return progress


@dataclass(frozen=True)
class SubmitBlocker:
    """What still stops a juror's submission on one solution: the conflict of interest not
    declared, and the criteria not scored yet (by name)."""

    entry: EvaluationEntry
    undeclared: bool
    unscored: tuple[str, ...]


def submit_blockers(member: JuryMember) -> list[SubmitBlocker]:
    """Why the juror cannot submit final scores yet, solution by solution (empty: ready)."""
    progress = progress_of(member)
    criteria = criteria_of(db.session.get(Challenge, member.challenge_id))
    sheets: dict[int, dict[int, Score]] = defaultdict(dict)
    for score in member.scores:
        sheets[score.solution_id][score.criterion_id] = score
    undeclared = {entry.solution_id for entry in progress.undeclared}
    entries = sorted({e.solution_id: e for e in progress.undeclared + progress.unscored}.values(),
                     key=lambda e: e.number)
    return [SubmitBlocker(entry, entry.solution_id in undeclared,
                          _unscored_names(sheets[entry.solution_id], criteria))
            for entry in entries]


def _unscored_names(sheet: dict[int, Score], criteria) -> tuple[str, ...]:
    return tuple(c.name for c in criteria if c.id not in sheet or sheet[c.id].value is None)


def _labels(entries: list[EvaluationEntry]) -> str:
    return ", ".join(solution_label(e) for e in entries)


def submit_scores(member: JuryMember, actor: User) -> None:
    """Submit the juror's scores: every solution declared, every non-conflicted one scored."""
    challenge = db.session.get(Challenge, member.challenge_id)
    if member.status != JurorStatus.ACCEPTED or not scoring_is_open(challenge):
        raise DomainError(_("Scoring is not open."), 409)
    if member.has_submitted:
        raise DomainError(_("You have already submitted your scores."), 409)
    progress = progress_of(member)
    if progress.undeclared:
        raise DomainError(_("Declare whether you have a conflict of interest for: %(list)s.",
                            list=_labels(progress.undeclared)))
    if progress.unscored:
        raise DomainError(_("Score every criterion of: %(list)s.",
                            list=_labels(progress.unscored)))
    member.submitted_at = utcnow()
    db.session.flush()
    record("evaluation.scores_submitted", actor=actor, obj=challenge, juror=member.email)


# --- results -----------------------------------------------------------------------------

def criterion_specs(criteria: list[Criterion]) -> list[aggregation.CriterionSpec]:
    """The criteria as the aggregation needs them."""
    return [aggregation.CriterionSpec(c.id, c.weight, c.scale_min, c.scale_max)
            for c in criteria]


def counted_jurors(challenge: Challenge) -> list[JuryMember]:
    """Jurors whose scores count: those who submitted, or everyone once scoring is closed."""
    evaluation = evaluation_of(challenge)
    return [m for m in accepted_jurors(challenge)
            if m.has_submitted or evaluation.scoring_closed_at]


def counted_sheet(member: JuryMember, entry: EvaluationEntry, criteria) -> dict[int, int] | None:
    """The juror's complete, non-conflicted scores for a solution, or None if not counted."""
    if not has_declared_no_conflict(member, entry.solution_id):
        return None
    if not sheet_is_complete(member, entry.solution_id, criteria):
        return None
    return {cid: s.value for cid, s in scores_of(member, entry.solution_id).items()}


@dataclass(frozen=True)
class EntryResult:
    """One solution's place in the results."""

    entry: EvaluationEntry
    aggregate: aggregation.SolutionAggregate | None  # None: withdrawn during evaluation
    counted: tuple[JuryMember, ...] = ()

    @property
    def withdrawn(self) -> bool:
        return self.aggregate is None


def results(challenge: Challenge) -> list[EntryResult]:
    """The ranked results (ties shared), then unscored solutions, then withdrawn ones."""
    criteria = criteria_of(challenge)
    jurors = counted_jurors(challenge)
    sheets, counted = {}, {}
    for entry in active_entries(challenge):
        pairs = [(m, counted_sheet(m, entry, criteria)) for m in jurors]
        pairs = [(m, s) for m, s in pairs if s is not None]
        sheets[entry.id] = [s for _m, s in pairs]
        counted[entry.id] = tuple(m for m, _s in pairs)
    entries = {e.id: e for e in entries_of(challenge)}
    ranked = aggregation.aggregate(criterion_specs(criteria), sheets) if criteria else []
    rows = [EntryResult(entries[a.key], a, counted[a.key]) for a in ranked]
    rows += [EntryResult(e, None) for e in entries.values() if not is_active(e)]
    return rows


def juror_total(member: JuryMember, entry: EvaluationEntry, criteria) -> float | None:
    """A juror's weighted 0–100 score for a solution, rounded, if their sheet is complete."""
    sheet = counted_sheet(member, entry, criteria)
    if sheet is None:
        return None
    return aggregation.as_points(aggregation.weighted_score(criterion_specs(criteria), sheet))


def other_jurors_sheets(member: JuryMember, entry: EvaluationEntry) -> list[JuryMember]:
    """Other jurors whose submitted scores this juror may see for the solution.

    Only after the juror has submitted, and only if the challenge allows it.
    """
    challenge = db.session.get(Challenge, member.challenge_id)
    evaluation = evaluation_of(challenge)
    if not (evaluation.jurors_see_each_other and member.has_submitted):
        return []
    return [m for m in accepted_jurors(challenge)
            if m.id != member.id and m.has_submitted
            and has_declared_no_conflict(m, entry.solution_id)]
