"""Jury evaluation: weighted criteria, independent scoring, conflicts of interest, winners."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the evaluation pages, permissions (template globals) and reminder job."""
    # tables, template globals, the reminder job and a step of `bench generate`
    # ... and the independence rules (hooks of the solutions and organisations areas)
    from app.evaluation import bench, independence, models, permissions, reminders  # noqa: F401
    from app.evaluation.aggregation import as_points
    from app.evaluation.services import criteria_of
    from app.evaluation.views import bp, jury_bp

    app.add_template_global(criteria_of, "evaluation_criteria")
    app.add_template_global(as_points, "as_points")
    app.register_blueprint(bp)
    app.register_blueprint(jury_bp)
