"""Jury evaluation: weighted criteria, independent scoring, conflicts of interest, winners."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the evaluation pages, permissions (template globals), the reminder job,
    the jurors' access to solution details and the jury's part of a person's data."""
    from app.accounts.privacy import register_personal_data
    from app.evaluation import models, permissions, reminders, services  # noqa: F401
    from app.evaluation.aggregation import as_points
    from app.evaluation.services import criteria_of
    from app.evaluation.views import bp, jury_bp
    from app.solutions.permissions import register_detail_rule

    register_detail_rule(permissions.juror_can_view_solution)
    register_personal_data("jury", services.jury_data, services.erase_jury_addresses)

    app.add_template_global(criteria_of, "evaluation_criteria")
    app.add_template_global(as_points, "as_points")
    app.register_blueprint(bp)
    app.register_blueprint(jury_bp)
