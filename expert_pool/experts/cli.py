"""The `flask --app wsgi experts ...` commands: import, export, template and reminders."""

from pathlib import Path

import click
from flask.cli import AppGroup
from tqdm import tqdm

from ..exceptions import ServiceError
from ..extensions import db
from .exporting import export_experts, template_file
from .importing import import_experts
from .models import STATUSES
from .verification import send_verification_reminders

experts_cli = AppGroup("experts", help="Import, export and look after the expert registry.")

SPREADSHEET = click.Path(dir_okay=False, path_type=Path)


def _format_of(path: Path) -> str:
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("csv", "xlsx"):
        raise click.UsageError(f"{path.name}: the file name must end in .csv or .xlsx")
    return fmt


def _progress(items, **options):
    """A progress bar on the terminal (silent when the output is not a terminal)."""
    return tqdm(items, leave=False, disable=None, **options)


@experts_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check and report, write nothing.")
@click.option("--update", is_flag=True, help="Update the experts a row matches instead.")
@click.option("--skip-invalid", is_flag=True, help="Import the valid rows, report the others.")
def import_command(file: Path, dry_run: bool, update: bool, skip_invalid: bool) -> None:
    """Import experts from a CSV or XLSX file (columns: see `experts template`). Nothing is
    written unless every row is valid, or with --skip-invalid; new profiles are pending."""
    _format_of(file)
    try:
        report = import_experts(
            file.read_bytes(),
            file.name,
            None,
            update=update,
            skip_invalid=skip_invalid,
            dry_run=dry_run,
            progress=_progress,
        )
    except ServiceError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    for error in report.errors:
        click.echo(f"row {error.row}, column {error.column}: {error.message}")
    for duplicate in report.duplicates:
        click.echo(f"row {duplicate.row} ({duplicate.name}): duplicate, {duplicate.reason}")
    if report.written:
        db.session.commit()
    else:
        db.session.rollback()
    click.echo(report.summary())
    if report.errors and not skip_invalid and not dry_run:
        raise click.ClickException(
            "nothing imported: correct the rows above, or use --skip-invalid"
        )


@experts_cli.command("export")
@click.argument("file", type=SPREADSHEET)
@click.option("--status", type=click.Choice(STATUSES), help="Only the profiles of this status.")
def export_command(file: Path, status: str | None) -> None:
    """Export the experts to a CSV or XLSX file that imports back unchanged (with --update)."""
    file.write_bytes(export_experts(_format_of(file), status))
    click.echo(f"Exported to {file}.")


@experts_cli.command("template")
@click.argument("file", type=SPREADSHEET)
def template_command(file: Path) -> None:
    """Write an empty import spreadsheet (CSV or XLSX) with the documented columns."""
    file.write_bytes(template_file(_format_of(file)))
    click.echo(f"Wrote the import template {file}.")


@experts_cli.command("remind")
def remind_command() -> None:
    """Email the experts whose profile is overdue for verification (run it daily)."""
    reminded = send_verification_reminders()
    db.session.commit()
    click.echo(f"Reminded {len(reminded)} experts to verify their profile.")
