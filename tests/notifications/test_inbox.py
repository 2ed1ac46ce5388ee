"""In-app notifications: every email the workflow queues is also an unread notice for its
recipient, with a bell and its count, read when seen, and in the API."""

from sqlalchemy import func, select

from expert_pool.extensions import db
from expert_pool.helpdesk.services import apply_action
from expert_pool.notifications.models import Notification, OutboxMessage
from tests.world import bearer


def test_each_queued_email_is_an_unread_notice_for_its_recipient(world, make_request):
    request = make_request()
    apply_action(request, "request_info", world.staff, note="Which provinces?")
    db.session.commit()
    mails = db.session.scalar(
        select(func.count()).where(OutboxMessage.to_address == world.party.email)
    )
    notices = db.session.scalars(
        select(Notification).where(Notification.address == world.party.email)
    ).all()
    assert mails == len(notices) == 2  # the submission's confirmation, then the question
    assert notices[-1].link == f"/requests/{request.reference}" and notices[-1].read_at is None
    assert "needs more information" in notices[-1].subject


def test_the_bell_counts_the_unread_and_seeing_them_reads_them(world, make_request, browser):
    request = make_request()
    apply_action(request, "accept", world.staff)
    db.session.commit()
    party = browser(world.party)
    home = party.get("/requests/mine").get_data(as_text=True)
    assert 'id="bell"' in home and "Notifications: 2 unread" in home
    inbox = party.get("/notifications").get_data(as_text=True)
    assert "was accepted" in inbox and "new" in inbox
    assert "Notifications: 0 unread" in party.get("/requests/mine").get_data(as_text=True)


def test_opening_the_request_reads_its_notices(world, make_request, browser):
    request = make_request()
    apply_action(request, "accept", world.staff)
    db.session.commit()
    party = browser(world.party)
    party.get(f"/requests/{request.reference}")
    assert "Notifications: 0 unread" in party.get("/requests/mine").get_data(as_text=True)


def test_the_api_lists_the_unread_and_marks_one_read(world, make_request, client):
    request = make_request()
    apply_action(request, "accept", world.staff)
    db.session.commit()
    party = bearer(client, world.party.email)
    unread = client.get("/api/v1/notifications?unread=true", headers=party).get_json()
    assert unread["total"] == 2
    first = unread["items"][0]
    assert first["reference"] == request.reference and first["is_read"] is False
    read = client.post(f"/api/v1/notifications/{first['id']}/read", headers=party)
    assert read.status_code == 200 and read.get_json()["is_read"] is True
    assert client.get("/api/v1/notifications?unread=true", headers=party).get_json()["total"] == 1
    # Another user's notice is not found, and stays unread.
    other = client.post(
        f"/api/v1/notifications/{unread['items'][1]['id']}/read",
        headers=bearer(client, world.staff.email),
    )
    assert other.status_code == 404
    assert client.get("/api/v1/notifications?unread=true", headers=party).get_json()["total"] == 1


def test_a_signed_link_for_someone_not_signed_in_stays_in_the_email(world, client):
    client.post("/password/forgot", data={"email": world.party.email})
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) >= 1
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 0
