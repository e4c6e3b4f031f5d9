"""Notifications: preferences, digests, the in-app list, the outbox and its worker.

A consumer on top of the domain areas: they declare their events and call
`app.core.events.notify(...)`; this area installs what that does (`install_notifier`).
"""

from flask import Flask


def init_app(app: Flask) -> None:
    """Install the notifier; register the pages, the outbox commands, the jobs, the bell's
    template helper and the personal data this area keeps."""
    from app.accounts.privacy import register_personal_data
    from app.core.events import EventGroup, Notifier, install_notifier, register_event
    from app.notifications import (  # noqa: F401 - jobs, globals, personal data
        cli,
        fanout,
        permissions,
        privacy,
        services,
        templating,
    )
    from app.notifications.reminders import REMINDER_EVENT
    from app.notifications.views import bp, devmail

    install_notifier(app, Notifier(notify=services.notify,
                                   notify_audience=fanout.notify_audience,
                                   queue_email=services.queue_email))
    register_event(REMINDER_EVENT, EventGroup.SOLUTIONS)  # templates/email/notifications/
    register_personal_data("notifications", privacy.export, privacy.erase)
    app.cli.add_command(cli.outbox_cli)
    app.register_blueprint(bp)
    if mail_viewer_wanted(app):
        app.register_blueprint(devmail)


def mail_viewer_wanted(app: Flask) -> bool:
    """The development mail viewer exists only where mail goes to the local folder, and
    never in production (it shows every sign-up, reset and invitation link)."""
    return app.config["MAIL_TRANSPORT"] == "file" and app.config["ENV_NAME"] != "production"
