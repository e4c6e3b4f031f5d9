"""Organisations and their members."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the organisation pages and the memberships' part of a person's data."""
    from app.accounts.privacy import register_personal_data
    from app.organisations import permissions, services  # noqa: F401 - template globals
    from app.organisations.views import bp

    register_personal_data("organisations", services.membership_data,
                           services.erase_memberships)
    app.register_blueprint(bp)
