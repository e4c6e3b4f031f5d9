"""Attachments: uploaded files with content checks and per-owner access rules."""

from flask import Flask

SWEEP_EVERY_SECONDS = 3600


def init_app(app: Flask) -> None:
    """Register the download route, make files follow transactions, schedule the sweep."""
    from app.attachments import services, storage
    from app.attachments.views import bp
    from app.core.jobs import register_job

    app.register_blueprint(bp)
    storage.install()
    register_job("file_sweep", every_seconds=SWEEP_EVERY_SECONDS)(services.sweep_files)
