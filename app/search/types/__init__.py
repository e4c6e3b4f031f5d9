"""Every searchable document type, registered explicitly by the search area's `init_app`.

Search is a consumer: it imports the domain areas and says, type by type, what of their
objects is public; no domain area imports search. A change to one of these objects
reaches the index through the flush listener in `app/search/queue.py`.
"""

from __future__ import annotations

from app.search.types.funding import register_funding_type
from app.search.types.knowledge import register_knowledge_types
from app.search.types.networks import register_network_type
from app.search.types.procurement import register_procurement_types


def register_all_types() -> None:
    """Register the types in the order results and facets list them."""
    register_procurement_types()
    register_network_type()
    register_knowledge_types()
    register_funding_type()
