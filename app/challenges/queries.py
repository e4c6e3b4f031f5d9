"""Reading challenges: the public list with filters and counts, the feed, the calendar,
the buyer dashboard, the review queue and the count-down."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from flask import abort, current_app
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import case, or_
from sqlalchemy.orm import selectinload

from app.challenges import questions
from app.challenges.models import (
    PUBLIC_STATES,
    Challenge,
    ChallengeCoOwner,
    ChallengeCover,
    ChallengeKind,
    ChallengeSector,
    ChallengeState,
    ProcurementRoute,
)
from app.challenges.permissions import can_view_challenge
from app.challenges.workflow import STATUS_NAMES
from app.core.cache import remembered
from app.core.db import utcnow
from app.core.reference import NATIONWIDE, REGIONS, SECTORS
from app.core.templating import template_global
from app.extensions import db
from app.organisations.models import Organisation

S = ChallengeState
STATUS_STATES = STATUS_NAMES
SORTS = ("newest", "deadline", "title")
ALL_STATUSES = "all"  # the list's "Show closed too": every public status
SOON = timedelta(days=14)
PER_PAGE = 20


MAX_ID = 2**31 - 1  # PostgreSQL's integer: a larger id in a URL is simply not found


def _database_id(value: int | None) -> int | None:
    return value if value is not None and 1 <= value <= MAX_ID else None


@dataclass(frozen=True)
class ListFilters:
    kind: str | None = None
    status: str | None = None
    sector: str | None = None
    region: str | None = None
    route: str | None = None
    deadline_soon: bool = False
    buyer: int | None = None
    sort: str = "newest"
    open_first: bool = False  # the web list: open challenges before all others

    @classmethod
    def from_args(cls, args) -> ListFilters:
        """Filters from query parameters; unknown values are ignored rather than refused.

        Without a status the list shows the open challenges, soonest deadline first;
        `status=all` shows the closed, decided and withdrawn ones too, after the open ones.
        """
        def pick(name, allowed):
            value = args.get(name) or None
            return value if value in allowed else None

        status = args.get("status")
        return cls(
            kind=pick("kind", {k.value for k in ChallengeKind}),
            status=None if status == ALL_STATUSES else pick("status", STATUS_STATES) or "open",
            sector=pick("sector", SECTORS),
            region=pick("region", {*REGIONS, NATIONWIDE}),
            route=pick("route", {r.value for r in ProcurementRoute}),
            deadline_soon=args.get("deadline") == "soon",
            buyer=_database_id(args.get("buyer", type=int)),
            sort=pick("sort", SORTS) or "deadline", open_first=True,
        )

    @property
    def active(self) -> bool:
        return any((self.kind, self.status != "open", self.sector, self.region, self.route,
                    self.deadline_soon, self.buyer))

    def args(self, **changes) -> dict:
        """The query parameters that show this list again, with `changes` applied."""
        values = {"kind": self.kind, "status": self.status or ALL_STATUSES,
                  "sector": self.sector, "region": self.region, "route": self.route,
                  "deadline": "soon" if self.deadline_soon else None, "buyer": self.buyer,
                  "sort": self.sort, **changes}
        return {name: value for name, value in values.items() if value is not None}


def _conditions(filters: ListFilters) -> list:
    conditions = [Challenge.state.in_(PUBLIC_STATES)]
    if filters.kind:
        conditions.append(Challenge.kind == ChallengeKind(filters.kind))
    if filters.status:  # as of this second: a passed deadline is closed, job or not
        conditions.append(Challenge.effectively(STATUS_STATES[filters.status]))
    if filters.sector:
        conditions.append(Challenge.sector_links.any(ChallengeSector.sector == filters.sector))
    if filters.region:
        conditions.append(Challenge.region.in_({filters.region, NATIONWIDE}))
    if filters.route:
        conditions.append(Challenge.procurement_route == ProcurementRoute(filters.route))
    if filters.deadline_soon:
        conditions += [Challenge.effectively(S.PUBLISHED),
                       Challenge.submission_deadline_at <= utcnow() + SOON]
    if filters.buyer:
        conditions.append(or_(Challenge.owner_id == filters.buyer, Challenge.co_owner_links.any(
            ChallengeCoOwner.organisation_id == filters.buyer)))
    return conditions


def _order(filters: ListFilters) -> list:
    if filters.open_first:
        return [case((Challenge.state == S.PUBLISHED, 0), else_=1), *_order_within(filters)]
    return _order_by(filters.sort)


def _order_within(filters: ListFilters) -> list:
    """Open ones by the soonest deadline; the others by the latest (the newest closed)."""
    if filters.sort != "deadline":
        return _order_by(filters.sort)
    deadline = Challenge.submission_deadline_at
    return [case((Challenge.state == S.PUBLISHED, deadline)).asc().nulls_last(),
            deadline.desc().nulls_last(), Challenge.id]


def _order_by(sort: str) -> list:
    if sort == "deadline":
        return [Challenge.submission_deadline_at.asc(), Challenge.id]
    if sort == "title":
        return [Challenge.title.asc(), Challenge.id]
    return [Challenge.published_at.desc(), Challenge.id.desc()]


def search_challenges(filters: ListFilters, page: int = 1, per_page: int = PER_PAGE):
    """One page of public challenges matching the filters, sorted as asked.

    The page's ids come first, from the indexes alone; only those challenges are then
    loaded (with their owners), so a deep page does not read every row it skips.
    """
    ids = db.select(Challenge.id).where(*_conditions(filters)).order_by(*_order(filters))
    pagination = db.paginate(ids, page=page, per_page=per_page, error_out=False)
    pagination.items = _in_order(list(pagination.items))
    return pagination


def _in_order(ids: list[int]) -> list[Challenge]:
    loaded = {c.id: c for c in db.session.scalars(
        db.select(Challenge).where(Challenge.id.in_(ids)).options(
            selectinload(Challenge.owner), selectinload(Challenge.sector_links),
            selectinload(Challenge.cover).selectinload(ChallengeCover.card),
            selectinload(Challenge.co_owner_links).selectinload(ChallengeCoOwner.organisation)))}
    return [loaded[challenge_id] for challenge_id in ids]


def public_buyers() -> list:
    """(id, name) of the organisations owning a public challenge, by name (a list filter).
    The same for everyone, so reused for FILTER_OPTIONS_CACHE_SECONDS per process."""
    return remembered("challenges:public_buyers",
                      current_app.config["FILTER_OPTIONS_CACHE_SECONDS"], _public_buyers)


def _public_buyers() -> list:
    return list(db.session.execute(db.select(Organisation.id, Organisation.name).where(
        db.select(Challenge.id).where(Challenge.owner_id == Organisation.id,
                                      Challenge.state.in_(PUBLIC_STATES)).exists())
        .order_by(Organisation.name)))


def facet_counts(filters: ListFilters) -> tuple[dict[str, int], dict[str, int]]:
    """How many challenges each kind and each status would show, the other filters kept,
    counted in one grouped query (answered from the `(state, kind)` index), open ones
    whose deadline has passed moved to closed (the few the close job has not reached)."""
    conditions = _conditions(replace(filters, kind=None, status=None))
    rows = _as_of_now(db.session.execute(
        db.select(Challenge.kind, Challenge.state, db.func.count())
        .where(*conditions).group_by(Challenge.kind, Challenge.state)).all(),
        db.session.execute(db.select(Challenge.kind, db.func.count())
                           .where(*conditions, Challenge.closed_by_deadline())
                           .group_by(Challenge.kind)).all())
    chosen_state = STATUS_STATES.get(filters.status) if filters.status else None
    kinds: dict[str, int] = {}
    for kind, state, count in rows:
        if chosen_state is None or state == chosen_state:
            kinds[kind.value] = kinds.get(kind.value, 0) + count
    statuses = {name: sum(count for kind, state, count in rows
                          if state == wanted and filters.kind in (None, kind.value))
                for name, wanted in STATUS_STATES.items()}
    return kinds, statuses


def _as_of_now(rows, overdue) -> list[tuple]:
    """(kind, state, count) rows with the overdue open challenges counted as closed."""
    counts = {(kind, state): count for kind, state, count in rows}
    for kind, count in overdue:
        counts[(kind, S.PUBLISHED)] -= count
        counts[(kind, S.CLOSED)] = counts.get((kind, S.CLOSED), 0) + count
    return [(kind, state, count) for (kind, state), count in counts.items()]


def recently_published(limit: int = 50) -> list[Challenge]:
    """The newest published challenges for the Atom feed; a withdrawn one stays in it,
    labelled as withdrawn, so a reader who saw it learns that it was."""
    return list(db.session.scalars(db.select(Challenge).where(
        Challenge.state.in_(PUBLIC_STATES), Challenge.published_at.is_not(None))
        .order_by(Challenge.published_at.desc(), Challenge.id.desc()).limit(limit)
        .options(selectinload(Challenge.owner), selectinload(Challenge.sector_links),
                 selectinload(Challenge.cover).selectinload(ChallengeCover.page))))


def waiting_for_review() -> list[Challenge]:
    """Challenges in review, the longest waiting first."""
    return list(db.session.scalars(db.select(Challenge).filter_by(state=S.IN_REVIEW)
                                   .order_by(Challenge.submitted_for_review_at, Challenge.id)))


@template_global
def challenges_in_review_count() -> int:
    """How many challenges wait for an administrator (shown on the admin dashboard)."""
    return db.session.scalar(db.select(db.func.count(Challenge.id)).filter_by(
        state=S.IN_REVIEW))


# --- the buyer dashboard ----------------------------------------------------------------------

def challenges_of(organisation) -> list[Challenge]:
    """Challenges an organisation owns or co-owns, newest first."""
    return list(db.session.scalars(db.select(Challenge).where(or_(
        Challenge.owner_id == organisation.id, Challenge.co_owner_links.any(
            ChallengeCoOwner.organisation_id == organisation.id)))
        .order_by(Challenge.updated_at.desc(), Challenge.id.desc())))


def needs_action(challenge: Challenge) -> str | None:
    """What the buyer should do next, if anything."""
    if challenge.state == S.DRAFT:
        return str(_l("Sent back by the administrator: make the changes and submit again.")
                   if challenge.review_comment else _l("Finish the draft and submit it."))
    if challenge.state in (S.PUBLISHED, S.CLOSED, S.IN_EVALUATION):
        count = questions.unanswered_count(challenge)
        if count:
            return ngettext("%(num)d question waits for an answer.",
                            "%(num)d questions wait for an answer.", count)
    next_step = NEXT_STEPS.get(challenge.state)
    return str(next_step) if next_step else None


NEXT_STEPS = {
    S.CLOSED: _l("Start the evaluation of the solutions received."),
    S.IN_EVALUATION: _l("Record the decision when the evaluation is done."),
    S.DECIDED: _l("Record what followed: a procurement, a contract or why not."),
}


def dashboard(organisations) -> list[dict]:
    """Per organisation: its challenges grouped by state, and those needing action."""
    overview = []
    for organisation in organisations:
        challenges = challenges_of(organisation)
        by_state = {state: [c for c in challenges if c.state == state] for state in S}
        actions = [(c, needs_action(c)) for c in challenges]
        overview.append({"organisation": organisation, "by_state": by_state,
                         "actions": [(c, text) for c, text in actions if text]})
    return overview


# --- the challenge page: the count-down ----------------------------------------------

@template_global
def time_left(deadline: datetime | None, now: datetime | None = None) -> str:
    """A count-down like '12 days left', or that the deadline has passed."""
    if deadline is None:
        return ""
    remaining = deadline - (now or utcnow())
    if remaining <= timedelta(0):
        return str(_l("The deadline has passed"))
    if remaining >= timedelta(days=2):
        return ngettext("%(num)d day left", "%(num)d days left", remaining.days)
    hours = int(remaining.total_seconds() // 3600)
    if hours >= 1:
        return ngettext("%(num)d hour left", "%(num)d hours left", hours)
    return str(_l("Less than an hour left"))


@template_global
def now_utc() -> datetime:
    """The current time, for templates comparing deadlines."""
    return utcnow()


def challenge_or_404(challenge_id: int, user) -> Challenge:
    """The one way a page loads a challenge by its id.

    Who may see a challenge at all is `can_view_challenge`: one that has been published
    (published, closed, in evaluation, decided, outcome recorded, withdrawn) anyone; a
    draft or one in review only its owners, co-owners and platform administrators.
    Everyone else gets a 404, so the existence of a draft is never confirmed. What the
    user may do on the page is that page's own `can_*` check (a 403).
    """
    challenge = db.session.get(Challenge, challenge_id) if 0 < challenge_id < 2**31 else None
    if challenge is None or not can_view_challenge(user, challenge):
        abort(404)
    return challenge
