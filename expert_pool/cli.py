"""The `flask --app wsgi ...` commands."""

import os
import secrets
from pathlib import Path

import click
from flask import Flask, current_app

from .exceptions import ServiceError
from .extensions import db


@click.command("seed")
@click.option("--demo-users", is_flag=True, help="Let the demo accounts sign in (DEMO_PASSWORD).")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has data already.")
@click.option(
    "--password-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Without DEMO_PASSWORD, keep a generated demo password in this file (used by make run).",
)
def seed_command(demo_users: bool, if_empty: bool, password_file: Path | None) -> None:
    """Load the demo data (taxonomy, Parties, experts, sample requests); running it again adds
    only what is missing."""
    from .seeding import DEMO_ACCOUNTS, count_rows, is_empty, seed

    if if_empty and not is_empty():
        click.echo("The database has data already: not seeding.")
        if demo_users and password_file and not os.environ.get("DEMO_PASSWORD"):
            kept = _password_from_file(password_file)
            click.echo(f"Demo accounts sign in with the password in {password_file}: {kept}")
        return
    password = None
    if demo_users:
        password = os.environ.get("DEMO_PASSWORD") or _password_from_file(password_file)
        if not password:
            raise click.UsageError("--demo-users needs the DEMO_PASSWORD environment variable.")
    try:
        report = seed(demo_password=password)
        db.session.commit()
    except ServiceError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    added = ", ".join(f"{n} {what}" for what, n in report.added.items() if n) or "nothing"
    click.echo(f"Seeded: added {added}.")
    click.echo("In the database: " + ", ".join(f"{n} {t}" for t, n in count_rows().items()))
    if password:
        emails = ", ".join(email for email, *_ in DEMO_ACCOUNTS)
        click.echo(f"Demo accounts ({emails} and every seeded expert) sign in with: {password}")


def _password_from_file(path: Path | None) -> str | None:
    """The demo password kept in `path`, generated and saved there on first use."""
    if path is None:
        return None
    if not path.is_absolute():
        path = Path(current_app.root_path).parent / path
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(12) + "\n")
        path.chmod(0o600)
        click.echo(f"Generated a demo password and kept it in {path}.")
    return path.read_text().strip()


def register_commands(app: Flask) -> None:
    """Attach the project's commands to `flask`."""
    from .experts.cli import experts_cli
    from .helpdesk.commands import helpdesk
    from .matching.commands import index_group, match_command
    from .notifications.commands import outbox
    from .ops.commands import backup, worker_command
    from .reports.commands import report

    app.cli.add_command(seed_command)
    app.cli.add_command(helpdesk)
    app.cli.add_command(outbox)
    app.cli.add_command(experts_cli)
    app.cli.add_command(match_command)
    app.cli.add_command(index_group)
    app.cli.add_command(report)
    app.cli.add_command(worker_command)
    app.cli.add_command(backup)
