"""The production settings: rate limits shared through Redis, proxy headers trusted only when
configured, and the worker's queue in Redis."""

import pytest

from expert_pool import create_app
from expert_pool.extensions import db, limiter
from expert_pool.ops.worker import queue_of


def close(*apps) -> None:
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def login(client, email="nobody@example.org"):
    return client.post("/login", data={"email": email, "password": "wrong password"})


def test_rate_limits_in_redis_are_shared_by_every_process(app_config, redis_server):
    settings = {
        **app_config,
        "RATELIMIT_STORAGE_URI": redis_server.url,
        "LOGIN_RATE_LIMIT": "3 per minute",
    }
    first = create_app(settings)
    with first.app_context():
        db.create_all()
    statuses = [login(first.test_client()).status_code for _ in range(2)]
    first_storage = limiter.storage
    second = create_app(settings)
    statuses += [login(second.test_client()).status_code for _ in range(2)]
    assert 429 not in statuses[:3] and statuses[-1] == 429
    for storage in (first_storage, limiter.storage):
        storage.storage.connection_pool.disconnect()
    close(first, second)


@pytest.mark.parametrize("trusted, scheme", [(0, "http"), (1, "https")])
def test_proxy_headers_count_only_when_proxies_are_trusted(app_config, trusted, scheme):
    app = create_app({**app_config, "TRUSTED_PROXIES": trusted})
    seen = {}

    @app.get("/_scheme")
    def _scheme():
        from flask import request

        seen["scheme"], seen["remote"] = request.scheme, request.remote_addr
        return ""

    from expert_pool.accounts import access

    access.RULES["_scheme"] = access.PUBLIC
    try:
        app.test_client().get(
            "/_scheme", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
        )
    finally:
        del access.RULES["_scheme"]
        close(app)
    assert seen["scheme"] == scheme
    assert (seen["remote"] == "203.0.113.9") == bool(trusted)


def test_the_worker_queue_goes_to_redis_when_configured(app, redis_server):
    app.config["WORKER_QUEUE_URI"] = redis_server.url
    huey = queue_of(app)
    assert type(huey.storage).__name__ == "RedisStorage"
    huey.storage.enqueue(b"job")
    assert huey.storage.queue_size() == 1
    huey.storage.conn.close()
