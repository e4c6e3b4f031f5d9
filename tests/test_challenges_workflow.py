"""The challenge lifecycle: every transition by every role, allowed or refused, and the
deadline job."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.audit.models import AuditEvent
from app.challenges import workflow
from app.challenges.models import ChallengeCoOwner, ChallengeKind, ChallengeState, OutcomeKind
from app.core.db import utcnow
from app.core.domain import DomainError
from app.extensions import db
from app.organisations.models import MemberRole, Membership
from tests.factories import make_authority, make_challenge, make_organisation, make_user

S = ChallengeState
PERSONAS = ("owner", "co_owner", "trusted_owner", "other_authority", "supplier", "admin")

# Written out independently of workflow.TRANSITIONS: who may do what, from which state.
EXPECTED = {
    "submit": ({S.DRAFT}, S.IN_REVIEW, {"owner", "co_owner", "trusted_owner"}),
    "publish_directly": ({S.DRAFT}, S.PUBLISHED, {"trusted_owner"}),
    "recall": ({S.IN_REVIEW}, S.DRAFT, {"owner", "co_owner", "trusted_owner"}),
    "publish": ({S.IN_REVIEW}, S.PUBLISHED, {"admin"}),
    "send_back": ({S.IN_REVIEW}, S.DRAFT, {"admin"}),
    "pause": ({S.PUBLISHED}, S.PUBLISHED, {"owner", "co_owner", "trusted_owner", "admin"}),
    "resume": ({S.PUBLISHED}, S.PUBLISHED, {"owner", "co_owner", "trusted_owner", "admin"}),
    "extend_deadline": ({S.PUBLISHED}, S.PUBLISHED, {"owner", "co_owner", "trusted_owner"}),
    "close": ({S.PUBLISHED}, S.CLOSED, set()),  # only the scheduled job
    "start_evaluation": ({S.CLOSED}, S.IN_EVALUATION, {"owner", "co_owner", "trusted_owner"}),
    "decide": ({S.IN_EVALUATION}, S.DECIDED, {"owner", "co_owner", "trusted_owner"}),
    "record_outcome": ({S.DECIDED}, S.OUTCOME_RECORDED, {"owner", "co_owner", "trusted_owner"}),
    "withdraw": ({S.PUBLISHED, S.CLOSED, S.IN_EVALUATION}, S.WITHDRAWN,
                 {"owner", "co_owner", "trusted_owner", "admin"}),
}


def _persona_challenge(persona: str, state: ChallengeState, paused: bool):
    user = make_user(is_admin=persona == "admin")
    owner = make_authority(admin=user if persona in ("owner", "trusted_owner") else make_user(),
                           is_trusted=persona == "trusted_owner")
    # Needs (no jury) use the generic table for every move; judged challenges open the
    # evaluation and publish the decision through the jury's pages (tested below).
    challenge = make_challenge(owner=owner, state=state, is_paused=paused,
                               kind=ChallengeKind.NEED)
    if persona == "co_owner":
        co_owner = make_authority(admin=user)
        challenge.co_owner_links.append(ChallengeCoOwner(organisation=co_owner))
    elif persona == "other_authority":
        make_authority(admin=user)
    elif persona == "supplier":
        make_organisation(admin=user)
    db.session.flush()
    db.session.refresh(user)
    return user, challenge


def _perform(action: str, challenge, user):
    if action == "submit":
        return workflow.submit(challenge, user)
    if action == "send_back":
        return workflow.send_back(challenge, user, "Describe the effects more clearly.")
    if action == "extend_deadline":
        return workflow.extend_deadline(challenge, user,
                                        challenge.submission_deadline_at + timedelta(days=7))
    if action == "close":
        workflow.check_transition(challenge, "close", workflow.roles_of(user, challenge))
        return workflow.close(challenge)
    if action == "record_outcome":
        return workflow.record_outcome(challenge, user, OutcomeKind.CONTRACT_AWARDED)
    if action == "withdraw":
        return workflow.withdraw(challenge, user, "The budget was withdrawn.")
    return getattr(workflow, action)(challenge, user)


def _expected_status(action: str, persona: str, state: ChallengeState):
    sources, _target, personas = EXPECTED[action]
    if action == "submit" and persona == "trusted_owner" and state == S.DRAFT:
        return None  # a trusted owner's submit publishes directly (tested below)
    if persona not in personas:
        return 403
    return None if state in sources else 409


@pytest.mark.parametrize("action", sorted(EXPECTED))
@pytest.mark.parametrize("state", list(S), ids=lambda s: s.value)
def test_every_transition_by_every_role(action, state):
    for persona in PERSONAS:
        user, challenge = _persona_challenge(persona, state, paused=action == "resume")
        expected = _expected_status(action, persona, state)
        if expected is None:
            _perform(action, challenge, user)
            target = EXPECTED[action][1]
            if action == "submit" and persona == "trusted_owner":
                target = S.PUBLISHED
            assert challenge.state == target, (action, persona, state)
            event = db.session.scalar(db.select(AuditEvent).filter_by(
                object_type="challenges", object_id=challenge.id).order_by(AuditEvent.id.desc()))
            assert event.action.startswith("challenge.") and event.actor_id == user.id
            assert event.details["to_state"] == target.value
        else:
            with pytest.raises(DomainError) as refused:
                _perform(action, challenge, user)
            assert refused.value.status == expected, (action, persona, state)
            assert challenge.state == state


@pytest.mark.parametrize("action, state", [("start_evaluation", S.CLOSED),
                                           ("decide", S.IN_EVALUATION)])
def test_judged_challenges_move_into_evaluation_and_decision_only_through_the_jury(action,
                                                                                  state):
    user, challenge = _persona_challenge("owner", state, paused=False)
    challenge.kind = ChallengeKind.CHALLENGE
    assert action not in workflow.challenge_actions(user, challenge)
    with pytest.raises(DomainError, match="evaluation page") as refused:
        _perform(action, challenge, user)
    assert refused.value.status == 409 and challenge.state == state


def test_table_matches_the_expected_rules():
    assert set(workflow.TRANSITIONS) == set(EXPECTED)
    for action, (sources, target, _personas) in EXPECTED.items():
        transition = workflow.TRANSITIONS[action]
        assert transition.sources == sources and transition.target == target


def test_pausing_twice_or_resuming_an_open_challenge_is_refused():
    user, challenge = _persona_challenge("owner", S.PUBLISHED, paused=False)
    with pytest.raises(DomainError, match="not paused"):
        workflow.resume(challenge, user)
    workflow.pause(challenge, user)
    with pytest.raises(DomainError, match="already paused"):
        workflow.pause(challenge, user)


def test_a_member_of_the_owner_who_is_not_admin_has_the_owner_role():
    member = make_user()
    owner = make_authority(admin=make_user())
    owner.memberships.append(Membership(user=member, role=MemberRole.MEMBER))
    challenge = make_challenge(owner=owner, state=S.DRAFT)
    db.session.flush()
    db.session.refresh(member)
    assert workflow.submit(challenge, member) == S.IN_REVIEW


def test_publishing_needs_a_complete_challenge():
    user, challenge = _persona_challenge("owner", S.DRAFT, paused=False)
    challenge.requirements.clear()
    challenge.summary = ""
    with pytest.raises(DomainError) as refused:
        workflow.submit(challenge, user)
    assert "a short summary" in refused.value.message
    assert "functional requirement" in refused.value.message


def test_the_job_closes_only_open_unpaused_challenges_past_their_deadline(app):
    past = make_challenge(deadline_in=timedelta(minutes=-1))
    future = make_challenge(deadline_in=timedelta(days=3))
    paused = make_challenge(deadline_in=timedelta(hours=-2), is_paused=True)
    draft = make_challenge(state=S.DRAFT, deadline_in=timedelta(days=-1))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["jobs", "run", "close_deadlines"])
    assert result.exit_code == 0, result.output
    assert "closed 1 challenge(s)" in result.output
    db.session.expire_all()
    assert past.state == S.CLOSED and past.closed_at is not None
    assert future.state == S.PUBLISHED and paused.state == S.PUBLISHED
    assert draft.state == S.DRAFT
    event = db.session.scalar(db.select(AuditEvent).filter_by(
        action="challenge.close", object_id=past.id))
    assert event is not None and event.actor_id is None
    again = app.test_cli_runner().invoke(args=["jobs", "run", "close_deadlines"])
    assert "nothing to do" in again.output


def test_extension_must_be_later_and_question_deadline_only_later():
    user, challenge = _persona_challenge("owner", S.PUBLISHED, paused=False)
    with pytest.raises(DomainError, match="later than the current"):
        workflow.extend_deadline(challenge, user, challenge.submission_deadline_at
                                 - timedelta(hours=1))
    new = challenge.submission_deadline_at + timedelta(days=10)
    with pytest.raises(DomainError, match="only be moved later"):
        workflow.extend_deadline(challenge, user, new, challenge.question_deadline_at
                                 - timedelta(days=1))
    with pytest.raises(DomainError, match="before the deadline for submissions"):
        workflow.extend_deadline(challenge, user, new, new + timedelta(days=1))
    workflow.extend_deadline(challenge, user, new, utcnow() + timedelta(days=25))
    assert challenge.submission_deadline_at == new
