"""Registration's answer time for a taken address beside a new one: timing must not tell
an outsider who has an account.

    .venv/bin/python bench/registration.py [--rounds 15]

A scratch SQLite database built by the migrations, production's password hashing
(Argon2id, the "standard" profile) and the real registration form (in-process, with its
CSRF token). Each round registers one new address and then the taken one, alternating,
so a busy machine slows both alike. Prints the median and 90th percentile of each, and
their ratio (1.0 is the goal: both paths hash the password before anything else).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def scratch_app(folder: Path):
    import config as settings
    from app import create_app

    app = create_app(type("Bench", (settings.TestConfig,), {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'registration.sqlite'}",
        "PASSWORD_HASH_PROFILE": "standard", "RATELIMIT_ENABLED": False,
        "MAIL_FOLDER": str(folder / "mail"), "UPLOAD_DIR": str(folder / "uploads")}))
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
    return app


def timed_registration(client, email: str) -> float:
    token = CSRF.search(client.get("/auth/register").get_data(as_text=True)).group(1)
    started = time.perf_counter()
    response = client.post("/auth/register", data={
        "csrf_token": token, "name": "Bench Person", "email": email,
        "password": "a-long-unusual-passphrase", "locale": "en"})
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    return elapsed


def describe(label: str, seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    median = statistics.median(seconds)
    return f"{label:<14} median {median * 1000:7.1f} ms   p90 {p90 * 1000:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory(prefix="arena-bench-registration-") as folder:
        client = scratch_app(Path(folder)).test_client()
        timed_registration(client, "taken@bench.example")  # creates it; warms up
        new, taken = [], []
        for number in range(rounds):
            new.append(timed_registration(client, f"new{number}@bench.example"))
            taken.append(timed_registration(client, "taken@bench.example"))
    print(describe("new address", new))
    print(describe("taken address", taken))
    print(f"ratio taken/new (medians): {statistics.median(taken) / statistics.median(new):.2f}")


if __name__ == "__main__":
    main()
