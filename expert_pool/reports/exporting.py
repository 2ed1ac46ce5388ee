"""The biennial report as a file: XLSX (one sheet per table, headers, number formats), CSV (the
tables one after the other) or a printable HTML page with the charts."""

from typing import Any

from flask import current_app
from flask_babel import gettext as _

from ..exceptions import ValidationError
from ..spreadsheets import MEDIA_TYPES, Table, write_csv, write_xlsx
from .tables import report_tables

FORMATS = {**MEDIA_TYPES, "html": "text/html"}


def write_html(
    figures: dict[str, Any], tables: list[Table], template_name: str = "reports/report.html"
) -> bytes:
    """A printable page with every chart beside its table (rendered without a request, so that
    the CLI writes the same page as the download); the biennial report's page by default."""
    template = current_app.jinja_env.get_template(template_name)
    return template.render(figures=figures, tables=tables).encode("utf-8")


def export_report(figures: dict[str, Any], fmt: str) -> bytes:
    """The report of these figures in a format: xlsx, csv or html."""
    if fmt not in FORMATS:
        raise ValidationError.on("format", _("the format is xlsx, csv or html"))
    tables = report_tables(figures)
    if fmt == "csv":
        return write_csv(tables)
    if fmt == "xlsx":
        return write_xlsx(tables)
    return write_html(figures, tables)


def report_filename(figures: dict[str, Any], fmt: str) -> str:
    """The download name of a report, after its period."""
    period = figures["period"]
    return f"biennial-report-{period['from']}-{period['to']}.{fmt}"
