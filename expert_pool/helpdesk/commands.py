"""`flask --app wsgi helpdesk ...`: the help desk's scheduled work."""

import click
from flask.cli import AppGroup

from ..extensions import db
from .services import expire_invitations

helpdesk = AppGroup("helpdesk", help="The help desk's requests and invitations.")


@helpdesk.command("expire-invitations")
def expire_invitations_command() -> None:
    """Expire the invitations left unanswered for ASSIGNMENT_EXPIRY_DAYS days (run daily)."""
    expired = expire_invitations()
    db.session.commit()
    click.echo(f"Expired {len(expired)} invitation(s).")
