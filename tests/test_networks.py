"""Buyer networks: creating, joining, approving, leaving, handing over, members' area."""

from __future__ import annotations

import io

from app.accounts.services import find_user_by_email
from app.attachments.models import Attachment
from app.audit.models import AuditEvent
from app.extensions import db
from app.networks.models import (
    JoinPolicy,
    Network,
    NetworkJoinRequest,
    NetworkMember,
    NetworkStatus,
    NetworkUpdate,
)
from app.organisations.models import MemberRole, Membership
from tests.conftest import CONFIRM, log_in, submit
from tests.factories import (
    make_authority,
    make_network,
    make_organisation,
    make_user,
)
from tests.smtp_sink import text_of

CSRF_PAGE = "/organisations/new"  # any signed-in page with a form carries the session token
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def signed_in(app, user):
    """A separate browser, logged in as the user."""
    browser = app.test_client()
    log_in(browser, user)
    return browser


def person_at_authority(verified: bool = True, **kwargs):
    user = make_user()
    return user, make_authority(admin=user, verified=verified, **kwargs)


def member_ids(network: Network) -> set[int]:
    db.session.expire_all()
    return {m.organisation_id for m in db.session.get(Network, network.id).members}


def network_form(organisation, **overrides):
    data = {"organisation": str(organisation.id), "name": "Trygg hemma",
            "theme": "Welfare technology in home care",
            "description": "We share **results** from pilots.", "region": "SE312",
            "sectors": ["elderly_care", "health"], "join_policy": "approval"}
    data.update(overrides)
    return data


# -- creating and finding networks ----------------------------------------------------------

def test_a_verified_authority_starts_a_network_and_coordinates_it(client, login):
    user, authority = person_at_authority()
    login(user)
    response = submit(client, "/networks/new", network_form(authority))
    assert response.status_code == 302
    network = db.session.scalar(db.select(Network).filter_by(name="Trygg hemma"))
    assert network.coordinator_id == authority.id
    assert member_ids(network) == {authority.id}
    assert sorted(network.sectors) == ["elderly_care", "health"]
    page = client.get(response.location).get_data(as_text=True)
    assert "<strong>results</strong>" in page
    assert "Dalarnas län" in page and authority.name in page


def test_suppliers_and_unverified_authorities_cannot_start_a_network(client, login):
    supplier = make_user()
    make_organisation(admin=supplier)
    login(supplier)
    response = client.get("/networks/new")
    assert response.status_code == 403
    assert "Only people at a verified contracting authority" in response.get_data(as_text=True)

    unverified, authority = person_at_authority(verified=False)
    browser = client.application.test_client()
    log_in(browser, unverified)
    response = submit(browser, "/networks/new", network_form(authority), page=CSRF_PAGE)
    assert response.status_code == 403
    assert db.session.scalar(db.select(Network).filter_by(name="Trygg hemma")) is None


def test_a_missing_name_keeps_what_was_typed(client, login):
    user, authority = person_at_authority()
    login(user)
    response = submit(client, "/networks/new", network_form(authority, name=""))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "This field is required." in page
    assert "Welfare technology in home care" in page


def test_the_directory_filters_by_theme_sector_and_region(client):
    make_network(name="Läkemedel hemma", theme="Medication at home", region="SE110",
                 sectors=["health"])
    make_network(name="Cirkulära möbler", theme="Circular furniture", region="SE232",
                 sectors=["environment"])
    make_network(name="Gammalt nätverk", theme="Medication history", region="SE110",
                 sectors=["health"], status=NetworkStatus.ARCHIVED)

    def names(query: str) -> str:
        return client.get(f"/networks/?{query}").get_data(as_text=True)

    everything = names("")
    assert "Läkemedel hemma" in everything and "Cirkulära möbler" in everything
    assert "Gammalt nätverk" not in everything  # archived networks are not listed
    by_theme = names("q=medication")
    assert "Läkemedel hemma" in by_theme and "Cirkulära möbler" not in by_theme
    by_sector = names("sector=environment")
    assert "Cirkulära möbler" in by_sector and "Läkemedel hemma" not in by_sector
    by_region = names("region=SE110")
    assert "Läkemedel hemma" in by_region and "Cirkulära möbler" not in by_region
    assert "1 network" in names("region=SE110&sector=health")
    assert client.get("/networks/?region=nowhere&sector=%25").status_code == 200


def test_the_network_page_lists_member_organisations_with_their_county(client):
    coordinator = make_authority(name="Region Exempel", region="SE123")
    member = make_authority(name="Exempelby kommun", region="SE312")
    network = make_network(coordinator=coordinator, members=(member,))
    page = client.get(f"/networks/{network.id}").get_data(as_text=True)
    assert "Member organisations" in page
    assert "Exempelby kommun" in page and "Dalarnas län" in page
    assert "Östergötlands län" in page and "Coordinator" in page


# -- joining ----------------------------------------------------------------------------------

def test_an_authority_joins_an_open_network_at_once(client, login):
    network = make_network(join_policy=JoinPolicy.OPEN)
    user, authority = person_at_authority()
    login(user)
    response = submit(client, f"/networks/{network.id}/join",
                      {"organisation": str(authority.id)}, page=f"/networks/{network.id}")
    assert response.status_code == 302
    assert authority.id in member_ids(network)
    assert "is now a member" in client.get(response.location).get_data(as_text=True)


def test_request_to_join_is_approved_by_the_coordinator(app, client, login, deliver):
    coordinator_admin = make_user(name="Cecilia Coordinator")
    coordinator = make_authority(admin=coordinator_admin)
    network = make_network(coordinator=coordinator)
    requester, authority = person_at_authority()
    login(requester)
    submit(client, f"/networks/{network.id}/join",
           {"organisation": str(authority.id), "message": "We run a pilot too"},
           page=f"/networks/{network.id}")
    assert authority.id not in member_ids(network)
    (request_mail,) = deliver().to(coordinator_admin.email)
    assert f"{authority.name} asks to join {network.name}" in request_mail["Subject"]
    assert "We run a pilot too" in text_of(request_mail)

    coordinator_browser = signed_in(app, coordinator_admin)
    page = coordinator_browser.get(f"/networks/{network.id}").get_data(as_text=True)
    assert "Requests to join" in page and "We run a pilot too" in page
    join_request = db.session.scalar(db.select(NetworkJoinRequest))
    response = submit(coordinator_browser,
                      f"/networks/{network.id}/requests/{join_request.id}/approve", {},
                      page=f"/networks/{network.id}")
    assert response.status_code == 302
    assert authority.id in member_ids(network)
    (decision,) = deliver().to(requester.email)
    assert "is now a member of" in decision["Subject"]


def test_a_declined_request_leaves_the_authority_outside(app, client, login, deliver):
    coordinator_admin = make_user()
    network = make_network(coordinator=make_authority(admin=coordinator_admin))
    requester, authority = person_at_authority()
    login(requester)
    submit(client, f"/networks/{network.id}/join", {"organisation": str(authority.id)},
           page=f"/networks/{network.id}")
    join_request = db.session.scalar(db.select(NetworkJoinRequest))
    submit(signed_in(app, coordinator_admin),
           f"/networks/{network.id}/requests/{join_request.id}/decline", {},
           page=f"/networks/{network.id}")
    assert authority.id not in member_ids(network)
    assert "declined" in text_of(deliver().to(requester.email)[-1])


def test_only_the_coordinator_answers_requests(app, client, login):
    member_user, member = person_at_authority()
    network = make_network(members=(member,))
    requester, authority = person_at_authority()
    login(requester)
    submit(client, f"/networks/{network.id}/join", {"organisation": str(authority.id)},
           page=f"/networks/{network.id}")
    join_request = db.session.scalar(db.select(NetworkJoinRequest))
    response = submit(signed_in(app, member_user),
                      f"/networks/{network.id}/requests/{join_request.id}/approve", {},
                      page=CSRF_PAGE)
    assert response.status_code == 403
    assert authority.id not in member_ids(network)


def test_suppliers_and_unverified_authorities_cannot_join(app, client, login):
    network = make_network(join_policy=JoinPolicy.OPEN)
    supplier_user = make_user()
    supplier = make_organisation(admin=supplier_user)
    login(supplier_user)
    assert "Join the network" not in client.get(f"/networks/{network.id}").get_data(
        as_text=True)
    response = submit(client, f"/networks/{network.id}/join",
                      {"organisation": str(supplier.id)}, page=CSRF_PAGE)
    assert response.status_code == 403
    assert "Only verified contracting authorities" in response.get_data(as_text=True)

    unverified, authority = person_at_authority(verified=False)
    response = submit(signed_in(app, unverified), f"/networks/{network.id}/join",
                      {"organisation": str(authority.id)}, page=CSRF_PAGE)
    assert response.status_code == 403
    assert member_ids(network) == {network.coordinator_id}


# -- leaving, handing over, archiving -------------------------------------------------------

def test_a_member_leaves_and_it_is_logged(client, login):
    user, authority = person_at_authority()
    network = make_network(members=(authority,))
    login(user)
    response = submit(client, f"/networks/{network.id}/leave",
                      {"organisation": str(authority.id), **CONFIRM},
                      page=f"/networks/{network.id}")
    assert response.status_code == 302
    assert authority.id not in member_ids(network)
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="network.left"))
    assert event.object_id == network.id and event.details["organisation_id"] == authority.id


def test_the_coordinator_hands_over_before_leaving(app, client, login, deliver):
    coordinator_user, coordinator = person_at_authority()
    member_user, member = person_at_authority()
    network = make_network(coordinator=coordinator, members=(member,))
    login(coordinator_user)
    refused = submit(client, f"/networks/{network.id}/leave",
                     {"organisation": str(coordinator.id), **CONFIRM},
                     page=f"/networks/{network.id}")
    assert refused.status_code == 409
    assert "Hand over the coordinator role" in refused.get_data(as_text=True)

    response = submit(client, f"/networks/{network.id}/coordinator",
                      {"organisation": str(member.id)})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Network, network.id).coordinator_id == member.id
    (mail,) = deliver().to(member_user.email)
    assert f"now coordinates {network.name}" in mail["Subject"]
    assert db.session.scalar(db.select(AuditEvent).filter_by(
        action="network.coordinator_changed")).details["coordinator_id"] == member.id

    # The old coordinator is an ordinary member now: it may leave, but not coordinate.
    assert client.get(f"/networks/{network.id}/coordinator").status_code == 403
    response = submit(client, f"/networks/{network.id}/leave",
                      {"organisation": str(coordinator.id), **CONFIRM},
                      page=f"/networks/{network.id}")
    assert response.status_code == 302
    assert member_ids(network) == {member.id}
    new_coordinator = signed_in(app, member_user)
    assert new_coordinator.get(f"/networks/{network.id}/procurements/new").status_code == 200


def test_hand_over_only_to_a_member(client, login):
    coordinator_user, coordinator = person_at_authority()
    outsider = make_authority()
    network = make_network(coordinator=coordinator, members=(make_authority(),))
    login(coordinator_user)
    response = submit(client, f"/networks/{network.id}/coordinator",
                      {"organisation": str(outsider.id)})
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(Network, network.id).coordinator_id == coordinator.id


def test_the_last_member_leaving_archives_the_network(app, client, login):
    user, authority = person_at_authority()
    network = make_network(coordinator=authority, join_policy=JoinPolicy.OPEN)
    login(user)
    response = submit(client, f"/networks/{network.id}/leave",
                      {"organisation": str(authority.id), **CONFIRM},
                      page=f"/networks/{network.id}")
    assert response.status_code == 302
    db.session.expire_all()
    archived = db.session.get(Network, network.id)
    assert archived is not None  # kept, never deleted
    assert archived.status == NetworkStatus.ARCHIVED and archived.archived_at is not None
    assert archived.members == []
    page = client.get(f"/networks/{network.id}").get_data(as_text=True)
    assert "Archived" in page
    assert network.name not in client.get("/networks/").get_data(as_text=True)
    newcomer, other = person_at_authority()
    response = submit(signed_in(app, newcomer), f"/networks/{network.id}/join",
                      {"organisation": str(other.id)}, page=CSRF_PAGE)
    assert response.status_code == 409


# -- members' area ----------------------------------------------------------------------------

def test_updates_are_for_members_only(app, client, login):
    member_user, member = person_at_authority()
    network = make_network(members=(member,))
    db.session.add(NetworkUpdate(network=network, author=member_user, organisation=member,
                                 title="Minutes of the March meeting",
                                 body="Budget **agreed**."))
    db.session.flush()
    url = f"/networks/{network.id}/updates"

    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/auth/login" in anonymous.location
    public_page = client.get(f"/networks/{network.id}").get_data(as_text=True)
    assert "Minutes of the March meeting" not in public_page
    assert "Updates for members" in public_page

    outsider, _ = person_at_authority()
    refused = signed_in(app, outsider).get(url)
    assert refused.status_code == 403
    assert "Only the network&#39;s members" in refused.get_data(as_text=True)
    assert "Minutes of the March meeting" not in refused.get_data(as_text=True)

    supplier_user = make_user()
    make_organisation(admin=supplier_user)
    assert signed_in(app, supplier_user).get(url).status_code == 403

    page = signed_in(app, member_user).get(url).get_data(as_text=True)
    assert "Minutes of the March meeting" in page and "<strong>agreed</strong>" in page


def test_a_posted_update_is_sanitised_and_the_other_members_are_told(app, client, login,
                                                                      deliver):
    author, authority = person_at_authority()
    colleague = make_user()
    authority.memberships.append(Membership(user=colleague, role=MemberRole.MEMBER))
    other_user, other = person_at_authority()
    outsider, _ = person_at_authority()
    network = make_network(members=(authority, other))
    coordinator_admin = network.coordinator.memberships[0].user
    login(author)
    response = submit(client, f"/networks/{network.id}/updates", {
        "title": "Pilot results",
        "body": "See **page 3**.\n\n<script>alert(1)</script>[x](javascript:alert(1))",
    })
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "<strong>page 3</strong>" in page
    assert "<script>alert(1)" not in page and 'href="javascript:' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown as text, never run

    sink = deliver()
    for person in (colleague, other_user, coordinator_admin):
        (mail,) = sink.to(person.email)
        assert "Pilot results" in mail["Subject"]
        assert f"/networks/{network.id}/updates" in text_of(mail)
    assert sink.to(author.email) == []
    assert sink.to(outsider.email) == []
    assert "Updates for members</dt><dd class=\"govuk-summary-list__value\">1" in (
        client.get(f"/networks/{network.id}").get_data(as_text=True))


def test_shared_documents_download_only_for_members(app, client, login):
    member_user, member = person_at_authority()
    network = make_network(members=(member,))
    login(member_user)
    response = submit(client, f"/networks/{network.id}/documents",
                      {"document": (io.BytesIO(PDF), "kravutkast.pdf")},
                      content_type="multipart/form-data")
    assert response.status_code == 302
    page = client.get(f"/networks/{network.id}/documents").get_data(as_text=True)
    assert "kravutkast.pdf" in page
    attachment = db.session.scalar(db.select(Attachment).filter_by(owner_type="network_document"))
    download = f"/attachments/{attachment.id}/kravutkast.pdf"
    assert client.get(download).data == PDF

    assert app.test_client().get(download).status_code == 404
    outsider, _ = person_at_authority()
    outsider_browser = signed_in(app, outsider)
    assert outsider_browser.get(download).status_code == 404
    assert outsider_browser.get(f"/networks/{network.id}/documents").status_code == 403
    supplier_user = make_user()
    make_organisation(admin=supplier_user)
    assert signed_in(app, supplier_user).get(download).status_code == 404


def test_a_disguised_document_is_refused(client, login):
    member_user, member = person_at_authority()
    network = make_network(members=(member,))
    login(member_user)
    response = submit(client, f"/networks/{network.id}/documents",
                      {"document": (io.BytesIO(b"<script>"), "plan.pdf")},
                      content_type="multipart/form-data")
    assert response.status_code == 422
    assert "not an accepted file" in response.get_data(as_text=True)


def test_the_uploader_or_coordinator_removes_a_document_others_cannot(app, client, login):
    member_user, member = person_at_authority()
    other_user, other = person_at_authority()
    network = make_network(members=(member, other))
    login(member_user)
    submit(client, f"/networks/{network.id}/documents",
           {"document": (io.BytesIO(PDF), "notes.pdf")}, content_type="multipart/form-data")
    attachment_id = db.session.scalar(
        db.select(Attachment.id).filter_by(owner_type="network_document"))
    url = f"/networks/{network.id}/documents/{attachment_id}/delete"
    assert submit(signed_in(app, other_user), url, {}, page=CSRF_PAGE).status_code == 403
    assert submit(client, url, {}, page=CSRF_PAGE).status_code == 302
    db.session.expire_all()
    assert db.session.get(Attachment, attachment_id) is None


def test_leaving_takes_away_the_members_area(app, client, login):
    user, authority = person_at_authority()
    network = make_network(members=(authority,))
    login(user)
    assert client.get(f"/networks/{network.id}/updates").status_code == 200
    submit(client, f"/networks/{network.id}/leave", {"organisation": str(authority.id), **CONFIRM},
           page=f"/networks/{network.id}")
    assert client.get(f"/networks/{network.id}/updates").status_code == 403
    assert db.session.scalar(db.select(NetworkMember).filter_by(
        organisation_id=authority.id)) is None


def test_the_demo_network_is_coordinated_by_the_demo_coordinator(app, client):
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    coordinator = find_user_by_email("coordinator@demo.example")
    network = db.session.scalar(db.select(Network))
    assert network.coordinator_id == coordinator.memberships[0].organisation_id
    assert len(network.members) >= 4
    (planned,) = network.planned_procurements
    assert len(planned.registrations) >= 3 and len(network.updates) == 1
    page = client.get(f"/networks/{network.id}").get_data(as_text=True)
    assert network.name in page and planned.title in page


def test_the_coordinator_edits_the_network_members_cannot(app, client, login):
    coordinator_user, coordinator = person_at_authority()
    member_user, member = person_at_authority()
    network = make_network(coordinator=coordinator, members=(member,))
    url = f"/networks/{network.id}/edit"
    assert signed_in(app, member_user).get(url).status_code == 403
    login(coordinator_user)
    form = network_form(coordinator, name="Renamed network", join_policy="open")
    del form["organisation"]
    response = submit(client, url, form)
    assert response.status_code == 302
    db.session.expire_all()
    edited = db.session.get(Network, network.id)
    assert edited.name == "Renamed network" and edited.join_policy == JoinPolicy.OPEN
    assert edited.coordinator_id == coordinator.id and edited.region == "SE312"
