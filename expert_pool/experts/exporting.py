"""Exporting the expert registry as CSV or XLSX in the import's column layout, so that an
export imports back unchanged (experts.spreadsheet describes the columns)."""

import csv
import io
import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..exceptions import ValidationError
from ..extensions import db
from .models import Expert
from .spreadsheet import COLUMN_NAMES, COLUMNS, FORMULA_STARTS, READ_ONLY_COLUMNS


def _cell(name: str, value: Any) -> str:
    """A profile field as the text of its import column."""
    if name == "publications":
        return json.dumps(value, ensure_ascii=False) if value else ""
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def export_row(expert: Expert) -> list[str]:
    """One expert as the cells of an export row (COLUMNS, then READ_ONLY_COLUMNS)."""
    cells = expert.profile_fields()
    return [_cell(name, cells[name]) for name in export_header()]


def export_header() -> list[str]:
    """The header row of an export."""
    return [*COLUMN_NAMES, *(name for name, _description in READ_ONLY_COLUMNS)]


def write_table(header: list[str], rows: Iterable[list[str]], fmt: str) -> bytes:
    """A CSV (UTF-8 with a byte-order mark, for spreadsheet programs) or XLSX file. Nothing in
    a cell runs as a formula."""
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        for row in rows:
            writer.writerow(
                [f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell for cell in row]
            )
        return buffer.getvalue().encode("utf-8-sig")
    if fmt != "xlsx":
        raise ValidationError.on("format", _("the format is csv or xlsx"))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "experts"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for line in sheet.iter_rows():
        for cell in line:
            if cell.data_type == "f":  # openpyxl takes text starting with "=" for a formula
                cell.data_type = "s"
    notes = workbook.create_sheet("columns")
    notes.append(["column", "what it holds"])
    for name, description in (*COLUMNS, *READ_ONLY_COLUMNS):
        notes.append([name, description])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_experts(fmt: str, status: str | None = None) -> bytes:
    """Every expert (or those of one status) as a CSV or XLSX file that imports back
    unchanged."""
    query = select(Expert).order_by(Expert.id)
    if status:
        query = query.where(Expert.status == status)
    query = query.options(
        selectinload(Expert.tags),
        selectinload(Expert.targets),
        selectinload(Expert.language_rows),
        selectinload(Expert.publications),
    )
    return write_table(export_header(), (export_row(e) for e in db.session.scalars(query)), fmt)


def template_file(fmt: str) -> bytes:
    """An empty import spreadsheet: the header row (and, in XLSX, a sheet describing each
    column)."""
    return write_table(list(COLUMN_NAMES), [], fmt)
