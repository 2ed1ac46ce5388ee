"""The visibility of requests is one rule written twice, in Python (`can_see`, for one request)
and in SQL (`visible_to`, for lists): both must say the same for every role and state."""

import pytest
from sqlalchemy import select

from expert_pool.extensions import db
from expert_pool.helpdesk.models import Assignment, CooperationRequest
from expert_pool.helpdesk.policy import can_see, request_actions, visible_to
from expert_pool.helpdesk.workflow import REQUEST_STATES


@pytest.fixture
def every_state(world, make_request):
    """One request in every state, the second expert invited to the submitted one only."""
    requests = {state: make_request(state) for state in REQUEST_STATES}
    db.session.add(
        Assignment(request=requests["submitted"], expert=world.experts[1], status="invited")
    )
    db.session.commit()
    return requests


def test_the_python_and_the_sql_visibility_agree_for_every_user(world, every_state):
    users = [
        world.party,
        world.other_party,
        world.staff,
        world.admin,
        *world.expert_users,
    ]
    for user in users:
        listed = set(db.session.scalars(select(CooperationRequest.id).where(visible_to(user))))
        seen = {r.id for r in db.session.scalars(select(CooperationRequest)) if can_see(r, user)}
        assert listed == seen, user.email
    # And the rule is what people expect: a Party sees its own requests, drafts included;
    # another Party none; staff every submitted one; an expert those they are invited to.
    assert every_state["draft"].id in {
        r.id for r in every_state.values() if can_see(r, world.party)
    }
    assert not any(can_see(r, world.other_party) for r in every_state.values())
    assert not can_see(every_state["draft"], world.staff)
    assert {r.status for r in every_state.values() if can_see(r, world.expert_users[1])} == {
        "submitted"
    }


def test_an_expert_acts_only_on_a_request_they_work_on(world, every_state):
    working, invited = world.expert_users
    assert request_actions(every_state["in_progress"], working) == ["deliver"]
    # Invited but not working: the expert sees the request and may do nothing with it.
    assert can_see(every_state["submitted"], invited)
    assert request_actions(every_state["submitted"], invited) == []
