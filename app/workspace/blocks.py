"""The blocks of My pages, one line each: `function(user) -> WorkspaceBlock | None`, at
most one query each whatever the amount of data (tests/test_workspace.py counts them).
An area that has something for a person to do adds its line here."""

from __future__ import annotations

from app.admin import workspace as admin
from app.challenges import workspace as challenges
from app.checks import workspace as checks
from app.dialogue import workspace as dialogue
from app.evaluation import workspace as evaluation
from app.funding import workspace as funding
from app.messages import workspace as messages
from app.networks import workspace as networks
from app.readiness import workspace as readiness
from app.search import workspace as search
from app.solutions import workspace as solutions

BLOCKS = [
    admin.workspace_block,
    evaluation.workspace_block,
    challenges.workspace_block,
    evaluation.decisions_block,
    solutions.received_block,
    networks.interest_block,
    solutions.workspace_block,
    search.workspace_block,
    networks.workspace_block,
    dialogue.workspace_block,
    messages.workspace_block,
    funding.workspace_block,
    checks.workspace_block,
    readiness.workspace_block,
]
