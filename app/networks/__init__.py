"""Buyer networks: pooled demand, interest registration and joint challenges."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the network pages, the shared documents' access rule and network search."""
    from app.attachments.services import register_owner
    from app.extensions import db
    from app.networks import permissions
    from app.networks.models import Network
    from app.networks.search import register_network_search
    from app.networks.services import DOCUMENT_OWNER
    from app.networks.views import bp

    register_owner(DOCUMENT_OWNER, lambda network_id: db.session.get(Network, network_id),
                   permissions.can_view_network_private)
    register_network_search()
    app.register_blueprint(bp)
