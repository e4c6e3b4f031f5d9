"""One publication told to 10 000 people: the request's time, then the worker's rates.

    .venv/bin/python bench/mail.py [--database-url URL] [--recipients 10000]

Against a database filled by `flask --app wsgi bench generate`. Interest profiles and
saved searches are not in this build (they come with full-text search), so the 10 000
recipients are followers of one published challenge, and the publication is the
buyer's clarification on it: the fan-out the platform has ("an answer to one supplier
is an answer to all, and everyone following the challenge is told"). It goes through the
same path any large notification takes (`notify_audience`).

1. the request: the owner publishes a clarification (a real form POST with its CSRF
   token, in-process, server-side time); target <= 200 ms whatever the audience;
2. the worker's `fanout` job: recipients told per second (messages rendered, in-app
   notifications written);
3. the worker's delivery into a local SMTP sink running in another process: e-mails per
   second (target >= 200), and every message received exactly once.

The followers (`follower<n>@mail-bench.example`) stay for the next run; the run's
messages, notifications and clarification are removed at the end.
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


# --- the three measurements ---------------------------------------------------------------

def publish_clarification(app, challenge_id: int, email: str) -> float:
    """The owner's POST; returns its server-side time in seconds."""
    client = app.test_client()
    login = client.get("/auth/login").get_data(as_text=True)
    client.post("/auth/login", data={"csrf_token": CSRF.search(login).group(1),
                                     "email": email, "password": "arena-bench-2026"})
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


def main() -> None:
    args = parse_args()
    sink, port = start_sink()
    app = make_app(args.database_url, port)
    with app.app_context():
        from app.extensions import db

        users = ensure_followers(args.recipients)
        challenge_id, owner = choose_challenge()
        clean_up(users, challenge_id)
        follow(challenge_id, users)
        backlog = db.session.scalar(db.text(
            "SELECT count(*) FROM outbox_messages WHERE status IN ('queued', 'sending')"))
        database = db.engine.dialect.name
    request_time = publish_clarification(app, challenge_id, owner)
    told, expand_time = expand(app)
    sent, deliver_time = deliver(app, args.batch_size)
    sink.stdin.close()
    received, unique = map(int, sink.stdout.readline().split())
    sink.wait(timeout=30)
    with app.app_context():
        clean_up(users, challenge_id)
    print(f"\nDatabase: {database}; {len(users)} followers of challenge {challenge_id}"
          f" (plus members of suppliers answering it); {backlog} messages were already queued")
    print(f"publication request (server side)  {request_time * 1000:8.1f} ms   target <= 200 ms")
    print(f"fan-out by the worker               {told:8d} recipients in {expand_time:.1f} s"
          f" = {told / expand_time:.0f}/s")
    print(f"delivery into the SMTP sink         {sent:8d} e-mails in {deliver_time:.1f} s"
          f" = {sent / deliver_time:.0f}/s   target >= 200/s")
    print(f"received by the sink                {received:8d} ({unique} distinct Message-IDs)")
    ok = request_time <= 0.2 and sent / deliver_time >= 200 and received == unique == sent
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
