"""Messages: buyer ↔ supplier threads about one submitted solution, read by the supplier's
members and the challenge's owners only (never jurors), with files, e-mail per the
person's settings and read receipts per organisation."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the message pages, the events e-mailed, who may read message files, the
    messages' annex to the evaluation protocol, the person's messages in their data and
    the groups buyers announce to."""
    from app.accounts.privacy import register_personal_data
    from app.attachments.services import register_owner
    from app.evaluation.protocol import register_annex
    from app.messages import announcements, permissions, privacy, services  # noqa: F401
    from app.messages.annex import messages_annex
    from app.messages.views import bp

    register_owner(services.OWNER_TYPE, services.load_message, permissions.can_read_message)
    register_annex(messages_annex)
    announcements.register_own_targets()
    register_personal_data("messages", privacy.export, privacy.erase)
    app.register_blueprint(bp)
