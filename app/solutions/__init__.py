"""Solutions: suppliers answer challenges, with their details kept confidential."""

from flask import Flask


def _load_solution(solution_id: int):
    from app.extensions import db
    from app.solutions.models import Solution

    return db.session.get(Solution, solution_id)


def init_app(app: Flask) -> None:
    """Register the solution pages, the attachment rule, the e-mail events, the
    "challenges/interested" audience, the challenge page's count of solutions and the
    e-mail to suppliers when a co-owner joins."""
    from app.attachments.services import register_owner
    from app.challenges.services import on_co_owner_joined
    from app.core.events import register_audience
    from app.solutions import models, overview, services  # noqa: F401 - tables, events, globals
    from app.solutions.permissions import can_view_solution_details
    from app.solutions.views import bp

    app.register_blueprint(bp)
    # Solution files follow exactly the same rule as the confidential details.
    register_owner(services.OWNER_TYPE, _load_solution, can_view_solution_details)
    register_audience("challenges/interested", services.interested_ids)
    app.jinja_env.globals["submitted_solution_count"] = services.submitted_count
    app.jinja_env.globals["submitted_solution_counts"] = services.submitted_counts
    on_co_owner_joined(services.tell_suppliers_of_co_owner)
