"""The supplier profile: what a supplier offers, its capabilities, references and regions."""

from __future__ import annotations

from app.extensions import db
from app.organisations.models import Organisation
from tests.conftest import submit
from tests.factories import make_authority, make_supplier, make_user, valid_org_number


def profile_form(organisation: Organisation, **overrides) -> dict:
    data = {"name": organisation.name, "org_number": organisation.org_number,
            "kind": organisation.kind.value, "size_class": organisation.size_class.value,
            "description": "Vi bygger sensorer.", "offers": "Sensors *as a service*",
            "capabilities": "LoRaWAN, ISO 27001", "references": "Alingsås kommun 2025",
            "regions_served": ["SE232", "SE110"]}
    data.update(overrides)
    return data


def test_a_supplier_edits_its_profile_and_the_public_sees_it(app, client, login):
    admin = make_user()
    supplier = make_supplier(admin=admin, name="Sensorbolaget AB")
    login(admin)
    url = f"/organisations/{supplier.id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert "What you offer (optional)" in page and "Regions you serve (optional)" in page
    response = submit(client, url, profile_form(supplier))
    assert response.status_code == 302
    db.session.expire_all()
    assert supplier.offers == "Sensors *as a service*"
    assert supplier.regions_served == ["SE232", "SE110"]

    page = app.test_client().get(f"/organisations/{supplier.id}").get_data(as_text=True)
    assert "Supplier profile" in page and "<em>as a service</em>" in page
    assert "LoRaWAN, ISO 27001" in page and "Alingsås kommun 2025" in page
    assert "Västra Götalands län, Stockholms län" in page


def test_unknown_regions_are_refused_and_the_form_keeps_its_input(client, login):
    admin = make_user()
    supplier = make_supplier(admin=admin)
    login(admin)
    response = submit(client, f"/organisations/{supplier.id}/edit",
                      profile_form(supplier, regions_served=["SE999"]))
    assert response.status_code == 422
    assert "LoRaWAN, ISO 27001" in response.get_data(as_text=True)


def test_a_new_supplier_can_fill_its_profile_when_registering(client, login):
    login(make_user())
    data = {"name": "Ny Leverantör AB", "org_number": valid_org_number(), "kind": "supplier",
            "size_class": "micro", "offers": "Repairs", "regions_served": ["SE"]}
    assert submit(client, "/organisations/new", data).status_code == 302
    organisation = db.session.scalar(db.select(Organisation).filter_by(name="Ny Leverantör AB"))
    assert organisation.offers == "Repairs" and organisation.regions_served == ["SE"]
    page = client.get(f"/organisations/{organisation.id}").get_data(as_text=True)
    assert "Whole of Sweden" in page


def test_the_supplier_profile_is_not_shown_for_contracting_authorities(client):
    authority = make_authority(admin=make_user(), offers="Should not show")
    db.session.flush()
    page = client.get(f"/organisations/{authority.id}").get_data(as_text=True)
    assert "Supplier profile" not in page and "Should not show" not in page


def test_members_of_a_supplier_find_their_solutions_from_its_profile(client, login):
    member = make_user()
    supplier = make_supplier(admin=member)
    url = f"/organisations/{supplier.id}"
    assert "/solutions/" not in client.get(url).get_data(as_text=True)
    login(member)
    page = client.get(url).get_data(as_text=True)
    assert 'href="/solutions/"' in page and "Our solutions and deadlines" in page
