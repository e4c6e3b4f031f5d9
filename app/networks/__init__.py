"""Buyer networks: pooled demand, interest registration and joint challenges."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the network pages and the shared documents' access rule."""
    from app.attachments.services import register_owner
    from app.extensions import db
    from app.networks import permissions
    from app.networks.models import Network
    from app.networks.services import DOCUMENT_OWNER
    from app.networks.views import bp

    register_owner(DOCUMENT_OWNER, lambda network_id: db.session.get(Network, network_id),
                   permissions.can_view_network_private)
    app.register_blueprint(bp)
