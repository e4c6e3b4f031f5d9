"""Funding programmes: the matcher, the YAML import and the counting of matches and clicks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import yaml
from flask_babel import gettext as _

from app.core.dates import day_end, day_start
from app.core.db import utcnow
from app.core.domain import DomainError
from app.core.events import Situation
from app.extensions import db
from app.funding.models import (
    Audience,
    CallStatus,
    FundingEvent,
    FundingEventKind,
    FundingProgramme,
    Stage,
)
from app.organisations.models import Organisation, OrganisationKind, SizeClass

DEFAULT_FILE = Path(__file__).with_name("programmes.yaml")

# Which stages help at which step, the best fit first.
STAGES_FOR: dict[Situation, tuple[Stage, ...]] = {
    Situation.BUYER_PREPARING: (Stage.BEFORE_PROCUREMENT, Stage.CAPACITY_BUILDING),
    Situation.BUYER_ONGOING: (Stage.ONGOING_PROCUREMENT,),
    Situation.BUYER_CAPACITY: (Stage.CAPACITY_BUILDING,),
    Situation.SME_ANSWERING: (Stage.BUSINESS_DEVELOPMENT, Stage.IP_STRATEGY),
    Situation.SME_WINNING: (Stage.INFRASTRUCTURE, Stage.IP_STRATEGY),
    Situation.SME_INFRASTRUCTURE: (Stage.INFRASTRUCTURE,),
    Situation.SME_IP: (Stage.IP_STRATEGY,),
}
BUYER_SITUATIONS = frozenset({Situation.BUYER_PREPARING, Situation.BUYER_ONGOING,
                              Situation.BUYER_CAPACITY})
STATUS_ORDER = {CallStatus.OPEN: 0, CallStatus.UPCOMING: 1, CallStatus.CLOSED: 2}
BLOCK_SIZE = 2  # programmes in a notification's "Funding that can help"


def as_situation(value) -> Situation | None:
    """A Situation from an enum member or its value; None for anything else."""
    try:
        return Situation(value) if value else None
    except ValueError:
        return None


def audiences_of(organisation: Organisation | None) -> set[Audience]:
    """Who an organisation is for funding: a contracting authority, an SME or a cooperative.

    Cooperatives are their own audience (served by Coompanion); large companies,
    universities and intermediaries are no audience of the checks.
    """
    if organisation is None:
        return set()
    if organisation.kind == OrganisationKind.CONTRACTING_AUTHORITY:
        return {Audience.CONTRACTING_AUTHORITY}
    if organisation.kind != OrganisationKind.SUPPLIER:
        return set()
    if organisation.is_cooperative:
        return {Audience.COOPERATIVE}
    return set() if organisation.size_class == SizeClass.LARGE else {Audience.SME}


def _sort_key(programme: FundingProgramme, stages: tuple[Stage, ...], now: datetime):
    stage_rank = stages.index(programme.stage) if programme.stage in stages else len(stages)
    return (STATUS_ORDER[programme.status(now)], stage_rank, list(Stage).index(programme.stage),
            programme.key)


def matching_programmes(audiences: Iterable[Audience] | None = None,
                        situation: Situation | None = None,
                        now: datetime | None = None) -> list[FundingProgramme]:
    """The programmes for an audience at a step (None: any), open ones first.

    Within the same call status the stage that fits the situation best comes first.
    """
    stages = STAGES_FOR[situation] if situation else tuple(Stage)
    wanted = None if audiences is None else {str(a) for a in audiences}
    programmes = db.session.scalars(
        db.select(FundingProgramme).where(FundingProgramme.stage.in_(stages))
    )
    fitting = [p for p in programmes if wanted is None or wanted & set(p.audience or [])]
    now = now or utcnow()
    return sorted(fitting, key=lambda p: _sort_key(p, stages, now))


def match_for_organisation(organisation: Organisation | None, situation: Situation | None,
                           now: datetime | None = None) -> list[FundingProgramme]:
    """The matcher: the programmes that fit an organisation at a step, open ones first."""
    audiences = audiences_of(organisation)
    if not audiences:
        return []
    return matching_programmes(audiences, situation, now)


def organisation_for_situation(user, situation: Situation) -> Organisation | None:
    """The recipient's organisation that the situation is about (a buyer's or a supplier's)."""
    buyer_side = situation in BUYER_SITUATIONS
    for membership in getattr(user, "memberships", []) or []:
        audiences = audiences_of(membership.organisation)
        if buyer_side == (Audience.CONTRACTING_AUTHORITY in audiences) and audiences:
            return membership.organisation
    return None


@dataclass
class FundingSuggestion:
    """What a notification or panel shows: a few programmes and where to read more."""

    situation: Situation | None
    audiences: set[Audience] = field(default_factory=set)
    programmes: list[FundingProgramme] = field(default_factory=list)

    @property
    def page_query(self) -> dict:
        """The filters of the public funding page (`funding.index`) for this suggestion."""
        query = {}
        if len(self.audiences) == 1:
            query["who"] = next(iter(self.audiences)).value
        if self.situation:
            query["step"] = self.situation.value
        return query

    def go_query(self, programme: FundingProgramme, source: str) -> dict:
        """The values of `funding.go` for a programme shown in `source` (counted)."""
        query = {"key": programme.key, "from": source}
        if self.situation:
            query["step"] = self.situation.value
        return query

    def intermediaries(self, programme: FundingProgramme) -> list[dict]:
        """Who this reader applies through (a cooperative is pointed to Coompanion)."""
        return programme.intermediaries_for(self.audiences)

    def __bool__(self) -> bool:
        return bool(self.programmes)


def suggest(organisation: Organisation | None, situation: Situation | None,
            limit: int = BLOCK_SIZE) -> FundingSuggestion:
    """Up to `limit` programmes that are not closed and fit the organisation at the step."""
    programmes = [p for p in match_for_organisation(organisation, situation)
                  if p.status() != CallStatus.CLOSED]
    return FundingSuggestion(situation, audiences_of(organisation), programmes[:limit])


def suggest_for_recipient(user, situation, organisation: Organisation | None = None
                          ) -> FundingSuggestion:
    """The "Funding that can help" block for one recipient of a notification."""
    situation = as_situation(situation)
    if situation is None:
        return FundingSuggestion(None)
    organisation = organisation or organisation_for_situation(user, situation)
    return suggest(organisation, situation)


def record(programmes: Iterable[FundingProgramme], kind: FundingEventKind, source: str,
           situation: Situation | None = None) -> None:
    """Count that programmes were matched or clicked (for statistics; no personal data)."""
    for programme in programmes:
        db.session.add(FundingEvent(programme_id=programme.id, kind=kind, source=source[:20],
                                    situation=situation.value if situation else None))
    db.session.flush()


def counts_by_programme() -> dict[int, dict[str, int]]:
    """How often each programme was matched and clicked: {id: {"matched": n, "clicked": n}}."""
    rows = db.session.execute(
        db.select(FundingEvent.programme_id, FundingEvent.kind, db.func.count(FundingEvent.id))
        .group_by(FundingEvent.programme_id, FundingEvent.kind)
    )
    counts: dict[int, dict[str, int]] = {}
    for programme_id, kind, count in rows:
        counts.setdefault(programme_id, {"matched": 0, "clicked": 0})[kind.value] = count
    return counts


def programme_by_key(key: str) -> FundingProgramme | None:
    """The programme with a key, if any."""
    return db.session.scalar(db.select(FundingProgramme).filter_by(key=key))


def all_programmes() -> list[FundingProgramme]:
    """Every programme, by stage and key (the administrator's list)."""
    programmes = db.session.scalars(db.select(FundingProgramme))
    return sorted(programmes, key=lambda p: (list(Stage).index(p.stage), p.key))


# --- the programme file and the administrator's edits ---

TEXT_FIELDS = ("name_sv", "name_en", "funder", "purpose_sv", "purpose_en", "eligibility_sv",
               "eligibility_en", "link", "currency")
REQUIRED_FIELDS = ("key", "name_sv", "name_en", "funder", "audience", "stage")


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _problem(entry: dict, message: str) -> DomainError:
    return DomainError(_("Programme %(key)s: %(problem)s", key=entry.get("key", "?"),
                         problem=message))


def _enum_values(entry: dict, values, enum_class, name: str) -> list[str]:
    allowed = {member.value for member in enum_class}
    wrong = [str(v) for v in values if str(v) not in allowed]
    if wrong:
        raise _problem(entry, _("%(field)s has unknown values: %(values)s", field=name,
                                values=", ".join(wrong)))
    return [str(v) for v in values]


def _number(entry: dict, name: str) -> Decimal | None:
    value = entry.get(name)
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        raise _problem(entry, _("%(field)s must be a number", field=name)) from None
    if number < 0:
        raise _problem(entry, _("%(field)s must not be negative", field=name))
    return number


def _day(entry: dict, name: str) -> date | None:
    value = entry.get(name)
    if value is None or value == "" or isinstance(value, date):
        return value or None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise _problem(entry, _("%(field)s must be a date like 2026-03-31",
                                field=name)) from None


def _intermediaries(entry: dict) -> list[dict]:
    result = []
    for item in entry.get("intermediaries") or []:
        if not isinstance(item, dict) or not str(item.get("name", "")).strip():
            raise _problem(entry, _("every intermediary needs a name"))
        result.append({
            "name": str(item["name"]).strip(),
            "audience": _enum_values(entry, item.get("audience") or [], Audience, "audience"),
            "url": str(item.get("url") or "").strip(),
        })
    return result


def programme_fields(entry: dict) -> dict:
    """Check one programme from the file and turn it into model fields (DomainError if wrong)."""
    missing = [name for name in REQUIRED_FIELDS if not entry.get(name)]
    if missing:
        raise _problem(entry, _("missing %(fields)s", fields=", ".join(missing)))
    rate = _number(entry, "support_rate")
    if rate is not None and rate > 1:
        raise _problem(entry, _("support_rate is a share between 0 and 1 (1.0 means all costs)"))
    fields = {name: str(entry.get(name) or "").strip() for name in TEXT_FIELDS}
    fields.update(
        currency=(fields["currency"] or "SEK").upper()[:3],
        audience=_enum_values(entry, entry["audience"], Audience, "audience"),
        stage=Stage(_enum_values(entry, [entry["stage"]], Stage, "stage")[0]),
        max_amount=_number(entry, "max_amount"), support_rate=rate,
        opens_at=day_start(_day(entry, "opens_at")), closes_at=day_end(_day(entry, "closes_at")),
        intermediaries=_intermediaries(entry),
    )
    return fields


def _same(current, new) -> bool:
    if isinstance(current, Decimal) or isinstance(new, Decimal):
        return (current is None and new is None) or (
            current is not None and new is not None and Decimal(current) == Decimal(new))
    return current == new


def upsert_programme(key: str, fields: dict) -> str:
    """Create or update the programme with a key; returns created, updated or unchanged."""
    programme = programme_by_key(key)
    if programme is None:
        db.session.add(FundingProgramme(key=key, **fields))
        db.session.flush()
        return "created"
    changed = [name for name, value in fields.items()
               if not _same(getattr(programme, name), value)]
    for name in changed:
        setattr(programme, name, fields[name])
    db.session.flush()
    return "updated" if changed else "unchanged"


def read_programme_file(path: str | Path = DEFAULT_FILE) -> list[dict]:
    """The programme entries of a YAML file (DomainError if it cannot be read)."""
    try:
        content = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise DomainError(_("Could not read %(path)s: %(error)s", path=str(path),
                            error=str(error))) from error
    entries = content.get("programmes") if isinstance(content, dict) else None
    if not isinstance(entries, list):
        raise DomainError(_("%(path)s has no list of programmes.", path=str(path)))
    return entries


def import_programmes(path: str | Path = DEFAULT_FILE) -> ImportReport:
    """Import programmes from a YAML file, matched by key: running it twice changes nothing."""
    report = ImportReport()
    for entry in read_programme_file(path):
        if not isinstance(entry, dict):
            raise DomainError(_("Every programme in the file must be a mapping."))
        outcome = upsert_programme(str(entry.get("key", "")).strip(), programme_fields(entry))
        setattr(report, outcome, getattr(report, outcome) + 1)
    return report


def save_programme(programme: FundingProgramme | None, key: str, fields: dict) -> FundingProgramme:
    """An administrator's new or edited programme; keys are unique."""
    existing = programme_by_key(key)
    if existing is not None and existing is not programme:
        raise DomainError(_("Another programme already has this key."), field="key")
    if programme is None:
        programme = FundingProgramme(key=key)
        db.session.add(programme)
    for name, value in fields.items():
        setattr(programme, name, value)
    db.session.flush()
    return programme


def suggest_for_audiences(audiences: set[Audience], situation: Situation | None,
                          limit: int = BLOCK_SIZE) -> FundingSuggestion:
    """Like `suggest`, for readers known only by who they are (or anyone: all audiences)."""
    programmes = [p for p in matching_programmes(audiences or None, situation)
                  if p.status() != CallStatus.CLOSED]
    return FundingSuggestion(situation, set(audiences), programmes[:limit])
