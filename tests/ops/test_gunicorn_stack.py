"""The production stack end to end: two gunicorn web servers (as on two hosts) and one worker
process on one database, sharing one Redis, sending to a real SMTP server. A request submitted
through one web server is matched and its expert invited through the other, the worker delivers
every email exactly once, and a profile changed through one web server is seen by a match in
the other (each keeps its matcher in memory, current from the database's change log)."""

import json
import sys
import time
import urllib.error
import urllib.request
from collections import Counter

import pytest
from sqlalchemy import select

from expert_pool.experts.models import Expert
from expert_pool.extensions import db
from expert_pool.matching.services import get_embedder
from expert_pool.notifications.models import OutboxMessage
from tests.conftest import BACKENDS, PASSWORD
from tests.mail import free_port
from tests.services import wait_for
from tests.world import build_matching_world


class Web:
    """One gunicorn server of the stack, called over HTTP."""

    def __init__(self, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}"

    def call(self, method: str, path: str, body=None, token: str | None = None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def token(self, email: str) -> str:
        status, body = self.call("POST", "/api/v1/tokens", {"email": email, "password": PASSWORD})
        assert status == 201, body
        return body["token"]

    def wait_until_up(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=30).close()
                return
            except urllib.error.HTTPError:
                return  # 503 (no worker seen yet) still means it serves
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"{self.base} did not start")


def words(text: str) -> str:
    """A subject as the reader sees it (a long one is folded over lines in the header)."""
    return " ".join(str(text).split())


def start_web(processes, port: int, redis_url: str):
    return processes.spawn(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "wsgi:app"],
        PORT=str(port),
        WEB_WORKERS="1",
        WEB_THREADS="2",
        RATELIMIT_STORAGE_URI=redis_url,
        WORKER_QUEUE_URI=redis_url,
    )


def test_two_web_servers_and_a_worker_run_the_help_desk(
    app, database_url, smtp_server, redis_server, processes
):
    if database_url.startswith("sqlite") and "postgresql" in BACKENDS:
        pytest.skip("the stack runs once, on PostgreSQL, when there is one")
    world = build_matching_world()
    db.session.commit()
    get_embedder()  # the model is exported once, into the cache the processes load it from
    ports = free_port(), free_port()
    webs = [start_web(processes, port, redis_server.url) for port in ports]
    worker = processes.start("worker", WORKER_QUEUE_URI=redis_server.url)
    first, second = Web(ports[0]), Web(ports[1])
    first.wait_until_up()
    second.wait_until_up()

    # A Party submits through the first server; staff screen, match and invite through the
    # second.
    party = first.token(world.party.email)
    status, created = first.call(
        "POST",
        "/api/v1/requests",
        {
            "title": "Counting fish of the Tonle Sap by their DNA",
            "problem_statement": "We want to survey freshwater fish with environmental DNA.",
            "type": "technical_consultation",
            "targets": [4],
            "tags": ["eDNA metabarcoding"],
            "languages": ["en"],
        },
        party,
    )
    assert status == 201, created
    reference = created["reference"]
    staff = second.token(world.staff.email)
    status, accepted = second.call(
        "POST",
        f"/api/v1/requests/{reference}/actions",
        {"action": "accept", "version": created["version"]},
        staff,
    )
    assert status == 200, accepted
    status, matches = second.call("GET", f"/api/v1/requests/{reference}/matches?k=3", token=staff)
    assert status == 200 and matches, matches
    top = matches[0]
    status, invited = second.call(
        "POST", f"/api/v1/requests/{reference}/assignments", {"expert_id": top["expert_id"]}, staff
    )
    assert status == 201, invited
    invitee = db.session.get(Expert, top["expert_id"]).email

    # The worker delivers the whole outbox, each message once.
    def all_sent() -> bool:
        rows = db.session.scalars(select(OutboxMessage)).all()
        return bool(rows) and all(row.status == "sent" for row in rows)

    assert wait_for(all_sent, timeout=40), "the worker did not send the outbox"
    time.sleep(2.5)  # two more ticks of the worker: nothing goes out a second time
    sent = db.session.scalars(select(OutboxMessage)).all()
    received = Counter((m["To"], words(m["Subject"])) for m in smtp_server.inbox.messages)
    assert received == Counter((m.to_address, words(m.subject)) for m in sent)
    assert max(received.values()) == 1
    assert any(to == invitee and created["title"] in subject for to, subject in received)

    # The second server's matcher is warm; a profile changed through the first is seen there.
    mira = world.experts["bee.keeper"]
    wanted = {"text": "Wild bees that pollinate orchards", "tags": ["pollinators"], "k": 3}
    status, before = second.call("POST", "/api/v1/match", wanted, staff)
    assert status == 200 and before[0]["expert_id"] == mira.id, before
    status, patched = first.call(
        "PATCH",
        f"/api/v1/experts/{mira.id}",
        {"availability": "unavailable"},
        first.token(world.staff.email),
    )
    assert status == 200, patched
    status, after = second.call("POST", "/api/v1/match", wanted, staff)
    assert status == 200 and mira.id not in [m["expert_id"] for m in after], after

    for process in (*webs, worker):
        code, output = processes.stop(process)
        assert code == 0 and "Traceback" not in output, output[-3000:]
