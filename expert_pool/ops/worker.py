"""The background worker on Huey: periodic jobs in an app context, retried when they fail.

The queue lives in a SQLite file of the instance folder by default (nothing to start) or in Redis
(WORKER_QUEUE_URI=redis://…) when workers run on several hosts. Huey's scheduler looks at the
periodic jobs once a minute; ours ticks every WORKER_TICK_SECONDS so that the outbox goes out
within seconds, and each job says how often it runs in seconds."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask import Flask
from huey import Huey, RedisHuey, SqliteHuey
from huey.consumer import Consumer, Scheduler
from huey.signals import SIGNAL_RETRYING

from ..extensions import db
from . import jobs

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    """A periodic job: its name, what it runs and its period in seconds (a config key)."""

    name: str
    run: Callable[[], None]
    period_key: str


JOBS = (
    Job("heartbeat", jobs.record_heartbeat, "WORKER_TICK_SECONDS"),
    Job("send_outbox", jobs.send_outbox, "WORKER_TICK_SECONDS"),
    Job("index_profiles", jobs.index_changed_profiles, "WORKER_TICK_SECONDS"),
    Job("refresh_gaps", jobs.refresh_gaps, "WORKER_REPORTS_SECONDS"),
    Job("expire_invitations", jobs.expire_unanswered_invitations, "WORKER_DAILY_JOBS_SECONDS"),
    Job("remind_verifications", jobs.remind_verifications, "WORKER_DAILY_JOBS_SECONDS"),
    Job("prune_matcher_changes", jobs.prune_matcher_changes, "WORKER_DAILY_JOBS_SECONDS"),
    Job("remind_questionnaires", jobs.remind_questionnaires, "WORKER_DAILY_JOBS_SECONDS"),
)


def queue_of(app: Flask) -> Huey:
    """The Huey queue named by WORKER_QUEUE_URI (default: instance/worker-queue.sqlite)."""
    default = Path(app.instance_path) / "worker-queue.sqlite"
    uri = app.config["WORKER_QUEUE_URI"] or f"sqlite:///{default}"
    options = {"results": False, "utc": True}
    if uri.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey("expert-pool", url=uri, **options)
    if uri.startswith("sqlite:///"):
        return SqliteHuey("expert-pool", filename=uri[len("sqlite:///") :], **options)
    raise ValueError(f"WORKER_QUEUE_URI must start with sqlite:/// or redis://, not {uri!r}")


def every(seconds: int, tick: int) -> Callable[[datetime], bool]:
    """True once per `seconds`: the scheduler asks every `tick` seconds."""
    return lambda moment: int(moment.timestamp()) % max(seconds, tick) < tick


def in_app_context(app: Flask, job: Job) -> Callable[[], None]:
    """Run the job in an app context; a failure is logged, rolled back and raised for a retry."""

    def run() -> None:
        with app.app_context():
            try:
                job.run()
            except Exception:
                db.session.rollback()
                logger.exception("job %s failed: it will be retried", job.name)
                raise

    run.__name__ = job.name
    return run


def make_huey(app: Flask) -> Huey:
    """A queue with every job registered as a periodic task of the app."""
    huey = queue_of(app)
    config = app.config
    tick = config["WORKER_TICK_SECONDS"]
    for job in JOBS:
        huey.periodic_task(
            every(config[job.period_key], tick),
            retries=config["WORKER_RETRIES"],
            retry_delay=config["WORKER_RETRY_DELAY"],
            name=job.name,
        )(in_app_context(app, job))
    huey.signal(SIGNAL_RETRYING)(_log_retry)
    return huey


def _log_retry(signal: str, task, *args) -> None:
    logger.warning("job %s will be retried (%s retries left)", task.name, task.retries)


def make_consumer(app: Flask, workers: int | None = None) -> Consumer:
    """A consumer of the app's queue: threads, a ticking scheduler, SIGTERM stops it gracefully
    (running jobs finish, none is cut off halfway)."""
    tick = app.config["WORKER_TICK_SECONDS"]
    scheduler = type("TickingScheduler", (Scheduler,), {"periodic_task_seconds": tick})
    consumer_class = type("WorkerConsumer", (Consumer,), {"scheduler_class": scheduler})
    return consumer_class(
        make_huey(app),
        workers=workers or app.config["WORKER_THREADS"],
        worker_type="thread",
        periodic=True,
        graceful_signal="TERM",
        shutdown_timeout=app.config["WORKER_SHUTDOWN_SECONDS"],
    )
