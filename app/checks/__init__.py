"""Innovation checks end to end: intermediaries, applications, decisions and follow-up."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the intermediaries' pages and the rule for application files."""
    from app.attachments.services import register_owner
    from app.checks import files, followup, permissions, templating  # noqa: F401 - job, globals
    from app.checks.views import bp

    app.register_blueprint(bp)
    register_owner(files.OWNER_TYPE, files.load_application,
                   permissions.can_read_application_files)
