"""Whom the knowledge hub's material reaches, without tracking anyone.

Reading a published article adds one to aggregated counters per article, Swedish day and
kind of reader (`ArticleReach`): page views, and the browser sessions that read it that
day. A session is recognised by a session cookie (`arena_reach`, path /knowledge/, gone
when the browser closes) that holds only the day and the ids of the articles already
counted: no identifier of the person or the browser is stored anywhere. The counting is
written beside the reading (`write_beside_reading`): it never holds the page up waiting
for a lock. Figures are shown only where at least `THRESHOLD` sessions were counted.

The kinds of reader come from the reader's organisations; an area above knowledge adds
its own (an advisor, a supplier that took the readiness check) by registering on
`reader_roles` in its `init_app`, and names them with `register_role_label`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial

from flask_babel import lazy_gettext as _l
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError

from app.core.dates import local_day
from app.core.db import utcnow
from app.core.hooks import Hook
from app.core.transactions import write_beside_reading
from app.extensions import db
from app.knowledge.models import Article, ArticleReach
from app.organisations.models import OrganisationKind, SizeClass

THRESHOLD = 5  # fewer sessions than this are shown as "fewer than 5"
COOKIE_NAME = "arena_reach"
COOKIE_PATH = "/knowledge/"
MAX_REMEMBERED = 200  # article ids one cookie remembers for a day
PERIODS = (7, 30, 90, 365)
DEFAULT_PERIOD = 30
DAILY_LIMIT = 1000  # rows of the per-day table (newest first)

ROLE_LABELS: dict[str, object] = {
    "public": _l("Not signed in"),
    "contracting_authority": _l("Contracting authorities"),
    "sme": _l("Small and medium-sized companies"),
    "cooperative": _l("Cooperatives"),
    "large_company": _l("Large companies"),
    "academia": _l("Universities and research"),
    "intermediary": _l("Intermediaries"),
    "other_organisation": _l("Other organisations"),
    "no_organisation": _l("Signed in, no organisation"),
    "administrator": _l("Platform administrators"),
}

reader_roles = Hook("knowledge.reach.reader_roles")


def register_role_label(key: str, label) -> None:
    """Name a kind of reader that a higher area adds through `reader_roles`."""
    ROLE_LABELS.setdefault(key, label)


def _role_of_organisation(organisation) -> str:
    if organisation.kind == OrganisationKind.SUPPLIER:
        if organisation.is_cooperative:
            return "cooperative"
        return "large_company" if organisation.size_class == SizeClass.LARGE else "sme"
    return {
        OrganisationKind.CONTRACTING_AUTHORITY: "contracting_authority",
        OrganisationKind.ACADEMIA: "academia",
        OrganisationKind.INTERMEDIARY: "intermediary",
    }.get(organisation.kind, "other_organisation")


def roles_of(user) -> list[str]:
    """The kinds of reader the user counts as (each is counted once per view)."""
    if not (user and user.is_authenticated):
        return ["public"]
    roles = [_role_of_organisation(m.organisation) for m in user.memberships]
    if not roles:
        roles.append("no_organisation")
    if user.is_admin:
        roles.append("administrator")
    reader_roles(user, roles)
    return sorted(set(roles))


def _seen_today(cookie: str | None, today: date) -> list[int]:
    day, _, ids = (cookie or "").partition(":")
    if day != today.isoformat():
        return []
    return [int(part) for part in ids.split(".") if part.isdigit()][-MAX_REMEMBERED:]


def _increment(article_id: int, day: date, roles: list[str], new_session: bool) -> None:
    for role in roles:
        if not _add_to_row(article_id, day, role, new_session):
            try:
                with db.session.begin_nested():
                    db.session.add(ArticleReach(article_id=article_id, day=day,
                                                reader_role=role, views=1,
                                                sessions=int(new_session)))
            except IntegrityError:  # another request created the row first
                _add_to_row(article_id, day, role, new_session)


def _add_to_row(article_id: int, day: date, role: str, new_session: bool) -> bool:
    table = ArticleReach.__table__
    result = db.session.execute(
        table.update()
        .where(table.c.article_id == article_id, table.c.day == day,
               table.c.reader_role == role)
        .values(views=table.c.views + 1, sessions=table.c.sessions + int(new_session)))
    return result.rowcount > 0


def count_reading(article: Article, user, cookie: str | None) -> str | None:
    """Count one view of a published article beside the reading; returns the session
    cookie's new value when this session reads the article for the first time today."""
    if not article.is_published:
        return None
    today = local_day(utcnow())
    seen = _seen_today(cookie, today)
    new_session = article.id not in seen
    write_beside_reading(partial(_increment, article.id, today, roles_of(user), new_session))
    if not new_session:
        return None
    return f"{today.isoformat()}:" + ".".join(str(i) for i in [*seen, article.id]
                                              [-MAX_REMEMBERED:])


@dataclass(frozen=True)
class ReachCell:
    """Sessions and views of one article (or all) for one kind of reader in a period."""

    sessions: int
    views: int

    @property
    def shown(self) -> bool:
        """Only figures of at least THRESHOLD sessions are shown."""
        return self.sessions >= THRESHOLD


@dataclass
class ReachRow:
    """An article with its cells per kind of reader and the kinds it does not reach."""

    article: Article
    cells: dict[str, ReachCell] = field(default_factory=dict)

    def cell(self, role: str) -> ReachCell:
        return self.cells.get(role, ReachCell(0, 0))

    def missed(self, roles) -> list[str]:
        """The kinds of reader with fewer than THRESHOLD sessions."""
        return [role for role in roles if not self.cell(role).shown]


@dataclass
class ReachReport:
    """The reach of every published article over the last `days` Swedish days."""

    days: int
    since: date
    roles: list[str]
    rows: list[ReachRow]
    totals: dict[str, ReachCell]

    def total(self, role: str) -> ReachCell:
        return self.totals.get(role, ReachCell(0, 0))

    def missed(self) -> list[str]:
        """The kinds of reader with fewer than THRESHOLD sessions over all articles."""
        return [role for role in self.roles if not self.total(role).shown]


def period_days(raw) -> int:
    """The period asked for, if it is one offered; else the default."""
    return int(raw) if str(raw) in {str(p) for p in PERIODS} else DEFAULT_PERIOD


def _sums(since: date):
    return db.session.execute(
        db.select(ArticleReach.article_id, ArticleReach.reader_role,
                  func.sum(ArticleReach.sessions), func.sum(ArticleReach.views))
        .where(ArticleReach.day >= since)
        .group_by(ArticleReach.article_id, ArticleReach.reader_role))


@dataclass(frozen=True)
class DailyFigure:
    """Sessions and views of one article by one kind of reader on one Swedish day."""

    day: date
    article: Article
    role: str
    cell: ReachCell


def daily_figures(days: int = DEFAULT_PERIOD, limit: int = DAILY_LIMIT) -> list[DailyFigure]:
    """Per article, day and kind of reader, only the counters of at least THRESHOLD
    sessions (the others are never read out), newest day first, in one query."""
    since = local_day(utcnow()) - timedelta(days=days - 1)
    query = (db.select(ArticleReach, Article).join(Article, Article.id == ArticleReach.article_id)
             .where(ArticleReach.day >= since, ArticleReach.sessions >= THRESHOLD,
                    Article.is_published.is_(True))
             .order_by(ArticleReach.day.desc(), Article.slug, ArticleReach.reader_role))
    return [DailyFigure(row.day, found, row.reader_role, ReachCell(row.sessions, row.views))
            for row, found in db.session.execute(query.limit(limit))]


def reach_report(days: int = DEFAULT_PERIOD) -> ReachReport:
    """Sessions and views per published article and kind of reader, in two queries."""
    since = local_day(utcnow()) - timedelta(days=days - 1)
    articles = db.session.scalars(db.select(Article).filter_by(is_published=True)
                                  .order_by(Article.slug))
    rows = {a.id: ReachRow(a) for a in articles}
    totals: dict[str, list[int]] = {}
    for article_id, role, sessions, views in _sums(since):
        if article_id in rows:
            rows[article_id].cells[role] = ReachCell(int(sessions), int(views))
        total = totals.setdefault(role, [0, 0])
        total[0] += int(sessions)
        total[1] += int(views)
    return ReachReport(days=days, since=since, roles=list(ROLE_LABELS), rows=list(rows.values()),
                       totals={r: ReachCell(s, v) for r, (s, v) in totals.items()})
