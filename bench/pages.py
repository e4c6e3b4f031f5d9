"""Server-side time and query count per page, at the generated scale.

    .venv/bin/python bench/pages.py [--database-url URL] [--requests 200]

Measures in-process with the Flask test client against a database filled by
`flask --app wsgi bench generate` (server-side time: no network, no browser). Every page
is timed until its response is complete, then closed as a server does once the page is
sent (what runs then, such as a read receipt, is shown apart in 'after'). Every page
is timed beside a minimal Flask endpoint registered on the same app, in the same run,
requests interleaved round-robin so that a busy machine disturbs all of them alike. The
ratio page/minimal is the figure that matters. Queries are counted per request with
SQLAlchemy's `before_cursor_execute` event; each page is measured with few and with many
rows shown, and its query count must not change (no N+1).

Prints a table; exits with status 1 if a page fails to answer 200 or its query count
grows with the rows shown. The targets (p95 <= 50 ms, <= 3x minimal) are reported, not
enforced, since the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_PASSWORD = "arena-bench-2026"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
TARGET_P95_MS = 50.0
TARGET_RATIO = 3.0  # reported in the 'x min' column


@dataclass
class Page:
    name: str
    url: str
    who: str = "anonymous"
    rows: int | None = None
    group: str | None = None  # pages of one group must run the same number of queries
    times: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    sql: list[float] = field(default_factory=list)  # seconds in the database driver
    render: list[float] = field(default_factory=list)  # seconds rendering templates
    after: list[float] = field(default_factory=list)  # seconds of work once the page is sent

    def median(self) -> float:
        return statistics.median(self.times) * 1000

    def p95(self) -> float:
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get(
        "DATABASE_URL", f"sqlite:///{ROOT / 'instance' / 'bench.sqlite'}"))
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests per page")
    parser.add_argument("--only", default="", help="measure only pages whose name has "
                        "this (or one of these, comma-separated)")
    return parser.parse_args()


def make_app(database_url: str):
    os.environ.setdefault("ARENA_ENV", "development")
    from app import create_app

    scratch = tempfile.mkdtemp(prefix="arena-bench-")
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "MAIL_TRANSPORT": "file",
                      "MAIL_FOLDER": scratch, "RATELIMIT_ENABLED": False})
    app.add_url_rule("/_bench/minimal", "bench_minimal", lambda: "ok")
    return app


# --- choosing what to measure ---------------------------------------------------------------

def closest(counts, wanted: int):
    """The (key, count) whose count is nearest to `wanted` (first of equals)."""
    return min(counts, key=lambda row: (abs(row[1] - wanted), row[0]))


def inbox_subjects():
    """Challenges (with an owner account) having about 5 and about 50 submitted solutions."""
    from app.challenges.models import PUBLIC_STATES, Challenge
    from app.extensions import db
    from app.solutions.models import Solution, SolutionState

    counts = db.session.execute(
        db.select(Solution.challenge_id, db.func.count(Solution.id))
        .join(Challenge, Challenge.id == Solution.challenge_id)
        .where(Solution.state == SolutionState.SUBMITTED, Challenge.state.in_(PUBLIC_STATES))
        .group_by(Solution.challenge_id)).all()
    return closest(counts, 5), closest(counts, 50)


def juror_subjects():
    """Seats of bench jurors on juries with about 5 and about 50 entries."""
    from app.evaluation.models import EvaluationEntry, JuryMember
    from app.extensions import db

    counts = db.session.execute(
        db.select(EvaluationEntry.challenge_id, db.func.count(EvaluationEntry.id))
        .group_by(EvaluationEntry.challenge_id)).all()
    if not counts:
        return []
    chosen = []
    for wanted in (5, 50):
        challenge_id, rows = closest(counts, wanted)
        member = db.session.scalars(db.select(JuryMember).filter_by(
            challenge_id=challenge_id).order_by(JuryMember.id)).first()
        chosen.append((challenge_id, rows, member))
    return chosen


def scorable_number(member) -> int:
    """An entry the juror declared no conflict for (so the scoring page opens)."""
    from app.evaluation.models import ConflictDeclaration, EvaluationEntry
    from app.extensions import db

    return db.session.scalar(
        db.select(EvaluationEntry.number).join(
            ConflictDeclaration, ConflictDeclaration.solution_id == EvaluationEntry.solution_id)
        .where(ConflictDeclaration.member_id == member.id,
               ConflictDeclaration.has_conflict.is_(False))
        .order_by(EvaluationEntry.number).limit(1))


def challenge_page_subjects():
    """Published judged challenges with the fewest and the most published answers."""
    from app.challenges.models import Challenge, ChallengeKind, ChallengeState, Clarification
    from app.extensions import db

    counts = db.session.execute(
        db.select(Challenge.id, db.func.count(Clarification.id))
        .outerjoin(Clarification, Clarification.challenge_id == Challenge.id)
        .where(Challenge.state == ChallengeState.PUBLISHED,
               Challenge.kind == ChallengeKind.CHALLENGE)
        .group_by(Challenge.id)).all()
    return closest(counts, 0), closest(counts, 8)


def owner_email(challenge_id: int) -> str:
    from app.challenges.models import Challenge
    from app.extensions import db
    from app.organisations.models import Membership

    challenge = db.session.get(Challenge, challenge_id)
    membership = db.session.scalars(db.select(Membership).filter_by(
        organisation_id=challenge.owner_id).order_by(Membership.id)).first()
    return membership.user.email


def member_email(organisation_id: int) -> str | None:
    from app.extensions import db
    from app.organisations.models import Membership

    membership = db.session.scalars(db.select(Membership).filter_by(
        organisation_id=organisation_id).order_by(Membership.id)).first()
    return membership.user.email if membership else None


def workspace_subjects() -> list[tuple[str, int, str]]:
    """My pages: (role, rows, e-mail) for a buyer whose authority owns about 200
    challenges and a supplier with about 100 solutions (issue 19's scale)."""
    from app.challenges.models import Challenge
    from app.extensions import db
    from app.solutions.models import Solution

    subjects = []
    for role, column, wanted in (("buyer", Challenge.owner_id, 200),
                                 ("supplier", Solution.organisation_id, 100)):
        counts = db.session.execute(db.select(column, db.func.count()).group_by(column)).all()
        if counts:
            organisation_id, rows = closest(counts, wanted)
            if email := member_email(organisation_id):
                subjects.append((role, rows, email))
    return subjects


def last_list_page() -> tuple[int, int]:
    """The last page of the public challenge list and how many challenges it shows."""
    from app.challenges.models import PUBLIC_STATES, Challenge
    from app.challenges.queries import PER_PAGE
    from app.extensions import db

    total = db.session.scalar(db.select(db.func.count(Challenge.id)).where(
        Challenge.state.in_(PUBLIC_STATES)))
    pages = -(-total // PER_PAGE)
    return pages, total - (pages - 1) * PER_PAGE


def next_month() -> str:
    """Next month as YYYY-MM."""
    from datetime import date

    today = date.today()
    return f"{today.year + today.month // 12}-{today.month % 12 + 1:02d}"


def event_subjects():
    """Public events with the fewest and the most registrations (registered or waiting)."""
    from app.dialogue.models import DialogueEvent, EventRegistration
    from app.extensions import db

    counts = db.session.execute(
        db.select(DialogueEvent.id, db.func.count(EventRegistration.id))
        .outerjoin(EventRegistration, EventRegistration.event_id == DialogueEvent.id)
        .group_by(DialogueEvent.id)).all()
    return [closest(counts, 0), closest(counts, 10_000)] if counts else []


def thread_subjects():
    """Message threads with the fewest and the most messages, and a member of the supplier
    (who reads them)."""
    from app.extensions import db
    from app.messages.models import MessageThread
    from app.organisations.models import Membership
    from app.solutions.models import Solution

    counts = db.session.execute(db.select(MessageThread.solution_id,
                                          MessageThread.message_count)).all()
    subjects = []
    for solution_id, rows in ([closest(counts, 1), closest(counts, 100)] if counts else []):
        solution = db.session.get(Solution, solution_id)
        member = db.session.scalars(db.select(Membership).filter_by(
            organisation_id=solution.organisation_id).order_by(Membership.id)).first()
        subjects.append((solution_id, rows, member.user.email))
    return subjects


def desk_subjects():
    """The desk with the most applications waiting (its advisor's e-mail and the count),
    and a reported application it decided, with its applicant's e-mail."""
    from app.checks.models import ApplicationState, CheckApplication, IntermediaryOffice
    from app.extensions import db

    waiting = db.session.execute(
        db.select(IntermediaryOffice.organisation_id, db.func.count(CheckApplication.id))
        .join(CheckApplication, CheckApplication.office_id == IntermediaryOffice.id)
        .where(CheckApplication.state.in_((ApplicationState.SUBMITTED,
                                           ApplicationState.COMPLETION_REQUESTED)))
        .group_by(IntermediaryOffice.organisation_id)).all()
    if not waiting:
        return None
    organisation_id, rows = max(waiting, key=lambda row: (row[1], -row[0]))
    application = db.session.scalars(
        db.select(CheckApplication).join(IntermediaryOffice)
        .where(IntermediaryOffice.organisation_id == organisation_id,
               CheckApplication.state == ApplicationState.REPORTED)
        .order_by(CheckApplication.id)).first()
    return (member_email(organisation_id), rows, application.id,
            member_email(application.applicant_id))


def check_pages(accounts: dict) -> list[Page]:
    """The desk queue, an application page (desk and applicant) and the check statistics."""
    subjects = desk_subjects()
    if subjects is None:
        return []
    desk, waiting, application_id, applicant = subjects
    accounts.update(desk=desk, applicant=applicant)
    last = max(1, -(-waiting // 50))
    return [Page(f"desk queue ({waiting} waiting, page 1)", "/funding/applications/",
                 who="desk", rows=min(waiting, 50), group="desk"),
            Page(f"desk queue, last page {last}", f"/funding/applications/?page={last}",
                 who="desk", group="desk"),
            Page("application page (desk)", f"/funding/applications/{application_id}",
                 who="desk"),
            Page("application page (applicant)", f"/funding/applications/{application_id}",
                 who="applicant"),
            Page("check statistics (API)", "/api/v1/check-statistics")]


def has_route(app, rule: str) -> bool:
    return any(r.rule == rule for r in app.url_map.iter_rules())


def choose_pages(app) -> tuple[list[Page], dict[str, str]]:
    """The pages to measure and who must be logged in for them."""
    (small_q, small_q_rows), (big_q, big_q_rows) = challenge_page_subjects()
    (small_inbox, small_rows), (big_inbox, big_rows) = inbox_subjects()
    last_page, last_rows = last_list_page()
    accounts = {"buyer_small": owner_email(small_inbox), "buyer_big": owner_email(big_inbox)}
    pages = [
        Page("minimal endpoint", "/_bench/minimal"),
        Page("minimal endpoint (logged in)", "/_bench/minimal", who="buyer_big"),
        Page("landing page", "/"),
        Page("challenge list", "/challenges/", rows=20, group="list"),
        Page("challenge list, filters", "/challenges/?kind=challenge&status=open"
             "&sort=deadline", rows=20, group="list"),
        Page("challenge list, page 50", "/challenges/?page=50", rows=20, group="list"),
        Page(f"challenge list, last page ({last_rows})", f"/challenges/?page={last_page}",
             rows=last_rows, group="list"),
        Page(f"challenge page ({small_q_rows} answers)", f"/challenges/{small_q}",
             rows=small_q_rows, group="challenge"),
        Page(f"challenge page ({big_q_rows} answers)", f"/challenges/{big_q}",
             rows=big_q_rows, group="challenge"),
        Page(f"buyer inbox ({small_rows} solutions)", f"/challenges/{small_inbox}/solutions",
             who="buyer_small", rows=small_rows, group="inbox"),
        Page(f"buyer inbox ({big_rows} solutions)", f"/challenges/{big_inbox}/solutions",
             who="buyer_big", rows=big_rows, group="inbox"),
    ]
    for index, (challenge_id, rows, member) in enumerate(juror_subjects()):
        who = f"juror_{index}"
        accounts[who] = member.email
        pages.append(Page(f"juror's solutions ({rows})", f"/jury/challenges/{challenge_id}",
                          who=who, rows=rows, group="juror"))
        pages.append(Page(f"juror scoring page (jury of {rows})",
                          f"/jury/challenges/{challenge_id}/solutions/"
                          f"{scorable_number(member)}", who=who, group="scoring"))
    if has_route(app, "/statistics/"):
        pages.append(Page("statistics", "/statistics/"))
    if has_route(app, "/events/") and (subjects := event_subjects()):
        pages += [Page("event calendar", "/events/", group="calendar"),
                  Page("event calendar, page 5", "/events/?page=5", group="calendar"),
                  Page("event calendar, month", "/events/?view=month", group="month"),
                  Page("event calendar, a month ahead", f"/events/?view=month&month="
                       f"{next_month()}", group="month")]
        pages += [Page(f"event page ({rows} registrations)", f"/events/{event_id}", rows=rows,
                       group="event") for event_id, rows in subjects]
    for index, (solution_id, rows, email) in enumerate(thread_subjects()):
        accounts[f"thread_{index}"] = email
        pages += [Page(f"message thread ({rows} messages)", f"/messages/solutions/{solution_id}",
                       who=f"thread_{index}", rows=rows, group="thread"),
                  Page("message list", "/messages/", who=f"thread_{index}", group="threads")]
    if has_route(app, "/my/"):
        for role, rows, email in workspace_subjects():
            accounts[f"my_{role}"] = email
            things = "challenges" if role == "buyer" else "solutions"
            pages.append(Page(f"My pages, {role} ({rows} {things})", "/my/",
                              who=f"my_{role}", rows=rows))
    if has_route(app, "/funding/applications/"):
        pages += check_pages(accounts)
    if has_route(app, "/search"):
        pages += [Page("search results", "/search?q=upphandling"),
                  Page("search results, filtered", "/search?q=avfall&status=open")]
    return pages, accounts


# --- measuring ------------------------------------------------------------------------------

def log_in(app, email: str):
    client = app.test_client()
    page = client.get("/auth/login").get_data(as_text=True)
    response = client.post("/auth/login", data={
        "csrf_token": CSRF.search(page).group(1), "email": email, "password": BENCH_PASSWORD})
    if response.status_code != 302:
        raise SystemExit(f"could not log in as {email}: {response.status_code}")
    return client


class Probe:
    """Per request: the queries, the time spent in the database driver, and in templates."""

    def __init__(self, app, engine):
        from flask import before_render_template, template_rendered
        from sqlalchemy import event

        self.reset()
        event.listen(engine, "before_cursor_execute", self._query_starts)
        event.listen(engine, "after_cursor_execute", self._query_ends)
        before_render_template.connect(self._render_starts, app, weak=False)
        template_rendered.connect(self._render_ends, app, weak=False)

    def reset(self) -> None:
        self.count, self.sql, self.render = 0, 0.0, 0.0
        self._started = self._rendering = 0.0

    def _query_starts(self, *_args, **_kwargs):
        self.count += 1
        self._started = time.perf_counter()

    def _query_ends(self, *_args, **_kwargs):
        self.sql += time.perf_counter() - self._started

    def _render_starts(self, *_args, **_kwargs):
        self._rendering = time.perf_counter()

    def _render_ends(self, *_args, **_kwargs):
        self.render += time.perf_counter() - self._rendering


def measure(app, pages: list[Page], clients: dict, requests: int, warmup: int) -> None:
    from app.extensions import db

    with app.app_context():
        probe = Probe(app, db.engine)
    for round_number in range(warmup + requests):
        for page in pages:
            client = clients[page.who]
            probe.reset()
            started = time.perf_counter()
            response = client.get(page.url)
            elapsed = time.perf_counter() - started
            during = (probe.count, probe.sql, probe.render)  # the page's own, not after it
            response.close()  # as the server does once it has sent the page
            after = time.perf_counter() - started - elapsed
            if response.status_code != 200:
                raise SystemExit(f"{page.name}: {page.url} answered {response.status_code}")
            if round_number == 0 and b"Search is temporarily limited" in response.data:
                raise SystemExit(f"{page.name}: no search index; run "
                                 "`flask --app wsgi search rebuild` first")
            if round_number >= warmup:
                page.times.append(elapsed)
                page.queries.append(during[0])
                page.sql.append(during[1])
                page.render.append(during[2])
                page.after.append(after)


# --- reporting ------------------------------------------------------------------------------

def report(pages: list[Page], database: str) -> bool:
    minimal = pages[0]
    print(f"\nDatabase: {database}; {len(minimal.times)} requests per page; times are "
          f"server-side ms; 'x min' = median / minimal endpoint's median; sql and render "
          f"= median ms in the database driver and in templates; after = median ms of work "
          f"once the response is sent (deferred writes, not in the page's time)\n")
    print(f"{'page':<42} {'rows':>4} {'median':>7} {'p95':>7} {'x min':>6} {'p95<=50':>7} "
          f"{'queries':>7} {'sql':>6} {'render':>6} {'after':>6}")
    healthy = True
    for page in pages:
        ratio = page.median() / minimal.median()
        queries = sorted(set(page.queries))
        print(f"{page.name:<42} {page.rows if page.rows is not None else '':>4} "
              f"{page.median():7.2f} {page.p95():7.2f} {ratio:6.1f} "
              f"{'yes' if page.p95() <= TARGET_P95_MS else 'NO':>7} "
              f"{'/'.join(map(str, queries)):>7} {statistics.median(page.sql) * 1000:6.2f} "
              f"{statistics.median(page.render) * 1000:6.2f} "
              f"{statistics.median(page.after) * 1000:6.2f}")
    for group in sorted({p.group for p in pages if p.group}):
        members = [p for p in pages if p.group == group]
        counts = {max(p.queries) for p in members}
        constant = len(counts) == 1
        healthy &= constant
        print(f"queries for '{group}' pages: {sorted(counts)} -> "
              f"{'constant in the rows shown' if constant else 'GROWS WITH THE ROWS (N+1)'}")
    return healthy


def main() -> None:
    args = parse_args()
    app = make_app(args.database_url)
    with app.app_context():
        pages, accounts = choose_pages(app)
    wanted = args.only.split(",")
    pages = pages[:1] + [p for p in pages[1:] if any(part in p.name for part in wanted)]
    clients = {"anonymous": app.test_client()}
    clients.update({who: log_in(app, email) for who, email in accounts.items()})
    measure(app, pages, clients, args.requests, args.warmup)
    with app.app_context():
        from app.extensions import db

        database = f"{db.engine.dialect.name} {db.engine.dialect.server_version_info or ''}"
    healthy = report(pages, database)
    sys.exit(0 if healthy else 1)


if __name__ == "__main__":
    main()
