"""The `flask --app wsgi report ...` commands."""

from pathlib import Path

import click
from flask.cli import AppGroup

from ..dates import Period
from ..exceptions import ValidationError
from .exporting import FORMATS, export_report
from .figures import compute_figures

report = AppGroup("report", help="Reports: the biennial report to the CBD.")


@report.command("biennial")
@click.option("--from", "start", help="First day, YYYY-MM-DD (default: 1 January last year).")
@click.option("--to", "end", help="Last day, YYYY-MM-DD (default: 31 December this year).")
@click.option(
    "--format", "fmt", type=click.Choice(sorted(FORMATS)), default="xlsx", show_default=True
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    required=True,
    help="The file to write.",
)
@click.option("--no-gaps", is_flag=True, help="Leave out the coverage gaps (no matching run).")
def biennial_command(start: str | None, end: str | None, fmt: str, out: Path, no_gaps: bool):
    """Write the biennial report of a period: XLSX (one sheet per table), CSV or printable
    HTML."""
    try:
        period = Period.parse(start, end)
    except ValidationError as error:
        problems = "; ".join(f"--{name}: {', '.join(m)}" for name, m in error.fields.items())
        raise click.BadParameter(problems) from error
    figures = compute_figures(period, gaps=not no_gaps)
    out.write_bytes(export_report(figures, fmt))
    click.echo(
        f"Wrote {out} ({fmt}): {figures['total']} requests, "
        f"{figures['capacity_building']['events']} events, {period.start} to {period.end}."
    )
