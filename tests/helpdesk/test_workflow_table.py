"""The whole transition table, checked through the services: every action, by every role, in
every state, is applied as the table says or refused with a message that names it."""

import pytest

from expert_pool.accounts.models import ROLES
from expert_pool.exceptions import NotFound, PermissionDenied, ServiceError
from expert_pool.extensions import db
from expert_pool.helpdesk.models import Assignment, CooperationRequest
from expert_pool.helpdesk.services import (
    TransitionRefused,
    apply_action,
    apply_assignment_action,
)
from expert_pool.helpdesk.workflow import (
    ACTION_LABELS,
    ASSIGNMENT_ACTIONS,
    ASSIGNMENT_STATES,
    ASSIGNMENT_TRANSITIONS,
    REQUEST_ACTIONS,
    REQUEST_STATES,
    RESUME,
    TRANSITIONS,
    actions_from,
    assignment_transition,
    resolved_target,
    roles_for,
    transitions_from,
)


def test_the_table_speaks_only_of_known_states_roles_and_actions():
    for row in TRANSITIONS:
        assert row.state in REQUEST_STATES and row.target in (*REQUEST_STATES, RESUME)
        assert set(row.roles) <= set(ROLES)
        # The system's own moves (no roles: the first acceptance starts the work) are taken by
        # the services, never offered on a page.
        assert row.action in ACTION_LABELS if row.roles else row.action not in REQUEST_ACTIONS
    for row in ASSIGNMENT_TRANSITIONS:
        assert row.state in ASSIGNMENT_STATES and row.target in ASSIGNMENT_STATES
        assert set(row.roles) <= set(ROLES)
    # Ended requests offer nothing but a reopening of closed ones.
    assert all(actions_from(state, "staff") == [] for state in ("declined", "withdrawn"))
    assert actions_from("closed", "staff") == ["reopen"]


def expected_refusal(state: str, action: str, role: str) -> type[ServiceError]:
    """What the service answers to an action the table does not give the role in the state."""
    if state == "draft" and role != "party":
        return NotFound  # a draft is private to its Party
    if role not in roles_for(action):
        return PermissionDenied
    if not transitions_from(state, action):
        return TransitionRefused
    return PermissionDenied


@pytest.mark.parametrize("state", REQUEST_STATES)
def test_every_action_by_every_role_in_this_state(world, make_request, subtests, state):
    request_id = make_request(state).id
    if state != "draft" and not db.session.get(CooperationRequest, request_id).assignments:
        # The expert is invited, so that they see the request and meet the role checks.
        db.session.add(Assignment(request_id=request_id, expert=world.experts[0], status="invited"))
        db.session.commit()
    for role in ROLES:
        for action in REQUEST_ACTIONS:
            with subtests.test(role=role, action=action):
                request = db.session.get(CooperationRequest, request_id)
                asked_in = request.asked_in
                rows = [row for row in transitions_from(state, action) if role in row.roles]
                try:
                    apply_action(
                        request,
                        action,
                        world.by_role(role),
                        note="A note that satisfies every guard.",
                        rating=4,
                        version=request.version,
                    )
                    outcome = request.status
                except ServiceError as error:
                    outcome = error
                finally:
                    db.session.rollback()
                if rows:
                    assert outcome in {resolved_target(row, asked_in) for row in rows}, outcome
                else:
                    assert isinstance(outcome, expected_refusal(state, action, role)), outcome
                    assert outcome.status in (403, 404, 422)
                    if not isinstance(outcome, NotFound):
                        said = outcome.message.lower()
                        assert action in said or ACTION_LABELS[action].lower() in said, said
                assert db.session.get(CooperationRequest, request_id).status == state


@pytest.mark.parametrize(
    ("state", "action", "field"),
    [
        ("submitted", "decline", "note"),
        ("submitted", "request_info", "note"),
        ("info_requested", "answer", "note"),
        ("accepted", "deliver", "note"),
        ("delivered", "confirm", "rating"),
    ],
)
def test_a_guard_that_does_not_hold_names_the_missing_field(
    world, make_request, state, action, field
):
    request = make_request(state)
    actor = world.party if action in ("answer", "confirm") else world.staff
    with pytest.raises(ServiceError) as refused:
        apply_action(request, action, actor, note="  ", rating=None)
    assert refused.value.status == 422 and field in refused.value.fields
    db.session.rollback()
    assert db.session.get(CooperationRequest, request.id).status == state


def test_a_rating_outside_one_to_five_is_refused(world, make_request):
    request = make_request("delivered")
    with pytest.raises(ServiceError) as refused:
        apply_action(request, "confirm", world.party, rating=6)
    assert "rating" in refused.value.fields


def test_reopening_returns_to_the_work_or_to_the_acceptance(world, make_request):
    worked = make_request("closed")
    assert apply_action(worked, "reopen", world.staff).status == "in_progress"
    unworked = make_request("delivered")
    unworked.assignments.clear()
    db.session.flush()
    apply_action(unworked, "close", world.staff)
    assert apply_action(unworked, "reopen", world.staff).status == "accepted"
    assert unworked.closed_at is None


def test_another_partys_focal_point_does_not_see_the_request(world, make_request):
    request = make_request("submitted")
    with pytest.raises(NotFound):
        apply_action(request, "withdraw", world.other_party)


def test_an_expert_not_working_on_a_request_cannot_deliver_it(world, make_request):
    request = make_request("in_progress")
    other = world.expert_users[1]
    db.session.add(Assignment(request=request, expert=other.expert, status="declined"))
    db.session.commit()
    with pytest.raises(PermissionDenied):
        apply_action(request, "deliver", other, note="done")
    assert apply_action(request, "deliver", world.expert_users[0], note="done").status == (
        "delivered"
    )


def test_an_unknown_action_is_a_validation_error(world, make_request):
    request = make_request("submitted")
    with pytest.raises(ServiceError) as refused:
        apply_action(request, "teleport", world.staff)
    assert refused.value.status == 422 and "action" in refused.value.fields


ASSIGNMENT_ACTORS = ("expert", "other_expert", "staff", "party", "system")


@pytest.mark.parametrize("state", ASSIGNMENT_STATES)
def test_every_invitation_action_by_every_actor_in_this_state(world, make_request, subtests, state):
    request = make_request("accepted")
    assignment = Assignment(request=request, expert=world.experts[0], status=state)
    db.session.add(assignment)
    db.session.commit()
    assignment_id = assignment.id
    actors = {
        "expert": world.expert_users[0],
        "other_expert": world.expert_users[1],
        "staff": world.staff,
        "party": world.party,
        "system": None,
    }
    for who in ASSIGNMENT_ACTORS:
        for action in ASSIGNMENT_ACTIONS:
            with subtests.test(actor=who, action=action):
                assignment = db.session.get(Assignment, assignment_id)
                actor = actors[who]
                row = assignment_transition(state, action)
                role = "expert" if who == "other_expert" else who
                allowed = row is not None and (
                    (actor is None and not row.roles)
                    or (actor is not None and role in row.roles and who != "other_expert")
                )
                try:
                    apply_assignment_action(assignment, action, actor, reason="Too busy now.")
                    outcome = assignment.status
                except ServiceError as error:
                    outcome = error
                finally:
                    db.session.rollback()
                if allowed:
                    assert outcome == row.target, outcome
                else:
                    assert isinstance(outcome, ServiceError), outcome
                    assert outcome.status in (403, 422)
                    assert action in outcome.message or "invitation" in outcome.message
                assert db.session.get(Assignment, assignment_id).status == state
