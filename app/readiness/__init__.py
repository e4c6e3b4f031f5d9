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


def init_app(app: Flask) -> None:
    """Register the quick check's pages and its line on public profiles."""
    from app.organisations.profile import extra_rows
    from app.readiness import permissions  # noqa: F401 - registers template globals
    from app.readiness.views import bp

    app.register_blueprint(bp)
    extra_rows.register(_profile_row)
