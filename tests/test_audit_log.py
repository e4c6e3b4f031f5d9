"""The audit log reads as sentences in the reader's language, filters by person,
organisation and kind, pages, and keeps its raw codes in a CSV export (issue 19)."""

from __future__ import annotations

import csv
import io
import re
from types import SimpleNamespace

import pytest

from app.admin.audit import FAMILIES, PER_PAGE, SENTENCES
from app.audit.services import record
from app.challenges.workflow import TRANSITIONS
from app.extensions import db
from tests.audit_kinds import audit_kinds
from tests.factories import make_admin, make_authority, make_challenge, make_supplier, make_user

# The kinds the code builds from a variable, and what the variable can be.
EXPANSIONS = {
    "challenge.*": {f"challenge.{action}" for action in TRANSITIONS},
    "auth.password_*": {"auth.password_reset", "auth.password_changed"},  # set_password's reasons
}


def recorded_kinds() -> set[str]:
    kinds = audit_kinds()
    patterns = {kind for kind in kinds if "*" in kind}
    assert patterns == set(EXPANSIONS), "a kind is built from a variable: list what it can be"
    return (kinds - patterns).union(*EXPANSIONS.values())


def test_every_kind_the_code_records_has_a_sentence():
    kinds = recorded_kinds()
    assert len(kinds) > 90  # the reader of the code found them
    assert sorted(kinds - set(SENTENCES)) == []
    assert sorted(set(SENTENCES) - kinds) == [], "a sentence for a kind nothing records"
    assert {kind.split(".")[0] for kind in kinds} == set(FAMILIES)


def test_every_sentence_names_who_did_it_or_what_it_was_done_to():
    for kind, template in SENTENCES.items():
        assert "%(actor)s" in str(template) or "%(object)s" in str(template), kind


@pytest.fixture
def world(client, login):
    admin = make_admin(name="Ada Admin", locale="en")
    anna = make_user(name="Anna Berg", email="anna.berg@kommun.example")
    authority = make_authority(admin=anna, name="Trygga kommunen")
    challenge = make_challenge(owner=authority, title="Trygg utevistelse")
    bert = make_user(name="Bert Lind", email="=cmd@evil.example")
    supplier = make_supplier(admin=bert, name="=Formel AB")
    record("challenge.publish_directly", actor=anna, obj=challenge)
    record("organisation.updated", actor=bert, obj=supplier)
    record("auth.login", actor=bert, obj=bert)
    db.session.commit()
    login(admin)
    return SimpleNamespace(admin=admin, anna=anna, bert=bert)


def entries(response) -> list[str]:
    page = response.get_data(as_text=True)
    items = re.findall(r'<li class="govuk-!-margin-bottom-3">(.*?)</li>', page, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)).strip() for item in items]


def test_the_log_reads_as_sentences_in_english(client, world):
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "Anna Berg published “Trygg utevistelse”" in page
    assert "Bert Lind edited the profile of =Formel AB" in page
    assert "challenge.publish_directly" not in page  # the codes stay in the CSV


def test_the_log_reads_as_sentences_in_swedish(client, world):
    world.admin.locale = "sv"
    db.session.commit()
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "Anna Berg publicerade ”Trygg utevistelse”" in page
    assert "Bert Lind loggade in" in page


def test_filters_by_person_organisation_and_kind_keep_their_values(client, world):
    by_person = client.get("/admin/audit?person=anna.berg")
    assert entries(by_person)[0].startswith("Anna Berg published")
    assert not any("Bert Lind" in entry for entry in entries(by_person))
    assert 'value="anna.berg"' in by_person.get_data(as_text=True)

    by_organisation = client.get("/admin/audit?organisation=trygga")
    texts = entries(by_organisation)
    assert any("Trygg utevistelse" in entry for entry in texts)
    assert not any("Bert Lind" in entry for entry in texts)

    by_kind = client.get("/admin/audit?kind=auth&person=Bert")
    page = by_kind.get_data(as_text=True)
    assert entries(by_kind) and all(entry.startswith("Bert Lind logged in")
                                    for entry in entries(by_kind))
    assert '<option value="auth" selected>' in page
    assert 'data-active="2"' in page  # the disclosure counts the active filters


def test_a_filter_matching_nothing_says_so_and_odd_input_is_harmless(client, world):
    response = client.get("/admin/audit?person=%25_nobody\\&kind=no.such&page=x")
    assert response.status_code == 200
    assert "No events match." in response.get_data(as_text=True)


def test_the_log_is_paginated(client, world):
    for _ in range(PER_PAGE + 1):
        record("auth.login", actor=world.anna, obj=world.anna)
    db.session.commit()
    first = client.get("/admin/audit?person=Anna")
    assert len(entries(first)) == PER_PAGE
    page = first.get_data(as_text=True)
    assert 'href="/admin/audit?person=Anna&amp;page=2"' in page
    second = client.get("/admin/audit?person=Anna&page=2")
    assert len(entries(second)) == 2  # the last log-in and the publication


def test_the_csv_keeps_the_raw_codes_and_defuses_formulas(client, world):
    response = client.get("/admin/audit.csv?kind=organisation")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:5] == ["id", "created_at", "actor_id", "actor_email", "action"]
    updated = [row for row in rows[1:] if row[4] == "organisation.updated"]
    assert "auth.login" not in {row[4] for row in rows[1:]}
    assert updated[0][3] == "'=cmd@evil.example"  # a spreadsheet shows it, does not run it
    assert updated[0][5] == "organisations"
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_only_administrators_get_the_csv(client, login):
    assert client.get("/admin/audit.csv").status_code == 302  # to the log-in
    login(make_user())
    assert client.get("/admin/audit.csv").status_code == 403
