"""Tables as people read them and as files: columns with the kind of their values, rows, a chart
hint, and the one way to write them as CSV or XLSX (the reports, the events and every export
that writes a table share it)."""

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

# The files a table is written as, by their media type.
MEDIA_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# How a cell is written in each format: XLSX number formats by kind.
NUMBER_FORMATS = {"int": "0", "days": "0.0", "score": "0.000", "rating": "0.00", "percent": "0%"}


@dataclass
class Column:
    """A column's heading and the kind of its values (text, int, days, score, rating,
    percent, references: request references separated by "; ", linked on the pages)."""

    label: str
    kind: str = "text"


@dataclass
class Chart:
    """How a table is drawn: bars or a line, from the label column and value columns."""

    kind: str
    values: tuple[int, ...] = (1,)


@dataclass
class Table:
    """One table of the report: its name (the XLSX sheet), caption, columns and rows."""

    name: str
    title: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    chart: Chart | None = None
    description: str = ""
    # The staff queue's filters that list each row's requests (the pages link a row to them).
    filters: list[dict[str, Any]] | None = None


def cell_text(value: Any, kind: str = "text") -> str:
    """A value as every format shows it to people (blank when there is none)."""
    if value is None or value == "":
        return ""
    if kind == "days":
        return f"{value:.1f}"
    if kind == "score":
        return f"{value:.3f}"
    if kind == "rating":
        return f"{value:.2f}"
    if kind == "percent":
        return f"{value * 100:.0f}%"
    return str(value)


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
