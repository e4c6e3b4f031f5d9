"""One publication told to 10 000 people: the request's time, then the worker's rates.

    .venv/bin/python bench/mail.py [--database-url URL] [--recipients 10000]
                                   [--audience profiles|followers]

Against a database filled by `flask --app wsgi bench generate`. Two audiences:

* `profiles` (default): 10 000 suppliers' interest profiles ask for open challenges in
  one sector, alerts immediately. A trusted authority publishes a new challenge in that
  sector (its draft's "Publish" button, a real form POST). The worker's `search_index`
  job indexes it and its `search_alerts` job matches it against every profile and queues
  one alert e-mail per profile.
* `followers`: 10 000 people follow a published challenge and its owner publishes a
  clarification ("an answer to one supplier is an answer to all"), which the worker's
  `fanout` job tells everyone (the path of any large notification, `notify_audience`).

Measured:

1. the request (server-side time, in-process with its CSRF token); target <= 200 ms
   whatever the audience;
2. the worker's jobs that turn it into messages: recipients per second;
3. the worker's delivery into a local SMTP sink running in another process: e-mails per
   second (target >= 200), and every message received exactly once.

The accounts (`follower<n>@mail-bench.example`) stay for the next run; the run's
messages, notifications, profiles, challenge and clarification are removed at the end.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import textwrap
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
DOMAIN = "mail-bench.example"
SINK = textwrap.dedent("""
    import re, sys
    from aiosmtpd.controller import Controller
    from tests.smtp_sink import free_port

    MESSAGE_ID = re.compile(rb"^Message-ID: *(<[^>]+>)", re.I | re.M)
    ids = []

    class Handler:  # like a real MTA: accept and keep, without parsing the MIME structure
        async def handle_DATA(self, server, session, envelope):
            ids.append(MESSAGE_ID.search(envelope.content).group(1))
            return "250 OK"

    port = free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    print(port, flush=True)
    sys.stdin.read()  # until the benchmark closes our stdin
    print(len(ids), len(set(ids)), flush=True)
    controller.stop()
""")

def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get(
        "DATABASE_URL", f"sqlite:///{ROOT / 'instance' / 'bench.sqlite'}"))
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=200, help="delivery batch")
    parser.add_argument("--audience", choices=("profiles", "followers"), default="profiles")
    return parser.parse_args()


def start_sink() -> tuple[subprocess.Popen, int]:
    process = subprocess.Popen([sys.executable, "-c", SINK], cwd=ROOT, text=True,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    return process, int(process.stdout.readline())


def make_app(database_url: str, smtp_port: int):
    os.environ.setdefault("ARENA_ENV", "development")
    from app import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": database_url, "MAIL_TRANSPORT": "smtp",
                       "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp_port,
                       "MAIL_FOLDER": tempfile.mkdtemp(prefix="arena-mail-bench-"),
                       "RATELIMIT_ENABLED": False})


# --- the audience -------------------------------------------------------------------------

def ensure_followers(count: int) -> list[int]:
    """`count` accounts (created once, bulk) following nothing else."""
    from app.accounts.models import User
    from app.core.db import utcnow
    from app.extensions import db

    existing = set(db.session.scalars(db.select(User.email).where(
        User.email.like(f"follower%@{DOMAIN}"))))
    rows = [{"email": f"follower{n}@{DOMAIN}", "name": f"Följare {n}", "password_hash": "-",
             "locale": "sv" if n % 4 else "en", "email_verified_at": utcnow()}
            for n in range(count) if f"follower{n}@{DOMAIN}" not in existing]
    for offset in range(0, len(rows), 2000):
        db.session.execute(db.insert(User), rows[offset:offset + 2000])
    db.session.commit()
    return list(db.session.scalars(db.select(User.id).where(
        User.email.like(f"follower%@{DOMAIN}")).order_by(User.id).limit(count)))


def choose_challenge():
    """A published challenge whose owner has a bench account, to be followed."""
    from app.challenges.models import Challenge, ChallengeState
    from app.extensions import db
    from app.organisations.models import Membership

    challenge = db.session.scalars(db.select(Challenge).where(
        Challenge.state == ChallengeState.PUBLISHED).order_by(Challenge.id)).first()
    owner = db.session.scalars(db.select(Membership).filter_by(
        organisation_id=challenge.owner_id).order_by(Membership.id)).first().user
    return challenge.id, owner.email


def follow(challenge_id: int, user_ids: list[int]) -> None:
    from app.accounts.models import User
    from app.challenges.models import ChallengeFollow
    from app.extensions import db

    db.session.execute(db.delete(ChallengeFollow).where(ChallengeFollow.user_id.in_(
        db.select(User.id).where(User.email.like(f"follower%@{DOMAIN}")))))
    rows = [{"challenge_id": challenge_id, "user_id": uid} for uid in user_ids]
    for offset in range(0, len(rows), 2000):
        db.session.execute(db.insert(ChallengeFollow), rows[offset:offset + 2000])
    db.session.commit()


PROFILE_SECTOR = "water"


def ensure_profiles(user_ids: list[int]) -> None:
    """An interest profile per account: open challenges in one sector, told at once."""
    from app.core.db import utcnow
    from app.extensions import db
    from app.search.models import SavedSearch

    remove_profiles(user_ids)
    now = utcnow()
    rows = [{"user_id": uid, "kind": "profile", "name": "Min intresseprofil", "query": "",
             "filters": {"type": ["challenge"], "status": ["open"],
                         "sector": [PROFILE_SECTOR]},
             "frequency": "immediately", "created_at": now, "checked_through": now}
            for uid in user_ids]
    for offset in range(0, len(rows), 2000):
        db.session.execute(db.insert(SavedSearch), rows[offset:offset + 2000])
    db.session.commit()


def remove_profiles(user_ids: list[int]) -> None:
    from app.extensions import db
    from app.search.models import SavedSearch, SavedSearchMatch

    profiles = db.select(SavedSearch.id).where(SavedSearch.user_id.in_(user_ids))
    db.session.execute(db.delete(SavedSearchMatch).where(
        SavedSearchMatch.saved_search_id.in_(profiles)))
    db.session.execute(db.delete(SavedSearch).where(SavedSearch.user_id.in_(user_ids)))
    db.session.commit()


def draft_challenge() -> tuple[int, str]:
    """A ready draft of a trusted authority with a bench account (a copy of one of its
    published challenges, in the profiles' sector); (its id, the owner's e-mail)."""
    from app.challenges.models import (
        Challenge,
        ChallengeRequirement,
        ChallengeSector,
        ChallengeState,
    )
    from app.core.db import utcnow
    from app.extensions import db
    from app.organisations.models import Membership, Organisation

    source = db.session.scalars(db.select(Challenge).join(
        Organisation, Organisation.id == Challenge.owner_id).where(
        Challenge.state == ChallengeState.PUBLISHED, Organisation.is_trusted.is_(True))
        .order_by(Challenge.id)).first()
    skip = {"id", "state", "published_at", "created_at", "updated_at", "version"}
    values = {c.key: getattr(source, c.key) for c in Challenge.__table__.columns
              if c.key not in skip and hasattr(source, c.key)}
    draft = Challenge(**{**values, "state": ChallengeState.DRAFT,
                         "title": "Mail bench: sensorer i vattenverk",
                         "submission_deadline_at": utcnow() + timedelta(days=30)})
    draft.requirements.append(ChallengeRequirement(position=0, text="Mäter flöde och tryck."))
    draft.sector_links.append(ChallengeSector(sector=PROFILE_SECTOR))
    db.session.add(draft)
    db.session.commit()
    owner = db.session.scalars(db.select(Membership).filter_by(
        organisation_id=draft.owner_id).order_by(Membership.id)).first().user
    return draft.id, owner.email


# --- the three measurements ---------------------------------------------------------------

def logged_in(app, email: str):
    """A test client signed in as a bench account."""
    client = app.test_client()
    login = client.get("/auth/login").get_data(as_text=True)
    client.post("/auth/login", data={"csrf_token": CSRF.search(login).group(1),
                                     "email": email, "password": "arena-bench-2026"})
    return client


def publish_clarification(app, challenge_id: int, email: str) -> float:
    """The owner's POST; returns its server-side time in seconds."""
    client = logged_in(app, email)
    page = client.get(f"/challenges/{challenge_id}").get_data(as_text=True)
    token = CSRF.search(page).group(1)
    started = time.perf_counter()
    response = client.post(f"/challenges/{challenge_id}/clarifications", data={
        "csrf_token": token, "subject": "Förtydligande om leveranstid",
        "text": "Leverans kan ske i etapper under 2027. Gäller alla leverantörer."})
    elapsed = time.perf_counter() - started
    if response.status_code != 302:
        raise SystemExit(f"the clarification was refused: {response.status_code}")
    return elapsed


def publish_challenge(app, challenge_id: int, email: str) -> float:
    """The owner's "Publish" POST; returns its server-side time in seconds."""
    client = logged_in(app, email)
    page = client.get(f"/challenges/{challenge_id}").get_data(as_text=True)
    started = time.perf_counter()
    response = client.post(f"/challenges/{challenge_id}/submit",
                           data={"csrf_token": CSRF.search(page).group(1)})
    elapsed = time.perf_counter() - started
    if response.status_code != 302:
        raise SystemExit(f"the publication was refused: {response.status_code}")
    return elapsed


def index_and_alert(app) -> tuple[int, float, float]:
    """The worker's indexing, then its alerts: (alerts queued, index s, alerts s)."""
    from app.search.alerts import run_alerts
    from app.search.indexer import process_queue

    with app.app_context():
        started = time.perf_counter()
        process_queue()
        indexed = time.perf_counter()
        report = run_alerts()
        return report.sent, indexed - started, time.perf_counter() - indexed


def expand(app) -> tuple[int, float]:
    from app.notifications.fanout import expand_pending

    with app.app_context():
        started = time.perf_counter()
        report = expand_pending()
        return report.recipients, time.perf_counter() - started


def deliver(app, batch_size: int) -> tuple[int, float]:
    from app.notifications.delivery import deliver_due

    with app.app_context():
        started = time.perf_counter()
        report = deliver_due(batch_size=batch_size)
        if report.deferred or report.failed:
            raise SystemExit(f"delivery errors: {report.errors[:3]}")
        return report.sent, time.perf_counter() - started


def clean_up(user_ids: list[int], challenge_id: int) -> None:
    """Remove this run's messages, notifications and clarification (followers stay)."""
    from app.challenges.models import Clarification
    from app.extensions import db
    from app.notifications.models import Notification, NotificationFanout, OutboxMessage

    db.session.execute(db.delete(Notification).where(Notification.user_id.in_(user_ids)))
    db.session.execute(db.delete(OutboxMessage).where(OutboxMessage.to_address.like(
        f"%@{DOMAIN}")))
    db.session.execute(db.delete(NotificationFanout))
    db.session.execute(db.delete(Clarification).where(
        Clarification.challenge_id == challenge_id, Clarification.from_owner.is_(True)))
    db.session.commit()


def prepare(app, args) -> tuple[list[int], int, str, int, str]:
    """The audience and what will be published: (accounts, challenge, owner's e-mail,
    messages already queued, database name)."""
    from app.extensions import db

    with app.app_context():
        users = ensure_followers(args.recipients)
        if args.audience == "profiles":
            clean_up(users, None)
            ensure_profiles(users)
            challenge_id, owner = draft_challenge()
        else:
            challenge_id, owner = choose_challenge()
            clean_up(users, challenge_id)
            follow(challenge_id, users)
        backlog = db.session.scalar(db.text(
            "SELECT count(*) FROM outbox_messages WHERE status IN ('queued', 'sending')"))
        return users, challenge_id, owner, backlog, db.engine.dialect.name


def main() -> None:
    args = parse_args()
    sink, port = start_sink()
    app = make_app(args.database_url, port)
    users, challenge_id, owner, backlog, database = prepare(app, args)
    if args.audience == "profiles":
        request_time = publish_challenge(app, challenge_id, owner)
        told, index_time, expand_time = index_and_alert(app)
        stage = f"indexing ({index_time:.2f} s), then alerts"
    else:
        request_time = publish_clarification(app, challenge_id, owner)
        told, expand_time = expand(app)
        stage = "fan-out by the worker"
    sent, deliver_time = deliver(app, args.batch_size)
    sink.stdin.close()
    received, unique = map(int, sink.stdout.readline().split())
    sink.wait(timeout=30)
    with app.app_context():
        clean_up(users, challenge_id)
        if args.audience == "profiles":
            remove_profiles(users)
    audience = ("interest profiles matching the new challenge" if args.audience == "profiles"
                else f"followers of challenge {challenge_id}")
    print(f"\nDatabase: {database}; {len(users)} {audience}; {backlog} messages were "
          "already queued")
    print(f"publication request (server side)  {request_time * 1000:8.1f} ms   target <= 200 ms")
    print(f"{stage:<36}{told:8d} recipients in {expand_time:.1f} s"
          f" = {told / expand_time:.0f}/s")
    print(f"delivery into the SMTP sink         {sent:8d} e-mails in {deliver_time:.1f} s"
          f" = {sent / deliver_time:.0f}/s   target >= 200/s")
    print(f"received by the sink                {received:8d} ({unique} distinct Message-IDs)")
    ok = request_time <= 0.2 and sent / deliver_time >= 200 and received == unique == sent
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
