"""The outbox: each step queues its emails, the sender delivers them through a real SMTP server,
retries with a growing delay, and loses nothing while the server is down."""

from datetime import timedelta

from sqlalchemy import select

from expert_pool.database import utcnow
from expert_pool.extensions import db
from expert_pool.helpdesk.services import create_request, submit_request
from expert_pool.notifications.delivery import count_due, deliver_due, retry_delay
from expert_pool.notifications.models import OutboxMessage
from expert_pool.notifications.services import notify, silenced
from tests.world import request_data


def messages() -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def submit(world):
    request = create_request(request_data(), world.party)
    submit_request(request, world.party)
    db.session.commit()
    return request


def test_a_submission_is_confirmed_to_the_party_and_announced_to_staff(world, smtp_server):
    request = submit(world)
    queued = messages()
    assert {m.to_address for m in queued} == {
        world.party.email,
        world.staff.email,
        world.admin.email,
    }
    assert all(m.status == "pending" and m.request_id == request.id for m in queued)

    report = deliver_due()
    assert report.sent == 3 and report.postponed == report.failed == 0
    inbox = smtp_server.inbox
    (confirmation,) = inbox.to(world.party.email)
    assert (
        confirmation["Subject"] == f"We received your request {request.reference}: {request.title}"
    )
    assert confirmation["From"] == "TSCC Help Desk <helpdesk@example.org>"
    body = confirmation.get_content()
    assert "Dear Sophea Chan" in body and f"/requests/{request.reference}" in body
    assert body.startswith("Dear") and "{{" not in body
    (announcement,) = inbox.to(world.staff.email)
    assert "New request" in announcement["Subject"] and "Cambodia" in announcement["Subject"]
    assert "KMGBF targets: 2, 3" in announcement.get_content()
    db.session.expire_all()
    assert all(m.status == "sent" and m.sent_at and m.attempts == 1 for m in messages())
    assert deliver_due().sent == 0  # nothing is sent twice


def test_with_the_server_down_nothing_is_lost_and_the_next_run_delivers(world, smtp_server):
    submit(world)
    smtp_server.stop()
    report = deliver_due()
    assert report.sent == 0 and report.postponed == 1 and report.error
    db.session.expire_all()
    first, *others = messages()
    assert all(m.status == "pending" for m in messages())
    assert first.attempts == 1 and "Connection refused" in first.last_error
    assert first.next_attempt_at > utcnow()
    assert count_due() == len(others)  # the first waits for its retry, the others are due

    smtp_server.start()
    later = utcnow() + retry_delay(1) + timedelta(seconds=1)
    assert deliver_due(now=later).sent == 3
    assert len(smtp_server.inbox.messages) == 3
    db.session.expire_all()
    assert all(m.status == "sent" for m in messages())


def test_retries_wait_longer_each_time_up_to_a_limit(app):
    app.config.update(OUTBOX_RETRY_SECONDS=60, OUTBOX_RETRY_MAX_SECONDS=600)
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4, 5, 9)] == [
        60,
        120,
        240,
        480,
        600,
        600,
    ]


def test_a_refused_address_is_retried_then_given_up_and_others_still_go(world, smtp_server, app):
    app.config["OUTBOX_MAX_ATTEMPTS"] = 2
    smtp_server.inbox.refused = {world.admin.email}
    submit(world)
    report = deliver_due()
    assert report.sent == 2 and report.postponed == 1
    refused = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.to_address == world.admin.email)
    )
    assert refused.status == "pending" and "550" in refused.last_error
    report = deliver_due(now=utcnow() + timedelta(days=1))
    assert report.failed == 1
    db.session.refresh(refused)
    assert refused.status == "failed" and refused.attempts == 2


def test_the_cli_sends_and_reports(world, smtp_server, runner):
    submit(world)
    smtp_server.stop()
    down = runner.invoke(args=["outbox", "send"])
    assert down.exit_code == 1 and "could not be reached" in down.output
    assert "pending: 3" in runner.invoke(args=["outbox", "status"]).output
    smtp_server.start()
    sent = runner.invoke(args=["outbox", "send", "--now"])
    assert sent.exit_code == 0 and "Sent 3" in sent.output
    assert "sent: 3" in runner.invoke(args=["outbox", "status"]).output


def test_nothing_is_queued_while_silenced(world):
    with silenced():
        submit(world)
        assert notify("comment", ["someone@example.org"]) == []
    assert messages() == []


def test_in_development_the_outbox_is_sent_after_each_request(
    world, smtp_server, make_request, browser, app
):
    app.config["OUTBOX_SEND_AFTER_REQUEST"] = True
    item = make_request("submitted")
    staff = browser(world.staff)
    smtp_server.inbox.messages.clear()
    response = staff.post(
        f"/requests/{item.reference}/actions",
        data={"action": "accept", "version": item.version},
    )
    response.close()
    assert any("was accepted" in s for s in smtp_server.inbox.subjects(world.party.email))
