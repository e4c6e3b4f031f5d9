"""One-line fields stay on one line: a name, title or subject typed with line breaks or
other control characters never starts a new line in an e-mail, a CSV file or a page.
Every single-line field of every form passes through one filter (app/core/forms.py)."""

from __future__ import annotations

import csv
import io
import re

import wtforms

from app.accounts.services import find_user_by_email
from app.challenges import cpv
from app.challenges.models import Challenge
from app.core.forms import ArenaForm
from app.extensions import db
from app.organisations.models import Organisation
from tests.conftest import submit
from tests.factories import add_criteria, make_authority, make_user
from tests.smtp_sink import text_of
from tests.test_challenges import form_data

# A forged header or paragraph, a bell, an escape, a right-to-left override, a tab.
HOSTILE_TAIL = "\r\nBcc: victim@example.org\r\n\r\nClick http://evil.example\x07\x1b\u202e\t!"
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def one_line(value: str) -> bool:
    return CONTROL.search(value) is None


def test_a_name_with_line_breaks_reaches_neither_the_account_nor_the_email(client, deliver):
    response = submit(client, "/auth/register", {
        "name": "Nina Ny" + HOSTILE_TAIL, "email": "nina@example.org",
        "password": "a-long-unusual-passphrase", "locale": "en"})
    assert response.status_code == 200
    user = find_user_by_email("nina@example.org")
    assert one_line(user.name)
    assert user.name.startswith("Nina Ny Bcc: victim@example.org Click http://evil.example")
    (message,) = deliver().to("nina@example.org")
    assert message["Bcc"] is None
    greeting = text_of(message).splitlines()[0]
    assert greeting.startswith("Hello Nina Ny Bcc: victim@example.org Click")


def test_a_profile_name_is_kept_on_one_line(client, login):
    user = make_user()
    login(user)
    submit(client, "/account/", {"name": "Olle" + HOSTILE_TAIL, "locale": "en"})
    db.session.expire_all()
    assert one_line(find_user_by_email(user.email).name)


def test_a_challenge_title_and_a_buyer_name_stay_on_one_line_in_email_page_and_csv(
        client, login, deliver):
    cpv.ensure_seeded()
    buyer = make_user()
    authority = make_authority(admin=buyer, is_trusted=True, name="Kommunen")
    login(buyer)
    edited = submit(client, f"/organisations/{authority.id}/edit", {
        "name": "Norrby kommun" + HOSTILE_TAIL, "org_number": authority.org_number,
        "kind": authority.kind.value, "size_class": authority.size_class.value, "region": ""})
    assert edited.status_code == 302, edited.get_data(as_text=True)[-3000:]
    created = submit(client, "/challenges/new", form_data(title="Nattlarm" + HOSTILE_TAIL))
    assert created.status_code == 302, created.get_data(as_text=True)[-3000:]
    challenge = db.session.scalar(db.select(Challenge).where(Challenge.title.like("Nattlarm%")))
    add_criteria(challenge)  # a judged challenge is published with its criteria
    page = f"/challenges/{challenge.id}"
    assert submit(client, f"{page}/submit", {"confirmed": "yes"}, page=page).status_code == 302
    db.session.expire_all()
    assert one_line(challenge.title) and one_line(db.session.get(Organisation, authority.id).name)

    (published,) = deliver().to(buyer.email)
    assert "Nattlarm Bcc: victim@example.org" in published["Subject"]
    assert published["Bcc"] is None and one_line(published["Subject"])
    assert "Nattlarm Bcc: victim@example.org Click" in text_of(published)
    for line in text_of(published).splitlines():
        assert not line.startswith(("Bcc:", "Click http")), text_of(published)
    assert "Nattlarm Bcc: victim@example.org" in client.get(page).get_data(as_text=True)

    exported = client.get("/api/v1/challenges.csv").get_data(as_text=True)
    (row,) = [r for r in csv.DictReader(io.StringIO(exported.lstrip("\ufeff")))
              if r["id"] == str(challenge.id)]
    assert one_line(row["title"]) and one_line(row["buyer"])
    assert not any(line.startswith(("Bcc:", "Click http")) for line in exported.splitlines())


def forms_defined_in_the_app() -> set[type]:
    found, todo = set(), [wtforms.Form]
    while todo:
        for subclass in todo.pop().__subclasses__():
            todo.append(subclass)
            if subclass.__module__.startswith("app."):
                found.add(subclass)
    return found


def test_every_form_of_the_app_has_the_one_line_filter(app):
    """The filter lives in ArenaForm: a form built on anything else would escape it."""
    forms = forms_defined_in_the_app()
    assert len(forms) > 30
    assert [form for form in forms if not issubclass(form, ArenaForm)] == []
