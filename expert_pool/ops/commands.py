"""`flask --app wsgi worker` and `flask --app wsgi backup ...`."""

import logging
import tarfile
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from ..exceptions import ServiceError
from ..logs import configure_logging
from .backup import create_backup, restore_backup
from .worker import make_consumer

logger = logging.getLogger(__name__)


@click.command("worker")
@click.option("--threads", type=int, help="Jobs run at once (default: WORKER_THREADS).")
def worker_command(threads: int | None) -> None:
    """Run the background jobs: send the outbox every few seconds, expire invitations, remind
    experts to verify their profile. Any number may run at once; SIGTERM or Ctrl-C stops it
    once the running jobs are done."""
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


backup = AppGroup("backup", help="Copy the database and the attachments, and restore them.")


@backup.command("create")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup_create_command(file: Path) -> None:
    """Write a consistent copy of the database and the attachments to FILE (.tar.gz); safe
    while the app runs."""
    manifest = create_backup(file)
    click.echo(f"Backed up the {manifest['backend']} database and the attachments to {file}.")


@backup.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def backup_restore_command(file: Path) -> None:
    """Replace the database and the attachments by those in FILE (stop the app first)."""
    try:
        manifest = restore_backup(file)
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    except (OSError, KeyError, ValueError, tarfile.TarError) as error:
        raise click.ClickException(f"{file} is not a backup of Expert Pool: {error}") from error
    click.echo(f"Restored the database and the attachments of {manifest['created_at']}.")
