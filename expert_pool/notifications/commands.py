"""`flask --app wsgi outbox ...`: delivering and inspecting the email outbox."""

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from ..extensions import db
from .delivery import deliver_due
from .models import OUTBOX_STATES, OutboxMessage

outbox = AppGroup("outbox", help="The email outbox.")


@outbox.command("send")
@click.option("--now", "include_waiting", is_flag=True, help="Also retry messages still waiting.")
@click.option("--limit", default=500, show_default=True, help="At most this many messages.")
def send_command(include_waiting: bool, limit: int) -> None:
    """Send the messages that are due through SMTP (MAIL_SERVER; without one they are kept for
    the outbox page); failures are retried later."""
    report = deliver_due(limit=limit, include_waiting=include_waiting)
    if report.kept:
        click.echo(f"No MAIL_SERVER: kept {report.kept} for the outbox page (/outbox).")
        return
    click.echo(
        f"Sent {report.sent}, postponed {report.postponed}, failed {report.failed} for good."
    )
    if report.error:
        click.echo(f"The mail server could not be reached: {report.error}", err=True)
        raise SystemExit(1)


@outbox.command("status")
def status_command() -> None:
    """Count the messages in the outbox by status."""
    counts = dict(
        db.session.execute(
            select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        ).all()
    )
    click.echo(", ".join(f"{state}: {counts.get(state, 0)}" for state in OUTBOX_STATES))
