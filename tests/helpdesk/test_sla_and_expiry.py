"""Service levels: deadlines in working days, paused while the Party is asked, flagged when
missed; invitations that nobody answers expire."""

from datetime import datetime, timedelta

from sqlalchemy import select

from expert_pool.extensions import db
from expert_pool.helpdesk.models import Assignment
from expert_pool.helpdesk.queries import is_overdue, list_requests
from expert_pool.helpdesk.services import (
    apply_action,
    apply_assignment_action,
    create_request,
    expire_invitations,
    invite_expert,
)
from expert_pool.helpdesk.sla import add_working_days
from expert_pool.notifications.models import OutboxMessage
from tests.world import request_data

MONDAY = datetime(2026, 3, 2, 9, 0)


def test_working_days_skip_the_weekend():
    assert add_working_days(MONDAY, 5) == datetime(2026, 3, 9, 9, 0)
    friday = datetime(2026, 3, 6, 17, 0)
    assert add_working_days(friday, 1) == datetime(2026, 3, 9, 17, 0)
    assert add_working_days(friday, 0) == friday


def submitted_on(world, when: datetime):
    request = create_request(request_data(), world.party, at=when)
    apply_action(request, "submit", world.party, at=when)
    db.session.commit()
    return request


def test_screening_is_due_in_five_working_days_and_flagged_when_missed(world):
    request = submitted_on(world, MONDAY)
    assert request.due_at == datetime(2026, 3, 9, 9, 0)
    assert not is_overdue(request, now=datetime(2026, 3, 9, 8, 0))
    assert is_overdue(request, now=datetime(2026, 3, 9, 10, 0))
    late = list_requests(world.staff, {"overdue": True}, now=datetime(2026, 3, 10))
    assert [r.id for r in late.items] == [request.id]
    assert list_requests(world.staff, {"overdue": True}, now=MONDAY).total == 0


def test_the_clock_pauses_while_the_party_is_asked_for_information(world):
    request = submitted_on(world, MONDAY)
    apply_action(
        request, "request_info", world.staff, note="Which provinces?", at=datetime(2026, 3, 3, 9)
    )
    assert not is_overdue(request, now=datetime(2026, 4, 1))  # waiting for the Party
    apply_action(request, "answer", world.party, note="Koh Kong.", at=datetime(2026, 3, 13, 9))
    # Ten days of waiting move the deadline ten days later.
    assert request.due_at == datetime(2026, 3, 19, 9, 0)
    assert request.sla_paused_at is None


def test_acceptance_starts_the_first_invitation_clock_and_an_invitation_stops_it(world):
    request = submitted_on(world, MONDAY)
    apply_action(request, "accept", world.staff, at=datetime(2026, 3, 4, 9))
    assert request.due_at == datetime(2026, 3, 18, 9, 0)  # ten working days
    assert is_overdue(request, now=datetime(2026, 3, 19))
    invitation = invite_expert(request, world.experts[0], world.staff, at=datetime(2026, 3, 5, 9))
    assert request.due_at is None
    assert invitation.respond_by == datetime(2026, 3, 16, 9, 0)  # seven working days
    assert not is_overdue(request, now=datetime(2026, 3, 16, 8))
    assert is_overdue(request, now=datetime(2026, 3, 16, 10))  # the expert is late
    apply_assignment_action(invitation, "accept", world.expert_users[0], at=datetime(2026, 3, 9))
    assert request.status == "in_progress"
    assert not is_overdue(request, now=datetime(2026, 4, 1))


def test_the_request_page_shows_the_deadline_and_the_flag(world, browser):
    request = submitted_on(world, MONDAY)
    page = browser(world.staff).get(f"/requests/{request.reference}").get_data(as_text=True)
    assert "Screening due by 2026-03-09" in page and ">overdue<" in page
    queue = browser(world.staff).get("/queue?overdue=y").get_data(as_text=True)
    assert request.reference in queue


def test_unanswered_invitations_expire_and_staff_are_told(world, runner, app):
    app.config["ASSIGNMENT_EXPIRY_DAYS"] = 14
    request = submitted_on(world, MONDAY)
    apply_action(request, "accept", world.staff, at=MONDAY)
    old = invite_expert(request, world.experts[0], world.staff, at=MONDAY)
    fresh = invite_expert(request, world.experts[1], world.staff)
    db.session.commit()
    result = runner.invoke(args=["helpdesk", "expire-invitations"])
    assert result.exit_code == 0 and "Expired 1 invitation" in result.output
    db.session.expire_all()
    assert (old.status, fresh.status) == ("expired", "invited")
    assert expire_invitations() == []
    told = db.session.scalars(
        select(OutboxMessage.to_address).where(OutboxMessage.template == "assignment_update")
    ).all()
    assert set(told) == {world.staff.email, world.admin.email, world.experts[0].email}


def test_invitations_end_when_the_party_withdraws(world):
    request = submitted_on(world, MONDAY)
    apply_action(request, "accept", world.staff, at=MONDAY)
    invitation = invite_expert(request, world.experts[0], world.staff, at=MONDAY)
    apply_action(request, "withdraw", world.party, note="Solved locally.")
    assert invitation.status == "withdrawn"
    assert db.session.query(Assignment).filter_by(status="invited").count() == 0


def test_a_week_old_deadline_counts_after_the_weekend(world):
    request = submitted_on(world, datetime(2026, 3, 6, 16, 0))  # a Friday afternoon
    assert request.due_at == datetime(2026, 3, 13, 16, 0)
    assert request.due_at - request.submitted_at == timedelta(days=7)
