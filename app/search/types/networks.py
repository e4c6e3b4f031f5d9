"""Networks in full-text search: what anyone can read on an active network's page.

Updates, shared documents and interest registrations are for members (or the
coordinator) only, so they are never part of the document.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.networks.models import Network, NetworkMember, NetworkSector, PlannedProcurement
from app.organisations.models import Organisation
from app.search.documents import joined_text
from app.search.registry import SearchType, register_document_type


def network_document(network: Network) -> dict | None:
    """An active network: name, theme, description, members and open planned procurements."""
    if not network.is_active:
        return None
    members = sorted(m.organisation.name for m in network.members)
    plans = [joined_text(p.title, p.need) for p in network.planned_procurements if p.is_open]
    return {
        "title": network.name,
        "body": joined_text(network.theme, network.description),
        "language": "sv",
        "extra_text": {"sv": joined_text(*members, *plans)},
        "facets": {"sector": network.sectors, "region": network.region},
        "published_at": network.created_at,
    }


def _network_of(_connection, part) -> list[int]:
    return [part.network_id]


def _networks_of_member(connection, organisation: Organisation) -> list[int]:
    return list(connection.scalars(select(NetworkMember.network_id).where(
        NetworkMember.organisation_id == organisation.id)))


def register_network_type() -> None:
    """Make networks findable in the search box."""
    register_document_type(SearchType(
        name="network", model=Network, to_document=network_document, label=_l("Network"),
        url=lambda network: f"/networks/{network.id}",
        related={NetworkMember: _network_of, NetworkSector: _network_of,
                 PlannedProcurement: _network_of, Organisation: _networks_of_member},
        load_options=lambda: (
            selectinload(Network.members).joinedload(NetworkMember.organisation),
            selectinload(Network.sector_links), selectinload(Network.planned_procurements)),
    ))
