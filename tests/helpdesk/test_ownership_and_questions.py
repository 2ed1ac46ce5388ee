"""Staff work on a request: owning it, correcting what drives the matching, asking the Party a
question at any open state (the answer comes back where it was asked) and declining after
acceptance; the conversation holds comments, questions and answers in one thread."""

import re

import pytest
from sqlalchemy import select

from expert_pool.audit.models import AuditEvent
from expert_pool.exceptions import Conflict, ServiceError
from expert_pool.extensions import db
from expert_pool.helpdesk.policy import assignment_actions, can_invite
from expert_pool.helpdesk.services import (
    add_comment,
    apply_action,
    apply_assignment_action,
    correct_request,
    invite_expert,
    set_owner,
)
from expert_pool.matching.services import request_doc
from expert_pool.notifications.models import OutboxMessage


def page_of(response) -> str:
    return response.get_data(as_text=True)


def version_on(page: str) -> str:
    return re.search(r'name="version" value="(\d+)"', page).group(1)


def queued_to(address: str) -> list[str]:
    return list(
        db.session.scalars(select(OutboxMessage.subject).where(OutboxMessage.to_address == address))
    )


@pytest.mark.parametrize("state", ["accepted", "in_progress", "delivered"])
def test_a_question_after_acceptance_is_answered_back_to_where_it_was(world, make_request, state):
    request = make_request(state)
    apply_action(request, "request_info", world.staff, note="Which provinces exactly?")
    assert request.status == "info_requested"
    apply_action(request, "answer", world.party, note="Koh Kong and Kampot.")
    db.session.commit()
    assert request.status == state and request.asked_in is None


def test_invitations_go_on_while_the_party_answers_a_question_asked_after_acceptance(
    world, make_request
):
    request = make_request("accepted")
    waiting = invite_expert(request, world.experts[0], world.staff)
    apply_action(request, "request_info", world.staff, note="Which provinces exactly?")
    assert can_invite(request, world.staff)
    assert assignment_actions(waiting, world.expert_users[0]) == ["accept", "decline", "withdraw"]
    apply_assignment_action(waiting, "accept", world.expert_users[0])
    invite_expert(request, world.experts[1], world.staff)
    db.session.commit()
    assert request.status == "info_requested"
    apply_action(request, "answer", world.party, note="Koh Kong and Kampot.")
    db.session.commit()
    # The work began while the Party answered: the answer leads to it, not back to acceptance.
    assert request.status == "in_progress" and request.asked_in is None


def test_a_question_asked_at_screening_takes_no_experts(world, make_request):
    request = make_request("submitted")
    apply_action(request, "request_info", world.staff, note="Which provinces exactly?")
    assert not can_invite(request, world.staff)
    with pytest.raises(ServiceError):
        invite_expert(request, world.experts[0], world.staff)


def test_the_party_answers_from_the_question_in_the_conversation(world, make_request, browser):
    request = make_request("accepted")
    add_comment(request, world.staff, "We are looking for experts.")
    apply_action(request, "request_info", world.staff, note="Which provinces exactly?")
    db.session.commit()
    party = browser(world.party)
    page = page_of(party.get(f"/requests/{request.reference}"))
    thread = page[page.index('id="comments-title"') :]
    comment, question, form = (
        thread.index("We are looking for experts."),
        thread.index("Which provinces exactly?"),
        thread.index('id="answer-form"'),
    )
    assert comment < question < form  # the form right under the question, in one thread
    answered = party.post(
        f"/requests/{request.reference}/actions",
        data={"action": "answer", "version": version_on(page), "note": "Koh Kong."},
        follow_redirects=True,
    )
    assert "Done: answer the question." in page_of(answered)
    db.session.expire_all()
    assert request.status == "accepted"
    page = page_of(party.get(f"/requests/{request.reference}"))
    assert "Answer of the Party" in page and 'id="answer-form"' not in page


def test_staff_decline_an_accepted_request_with_a_reason_and_its_work_ends(world, make_request):
    request = make_request("in_progress")
    with pytest.raises(ServiceError) as refused:
        apply_action(request, "decline", world.staff, note=" ")
    assert "note" in refused.value.fields
    db.session.rollback()
    apply_action(request, "decline", world.staff, note="Out of the centre's scope.")
    db.session.commit()
    assert request.status == "declined"
    assert {a.status for a in request.assignments} == {"withdrawn"}


def test_staff_take_ownership_and_the_queue_filters_mine_and_unassigned(
    world, make_request, browser
):
    mine = make_request(title="Mangrove maps for Koh Kong")
    other = make_request(title="Wetland inventory of Kampot")
    staff = browser(world.staff)
    page = page_of(staff.get(f"/requests/{mine.reference}"))
    assert "Nobody owns this request yet." in page
    taken = staff.post(
        f"/requests/{mine.reference}/owner",
        data={"owner": "me", "version": version_on(page)},
        follow_redirects=True,
    )
    assert f"{mine.reference} is owned by Ana Staff." in page_of(taken)
    listed = page_of(staff.get("/queue?owner=mine"))
    assert mine.reference in listed and other.reference not in listed
    unowned = page_of(staff.get("/queue?owner=unassigned"))
    assert other.reference in unowned and mine.reference not in unowned
    assert "gave the request to" in page_of(staff.get(f"/requests/{mine.reference}"))


def test_the_owner_alone_hears_what_is_meant_for_staff(world, make_request):
    request = make_request()
    set_owner(request, world.admin.id, world.staff)
    add_comment(request, world.party, "Here are the maps you asked for.")
    db.session.commit()
    before = queued_to(world.staff.email)
    assert len(queued_to(world.admin.email)) == 2  # the new request, then the comment
    assert len(before) == 1 and before[0].startswith("New request")


def test_only_active_staff_own_requests_and_a_stale_owner_change_is_a_conflict(world, make_request):
    request = make_request()
    with pytest.raises(ServiceError) as refused:
        set_owner(request, world.party.id, world.staff)
    assert "owner" in refused.value.fields
    with pytest.raises(ServiceError) as refused:
        set_owner(request, world.staff.id, world.party)
    assert refused.value.status == 403
    with pytest.raises(Conflict):
        set_owner(request, world.staff.id, world.staff, version=request.version - 1)
    db.session.rollback()
    assert request.owner_id is None


def test_a_correction_is_audited_told_to_the_party_and_moves_the_matching(
    world, make_request, browser
):
    request = make_request(tags=["mangrove restoration"], targets=[2])
    staff = browser(world.staff)
    page = page_of(staff.get(f"/requests/{request.reference}"))
    corrected = staff.post(
        f"/requests/{request.reference}/corrections",
        data={
            "version": version_on(page),
            "tags": "biodiversity monitoring",
            "targets": ["2", "21"],
            "type": "capacity_building",
            "languages": ["en"],
        },
        follow_redirects=True,
    )
    assert "The corrections are saved and the Party is told." in page_of(corrected)
    db.session.expire_all()
    assert [t.name for t in request.tags] == ["biodiversity monitoring"]
    assert request.type == "capacity_building" and request.languages == ["en"]
    assert request_doc(request).tags == ["biodiversity monitoring"]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "request.corrected"))
    assert event.data["changes"]["tags"] == {
        "from": ["mangrove restoration"],
        "to": ["biodiversity monitoring"],
    }
    assert any("corrected your request" in s for s in queued_to(world.party.email))
    assert "corrected the request" in page_of(staff.get(f"/requests/{request.reference}"))


def test_a_bad_correction_names_its_field_and_changes_nothing(world, make_request):
    request = make_request(tags=["mangrove restoration"])
    with pytest.raises(ServiceError) as refused:
        correct_request(request, {"tags": ["no such topic"], "targets": []}, world.staff)
    assert {"tags", "targets"} <= set(refused.value.fields)
    db.session.rollback()
    assert [t.name for t in request.tags] == ["mangrove restoration"]
    with pytest.raises(ServiceError) as refused:
        correct_request(request, {"type": "other"}, world.party)
    assert refused.value.status == 403


def test_an_owned_request_invitation_answer_reaches_its_owner(world, make_request):
    request = make_request("accepted")
    set_owner(request, world.admin.id, world.staff)
    assignment = invite_expert(request, world.experts[0], world.staff)
    apply_assignment_action(assignment, "accept", world.expert_users[0])
    db.session.commit()
    assert any("is accepted" in s for s in queued_to(world.admin.email))
    assert not any("is accepted" in s for s in queued_to(world.staff.email))
