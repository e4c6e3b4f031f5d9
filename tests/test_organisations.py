"""Organisations: creation, numbers, invitations, join requests, last admin, verification."""

from __future__ import annotations

import re

import pytest

from app.extensions import db
from app.organisations import services
from app.organisations.models import (
    Invitation,
    MemberRole,
    Membership,
    Organisation,
    VerificationStatus,
)
from app.organisations.orgnumber import normalise_org_number
from tests.conftest import submit
from tests.factories import make_authority, make_organisation, make_user, valid_org_number
from tests.smtp_sink import text_of

LINK = re.compile(r"http://arena\.test(/\S+)")


def org_form(**overrides):
    data = {"name": "Exempel AB", "org_number": valid_org_number(), "kind": "supplier",
            "size_class": "micro", "sectors": ["digital", "energy"], "region": "SE232",
            "website": "", "description": "Vi bygger *smarta* sensorer."}
    data.update(overrides)
    return data


@pytest.mark.parametrize("raw, expected", [
    ("212000-0142", "212000-0142"),
    ("2120000142", "212000-0142"),
    ("16212000-0142", "212000-0142"),
    ("556016-0680", "556016-0680"),
    ("212000-0143", None),   # wrong check digit
    ("21200-0142", None),    # too short
    ("abcdef-ghij", None),
])
def test_organisation_number_format_and_check_digit(raw, expected):
    assert normalise_org_number(raw) == expected


def test_creating_an_organisation_makes_the_creator_admin(client, login):
    user = make_user()
    login(user)
    response = submit(client, "/organisations/new", org_form(), page="/organisations/new")
    assert response.status_code == 302
    organisation = db.session.scalar(db.select(Organisation).filter_by(name="Exempel AB"))
    assert organisation.sectors == ["digital", "energy"]
    assert organisation.verification_status == VerificationStatus.NOT_REQUIRED
    (membership,) = organisation.memberships
    assert membership.user_id == user.id and membership.role == MemberRole.ADMIN
    page = client.get(response.location).get_data(as_text=True)
    assert "<em>smarta</em>" in page


def test_invalid_organisation_number_is_refused_and_the_form_keeps_its_input(client, login):
    login(make_user())
    response = submit(client, "/organisations/new", org_form(org_number="212000-0143"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Enter a valid Swedish organisation number" in page
    assert 'value="Exempel AB"' in page
    assert "Vi bygger *smarta* sensorer." in page


def test_duplicate_organisation_number_points_to_joining(client, login):
    existing = make_organisation()
    login(make_user())
    response = submit(client, "/organisations/new", org_form(org_number=existing.org_number))
    assert response.status_code == 422
    assert "already registered" in response.get_data(as_text=True)


def test_contracting_authority_waits_for_verification(client, login):
    login(make_user())
    submit(client, "/organisations/new", org_form(kind="contracting_authority",
                                                  size_class="large"))
    organisation = db.session.scalar(db.select(Organisation).filter_by(name="Exempel AB"))
    assert organisation.verification_status == VerificationStatus.PENDING
    assert not organisation.is_verified


def test_invitation_works_for_someone_without_an_account(app, client, login, deliver):
    admin = make_user()
    organisation = make_organisation(admin=admin)
    login(admin)
    page = f"/organisations/{organisation.id}/members"
    response = submit(client, page, {"email": "colleague@example.org", "role": "member"})
    assert response.status_code == 302
    (message,) = deliver().to("colleague@example.org")
    path = LINK.search(text_of(message)).group(1)

    newcomer = app.test_client()
    assert "Create an account" in newcomer.get(path).get_data(as_text=True)
    colleague = make_user(email="colleague@example.org")
    db.session.commit()
    submit(newcomer, "/auth/login", {"email": colleague.email,
                                     "password": "correct-horse-battery-9"})
    assert submit(newcomer, path, {}).status_code == 302
    assert db.session.scalar(db.select(Membership).filter_by(
        user_id=colleague.id, organisation_id=organisation.id)) is not None
    assert newcomer.get(path).status_code == 404  # spent


def test_an_invitation_is_written_in_the_language_chosen_for_the_invitee(client, login,
                                                                         deliver):
    admin = make_user(locale="sv")  # a Swedish-speaking inviter
    organisation = make_organisation(admin=admin, name="Exempel AB")
    login(admin)
    page = f"/organisations/{organisation.id}/members"
    form = client.get(page).get_data(as_text=True)
    assert 'name="language" type="radio" value="sv" checked' in form  # the platform's default
    # each language's name is read out in that language (screen readers)
    assert re.search(r'<label class="govuk-label govuk-radios__label"[^>]*lang="sv"[^>]*>\s*Sv',
                     form)
    assert re.search(r'<label [^>]*lang="en"[^>]*>\s*English', form)
    submit(client, page, {"email": "guest@example.org", "role": "member", "language": "en"})
    (message,) = deliver().to("guest@example.org")
    assert message["Subject"] == "Exempel AB invites you to Innovation Arena"
    assert "invites you to join Exempel AB" in text_of(message)
    assert db.session.scalar(db.select(Invitation.language).filter_by(
        email="guest@example.org")) == "en"


def test_an_invitation_defaults_to_the_platforms_language_not_the_inviters(app, deliver):
    admin = make_user(locale="en")  # an English-speaking inviter
    organisation = make_organisation(admin=admin, name="Exempel AB")
    services.invite(organisation, admin, "gast@example.org")
    (message,) = deliver().to("gast@example.org")
    assert app.config["BABEL_DEFAULT_LOCALE"] == "sv"
    assert message["Subject"] == "Exempel AB bjuder in dig till Innovation Arena"


def test_invitation_for_another_address_is_refused(app, client, login, deliver):
    admin = make_user()
    organisation = make_organisation(admin=admin)
    login(admin)
    submit(client, f"/organisations/{organisation.id}/members",
           {"email": "right@example.org", "role": "member"})
    path = LINK.search(text_of(deliver().to("right@example.org")[0])).group(1)
    intruder = make_user()
    other = app.test_client()
    submit(other, "/auth/login", {"email": intruder.email, "password": "correct-horse-battery-9"})
    response = submit(other, path, {})
    assert response.status_code == 403
    assert "right@example.org" in response.get_data(as_text=True)


def test_request_to_join_and_approval(app, client, login, deliver):
    admin = make_user()
    organisation = make_organisation(admin=admin)
    requester = make_user()
    login(requester)
    submit(client, f"/organisations/{organisation.id}/join", {"message": "I work here"},
           page=f"/organisations/{organisation.id}")
    assert "asks to join" in deliver().to(admin.email)[0]["Subject"]

    admin_client = app.test_client()
    submit(admin_client, "/auth/login", {"email": admin.email,
                                         "password": "correct-horse-battery-9"})
    members_page = admin_client.get(f"/organisations/{organisation.id}/members")
    assert "I work here" in members_page.get_data(as_text=True)
    from app.organisations.models import JoinRequest

    join_request = db.session.scalar(db.select(JoinRequest).filter_by(user_id=requester.id))
    response = submit(admin_client, f"/organisations/{organisation.id}/requests/"
                      f"{join_request.id}/approve", {},
                      page=f"/organisations/{organisation.id}/members")
    assert response.status_code == 302
    assert db.session.scalar(db.select(Membership).filter_by(user_id=requester.id)) is not None
    assert "approved" in text_of(deliver().to(requester.email)[0])


def test_the_last_admin_cannot_leave_or_be_demoted(client, login):
    admin = make_user()
    organisation = make_organisation(admin=admin)
    membership = organisation.memberships[0]
    login(admin)
    page = f"/organisations/{organisation.id}"
    response = submit(client, f"/organisations/{organisation.id}/members/{membership.id}/remove",
                      {}, page=page)
    assert response.status_code == 409
    assert "at least one admin" in response.get_data(as_text=True)
    response = submit(client, f"/organisations/{organisation.id}/members/{membership.id}/role",
                      {"role": "member"}, page=page)
    assert response.status_code == 409
    db.session.expire_all()
    assert db.session.get(Membership, membership.id).role == MemberRole.ADMIN


def test_admin_can_leave_once_another_admin_exists(client, login):
    admin, colleague = make_user(), make_user()
    organisation = make_organisation(admin=admin, members=(colleague,))
    mine, theirs = organisation.memberships
    mine_id = mine.id
    login(admin)
    page = f"/organisations/{organisation.id}"
    submit(client, f"/organisations/{organisation.id}/members/{theirs.id}/role",
           {"role": "admin"}, page=page)
    response = submit(client, f"/organisations/{organisation.id}/members/{mine.id}/remove",
                      {}, page=page)
    assert response.status_code == 302
    db.session.expunge_all()
    assert db.session.get(Membership, mine_id) is None


def test_members_page_and_member_actions_are_for_members_only(client, login):
    organisation = make_organisation(admin=make_user())
    outsider = make_user()
    assert client.get(f"/organisations/{organisation.id}/members").status_code == 302
    login(outsider)
    assert client.get(f"/organisations/{organisation.id}/members").status_code == 403
    response = submit(client, f"/organisations/{organisation.id}/members",
                      {"email": "x@example.org", "role": "admin"},
                      page=f"/organisations/{organisation.id}")
    assert response.status_code == 403


def test_public_profile_is_visible_to_everyone(client):
    organisation = make_organisation(name="Synlig Kommun", description="Om oss")
    response = client.get(f"/organisations/{organisation.id}")
    assert response.status_code == 200
    assert "Synlig Kommun" in response.get_data(as_text=True)
    assert client.get("/organisations/999999").status_code == 404


def test_administrator_verifies_a_contracting_authority(client, login, deliver):
    buyer = make_user()
    authority = make_authority(admin=buyer, verified=False, name="Väntande kommun")
    login(make_user(is_admin=True))
    page = client.get("/admin/verifications").get_data(as_text=True)
    assert "Väntande kommun" in page
    response = submit(client, f"/admin/organisations/{authority.id}/verify",
                      {f"o{authority.id}-note": "", f"o{authority.id}-trusted": "y"},
                      page="/admin/verifications")
    assert response.status_code == 302
    db.session.expire_all()
    authority = db.session.get(Organisation, authority.id)
    assert authority.is_verified and authority.is_trusted
    assert "is verified" in deliver().to(buyer.email)[0]["Subject"]


def test_refusing_verification_requires_a_note(client, login):
    authority = make_authority(admin=make_user(), verified=False)
    login(make_user(is_admin=True))
    response = submit(client, f"/admin/organisations/{authority.id}/reject",
                      {f"o{authority.id}-note": ""}, page="/admin/verifications")
    assert response.status_code == 422
    assert "Explain why" in response.get_data(as_text=True)


def test_only_administrators_reach_the_admin_pages(client, login):
    login(make_user())
    assert client.get("/admin/verifications").status_code == 403
