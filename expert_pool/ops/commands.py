"""`flask --app wsgi worker` and `flask --app wsgi backup ...`."""

import logging

import click
from flask import current_app

from ..logs import configure_logging

logger = logging.getLogger(__name__)


@click.command("worker")
@click.option("--threads", type=int, help="Jobs run at once (default: WORKER_THREADS).")
def worker_command(threads: int | None) -> None:
    """Run the background jobs: send the outbox every few seconds, expire invitations, remind
    experts to verify their profile. Any number may run at once; SIGTERM or Ctrl-C stops it
    once the running jobs are done."""
    from .worker import make_consumer

    if not logging.getLogger().handlers:
        configure_logging()
    app = current_app._get_current_object()
    consumer = make_consumer(app, workers=threads)
    logger.info(
        "worker started: queue %s, mail %s",
        type(consumer.huey.storage).__name__,
        app.config["MAIL_SERVER"] or "kept for the outbox page (no MAIL_SERVER)",
    )
    consumer.run()
