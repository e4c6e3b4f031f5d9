"""`flask --app wsgi search ...`: rebuild, check and inspect the search index."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup
from tqdm import tqdm

from app.core.db import writing_transactions
from app.extensions import db
from app.search import indexer, snapshot
from app.search.backends import get_backend

search_cli = AppGroup("search", help="The search index: rebuild, check, status, snapshot.")


@search_cli.command("rebuild")
@click.option("--procs", type=int, default=None,
              help="Processes analysing text (Whoosh; default SEARCH_REBUILD_PROCS).")
def rebuild_command(procs: int | None) -> None:
    """Build a new index from the database and switch to it when complete."""
    backend = get_backend()
    if procs and hasattr(backend, "rebuild_procs"):
        backend.rebuild_procs = procs
    total = indexer.count_objects(db.session)
    with (writing_transactions(),
          tqdm(total=total, unit="obj", desc="Indexing", mininterval=0.5) as bar):
        written = indexer.rebuild(db.session, backend, progress=lambda: bar.update(1))
    click.echo(f"{backend.name} index rebuilt: {written} documents from {total} objects.")


@search_cli.command("snapshot")
def snapshot_command() -> None:
    """PostgreSQL backend: take a new snapshot of the indexed documents now (the worker
    takes one when enough has changed)."""
    if db.session.get_bind().dialect.name != "postgresql":
        raise click.ClickException("snapshots are kept only on PostgreSQL")
    started = time.perf_counter()
    click.echo("Taking a snapshot of the indexed documents (one pass over them)...")

    def done(step: str) -> None:
        click.echo(f"  {step} done after {time.perf_counter() - started:.1f} s")

    snapshot_id = snapshot.build(db.session, progress=done)
    db.session.commit()
    click.echo(f"snapshot {snapshot_id} taken in {time.perf_counter() - started:.1f} s.")


@search_cli.command("check")
@click.option("--show", default=20, show_default=True, help="Keys listed per problem.")
def check_command(show: int) -> None:
    """Report documents missing from or stale in the index (exit code 1 if any)."""
    report = indexer.check()
    click.echo(f"{report.expected} documents should be searchable.")
    for where, problems in report.problems.items():
        for kind, keys in problems.items():
            if keys:
                listed = ", ".join(keys[:show]) + (" ..." if len(keys) > show else "")
                click.echo(f"{where}: {len(keys)} {kind}: {listed}")
    if report.pending:
        click.echo(f"{report.pending} changes are still queued for the indexer "
                   "(`flask --app wsgi jobs run search_index` applies them).")
    if not report.ok:
        click.echo("Problems found: `flask --app wsgi search rebuild` repairs the index.")
        raise SystemExit(1)
    click.echo("The index matches the database.")


@search_cli.command("status")
def status_command() -> None:
    """Show the backend, the index state and the queue backlog."""
    from app.search.services import health

    for key, value in health().items():
        click.echo(f"{key}: {value}")
