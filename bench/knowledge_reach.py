"""What counting the knowledge hub's reach costs a reader: server-side time per article view.

    .venv/bin/python bench/knowledge_reach.py [--requests 300]

Builds a throwaway SQLite database with the migrations and the standard articles, then
times GET /knowledge/<slug> in-process (Flask test client) three ways, interleaved
round-robin so a busy machine disturbs all alike: a new session every time (counts a view
and a session), a returning session (counts a view) and, for comparison, the same page
with counting switched off. Each response is timed until it is complete, then closed as
a server does once it has sent it: the counting, written after the response, is timed
apart ("after the response"). Prints the median and p95 of each, in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _app(folder: str):
    from flask_migrate import upgrade

    from app import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/reach.sqlite",
                      "MAIL_FOLDER": folder, "RATELIMIT_ENABLED": False})
    with app.app_context():
        upgrade()
    assert app.test_cli_runner().invoke(args=["knowledge", "seed"]).exit_code == 0
    return app


AFTER: list[float] = []  # seconds of work once each counted response was sent


def _timed(client, url: str, counted: bool = True) -> float:
    start = time.perf_counter()
    response = client.get(url)
    assert response.status_code == 200
    elapsed = time.perf_counter() - start
    response.close()  # as the server does once it has sent the page
    if counted:
        AFTER.append(time.perf_counter() - start - elapsed)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    from app.knowledge import reach

    with tempfile.TemporaryDirectory(prefix="arena-reach-") as folder:
        app = _app(folder)
        url, returning = "/knowledge/ip-guidance", app.test_client()
        counting = reach.count_reading
        times: dict[str, list[float]] = {"new session": [], "returning session": [],
                                         "not counted": []}
        for _ in range(args.requests):
            times["new session"].append(_timed(app.test_client(), url))
            times["returning session"].append(_timed(returning, url))
            reach.count_reading = lambda *_args: None
            times["not counted"].append(_timed(app.test_client(), url, counted=False))
            reach.count_reading = counting
        times["after the response"] = AFTER
        for name, values in times.items():
            ordered = sorted(values)
            p95 = ordered[round(0.95 * (len(ordered) - 1))]
            print(f"{name:18} median {statistics.median(values) * 1000:6.2f} ms"
                  f"   p95 {p95 * 1000:6.2f} ms   ({len(values)} requests)")


if __name__ == "__main__":
    main()
