"""`flask --app wsgi bench generate`: realistic data at national scale for the benchmarks.

Inserts in bulk (Core executemany in batches) so that 20 000 challenges and 200 000
solutions take minutes, not hours. Never run it against a database you care about.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import click
from flask import current_app
from flask.cli import AppGroup
from tqdm import tqdm

from app.accounts.passwords import hash_password
from app.demo.bench.base import (
    after_bulk_load,
    generate_challenges,
    generate_members,
    generate_organisations,
    generate_solutions,
)
from app.demo.bench.checks import generate_check_applications
from app.demo.bench.dialogue import generate_dialogue_events
from app.demo.bench.evaluation import generate_evaluations
from app.demo.bench.heavy import generate_heavy_users
from app.demo.bench.messages import generate_message_threads
from app.demo.bench.questions import generate_questions_and_followers
from app.extensions import db

# After the challenges and solutions, in order: name, function(rng).
STEPS: list[tuple[str, Callable[[random.Random], None]]] = [
    ("the heaviest buyer and supplier (My pages)", generate_heavy_users),
    ("questions, answers and followers", generate_questions_and_followers),
    ("jury assignments, declarations and scores", generate_evaluations),
    ("dialogue events, registrations and one-to-one slots", generate_dialogue_events),
    ("message threads, messages and read receipts", generate_message_threads),
    ("intermediaries and check applications, decisions and final reports",
     generate_check_applications),
]

bench_cli = AppGroup("bench", help="Benchmark data (never on a database you care about).")


@bench_cli.command("generate")
@click.option("--challenges", default=20000, show_default=True)
@click.option("--solutions", default=200000, show_default=True)
@click.option("--authorities", default=300, show_default=True)
@click.option("--suppliers", default=4000, show_default=True)
@click.option("--seed", default=2026, show_default=True)
def generate_command(challenges: int, solutions: int, authorities: int, suppliers: int,
                     seed: int) -> None:
    """Fill the database with realistic multilingual data, showing progress."""
    if not current_app.config.get("DEMO_ALLOWED"):
        raise click.ClickException("Refused with the production configuration.")
    rng = random.Random(seed)
    click.echo("organisations and accounts...")
    generate_organisations(rng, authorities, suppliers)
    generate_members(rng, hash_password("arena-bench-2026"))
    db.session.commit()
    with tqdm(total=challenges, desc="challenges", unit="") as bar:
        challenge_ids = generate_challenges(rng, challenges, bar.update)
    db.session.commit()
    with tqdm(total=solutions, desc="solutions", unit="") as bar:
        generate_solutions(rng, challenge_ids, solutions, bar.update)
    db.session.commit()
    for name, step in STEPS:
        click.echo(f"{name}...")
        step(rng)
        db.session.commit()
    after_bulk_load()
    click.echo("done")


