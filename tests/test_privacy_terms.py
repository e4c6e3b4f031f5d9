"""The privacy notice (/privacy) and the terms of use (/terms): stable addresses, linked
from every page's footer and from registration, the controller taken from the settings."""

from __future__ import annotations


def test_the_privacy_notice_names_the_controller_and_the_rights(app, client):
    page = client.get("/privacy").get_data(as_text=True)
    assert app.config["CONTROLLER_NAME"] in page
    assert f'href="mailto:{app.config["CONTROLLER_EMAIL"]}"' in page
    assert "How long" in page and "Your rights" in page and "IMY" in page


def test_both_pages_are_linked_from_the_footer_and_registration(client):
    register = client.get("/auth/register").get_data(as_text=True)
    assert register.count('href="/privacy"') == 2 and register.count('href="/terms"') == 2
    terms = client.get("/terms", headers={"Accept-Language": "sv"}).get_data(as_text=True)
    assert "Användarvillkor" in terms and "Integritetsmeddelande" in terms
