"""The biennial report as a file: XLSX (one sheet per table, headers, number formats), CSV (the
tables one after the other) or a printable HTML page with the charts."""

import csv
import io
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..exceptions import ValidationError
from ..extensions import db
from .models import CapacityEvent
from .period import Period
from .tables import (
    EVENT_TYPE_LABELS,
    GENDER_LABELS,
    NUMBER_FORMATS,
    PARTICIPANT_ROLE_LABELS,
    Column,
    Table,
    cell_text,
    report_tables,
)

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
    "html": "text/html",
}
# Characters that make a spreadsheet program read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def write_csv(tables: list[Table]) -> bytes:
    """The tables one after the other: a title line, the header, the rows, a blank line (UTF-8
    with a byte-order mark, for spreadsheet programs)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for table in tables:
        writer.writerow([table.title])
        writer.writerow([column.label for column in table.columns])
        for row in table.rows:
            writer.writerow(
                [
                    _safe(cell_text(value, column.kind))
                    for value, column in zip(row, table.columns, strict=True)
                ]
            )
        writer.writerow([])
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(tables: list[Table]) -> bytes:
    """One sheet per table, named after it: a bold header row, numbers with their formats."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(table.name[:31])
        sheet.append([column.label for column in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([_safe(v) if isinstance(v, str) else v for v in row])
        for index, column in enumerate(table.columns, start=1):
            number_format = NUMBER_FORMATS.get(column.kind)
            letter = sheet.cell(row=1, column=index).column_letter
            width = max([len(column.label), *(len(str(r[index - 1] or "")) for r in table.rows)])
            sheet.column_dimensions[letter].width = min(max(width + 2, 8), 60)
            if number_format:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = number_format
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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


def events_table(events: list[CapacityEvent]) -> Table:
    """Every event with its links and its participants by role and gender, one row each."""
    columns = [
        Column(_("Number"), "int"),
        Column(_("Title")),
        Column(_("Type")),
        Column(_("Start")),
        Column(_("End")),
        Column(_("Place")),
        Column(_("Organisers")),
        Column(_("Partners")),
        Column(_("Parties")),
        Column(_("KMGBF targets")),
        Column(_("Requests")),
        Column(_("Experts")),
        Column(_("Participants"), "int"),
        *(Column(str(label), "int") for label in PARTICIPANT_ROLE_LABELS.values()),
        *(Column(str(label), "int") for label in GENDER_LABELS.values()),
    ]
    rows = []
    for event in events:
        by_role = dict.fromkeys(PARTICIPANT_ROLE_LABELS, 0)
        by_gender = dict.fromkeys(GENDER_LABELS, 0)
        for group in event.participants:
            by_role[group.role] += group.count
            by_gender[group.gender] += group.count
        rows.append(
            [
                event.id,
                event.title,
                str(EVENT_TYPE_LABELS[event.type]),
                event.start_date.isoformat(),
                event.end_date.isoformat(),
                _("online") if event.is_online else event.place,
                event.organisers,
                event.partners,
                "; ".join(party.code for party in event.parties),
                "; ".join(str(target.number) for target in event.targets),
                "; ".join(request.reference for request in event.requests),
                "; ".join(expert.name for expert in event.experts),
                event.participant_count,
                *by_role.values(),
                *by_gender.values(),
            ]
        )
    return Table("events", _("Capacity-building events"), columns, rows)


def export_events(fmt: str, period: Period | None = None) -> bytes:
    """The events (those starting in the period, when given) as a CSV or XLSX file."""
    if fmt not in ("csv", "xlsx"):
        raise ValidationError.on("format", _("the format is csv or xlsx"))
    query = select(CapacityEvent).order_by(CapacityEvent.start_date, CapacityEvent.id)
    if period is not None:
        query = query.where(
            CapacityEvent.start_date >= period.start, CapacityEvent.start_date <= period.end
        )
    query = query.options(
        selectinload(CapacityEvent.parties),
        selectinload(CapacityEvent.targets),
        selectinload(CapacityEvent.requests),
        selectinload(CapacityEvent.experts),
        selectinload(CapacityEvent.participants),
    )
    table = events_table(list(db.session.scalars(query)))
    return write_csv([table]) if fmt == "csv" else write_xlsx([table])
