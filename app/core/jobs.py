"""Background jobs run by the worker (`flask --app wsgi worker`) or cron (`jobs run`).

Areas register their periodic jobs here (outbox delivery, deadline closing, indexing...);
each job commits for itself.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import click
from flask import Flask
from flask.cli import AppGroup

from app.core.db import writing_transactions
from app.extensions import db

log = logging.getLogger(__name__)


@dataclass
class Job:
    name: str
    run: Callable[[], str | None]
    every_seconds: float
    last_run: float = 0.0


JOBS: dict[str, Job] = {}


def register_job(name: str, every_seconds: float):
    """Register a function as a periodic job; it returns a line to print, or None."""

    def decorator(func):
        JOBS[name] = Job(name, func, every_seconds)
        return func

    return decorator


def run_job(job: Job) -> str | None:
    """Run one job, rolling back and logging if it fails, so the worker keeps going."""
    try:
        with writing_transactions():
            result = job.run()
            db.session.commit()
        return result
    except Exception:  # one failing job must not stop the others
        db.session.rollback()
        log.exception("job %s failed", job.name)
        return f"{job.name}: failed (see the log)"
    finally:
        job.last_run = time.monotonic()
        db.session.remove()


def run_due_jobs(now: float | None = None) -> list[str]:
    """Run every job whose interval has passed; return what they reported."""
    now = time.monotonic() if now is None else now
    lines = []
    for job in JOBS.values():
        if now - job.last_run >= job.every_seconds:
            result = run_job(job)
            if result:
                lines.append(f"{job.name}: {result}")
    return lines


jobs_cli = AppGroup("jobs", help="Scheduled jobs (for cron, if no worker runs).")


@jobs_cli.command("run")
@click.argument("names", nargs=-1)
def run_command(names: tuple[str, ...]) -> None:
    """Run every scheduled job once (or only the named ones), printing each result."""
    for job in JOBS.values():
        if not names or job.name in names:
            click.echo(f"{job.name}: {run_job(job) or 'nothing to do'}")


@jobs_cli.command("list")
def list_command() -> None:
    """List the registered jobs and how often the worker runs them."""
    for job in JOBS.values():
        click.echo(f"{job.name:<24} every {job.every_seconds:g} s")


@click.command("worker")
@click.option("--tick", default=1.0, show_default=True, help="Seconds between checks.")
@click.option("--ticks", default=0, help="Stop after this many checks (0: until stopped).")
def worker_command(tick: float, ticks: int) -> None:
    """Run all background jobs (e-mail delivery, deadlines, indexing) until stopped."""
    click.echo("worker started: " + ", ".join(JOBS) + " (Ctrl+C stops)")
    count = 0
    while not ticks or count < ticks:
        for line in run_due_jobs():
            click.echo(line)
        count += 1
        time.sleep(tick)


def init_app(app: Flask) -> None:
    """Register the `worker` and `jobs` commands."""
    from app.core import maintenance  # noqa: F401 - its job
    app.cli.add_command(worker_command)
    app.cli.add_command(jobs_cli)
