"""Fixtures of the operations tests: real worker processes (`flask --app wsgi worker`) on the
test's database, sending to a real SMTP server."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.mail import smtp_server  # noqa: F401
from tests.services import redis_server  # noqa: F401
from tests.world import world  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
FLASK = [sys.executable, "-m", "flask", "--app", "wsgi"]


class Processes:
    """The processes a test started, stopped with SIGTERM (then killed) at its end."""

    def __init__(self, app, env: dict[str, str]) -> None:
        self.app = app
        self.env = env
        self.started: list[subprocess.Popen] = []

    def environment(self, **env: str) -> dict[str, str]:
        """The processes' environment: the app's database and mail server, then `env`."""
        mail = self.app.config.get("MAIL_SERVER")
        if mail:
            env = {"MAIL_SERVER": mail, "MAIL_PORT": str(self.app.config["MAIL_PORT"]), **env}
        return {**os.environ, **self.env, **env}

    def start(self, *args: str, **env: str) -> subprocess.Popen:
        """Start `flask --app wsgi ARGS` with the app's settings and `env`."""
        return self.spawn([*FLASK, *args], **env)

    def spawn(self, command: list[str], **env: str) -> subprocess.Popen:
        """Start a command of the project with the app's settings and `env`."""
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.environment(**env),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.started.append(process)
        return process

    def stop(self, process: subprocess.Popen, timeout: float = 30) -> tuple[int, str]:
        """SIGTERM, wait for the exit; the exit code and everything the process wrote."""
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=timeout)
        return process.returncode, output

    def close(self) -> None:
        for process in self.started:
            if process.poll() is None:
                process.kill()
                process.communicate()


@pytest.fixture
def processes(app, tmp_path: Path, model_cache_dir: Path):
    """Start processes of the app on the test's database and a fresh instance folder."""
    instance = tmp_path / "instance"
    instance.mkdir()
    env = {
        "EXPERT_POOL_INSTANCE": str(instance),
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": "test-secret",
        "EMBEDDING_CACHE_DIR": str(model_cache_dir),
        "WORKER_TICK_SECONDS": "1",
        "LOG_LEVEL": "INFO",
    }
    running = Processes(app, env)
    yield running
    running.close()
