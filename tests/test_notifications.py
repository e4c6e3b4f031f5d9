"""Notifications: the right people, in their language, as often as they chose, with a way out."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event

from app.accounts import services as account_services
from app.core.events import EventGroup, Frequency, configurable_groups, notify
from app.extensions import db
from app.notifications.models import Notification, NotificationPreference, OutboxMessage
from app.notifications.preferences import set_frequency, unsubscribe_token
from app.organisations import services as organisation_services
from tests.conftest import submit
from tests.factories import (
    load_funding_programmes,
    make_admin,
    make_authority,
    make_organisation,
    make_user,
)
from tests.foreign_events import foreign_event
from tests.smtp_sink import html_of, text_of


@pytest.fixture
def thing_event(app):
    with foreign_event(app) as key:
        yield key


def tell(key, users, **context):
    context.setdefault("thing", "The thing")
    context.setdefault("thing_id", 7)
    return notify(key, users, **context)


def preference(user, group):
    return db.session.scalar(db.select(NotificationPreference.frequency).filter_by(
        user_id=user.id, group=group.value))


def notifications_of(user):
    return list(db.session.scalars(db.select(Notification).filter_by(user_id=user.id)
                                   .order_by(Notification.id)))


def unsubscribe_path(message) -> str:
    url = message["List-Unsubscribe"].strip("<>")
    return url.replace("http://arena.test", "")


# --- recipients and languages ---

def test_each_recipient_gets_one_email_in_their_own_language(thing_event, deliver):
    swede, briton = make_user(locale="sv"), make_user(locale="en")
    closed = make_user(is_active_account=False)
    queued = tell(thing_event, [swede, briton, swede, closed])
    assert len(queued) == 2
    mailbox = deliver()
    assert len(mailbox.messages) == 2
    (to_swede,) = mailbox.to(swede.email)
    (to_briton,) = mailbox.to(briton.email)
    assert "Sluta få de här e-postmeddelandena" in text_of(to_swede)
    assert "Stop these e-mails" in text_of(to_briton)
    assert mailbox.to(closed.email) == []


def test_organisation_events_reach_only_the_admins_and_the_requester(deliver):
    admin, member = make_user(), make_user()
    organisation = make_organisation(admin=admin, members=(member,))
    requester = make_user()
    join_request = organisation_services.request_to_join(organisation, requester, "Hej!")
    mailbox = deliver()
    assert [m["To"] for m in mailbox.messages] == [admin.email]
    assert mailbox.to(member.email) == [] and mailbox.to(requester.email) == []

    mailbox.messages.clear()
    organisation_services.decide_join_request(join_request, admin, approve=True)
    mailbox = deliver()
    assert [m["To"] for m in mailbox.messages] == [requester.email]
    (bell_item,) = notifications_of(requester)
    assert bell_item.url == f"/organisations/{organisation.id}"


def test_essential_emails_ignore_preferences_and_carry_no_unsubscribe(deliver):
    admin = make_user()
    organisation = make_organisation(admin=admin)
    set_frequency(admin, EventGroup.ORGANISATION, Frequency.OFF)
    organisation_services.request_to_join(organisation, make_user())
    (message,) = deliver().to(admin.email)
    assert message["List-Unsubscribe"] is None
    assert "unsubscribe" not in text_of(message).lower()


def test_security_emails_cannot_be_turned_off_and_stay_out_of_the_bell(deliver):
    user = make_user()
    set_frequency(user, EventGroup.SECURITY, Frequency.OFF)
    assert preference(user, EventGroup.SECURITY) is None
    notify("accounts/password_changed", [user])
    assert len(deliver().to(user.email)) == 1
    assert notifications_of(user) == []
    assert EventGroup.SECURITY not in configurable_groups()


# --- preferences ---

def test_turned_off_group_gives_an_in_app_notification_but_no_email(thing_event, deliver):
    user = make_user()
    set_frequency(user, EventGroup.FOLLOWED, Frequency.OFF)
    assert tell(thing_event, [user], thing="Snow clearing") == []
    assert deliver().to(user.email) == []
    (item,) = notifications_of(user)
    assert item.subject == "Update on Snow clearing"
    assert item.summary == "Snow clearing has changed: see what is new."
    assert item.url == "/challenges/7"
    assert item.frequency == Frequency.OFF


def test_an_events_default_frequency_applies_until_the_user_chooses(app, deliver):
    user = make_user()
    with foreign_event(app, EventGroup.ALERTS, default=Frequency.DAILY) as key:
        assert tell(key, [user]) == []
        (item,) = notifications_of(user)
        assert item.frequency == Frequency.DAILY
        set_frequency(user, EventGroup.ALERTS, Frequency.IMMEDIATELY)
        assert len(tell(key, [user])) == 1


def test_settings_page_lists_groups_and_saves_choices(client, login, thing_event):
    user = make_user()
    login(user)
    page = client.get("/account/notifications").get_data(as_text=True)
    assert "Challenges you follow" in page and "Weekly summary" in page
    assert "Your account and security" not in page  # cannot be chosen
    response = submit(client, "/account/notifications", {"followed": "weekly"})
    assert response.status_code == 302
    db.session.expire_all()
    assert preference(user, EventGroup.FOLLOWED) == Frequency.WEEKLY
    page = client.get("/account/notifications").get_data(as_text=True)
    assert re.search(r'value="weekly"\s+checked|checked[^>]*value="weekly"', page)


def test_settings_page_refuses_an_unknown_frequency(client, login, thing_event):
    login(make_user())
    response = submit(client, "/account/notifications", {"followed": "hourly"})
    assert response.status_code == 422
    assert "There is a problem" in response.get_data(as_text=True)


def test_settings_page_in_swedish_and_linked_from_the_profile(client, login, thing_event):
    login(make_user(locale="sv"))
    profile = client.get("/account/").get_data(as_text=True)
    assert 'href="/account/notifications"' in profile
    page = client.get("/account/notifications").get_data(as_text=True)
    assert "Utmaningar du följer" in page and "Veckosammanfattning" in page


def test_settings_page_needs_a_login(client):
    response = client.get("/account/notifications")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


# --- unsubscribe ---

def test_every_optional_email_has_unsubscribe_link_and_headers(thing_event, deliver):
    user = make_user()
    (queued,) = tell(thing_event, [user])
    assert queued.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    (message,) = deliver().to(user.email)
    url = message["List-Unsubscribe"].strip("<>")
    assert url.startswith("http://arena.test/notifications/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in text_of(message) and url in html_of(message)
    assert "http://arena.test/account/notifications" in text_of(message)


def test_unsubscribe_link_asks_then_works_without_logging_in(client, thing_event, deliver):
    user = make_user()
    tell(thing_event, [user])
    path = unsubscribe_path(deliver().to(user.email)[0])
    page = client.get(path)
    assert page.status_code == 200
    assert "Challenges you follow" in page.get_data(as_text=True)
    assert preference(user, EventGroup.FOLLOWED) is None  # GET changes nothing

    response = submit(client, path)
    assert response.status_code == 200
    assert "You are unsubscribed" in response.get_data(as_text=True)
    db.session.expire_all()
    assert preference(user, EventGroup.FOLLOWED) == Frequency.OFF
    mailbox = deliver()
    mailbox.messages.clear()
    tell(thing_event, [user])
    assert deliver().to(user.email) == []
    assert len(notifications_of(user)) == 2  # still in the bell


def test_rfc8058_one_click_post_needs_no_csrf_token(client, thing_event, deliver):
    user = make_user()
    tell(thing_event, [user])
    path = unsubscribe_path(deliver().to(user.email)[0])
    response = client.post(path, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    db.session.expire_all()
    assert preference(user, EventGroup.FOLLOWED) == Frequency.OFF


def test_other_posts_still_need_csrf(client, login):
    login(make_user())
    assert client.post("/account/notifications", data={"followed": "off"}).status_code == 400


@pytest.mark.parametrize("token", ["nonsense", "eyJ1IjoxfQ.forged.signature"])
def test_a_broken_unsubscribe_link_gives_a_clear_message(client, token):
    response = client.get(f"/notifications/unsubscribe/{token}")
    assert response.status_code == 400
    assert "not valid" in response.get_data(as_text=True)
    assert client.post(f"/notifications/unsubscribe/{token}").status_code == 400


def test_an_unsubscribe_token_cannot_turn_off_security(client):
    user = make_user()
    token = unsubscribe_token(user, [EventGroup.SECURITY])
    assert client.post(f"/notifications/unsubscribe/{token}").status_code == 400
    assert preference(user, EventGroup.SECURITY) is None


def test_unsubscribe_page_in_swedish(client, thing_event):
    user = make_user(locale="sv")
    token = unsubscribe_token(user, [EventGroup.FOLLOWED])
    page = client.get(f"/notifications/unsubscribe/{token}",
                      headers={"Accept-Language": "sv"}).get_data(as_text=True)
    assert "Avsluta prenumeration" in page and "Utmaningar du följer" in page


# --- in-app notifications and the bell ---

def test_bell_shows_the_unread_count_with_one_count_query(app, client, login, thing_event):
    user = make_user()
    tell(thing_event, [user])
    tell(thing_event, [user])
    login(user)
    statements = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if "notifications" in statement and "outbox" not in statement:
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        page = client.get("/").get_data(as_text=True)
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    assert re.search(r'bell-count">2<span class="govuk-visually-hidden"> unread', page)
    assert len(statements) == 1 and "count(" in statements[0].lower()


def test_no_bell_when_logged_out(client):
    assert "/notifications/" not in client.get("/").get_data(as_text=True)


def test_notification_list_opens_and_marks_read(client, login, thing_event):
    user = make_user()
    tell(thing_event, [user], thing="Snow clearing")
    tell(thing_event, [user], thing="Street lights")
    login(user)
    page = client.get("/notifications/").get_data(as_text=True)
    assert "Update on Snow clearing" in page and "Update on Street lights" in page
    first, second = notifications_of(user)
    response = client.get(f"/notifications/{first.id}")
    assert response.status_code == 302 and response.headers["Location"] == "/challenges/7"
    response = submit(client, f"/notifications/{second.id}/read", page="/notifications/")
    assert response.status_code == 302
    db.session.expire_all()
    assert all(n.is_read for n in notifications_of(user))
    assert "arena-header__bell-count" not in client.get("/").get_data(as_text=True)


def test_mark_all_read(client, login, thing_event):
    user = make_user()
    for _ in range(3):
        tell(thing_event, [user])
    login(user)
    response = submit(client, "/notifications/read-all", page="/notifications/")
    assert response.status_code == 302
    db.session.expire_all()
    assert all(n.is_read for n in notifications_of(user))


def test_someone_elses_notification_is_not_found(client, login, thing_event):
    owner = make_user()
    tell(thing_event, [owner])
    (item,) = notifications_of(owner)
    login(make_user())
    assert client.get(f"/notifications/{item.id}").status_code == 404
    assert "Update on" not in client.get("/notifications/").get_data(as_text=True)


def test_notification_list_in_swedish(client, login):
    login(make_user(locale="sv"))
    page = client.get("/notifications/").get_data(as_text=True)
    assert "Aviseringar" in page and "Du har inga aviseringar" in page


# --- e-mails render well and point to BASE_URL ---

def test_emails_have_inline_styles_no_external_images_and_base_url_links(thing_event, deliver):
    user = make_user()
    tell(thing_event, [user])
    (message,) = deliver().to(user.email)
    html = html_of(message)
    assert "<style" not in html and "<link" not in html and "<img" not in html
    assert 'style="' in html
    links = re.findall(r'href="([^"]+)"', html)
    assert links and all(link.startswith("http://arena.test/") for link in links)
    assert "<" not in text_of(message)


def test_a_verified_authority_is_pointed_to_the_check_before_a_procurement(deliver):
    load_funding_programmes()
    buyer, rejected_buyer = make_user(locale="sv"), make_user(locale="sv")
    authority = make_authority(admin=buyer, verified=False)
    rejected = make_authority(admin=rejected_buyer, verified=False)
    admin = make_admin()
    organisation_services.decide_verification(authority, admin, approve=True)
    organisation_services.decide_verification(rejected, admin, approve=False, note="Fel nummer")
    mailbox = deliver()
    (verified,) = mailbox.to(buyer.email)
    assert "Finansiering som kan hjälpa" in text_of(verified)
    assert "Check inför innovationsupphandling" in text_of(verified)
    (refused,) = mailbox.to(rejected_buyer.email)
    assert "Finansiering som kan hjälpa" not in text_of(refused)


def test_password_change_mail_goes_out_via_the_accounts_service(deliver):
    user = make_user()
    account_services.change_password(user, "correct-horse-battery-9", "a-new-long-passphrase-1")
    (message,) = deliver().to(user.email)
    assert message["List-Unsubscribe"] is None
    assert db.session.scalar(db.select(db.func.count(OutboxMessage.id)).filter_by(
        recipient_id=user.id)) == 1


def test_every_event_declares_its_summary_and_link_and_builds_links_from_the_url_map(app):
    """The in-app list takes an event's summary and page from what its template declares
    (`{% set summary %}`, `{% set link %}`), never by reading the e-mail's text; and no
    e-mail builds an address by hand (`external_url(endpoint, ...)` does)."""
    from pathlib import Path

    from app.core.events import EVENTS

    templates = Path(app.template_folder)
    for key, declared in EVENTS.items():
        if declared.group == EventGroup.SECURITY:
            continue  # never in the in-app list
        source = (templates / "email" / f"{key}.txt").read_text()
        assert "{% set summary %}" in source and "{% set link %}" in source, key
    for path in (templates / "email").rglob("*.*"):
        assert "base_url" not in path.read_text(), path
