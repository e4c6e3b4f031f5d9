"""Template helpers of the checks area: labels, and whether a programme is applied for here."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.checks import programme_forms
from app.checks.models import ApplicationState
from app.core.templating import template_global
from app.extensions import db
from app.solutions.models import Solution

STATE_LABELS = {
    ApplicationState.DRAFT: _l("Draft"),
    ApplicationState.SUBMITTED: _l("Submitted, waiting for a decision"),
    ApplicationState.COMPLETION_REQUESTED: _l("Completion requested"),
    ApplicationState.GRANTED: _l("Granted"),
    ApplicationState.REFUSED: _l("Refused"),
    ApplicationState.RUNNING: _l("Granted, project running"),
    ApplicationState.REPORT_DUE: _l("Final report due"),
    ApplicationState.REPORTED: _l("Final report received"),
    "assessment": _l("Assessment"),
}


@template_global
def state_label(state) -> str:
    """The label of an application's state (or of a step in its history)."""
    key = ApplicationState(state) if state in ApplicationState._value2member_map_ else state
    return str(STATE_LABELS.get(key, state))


@template_global
def has_application_form(programme_key: str) -> bool:
    """True if the programme is applied for on the platform."""
    return programme_forms.form_for(programme_key) is not None


template_global(programme_forms.localised)


@template_global
def applicable_programme_keys() -> list[str]:
    """The programmes applied for on the platform."""
    return programme_forms.applicable_keys()


@template_global
def my_solution_id(challenge) -> int | None:
    """The id of the signed-in person's organisation's solution to a challenge, if any
    (an application can build on its public summary)."""
    ids = [m.organisation_id for m in current_user.memberships] \
        if current_user.is_authenticated else []
    if not ids:
        return None
    return db.session.scalar(db.select(Solution.id).where(
        Solution.challenge_id == challenge.id, Solution.organisation_id.in_(ids)).limit(1))
