"""`flask --app wsgi outbox ...`: deliver queued e-mails; and the notification jobs."""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup

from app.core.db import writing_transactions
from app.core.jobs import register_job
from app.extensions import db
from app.notifications.delivery import deliver_due

outbox_cli = AppGroup("outbox", help="Deliver queued e-mails from the outbox.")


def _report_line(report) -> str:
    return (f"sent {report.sent}, will retry {report.deferred}, failed for good {report.failed}")


@outbox_cli.command("send")
@click.option("--batch-size", default=50, show_default=True, help="Messages claimed at once.")
@click.option("--now", "ignore_backoff", is_flag=True,
              help="Also retry messages whose back-off has not yet expired.")
def send_command(batch_size: int, ignore_backoff: bool) -> None:
    """Deliver every queued message that is due, once, and report the result."""
    with writing_transactions():
        report = deliver_due(batch_size=batch_size, ignore_backoff=ignore_backoff)
    click.echo(_report_line(report))
    for error in report.errors[:10]:
        click.echo(f"  error: {error}", err=True)


@outbox_cli.command("work")
@click.option("--interval", default=2.0, show_default=True, help="Seconds between passes.")
@click.option("--passes", default=0, help="Stop after this many passes (0: run until stopped).")
def work_command(interval: float, passes: int) -> None:
    """Run the delivery worker until stopped (Ctrl+C), printing what it delivers.

    Several workers may run at once, on one host or many: each message is sent once.
    """
    done = 0
    click.echo(f"outbox worker started, checking every {interval:g} s")
    try:
        while not passes or done < passes:
            with writing_transactions():
                report = deliver_due()
            db.session.remove()
            if report.attempted:
                click.echo(_report_line(report))
            done += 1
            if not passes or done < passes:
                time.sleep(interval)
    except KeyboardInterrupt:
        click.echo("outbox worker stopped")


@register_job("deadline_reminders", every_seconds=900)
def send_reminders() -> str | None:
    """Remind suppliers with a draft solution 7 days and 1 day before the deadline."""
    from app.notifications.reminders import send_deadline_reminders

    report = send_deadline_reminders()
    if not report.solutions:
        return None
    return f"reminded {report.solutions} draft solutions ({report.messages} e-mails queued)"


@register_job("digests", every_seconds=600)
def send_digests() -> str | None:
    """Send the daily and weekly digests that are due (one e-mail per user and period)."""
    from app.notifications.digests import send_due_digests

    report = send_due_digests()
    return f"{report.sent} digests with {report.items} items queued" if report.sent else None


@register_job("fanout", every_seconds=2)
def expand_fanouts() -> str | None:
    """Tell the large audiences recorded by requests (followers of a challenge...)."""
    from app.notifications.fanout import expand_pending

    report = expand_pending()
    return (f"{report.recipients} recipients told of {report.fanouts} event(s)"
            if report.fanouts else None)


# Registered after the jobs that queue e-mail, so `jobs run` delivers what they queued.
@register_job("outbox", every_seconds=2)
def deliver_outbox() -> str | None:
    """The worker's e-mail job: deliver what is due."""
    report = deliver_due()
    return _report_line(report) if report.attempted else None
