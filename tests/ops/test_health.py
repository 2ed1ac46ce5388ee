"""/healthz: 200 when the database is reachable and migrated, the model is fine and a worker ran
lately; 503 with the failing part otherwise (a stopped worker, an unreachable database)."""

from datetime import timedelta

import pytest
from flask_migrate import upgrade

from expert_pool import create_app
from expert_pool.database import utcnow
from expert_pool.extensions import db
from expert_pool.notifications.services import queue_email
from expert_pool.ops.jobs import record_heartbeat
from expert_pool.ops.models import WorkerHeartbeat


@pytest.fixture
def migrated(bare_app):
    bare_app.config["EMBEDDING_BACKEND"] = "none"
    with bare_app.app_context():
        upgrade()
        yield bare_app
        db.session.remove()


def test_healthy_with_a_worker_seen_lately_and_the_backlog_reported(migrated):
    record_heartbeat()
    queue_email("someone@example.org", "Hello", "Body\n")
    db.session.commit()
    response = migrated.test_client().get("/healthz")
    assert response.status_code == 200, response.json
    checks = response.json["checks"]
    assert response.json["status"] == "ok"
    assert (
        checks["migrations"]["ok"]
        and checks["migrations"]["current"] == checks["migrations"]["head"]
    )
    assert checks["outbox"]["backlog"] == 1 and checks["outbox"]["oldest_pending_seconds"] >= 0
    assert checks["worker"]["last_seen_seconds"] < 60
    assert response.headers["X-Request-ID"]


def test_a_stopped_worker_is_unavailable(migrated):
    record_heartbeat()
    beat = db.session.scalar(db.select(WorkerHeartbeat))
    beat.last_seen_at = utcnow() - timedelta(minutes=5)
    db.session.commit()
    response = migrated.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["checks"]["worker"]["ok"] is False
    assert response.json["checks"]["database"]["ok"] is True


def test_a_database_without_the_migrations_is_unavailable(app):
    record_heartbeat()
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["checks"]["migrations"]["ok"] is False


@pytest.mark.parametrize(
    "url",
    ["sqlite:////nonexistent-folder/expert_pool.sqlite", "postgresql://postgres@127.0.0.1:1/none"],
)
def test_an_unreachable_database_is_unavailable(app_config, url):
    app = create_app({**app_config, "SQLALCHEMY_DATABASE_URI": url})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json == {
        "status": "unavailable",
        "checks": {"database": {"ok": False, "error": "OperationalError"}},
    }
    with app.app_context():
        db.engine.dispose()


def test_a_request_id_from_the_proxy_is_kept_and_a_forged_one_replaced(migrated):
    client = migrated.test_client()
    assert (
        client.get("/healthz", headers={"X-Request-ID": "lb-42"}).headers["X-Request-ID"] == "lb-42"
    )
    forged = client.get("/healthz", headers={"X-Request-ID": "x\\ny" * 40}).headers["X-Request-ID"]
    assert forged != "x\\ny" * 40 and len(forged) == 32
