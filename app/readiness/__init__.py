"""Supplier readiness: a private quick check with advice, optionally noted on the profile."""

from flask import Flask


def _profile_row(organisation, rows: list) -> None:
    """"Readiness self-assessed (date)" on a supplier's profile, when it chose to show it."""
    from flask_babel import format_date
    from flask_babel import gettext as _

    from app.core.dates import local_day
    from app.organisations.profile import ProfileRow
    from app.readiness.services import public_assessment_date

    assessed_at = public_assessment_date(organisation)
    if assessed_at is not None:
        rows.append(ProfileRow("readiness", _("Readiness"),
                               _("Self-assessed %(date)s",
                                 date=format_date(local_day(assessed_at), "long"))))


def _reader_role(user, roles: list) -> None:
    """A reader at a supplier that took the quick check counts as such in the knowledge
    hub's reach figures (whether the supplier guides reach those who need them)."""
    from app.readiness.services import has_assessed

    if has_assessed(user):
        roles.append("readiness_assessed")


def init_app(app: Flask) -> None:
    """Register the quick check's pages, its line on public profiles and its kind of
    reader in the knowledge hub's reach figures."""
    from flask_babel import lazy_gettext as _l

    from app.accounts.privacy import register_personal_data
    from app.knowledge.reach import reader_roles, register_role_label
    from app.organisations.profile import extra_rows
    from app.readiness import (
        permissions,  # noqa: F401 - registers template globals
        services,
    )
    from app.readiness.views import bp

    app.register_blueprint(bp)
    extra_rows.register(_profile_row)
    reader_roles.register(_reader_role)
    register_personal_data("readiness_checks", services.personal_data, services.forget_person)
    register_role_label("readiness_assessed", _l("Suppliers that took the quick check"))
