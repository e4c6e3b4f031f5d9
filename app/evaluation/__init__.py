"""Jury evaluation: weighted criteria, independent scoring, conflicts of interest, winners."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the evaluation pages, permissions (template globals), the reminder job,
    the jury's independence rules, the jury as a reader of solutions and the jury's part
    of a person's data."""
    from app.accounts.privacy import register_personal_data
    from app.challenges.publication import publication_checks
    from app.evaluation import independence, models, permissions, reminders, services  # noqa: F401
    from app.evaluation.aggregation import as_points
    from app.evaluation.services import criteria_of
    from app.evaluation.views import bp, jury_bp
    from app.organisations.services import on_member_added
    from app.solutions.permissions import register_reader_group
    from app.solutions.services import on_solution_started

    # Nobody from an organisation answering a challenge judges it (app/evaluation/independence.py).
    on_solution_started(independence.jurors_of_new_supplier)
    on_member_added(independence.juror_joined_supplier)
    register_reader_group(services.jury_readers)
    publication_checks.register(services.publication_check)
    register_personal_data("jury", services.jury_data, services.erase_jury_addresses)

    app.add_template_global(criteria_of, "evaluation_criteria")
    app.add_template_global(as_points, "as_points")
    app.register_blueprint(bp)
    app.register_blueprint(jury_bp)
