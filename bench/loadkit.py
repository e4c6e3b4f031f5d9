"""Helpers for bench/load.sh: the wrk page mix, and the submission burst.

    .venv/bin/python bench/loadkit.py mix --database-url URL --out mix.lua
    .venv/bin/python bench/loadkit.py burst --database-url URL --base-url http://127.0.0.1:PORT

`mix` writes a wrk Lua script that requests a random public page per request (landing,
challenge list with filters and deep pages, challenge pages, organisations, networks,
funding, knowledge; search results when the build has /search) and prints p50/p95/p99,
throughput and every kind of error as one JSON line.

`burst`: 500 suppliers submit a solution in the last minute before a deadline. Each is a
real account of the generated data (a supplier's admin), signed in beforehand through its
own `requests` session; then a thread pool sends, for each, the form page (its CSRF
token) and the submission, like a browser. Prints latencies, throughput and errors, and
checks in the database that every submission is stored with its version.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
VERSION = re.compile(r'name="version"[^>]*value="([^"]*)"')
PASSWORD = "arena-bench-2026"
LUA_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.1f, "rps": %.1f, "p50_ms": %.1f, "p95_ms": %.1f, '
    .. '"p99_ms": %.1f, "max_ms": %.1f, "connect_errors": %d, "read_errors": %d, '
    .. '"write_errors": %d, "timeouts": %d, "non_2xx_3xx": %d}\\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, e.connect, e.read, e.write,
    e.timeout, e.status))
end
"""


def make_app(database_url: str):
    os.environ.setdefault("ARENA_ENV", "development")
    from app import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": database_url, "MAIL_TRANSPORT": "file"})


# --- the page mix -------------------------------------------------------------------------

def mix_paths(app, rng: random.Random) -> list[str]:
    """A weighted mix of public pages, as visitors would ask for them."""
    from app.challenges.models import PUBLIC_STATES, Challenge
    from app.extensions import db
    from app.organisations.models import Organisation

    with app.app_context():
        challenges = list(db.session.scalars(db.select(Challenge.id).where(
            Challenge.state.in_(PUBLIC_STATES))))
        organisations = list(db.session.scalars(db.select(Organisation.id)))
        routes = {rule.rule for rule in app.url_map.iter_rules()}
    paths = ["/"] * 5 + ["/challenges/"] * 5 + [
        "/challenges/?status=open", "/challenges/?kind=challenge&status=open&sort=deadline",
        "/challenges/?sector=health", "/challenges/?region=SE110&sort=title",
        "/challenges/?deadline=soon", "/challenges/feed.atom", "/organisations/",
        "/networks/", "/funding/", "/knowledge/", "/knowledge/cases/",
    ] + [f"/challenges/?page={rng.randint(2, 900)}" for _ in range(10)]
    paths += [f"/challenges/{cid}" for cid in rng.sample(challenges, 60)]
    paths += [f"/organisations/{oid}" for oid in rng.sample(organisations, 10)]
    if "/statistics/" in routes:
        paths += ["/statistics/"] * 3
    if "/search" in routes:
        paths += ["/search?" + urlencode({"q": q}) for q in (
            "upphandling", "avfall", "energi", "skola", "digital tjänst", "vatten")] * 2
    return paths


def write_mix(paths: list[str], out: str) -> None:
    """A wrk script requesting the paths at random (plain ASCII: Lua reads no \\u escapes)."""
    lines = ", ".join(json.dumps(p) for p in paths)
    script = (f"local paths = {{{lines}}}\n"
              "math.randomseed(os.time())\n"
              "request = function()\n"
              "  return wrk.format(nil, paths[math.random(#paths)])\n"
              "end\n" + LUA_DONE)
    Path(out).write_text(script)


# --- the burst ----------------------------------------------------------------------------

def burst_setup(app, count: int, rng: random.Random) -> tuple[int, list[str]]:
    """A fresh published challenge with a deadline a minute away, and `count` suppliers."""
    from app.challenges.models import (
        Challenge,
        ChallengeKind,
        ChallengeRequirement,
        ChallengeState,
    )
    from app.core.db import utcnow
    from app.extensions import db
    from app.organisations.models import Membership, Organisation, OrganisationKind

    with app.app_context():
        owner = db.session.scalars(db.select(Organisation).filter_by(
            kind=OrganisationKind.CONTRACTING_AUTHORITY).order_by(Organisation.id)).first()
        now = utcnow()
        challenge = Challenge(
            owner=owner, kind=ChallengeKind.CHALLENGE,
            state=ChallengeState.PUBLISHED, title="Sista minuten: laddplatser",
            summary="Burst", problem_statement="Laddning.", published_at=now,
            question_deadline_at=now, submission_deadline_at=now + timedelta(minutes=5))
        challenge.requirements = [ChallengeRequirement(position=i, text=f"Krav {i}")
                                  for i in range(3)]
        db.session.add(challenge)
        suppliers = db.session.scalars(
            db.select(Membership).join(Organisation).where(
                Organisation.kind == OrganisationKind.SUPPLIER).order_by(Membership.id))
        emails = [m.user.email for m in suppliers][:count * 2]
        db.session.commit()
        return challenge.id, rng.sample(emails, count)


def set_deadline(app, challenge_id: int, seconds: int) -> None:
    from app.challenges.models import Challenge
    from app.core.db import utcnow
    from app.extensions import db

    with app.app_context():
        challenge = db.session.get(Challenge, challenge_id)
        challenge.submission_deadline_at = utcnow() + timedelta(seconds=seconds)
        db.session.commit()


def sign_in(base_url: str, email: str):
    import requests

    session = requests.Session()
    page = session.get(f"{base_url}/auth/login", timeout=60).text
    response = session.post(f"{base_url}/auth/login", timeout=60, allow_redirects=False, data={
        "csrf_token": CSRF.search(page).group(1), "email": email, "password": PASSWORD})
    if response.status_code != 302:
        raise SystemExit(f"{email} could not sign in: {response.status_code}")
    return session


def submit(base_url: str, challenge_id: int, requirement_ids: list[int], session) -> dict:
    """The form page, then the submission: what a browser sends."""
    url = f"{base_url}/challenges/{challenge_id}/solution"
    started = time.perf_counter()
    try:
        page = session.get(url, timeout=120)
        form = {"csrf_token": CSRF.search(page.text).group(1),
                "version": (VERSION.search(page.text) or [None, "0"])[1],
                "title": "Laddplatser som delas", "public_summary": "Delade laddplatser.",
                "details": "Konfidentiell plan.", "trl": "7", "references": "",
                "price_model": "", "ip_statement": "", "ip_terms_acknowledged": "y",
                "action": "submit"}
        form.update({f"answer_{rid}": "Så här." for rid in requirement_ids})
        posted = time.perf_counter()
        response = session.post(url, data=form, timeout=120, allow_redirects=False)
        done = time.perf_counter()
        return {"status": response.status_code, "page_status": page.status_code,
                "post_s": done - posted, "total_s": done - started, "at": done}
    except Exception as error:  # a failed request is an error to report, not a crash
        return {"status": None, "error": repr(error), "total_s": time.perf_counter() - started,
                "post_s": 0.0, "page_status": None, "at": time.perf_counter()}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] * 1000


def stored_submissions(app, challenge_id: int) -> tuple[int, int]:
    from app.extensions import db
    from app.solutions.models import Solution, SolutionState, SolutionVersion

    with app.app_context():
        submitted = db.session.scalar(db.select(db.func.count(Solution.id)).filter_by(
            challenge_id=challenge_id, state=SolutionState.SUBMITTED))
        versions = db.session.scalar(db.select(db.func.count(SolutionVersion.id)).join(
            Solution).where(Solution.challenge_id == challenge_id))
        return submitted, versions


def run_burst(args) -> None:
    rng = random.Random(2026)
    app = make_app(args.database_url)
    challenge_id, emails = burst_setup(app, args.suppliers, rng)
    with app.app_context():
        from app.challenges.models import Challenge
        from app.extensions import db

        requirement_ids = [r.id for r in db.session.get(Challenge, challenge_id).requirements]
    with ThreadPoolExecutor(8) as pool:  # signing in happens before the last minute
        sessions = list(pool.map(lambda e: sign_in(args.base_url, e), emails))
    set_deadline(app, challenge_id, 60)  # the last minute starts now
    started = time.perf_counter()
    with ThreadPoolExecutor(args.threads) as pool:
        results = list(pool.map(
            lambda s: submit(args.base_url, challenge_id, requirement_ids, s), sessions))
    elapsed = time.perf_counter() - started
    errors = [r for r in results if r["status"] != 302]
    posts = [r["post_s"] for r in results if r["status"] == 302]
    submitted, versions = stored_submissions(app, challenge_id)
    print(json.dumps({
        "suppliers": len(sessions), "seconds": round(elapsed, 1),
        "submissions_per_s": round(len(results) / elapsed, 1),
        "within_the_minute": elapsed < 60, "errors": len(errors),
        "error_examples": [r.get("error") or r["status"] for r in errors[:5]],
        "post_p50_ms": round(percentile(posts, 0.5), 1) if posts else None,
        "post_p95_ms": round(percentile(posts, 0.95), 1) if posts else None,
        "post_p99_ms": round(percentile(posts, 0.99), 1) if posts else None,
        "page_and_post_p95_ms": round(percentile([r["total_s"] for r in results], .95), 1),
        "stored_submitted": submitted, "stored_versions": versions}))
    sys.exit(0 if not errors and submitted == len(sessions) == versions else 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("mix", "burst"))
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--base-url", default="http://127.0.0.1:18080")
    parser.add_argument("--out", default="mix.lua")
    parser.add_argument("--suppliers", type=int, default=500)
    parser.add_argument("--threads", type=int, default=50)
    args = parser.parse_args()
    if args.command == "mix":
        write_mix(mix_paths(make_app(args.database_url), random.Random(2026)), args.out)
    else:
        run_burst(args)


if __name__ == "__main__":
    main()
