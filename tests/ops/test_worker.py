"""The background worker: real `flask --app wsgi worker` processes on the test's database send
the outbox to a real SMTP server, several at once without sending a message twice, retry a job
that fails without stopping the others, and stop cleanly on SIGTERM."""

import time
from collections import Counter

from sqlalchemy import func, select, text

from expert_pool.extensions import db
from expert_pool.notifications.models import OutboxMessage
from expert_pool.notifications.services import queue_email
from expert_pool.ops.models import WorkerHeartbeat
from tests.services import wait_for


def queue(count: int) -> list[str]:
    addresses = [f"person{n}@example.org" for n in range(count)]
    for address in addresses:
        queue_email(address, f"Hello {address}", "A message from the help desk.\n")
    db.session.commit()
    return addresses


def count(status: str) -> int:
    query = select(func.count()).where(OutboxMessage.status == status)
    return db.session.scalar(query.select_from(OutboxMessage))


def test_two_workers_send_every_message_exactly_once(app, smtp_server, processes):
    addresses = queue(60)
    workers = [processes.start("worker", "--threads", "2") for _ in range(2)]
    assert wait_for(lambda: count("sent") == len(addresses)), "the outbox was not sent"

    received = Counter(message["To"] for message in smtp_server.inbox.messages)
    assert received == Counter(addresses)  # every message once, none twice
    assert wait_for(lambda: db.session.scalar(select(func.count(WorkerHeartbeat.name))) == 2)
    for worker in workers:
        code, output = processes.stop(worker)
        assert code == 0, output
        assert "Received SIGTERM" in output and "Consumer exiting" in output


def test_a_failing_job_is_logged_retried_and_the_others_go_on(app, smtp_server, processes):
    addresses = queue(3)
    db.session.execute(text("ALTER TABLE outbox_messages RENAME TO outbox_away"))
    db.session.commit()
    worker = processes.start("worker")
    assert wait_for(lambda: db.session.get(WorkerHeartbeat, _any_worker()) is not None)
    first_beat = db.session.scalar(select(func.max(WorkerHeartbeat.last_seen_at)))
    assert wait_for(
        lambda: db.session.scalar(select(func.max(WorkerHeartbeat.last_seen_at))) > first_beat
    ), "the heartbeat stopped with the failing job"
    time.sleep(2)
    db.session.execute(text("ALTER TABLE outbox_away RENAME TO outbox_messages"))
    db.session.commit()
    assert wait_for(lambda: count("sent") == len(addresses))
    code, output = processes.stop(worker)
    assert code == 0
    assert "job send_outbox failed: it will be retried" in output
    assert "job send_outbox will be retried" in output
    assert sorted(m["To"] for m in smtp_server.inbox.messages) == sorted(addresses)


def _any_worker() -> str:
    return db.session.scalar(select(WorkerHeartbeat.name)) or ""


def test_without_a_mail_server_the_worker_keeps_the_messages_for_the_outbox_page(app, processes):
    app.config["MAIL_SERVER"] = None
    addresses = queue(2)
    worker = processes.start("worker")
    assert wait_for(lambda: count("kept") == len(addresses))
    code, output = processes.stop(worker)
    assert code == 0, output
