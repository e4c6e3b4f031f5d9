"""Scheduled notifications: daily and weekly digests, and deadline reminders for drafts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from freezegun import freeze_time

from app.core.db import utcnow
from app.core.events import EventGroup, Frequency, notify
from app.extensions import db
from app.notifications.digests import daily_cutoff, weekly_cutoff
from app.notifications.models import DeadlineReminder, Notification
from app.notifications.preferences import set_frequency
from app.notifications.reminders import send_deadline_reminders
from app.solutions.models import SolutionState
from tests.factories import (
    load_funding_programmes,
    make_authority,
    make_challenge,
    make_organisation,
    make_solution_record,
    make_user,
)
from tests.foreign_events import foreign_event
from tests.smtp_sink import html_of, text_of

# Stockholm is UTC+1 in early March 2026: 2026-03-03 is a Tuesday.
TUESDAY_10 = "2026-03-03 09:00:00"
TUESDAY_18 = "2026-03-03 17:00:00"
WEDNESDAY_0705 = "2026-03-04 06:05:00"
SUNDAY_20 = "2026-03-08 19:00:00"
MONDAY_0730 = "2026-03-09 06:30:00"


@pytest.fixture
def thing_event(app):
    with foreign_event(app) as key:
        yield key


def tell(key, users, thing="The thing"):
    return notify(key, users, thing=thing, thing_id=7)


def run_digest_job(app) -> str:
    result = app.test_cli_runner().invoke(args=["jobs", "run", "digests"])
    assert result.exit_code == 0, result.output
    return result.output


def reload(user):
    return db.session.get(type(user), user.id)


# --- digests ---

def test_cutoffs_are_seven_in_the_morning_in_stockholm():
    tuesday_evening = datetime(2026, 3, 3, 17, tzinfo=UTC)
    assert daily_cutoff(tuesday_evening) == datetime(2026, 3, 3, 6, tzinfo=UTC)
    assert daily_cutoff(datetime(2026, 3, 3, 5, tzinfo=UTC)) == datetime(2026, 3, 2, 6, tzinfo=UTC)
    assert weekly_cutoff(tuesday_evening) == datetime(2026, 3, 2, 6, tzinfo=UTC)
    summer = datetime(2026, 6, 10, 12, tzinfo=UTC)  # UTC+2 in June
    assert daily_cutoff(summer) == datetime(2026, 6, 10, 5, tzinfo=UTC)


def test_daily_digest_combines_everything_into_one_email(app, thing_event, deliver):
    user = make_user(locale="sv")
    set_frequency(user, EventGroup.FOLLOWED, Frequency.DAILY)
    with freeze_time(TUESDAY_10):
        assert tell(thing_event, [user], "Snöröjning") == []
        assert tell(thing_event, [user], "Gatubelysning") == []
        db.session.commit()
    assert deliver().to(user.email) == []  # nothing goes out at once

    with freeze_time(TUESDAY_18):
        assert "nothing to do" in run_digest_job(app)  # not yet 07:00 the next day
    with freeze_time(WEDNESDAY_0705):
        assert "1 digests with 2 items" in run_digest_job(app)
        assert "nothing to do" in run_digest_job(app)  # once per period
    (digest,) = deliver().to(user.email)
    assert digest["Subject"] == "Din dagliga sammanfattning: 2 nyheter"
    text = text_of(digest)
    assert "Update on Snöröjning" in text and "Update on Gatubelysning" in text
    assert "http://arena.test/challenges/7" in text
    assert "Det här har hänt på Innovation Arena sedan i går." in text
    assert "Update on Snöröjning" in html_of(digest)
    assert digest["List-Unsubscribe"].startswith("<http://arena.test/notifications/unsubscribe/")


def test_weekly_digest_waits_for_monday_morning(app, thing_event, deliver):
    user = make_user(locale="en")
    set_frequency(user, EventGroup.FOLLOWED, Frequency.WEEKLY)
    with freeze_time(TUESDAY_10):
        tell(thing_event, [user], "Snow clearing")
        db.session.commit()
    with freeze_time(WEDNESDAY_0705):
        assert "nothing to do" in run_digest_job(app)
    with freeze_time(SUNDAY_20):
        tell(thing_event, [user], "Street lights")
        db.session.commit()
        assert "nothing to do" in run_digest_job(app)
    with freeze_time(MONDAY_0730):
        run_digest_job(app)
    (digest,) = deliver().to(user.email)
    assert digest["Subject"] == "Your weekly summary: 2 updates"
    assert "this week" in text_of(digest)


def test_one_digest_per_user_with_only_their_own_items(app, thing_event, deliver):
    anna, bo = make_user(), make_user()
    for user in (anna, bo):
        set_frequency(user, EventGroup.FOLLOWED, Frequency.DAILY)
        set_frequency(user, EventGroup.SOLUTIONS, Frequency.DAILY)
    challenge = make_challenge(title="Smart lighting")
    with freeze_time(TUESDAY_10):
        tell(thing_event, [anna, bo], "Shared news")
        tell(thing_event, [anna], "Anna's news")
        notify("notifications/deadline_reminder", [anna], challenge=challenge,
               organisation=make_organisation(), kind="7_days", deadline=utcnow())
        db.session.commit()
    with freeze_time(WEDNESDAY_0705):
        assert "2 digests with 4 items" in run_digest_job(app)
    mailbox = deliver()
    (to_anna,) = mailbox.to(anna.email)
    (to_bo,) = mailbox.to(bo.email)
    assert "Anna's news" in text_of(to_anna) and "Smart lighting" in text_of(to_anna)
    assert "Anna's news" not in text_of(to_bo) and "Shared news" in text_of(to_bo)


def test_items_of_a_group_turned_off_since_are_dropped(app, thing_event, deliver):
    user = make_user()
    set_frequency(user, EventGroup.FOLLOWED, Frequency.DAILY)
    with freeze_time(TUESDAY_10):
        tell(thing_event, [user])
        db.session.commit()
    set_frequency(user, EventGroup.FOLLOWED, Frequency.OFF)
    db.session.commit()
    with freeze_time(WEDNESDAY_0705):
        run_digest_job(app)
    assert deliver().to(user.email) == []
    (item,) = db.session.scalars(db.select(Notification).filter_by(user_id=user.id))
    assert item.digested_at is not None  # not waiting for ever


def test_digest_carries_the_funding_of_its_items(app, thing_event, deliver):
    load_funding_programmes()
    user = make_user()
    make_organisation(admin=user)  # a small supplier
    set_frequency(user, EventGroup.FOLLOWED, Frequency.DAILY)
    with freeze_time(TUESDAY_10):
        notify(thing_event, [user], situation="sme_winning", thing="Prize", thing_id=1)
        db.session.commit()
    with freeze_time(WEDNESDAY_0705):
        run_digest_job(app)
    (digest,) = deliver().to(user.email)
    assert "Funding that can help" in text_of(digest)
    assert "Infrastructure check" in text_of(digest)


# --- deadline reminders ---

@pytest.fixture
def drafting():
    """A challenge closing in 6 days; one supplier with a draft, one that has submitted."""
    buyer = make_user()
    challenge = make_challenge(make_authority(admin=buyer), deadline_in=timedelta(days=6),
                               title="Snow robots")
    alice, bob = make_user(locale="sv"), make_user(locale="en")
    drafter = make_organisation(admin=alice, members=(bob,), name="Draft AB")
    draft = make_solution_record(challenge, drafter, details="TOP SECRET PRICE MODEL")
    carol = make_user()
    make_solution_record(challenge, make_organisation(admin=carol),
                         state=SolutionState.SUBMITTED)
    db.session.commit()
    return {"challenge": challenge, "draft": draft, "members": (alice, bob), "buyer": buyer,
            "submitter": carol}


def test_seven_day_reminder_goes_once_to_the_drafting_suppliers_members(app, drafting, deliver):
    result = app.test_cli_runner().invoke(args=["jobs", "run", "deadline_reminders"])
    assert "reminded 1 draft solutions (2 e-mails queued)" in result.output
    alice, bob = drafting["members"]
    mailbox = deliver()
    assert sorted(m["To"] for m in mailbox.messages) == sorted([alice.email, bob.email])
    (to_alice,) = mailbox.to(alice.email)
    assert to_alice["Subject"] == "Påminnelse: din lösning på ”Snow robots” är inte inlämnad än"
    assert "mindre än en vecka kvar" in text_of(to_alice)
    assert "Draft AB" in text_of(mailbox.to(bob.email)[0])
    for message in mailbox.messages:
        assert "TOP SECRET" not in message.as_string()

    result = app.test_cli_runner().invoke(args=["jobs", "run", "deadline_reminders"])
    assert "nothing to do" in result.output


def test_one_day_reminder_follows_and_also_goes_once(drafting, deliver):
    deadline = drafting["challenge"].submission_deadline_at
    assert send_deadline_reminders(now=deadline - timedelta(days=6)).solutions == 1
    assert send_deadline_reminders(now=deadline - timedelta(days=3)).solutions == 0
    assert send_deadline_reminders(now=deadline - timedelta(hours=20)).solutions == 1
    assert send_deadline_reminders(now=deadline - timedelta(hours=2)).solutions == 0
    assert send_deadline_reminders(now=deadline + timedelta(hours=1)).solutions == 0
    kinds = db.session.scalars(db.select(DeadlineReminder.kind).filter_by(
        solution_id=drafting["draft"].id))
    assert sorted(k.value for k in kinds) == ["1_day", "7_days"]
    alice, _ = drafting["members"]
    messages = deliver().to(alice.email)
    assert len(messages) == 2
    assert "mindre än ett dygn kvar" in text_of(messages[1])


def test_a_draft_started_late_gets_only_the_one_day_reminder(drafting, deliver):
    deadline = drafting["challenge"].submission_deadline_at
    assert send_deadline_reminders(now=deadline - timedelta(hours=10)).solutions == 1
    assert send_deadline_reminders(now=deadline - timedelta(hours=5)).solutions == 0
    alice, _ = drafting["members"]
    assert len(deliver().to(alice.email)) == 1


def test_no_reminder_for_submitted_solutions_buyers_or_far_deadlines(drafting, deliver):
    deadline = drafting["challenge"].submission_deadline_at
    assert send_deadline_reminders(now=deadline - timedelta(days=8)).solutions == 0
    send_deadline_reminders(now=deadline - timedelta(days=6))
    mailbox = deliver()
    assert mailbox.to(drafting["submitter"].email) == []
    assert mailbox.to(drafting["buyer"].email) == []


def test_no_reminder_when_the_challenge_is_paused_or_the_draft_was_submitted(drafting):
    challenge, draft = drafting["challenge"], drafting["draft"]
    challenge.is_paused = True
    db.session.flush()
    deadline = challenge.submission_deadline_at
    assert send_deadline_reminders(now=deadline - timedelta(days=5)).solutions == 0
    challenge.is_paused = False
    draft.state = SolutionState.SUBMITTED
    db.session.flush()
    assert send_deadline_reminders(now=deadline - timedelta(days=5)).solutions == 0


def test_reminder_points_the_supplier_to_business_and_ip_checks(drafting, deliver):
    load_funding_programmes()
    send_deadline_reminders()
    alice, bob = drafting["members"]
    mailbox = deliver()
    swedish, english = text_of(mailbox.to(alice.email)[0]), text_of(mailbox.to(bob.email)[0])
    assert "Finansiering som kan hjälpa" in swedish
    assert "Affärsutvecklingscheck" in swedish and "IP-check" in swedish
    assert "Business development check" in english and "IP strategy check" in english
    assert "Infrastructure check" not in english


def test_reminders_respect_the_suppliers_preferences(drafting, deliver):
    alice, bob = drafting["members"]
    set_frequency(reload(bob), EventGroup.SOLUTIONS, Frequency.OFF)
    send_deadline_reminders()
    mailbox = deliver()
    assert len(mailbox.to(alice.email)) == 1 and mailbox.to(bob.email) == []
    assert db.session.scalar(db.select(db.func.count(Notification.id)).filter_by(
        user_id=bob.id)) == 1
