"""Messages: buyer ↔ supplier threads about one submitted solution, read by the supplier's
members and the challenge's owners only (never jurors), with files, e-mail per the
person's settings and read receipts per organisation."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the message pages, the events e-mailed and who may read message files."""
    from app.attachments.services import register_owner
    from app.messages import permissions, services  # noqa: F401 - template globals, events
    from app.messages.views import bp

    register_owner(services.OWNER_TYPE, services.load_message, permissions.can_read_message)
    app.register_blueprint(bp)
