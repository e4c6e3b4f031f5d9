"""`flask --app wsgi outbox ...`: deliver queued e-mails."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup

from app.core.jobs import register_job
from app.notifications.delivery import deliver_due

outbox_cli = AppGroup("outbox", help="Deliver queued e-mails from the outbox.")


def _report_line(report) -> str:
    return (f"sent {report.sent}, will retry {report.deferred}, failed for good {report.failed}")


@outbox_cli.command("send")
@click.option("--batch-size", default=200, show_default=True, help="Messages claimed at once.")
@click.option("--now", "ignore_backoff", is_flag=True,
              help="Also retry messages whose back-off has not yet expired.")
def send_command(batch_size: int, ignore_backoff: bool) -> None:
    """Deliver every queued message that is due, once, and report the result."""
    report = deliver_due(batch_size=batch_size, ignore_backoff=ignore_backoff)
    click.echo(_report_line(report))
    for error in report.errors[:10]:
        click.echo(f"  error: {error}", err=True)


@outbox_cli.command("work")
@click.option("--interval", default=2.0, show_default=True, help="Seconds between passes.")
@click.option("--passes", default=0, help="Stop after this many passes (0: run until stopped).")
def work_command(interval: float, passes: int) -> None:
    """Run the delivery worker until stopped (Ctrl+C), printing what it delivers."""
    done = 0
    click.echo(f"outbox worker started, checking every {interval:g} s")
    while not passes or done < passes:
        report = deliver_due()
        if report.attempted:
            click.echo(_report_line(report))
        done += 1
        time.sleep(interval)


@register_job("outbox", every_seconds=2)
def deliver_outbox() -> str | None:
    """The worker's e-mail job: deliver what is due."""
    report = deliver_due()
    return _report_line(report) if report.attempted else None
