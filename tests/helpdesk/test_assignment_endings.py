"""What becomes of the experts' invitations when a request ends, and when staff reopen it."""

from sqlalchemy import select

from expert_pool.audit.models import AuditEvent
from expert_pool.extensions import db
from expert_pool.helpdesk.loads import current_loads
from expert_pool.helpdesk.policy import assignment_actions
from expert_pool.helpdesk.queries import timeline
from expert_pool.helpdesk.services import apply_action, apply_assignment_action, invite_expert
from expert_pool.notifications.models import OutboxMessage


def _worked_on(world, make_request):
    request = make_request("accepted")
    working = invite_expert(request, world.experts[0], world.staff)
    apply_assignment_action(working, "accept", world.expert_users[0])
    waiting = invite_expert(request, world.experts[1], world.staff)
    apply_action(request, "deliver", world.expert_users[0], note="Maps and a training.")
    db.session.commit()
    return request, working, waiting


def test_closing_completes_the_work_and_ends_the_open_invitations(world, make_request):
    request, working, waiting = _worked_on(world, make_request)
    assert current_loads([world.experts[0].id]).get(world.experts[0].id) == 1
    apply_action(request, "confirm", world.party, rating=5, note="Useful.")
    db.session.commit()
    assert (working.status, waiting.status) == ("completed", "withdrawn")
    assert working.completed_at == request.closed_at
    assert current_loads([world.experts[0].id]).get(world.experts[0].id, 0) == 0
    assert assignment_actions(working, world.expert_users[0]) == []
    said = [entry.text for entry in timeline(request, world.staff)]
    assert "The system completed the work of Dara Sok" in said
    assert "The system withdrew the invitation of Mei Lin" in said


def test_reopening_puts_the_expert_back_to_work(world, make_request):
    request, working, _ = _worked_on(world, make_request)
    apply_action(request, "close", world.staff)
    db.session.commit()
    apply_action(request, "reopen", world.staff, note="Two districts are missing.")
    db.session.commit()
    assert request.status == "in_progress"
    assert working.status == "accepted" and working.completed_at is None
    assert current_loads([world.experts[0].id]).get(world.experts[0].id) == 1
    assert "complete" in assignment_actions(working, world.expert_users[0])
    resumed = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "assignment.resume")
    ).one()
    assert resumed.actor is None and resumed.to_state == "accepted"


def test_work_the_expert_completed_before_the_close_stays_completed(world, make_request):
    request, working, _ = _worked_on(world, make_request)
    apply_assignment_action(working, "complete", world.expert_users[0])
    finished_at = working.completed_at
    apply_action(request, "close", world.staff)
    apply_action(request, "reopen", world.staff, note="One more question.")
    db.session.commit()
    assert working.status == "completed" and working.completed_at == finished_at


def test_an_expert_answering_their_own_invitation_is_named_once(world, make_request):
    request, _, _ = _worked_on(world, make_request)
    said = [entry.text for entry in timeline(request, world.staff)]
    assert "Dara Sok accepted the invitation" in said
    assert "Ana Staff invited Dara Sok" in said


def test_the_party_hears_which_expert_took_the_work_on(world, make_request):
    request, _, _ = _worked_on(world, make_request)
    started = db.session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.to_address == world.party.email,
            OutboxMessage.subject.contains("in the hands of an expert"),
        )
    ).one()
    assert f'Dara Sok agreed to work on your request "{request.title}".' in started.body_text
