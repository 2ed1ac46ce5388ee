"""Servers the tests start for themselves: a Redis of their own on a free port (the machine has
redis-server installed, none need be running)."""

import shutil
import subprocess
import time

import pytest
import redis

from expert_pool.extensions import db
from tests.mail import free_port


class RedisServer:
    """A redis-server process that keeps nothing on disk."""

    def __init__(self, directory) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(directory),
            ],
            stdout=subprocess.DEVNULL,
        )
        with redis.Redis.from_url(self.url) as client:
            for _ in range(100):
                try:
                    client.ping()
                    return
                except redis.ConnectionError:
                    time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def redis_server(tmp_path):
    """A running Redis of the test's own."""
    if shutil.which("redis-server") is None:
        pytest.fail("redis-server is not installed (apt-get install redis-server)")
    server = RedisServer(tmp_path)
    yield server
    server.stop()


def wait_for(condition, timeout: float = 60.0) -> bool:
    """Whether `condition()` comes true within `timeout` seconds, as another process's commits
    become visible (the session is rolled back before each look)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.rollback()
        if condition():
            return True
        time.sleep(0.2)
    return False
