"""The registry's spreadsheet layout, shared by imports, exports and the template: its columns,
and reading a CSV or XLSX file into the profile data of each row (the README documents the
columns)."""

import csv
import io
import json
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from openpyxl import load_workbook

from ..catalogue import N_
from ..exceptions import ServiceError

# (column, what it holds): the layout of the template, of exports and of imports. The exported
# files keep the English descriptions; the import page translates them where it shows them.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("email", N_("required; one profile per address")),
    ("name", N_("required; in Latin script")),
    ("native_name", N_("the name in the expert's own script")),
    ("title", N_("position or title")),
    ("affiliation", N_("institution")),
    ("country", N_("required; ISO 3166-1 alpha-3 code, e.g. CHN")),
    ("province", N_("province or state")),
    ("orcid", N_("ORCID iD, e.g. 0000-0002-1825-0097 (the check digit is verified)")),
    ("languages", N_("ISO 639-1 codes separated by semicolons, e.g. en; zh")),
    ("tags", N_("taxonomy tag names (or aliases) separated by semicolons, at most 15")),
    ("targets", N_("KMGBF target numbers separated by semicolons, e.g. 2; 3")),
    ("availability", N_("available, limited or unavailable (default available)")),
    ("unavailable_until", N_("YYYY-MM-DD, for an unavailable expert")),
    ("max_assignments", N_("most assignments at the same time, 0 to 20 (default 3)")),
    ("public", N_("yes or no: listed in the public directory (default no)")),
    ("bio", N_("expertise and experience")),
    ("publications", N_('JSON list: [{"title": ..., "year": ..., "url": ..., "abstract": ...}]')),
)
# Exported for information, ignored on import: vetting and verification are not imported.
READ_ONLY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("status", N_("exported only: pending, active or inactive (imported profiles start pending)")),
    ("verified_at", N_("exported only: when the expert last confirmed the profile")),
)
COLUMN_NAMES = tuple(name for name, _description in COLUMNS)
REQUIRED_COLUMNS = ("email", "name", "country")
LIST_SEPARATOR = ";"
# Cells a spreadsheet program would run as formulas are quoted in CSV exports.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell_text(value: Any) -> str:
    """A spreadsheet cell as text, the same whether it came from CSV or XLSX."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _unquote(text: str) -> str:
    if text.startswith("'") and text[1:2] and text[1] in FORMULA_STARTS:
        return text[1:]
    return text


def read_table(content: bytes, filename: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the non-empty rows (with their spreadsheet row numbers) of a CSV or
    XLSX file."""
    if filename.lower().endswith(".xlsx"):
        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a file that is not XLSX
            raise ServiceError(
                _("%(file)s is not a readable XLSX workbook", file=filename)
            ) from error
        sheet = workbook["experts"] if "experts" in workbook.sheetnames else workbook.worksheets[0]
        table = [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
        workbook.close()
    elif filename.lower().endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ServiceError(
                _("%(file)s is not UTF-8 text: save the CSV as UTF-8", file=filename)
            ) from error
        table = [[_unquote(cell) for cell in row] for row in csv.reader(io.StringIO(text))]
    else:
        raise ServiceError(_("the file must be a .csv or an .xlsx spreadsheet"))
    if not table:
        raise ServiceError(_("%(file)s is empty", file=filename))
    header = [name.strip().lower() for name in table[0]]
    rows = [
        (number, row)
        for number, row in enumerate(table[1:], start=2)
        if any(cell.strip() for cell in row)
    ]
    return header, rows


def check_header(header: list[str]) -> None:
    """Refuse a header row with a required column missing, an unknown column or one twice."""
    known = set(COLUMN_NAMES) | {name for name, _description in READ_ONLY_COLUMNS}
    unknown = [name for name in header if name and name not in known]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    problems = []
    if missing:
        problems.append(_("missing required columns: %(columns)s", columns=", ".join(missing)))
    if unknown:
        problems.append(
            _("unknown columns: %(columns)s (see the template)", columns=", ".join(unknown))
        )
    if len(set(filter(None, header))) != len([name for name in header if name]):
        problems.append(_("a column appears twice"))
    if problems:
        raise ServiceError(_("the header row is wrong: %(problems)s", problems="; ".join(problems)))


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace(",", LIST_SEPARATOR).split(LIST_SEPARATOR)]


def parse_row(cells: dict[str, str]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The profile data of one row (only the columns the file has), and the cells that cannot
    be read at all as (column, reason)."""
    data: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for column, text in cells.items():
        if column not in COLUMN_NAMES:
            continue
        text = text.strip()
        if column == "languages":
            data[column] = [part for part in _split(text) if part]
        elif column == "tags":
            data[column] = [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]
        elif column == "targets":
            parts = [part for part in _split(text) if part]
            if all(part.isascii() and part.isdigit() for part in parts):
                data[column] = [int(part) for part in parts]
            else:
                problems.append(
                    (column, _("%(text)r: target numbers separated by semicolons", text=text))
                )
        elif column == "max_assignments":
            if not text:
                data[column] = 3
            elif text.isascii() and text.isdigit():
                data[column] = int(text)
            else:
                problems.append((column, _("%(text)r is not a whole number", text=text)))
        elif column == "public":
            answer = text.lower()
            if answer in ("yes", "y", "true", "1", "no", "n", "false", "0", ""):
                data[column] = answer in ("yes", "y", "true", "1")
            else:
                problems.append((column, _("%(text)r: write yes or no", text=text)))
        elif column == "publications":
            try:
                publications = json.loads(text) if text else []
            except ValueError:
                publications = None
            if not isinstance(publications, list) or not all(
                isinstance(item, dict) for item in publications
            ):
                problems.append((column, _('not a JSON list of publications ([{"title": ...}])')))
            else:
                data[column] = publications
        else:
            data[column] = text
    return data, problems
