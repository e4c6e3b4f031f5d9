"""Networks, knowledge articles, good examples and funding programmes in search: found
where public, typed and linked, following their changes — and never their member-only
or private material. The same tests for both backends."""

from __future__ import annotations

import io

from werkzeug.datastructures import FileStorage

from app.core.db import utcnow
from app.extensions import db
from app.knowledge.models import CaseStudy, CaseTrack
from app.networks import services as network_services
from app.networks.models import NetworkStatus, PlannedProcurementStatus
from tests.factories import (
    load_funding_programmes,
    make_article,
    make_authority,
    make_interest,
    make_network,
    make_planned_procurement,
    make_user,
)
from tests.search_support import (
    challenge,
    index_now,
    result_text,
    results,
    search_page,
    titles,
    total,
)

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def coordinator_with_person():
    person = make_user(name="Nätverkssamordnare")
    return make_authority(admin=person, name="Region Gotland"), person


def test_a_network_is_found_by_its_theme_members_and_open_plans(client, backend):
    coordinator, _person = coordinator_with_person()
    member = make_authority(name="Borgholms kommun")
    network = make_network(coordinator=coordinator, members=(member,),
                           name="Trygg hemtjänst i öarna", theme="Välfärdsteknik",
                           description="Vi delar erfarenheter av digital tillsyn.",
                           sectors=["health"], region="09")
    make_planned_procurement(network, title="Nattkameror", need="Tillsyn utan att väcka.")
    make_planned_procurement(network, title="Gamla läkemedelsrobotar",
                             status=PlannedProcurementStatus.CANCELLED)
    index_now()
    expected = [(f"/networks/{network.id}", "Trygg hemtjänst i öarna")]
    for query in ("välfärdsteknik", "tillsyn", "borgholms", "nattkameror"):
        assert results(client, query, type="network") == expected, query
    assert titles(client, "läkemedelsrobotar") == []  # a cancelled plan is not on the page
    page = search_page(client, q="tillsyn", type="network")
    assert 'govuk-tag--grey">Network</strong>' in page
    assert total(search_page(client, q="tillsyn", type="network", sector="health")) == 1
    assert total(search_page(client, q="tillsyn", type="network", sector="transport")) == 0


def test_the_network_document_follows_members_and_archiving(client, backend):
    coordinator, _person = coordinator_with_person()
    network = make_network(coordinator=coordinator, name="Hållbara måltider")
    newcomer = make_authority(name="Ljusnarsbergs kommun")
    index_now()
    assert titles(client, "ljusnarsbergs") == ["Ljusnarsbergs kommun"]
    network_services._add_member(network, newcomer, make_user())
    db.session.flush()
    index_now()
    assert titles(client, "ljusnarsbergs", type="network") == ["Hållbara måltider"]
    newcomer.name = "Kopparbergs kommun"
    db.session.flush()
    index_now()
    assert titles(client, "kopparbergs", type="network") == ["Hållbara måltider"]
    network.status = NetworkStatus.ARCHIVED
    db.session.flush()
    index_now()
    assert titles(client, "måltider") == []


def test_articles_and_good_examples_are_found_in_either_language(client, backend):
    article = make_article(slug="innovationsupphandling", title_sv="Vad är innovationsupphandling?",
                           summary_sv="En introduktion.", body_sv="## Steg\n\nBehovsanalys först.",
                           title_en="What is innovation procurement?",
                           body_en="Start with the **needs** assessment.", tags=["dialogue"])
    case = CaseStudy(organisation_name="Skellefteå kommun", title_sv="Smarta soptunnor",
                     summary_sv="Sensorer minskade tömningarna.",
                     track=CaseTrack.BEFORE_PROCUREMENT,
                     sector="environment", county="24", is_published=True, published_at=utcnow())
    db.session.add(case)
    db.session.flush()
    index_now()
    assert results(client, "behovsanalys") == [
        ("/knowledge/innovationsupphandling", "Vad är innovationsupphandling?")]
    assert titles(client, "assessments") == ["Vad är innovationsupphandling?"]  # English stem
    assert "##" not in result_text(search_page(client, q="behovsanalys"))  # text, not Markdown
    assert results(client, "soptunnor") == [(f"/knowledge/cases/{case.id}", "Smarta soptunnor")]
    assert titles(client, "skellefteå", type="case") == ["Smarta soptunnor"]
    assert total(search_page(client, q="sensorer", region="24", sector="environment")) == 1
    page = search_page(client, q="soptunnor OR behovsanalys")
    assert 'govuk-tag--grey">Knowledge article</strong>' in page
    assert 'govuk-tag--grey">Good example</strong>' in page
    article.is_published = False
    db.session.flush()
    index_now()
    assert titles(client, "behovsanalys") == []


def test_funding_programmes_are_found_and_linked_to_the_funding_page(client, backend):
    load_funding_programmes()
    index_now()
    found = results(client, "innovationscheckar OR innovation", type="funding")
    assert found, "the shipped programmes are searchable"
    assert all(link.startswith("/funding/#programme-") for link, _ in found)
    anchor = found[0][0].partition("#")[2]
    assert f'id="{anchor}"' in client.get("/funding/").get_data(as_text=True)
    assert 'govuk-tag--grey">Funding programme</strong>' in search_page(
        client, q="innovation", type="funding")


# -- what must never be found ---------------------------------------------------------

def _assert_unfindable(client, marker: str) -> None:
    for query in (marker, marker.upper(), marker[:9] + "*", f'"{marker} text"'):
        page = search_page(client, q=query)
        assert marker not in result_text(page).lower(), (marker, query)
        assert total(page) == 0, (marker, query)
    assert marker not in search_page(client, q="").lower()


def test_member_only_network_material_and_private_registrations_are_never_found(
        client, backend):
    coordinator, person = coordinator_with_person()
    network = make_network(coordinator=coordinator, name="Öppet nätverk om vatten")
    network_services.post_update(network, person, "Uppdatering updatemarkerqz1",
                                 "updatebodymarkerqz2 text")
    network_services.upload_document(network, person, FileStorage(
        io.BytesIO(PDF), filename="filemarkerqz3.pdf", content_type="application/pdf"))
    planned = make_planned_procurement(network, title="Vattenmätare", need="Läckor.")
    other = make_authority(name="Annan kommun")
    make_interest(other, planned=planned, comment="plannedcommentmarkerqz4 text",
                  contact_name="Kontakt contactmarkerqz5", time_frame="timemarkerqz6")
    open_challenge = challenge("Vattenrening", "Rening av vatten.")
    make_interest(make_authority(name="Tredje kommun"), challenge=open_challenge,
                  comment="challengecommentmarkerqz7 text",
                  contact_email="mailmarkerqz8@example.org")
    archived = make_network(name="Arkiverat archivedmarkerqz9", theme="archivedmarkerqz9 text")
    archived.status = NetworkStatus.ARCHIVED
    make_article(slug="utkast", title_sv="Utkast draftarticlemarkerqz10",
                 body_sv="draftarticlemarkerqz10 text", published=False)
    db.session.add(CaseStudy(organisation_name="Kommun", title_sv="draftcasemarkerqz11",
                             summary_sv="draftcasemarkerqz11 text",
                             track=CaseTrack.CAPACITY_BUILDING))
    db.session.flush()
    index_now()
    assert titles(client, "vatten*", type="network") == ["Öppet nätverk om vatten"]
    assert titles(client, "vattenrening") == ["Vattenrening"]
    markers = ("updatemarkerqz1", "updatebodymarkerqz2", "filemarkerqz3", "plannedcommentmarkerqz4",
               "contactmarkerqz5", "timemarkerqz6", "challengecommentmarkerqz7", "mailmarkerqz8",
               "archivedmarkerqz9", "draftarticlemarkerqz10", "draftcasemarkerqz11")
    for marker in markers:
        _assert_unfindable(client, marker)
    from app.search.models import SearchDocument, SearchWord
    stored = " ".join(f"{d.title} {d.body} {d.extra}" for d in
                      db.session.scalars(db.select(SearchDocument))).lower()
    words = set(db.session.scalars(db.select(SearchWord.word)))
    for marker in markers:
        assert marker not in stored and marker not in words, marker
