"""Importing and exporting the expert registry as CSV or XLSX spreadsheets.

Every row is checked with the same rules as the profile form (experts.services.check_profile)
before anything is written; likely duplicates (same email, same ORCID iD, or the same person's
name in the same country) are reported and never imported twice. Export then import with
update changes nothing. The column layout is documented in the README.
"""

import csv
import io
import json
import logging
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from openpyxl import load_workbook
from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..exceptions import ServiceError, ValidationError
from ..extensions import db
from ..taxonomy.services import tag_lookup
from .models import Expert
from .services import apply_profile, check_profile, insert_profile

if TYPE_CHECKING:
    from ..accounts.models import User

logger = logging.getLogger(__name__)

# (column, what it holds): the layout of the template, of exports and of imports.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("email", "required; one profile per address"),
    ("name", "required; in Latin script"),
    ("native_name", "the name in the expert's own script"),
    ("title", "position or title"),
    ("affiliation", "institution"),
    ("country", "required; ISO 3166-1 alpha-3 code, e.g. CHN"),
    ("province", "province or state"),
    ("orcid", "ORCID iD, e.g. 0000-0002-1825-0097 (the check digit is verified)"),
    ("languages", "ISO 639-1 codes separated by semicolons, e.g. en; zh"),
    ("tags", "taxonomy tag names (or aliases) separated by semicolons, at most 15"),
    ("targets", "KMGBF target numbers separated by semicolons, e.g. 2; 3"),
    ("availability", "available, limited or unavailable (default available)"),
    ("unavailable_until", "YYYY-MM-DD, for an unavailable expert"),
    ("max_assignments", "most assignments at the same time, 0 to 20 (default 3)"),
    ("public", "yes or no: listed in the public directory (default no)"),
    ("bio", "expertise and experience"),
    ("publications", 'JSON list: [{"title": ..., "year": ..., "url": ..., "abstract": ...}]'),
)
# Exported for information, ignored on import: vetting and verification are not imported.
READ_ONLY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("status", "exported only: pending, active or inactive (imported profiles start pending)"),
    ("verified_at", "exported only: when the expert last confirmed the profile"),
)
COLUMN_NAMES = tuple(name for name, _ in COLUMNS)
REQUIRED_COLUMNS = ("email", "name", "country")
LIST_SEPARATOR = ";"
# token_sort_ratio at or above this, in the same country, is taken for the same person:
# "Zhang Wei" and "Wei Zhang" score 100, "Wang Fang" and "Wang Fan" 94.
NAME_MATCH_SCORE = 95
# Cells a spreadsheet program would run as formulas are quoted in CSV exports.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class RowError:
    """A problem with one cell of the file (row numbers as the spreadsheet shows them)."""

    row: int
    column: str
    message: str


@dataclass
class Duplicate:
    """A row that is likely someone already in the pool or earlier in the file."""

    row: int
    name: str
    reason: str
    expert_id: int | None = None
    same_as_row: int | None = None


@dataclass
class ImportReport:
    """What an import found and, when it wrote, what it did."""

    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    to_create: int = 0
    to_update: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    written: bool = False

    @property
    def bad_rows(self) -> list[int]:
        """The numbers of the rows with errors."""
        return sorted({error.row for error in self.errors})

    def summary(self) -> str:
        """One sentence for the command line and the page."""
        found = (
            f"{self.rows} rows: {len(self.bad_rows)} with errors, "
            f"{len(self.duplicates)} likely duplicates, {self.to_create} new, "
            f"{self.to_update} matching experts in the pool to update."
        )
        if not self.written:
            return found + " Nothing was written."
        return (
            found + f" Written: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged."
        )


@dataclass
class _Planned:
    row: int
    data: dict[str, Any]
    values: dict[str, Any]
    expert: Expert | None = None


def _no_progress(items: Iterable, **_options) -> Iterable:
    return items


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
            raise ServiceError(f"{filename} is not a readable XLSX workbook") from error
        sheet = workbook["experts"] if "experts" in workbook.sheetnames else workbook.worksheets[0]
        table = [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
        workbook.close()
    elif filename.lower().endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ServiceError(f"{filename} is not UTF-8 text: save the CSV as UTF-8") from error
        table = [[_unquote(cell) for cell in row] for row in csv.reader(io.StringIO(text))]
    else:
        raise ServiceError("the file must be a .csv or an .xlsx spreadsheet")
    if not table:
        raise ServiceError(f"{filename} is empty")
    header = [name.strip().lower() for name in table[0]]
    rows = [
        (number, row)
        for number, row in enumerate(table[1:], start=2)
        if any(cell.strip() for cell in row)
    ]
    return header, rows


def _check_header(header: list[str]) -> None:
    known = set(COLUMN_NAMES) | {name for name, _ in READ_ONLY_COLUMNS}
    unknown = [name for name in header if name and name not in known]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    problems = []
    if missing:
        problems.append(f"missing required columns: {', '.join(missing)}")
    if unknown:
        problems.append(f"unknown columns: {', '.join(unknown)} (see the template)")
    if len(set(filter(None, header))) != len([name for name in header if name]):
        problems.append("a column appears twice")
    if problems:
        raise ServiceError("the header row is wrong: " + "; ".join(problems))


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
            if all(part.isdigit() for part in parts):
                data[column] = [int(part) for part in parts]
            else:
                problems.append((column, f"{text!r}: target numbers separated by semicolons"))
        elif column == "max_assignments":
            if not text:
                data[column] = 3
            elif text.isdigit():
                data[column] = int(text)
            else:
                problems.append((column, f"{text!r} is not a whole number"))
        elif column == "public":
            answer = text.lower()
            if answer in ("yes", "y", "true", "1", "no", "n", "false", "0", ""):
                data[column] = answer in ("yes", "y", "true", "1")
            else:
                problems.append((column, f"{text!r}: write yes or no"))
        elif column == "publications":
            try:
                publications = json.loads(text) if text else []
            except ValueError:
                publications = None
            if not isinstance(publications, list) or not all(
                isinstance(item, dict) for item in publications
            ):
                problems.append((column, 'not a JSON list of publications ([{"title": ...}])'))
            else:
                data[column] = publications
        else:
            data[column] = text
    return data, problems


def normalise_name(name: str) -> str:
    """A name for comparison: accents, case and punctuation removed."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


class _People:
    """Who is known so far (the pool, then the rows read), to spot the same person again."""

    def __init__(self) -> None:
        self.by_email: dict[str, tuple[int | None, int | None]] = {}
        self.by_orcid: dict[str, tuple[int | None, int | None]] = {}
        self.by_country: dict[str, list[tuple[str, int | None, int | None]]] = {}

    def add(self, email: str, orcid: str | None, name: str, country: str, expert_id, row) -> None:
        self.by_email.setdefault(email, (expert_id, row))
        if orcid:
            self.by_orcid.setdefault(orcid, (expert_id, row))
        self.by_country.setdefault(country, []).append((normalise_name(name), expert_id, row))

    def find(self, email: str, orcid: str | None, name: str, country: str):
        """(expert id, row, reason) of the first likely match, or None."""
        if email in self.by_email:
            return (*self.by_email[email], f"same email {email}")
        if orcid and orcid in self.by_orcid:
            return (*self.by_orcid[orcid], f"same ORCID iD {orcid}")
        wanted = normalise_name(name)
        for known, expert_id, row in self.by_country.get(country, []):
            if fuzz.token_sort_ratio(wanted, known) >= NAME_MATCH_SCORE:
                return expert_id, row, f"same name in {country} ({name})"
        return None


def _describe(expert_id: int | None, row: int | None, experts: dict[int, Expert]) -> str:
    if expert_id is not None:
        expert = experts[expert_id]
        return f"expert {expert_id} {expert.name} <{expert.email}>"
    return f"row {row}"


def plan_import(
    header: list[str],
    rows: list[tuple[int, list[str]]],
    *,
    update: bool = False,
    progress: Callable = _no_progress,
) -> tuple[ImportReport, list[_Planned]]:
    """Check every row and find duplicates, writing nothing: the report, and the rows that can
    be written (new profiles, and with `update` the matched experts to update)."""
    _check_header(header)
    report = ImportReport(rows=len(rows))
    experts = {
        expert.id: expert
        for expert in db.session.scalars(
            select(Expert).options(
                selectinload(Expert.tags),
                selectinload(Expert.targets),
                selectinload(Expert.language_rows),
                selectinload(Expert.publications),
            )
        )
    }
    people = _People()
    for expert in experts.values():
        people.add(expert.email, expert.orcid, expert.name, expert.country_code, expert.id, None)
    known_tags = tag_lookup()
    planned: list[_Planned] = []
    claimed: dict[int, int] = {}  # expert id -> the row that updates it
    for number, cells in progress(rows, desc="checking", unit="row"):
        data, problems = parse_row(dict(zip(header, cells, strict=False)))
        report.errors.extend(RowError(number, column, message) for column, message in problems)
        email = str(data.get("email", "")).strip().lower()
        orcid = str(data.get("orcid", "")).strip().upper() or None
        country = str(data.get("country", "")).strip().upper()
        match = people.find(email, orcid, data.get("name", ""), country) if email else None
        expert = experts[match[0]] if match and match[0] is not None else None
        if expert is not None and expert.id in claimed:
            match = (None, claimed[expert.id], match[2])
            expert = None
        if match and (expert is None or not update):
            if not problems:
                report.duplicates.append(
                    Duplicate(
                        number,
                        data.get("name", ""),
                        f"{match[2]}: likely the same person as {_describe(*match[:2], experts)}",
                        expert_id=match[0],
                        same_as_row=match[1],
                    )
                )
            continue
        if expert is not None and expert.email != email:
            data.pop("email", None)  # matched by name or ORCID: the pool's address stays
        try:
            values = check_profile(data, expert, known_tags=known_tags)
        except ValidationError as error:
            for column, messages in error.fields.items():
                report.errors.extend(RowError(number, column, message) for message in messages)
            continue
        if problems:
            continue
        if expert is None:
            people.add(email, orcid, data.get("name", ""), country, None, number)
        else:
            claimed[expert.id] = number
        planned.append(_Planned(number, data, values, expert))
    report.errors.sort(key=lambda error: error.row)
    report.to_create = sum(1 for plan in planned if plan.expert is None)
    report.to_update = len(planned) - report.to_create
    return report, planned


def import_experts(
    content: bytes,
    filename: str,
    actor: "User | None",
    *,
    update: bool = False,
    skip_invalid: bool = False,
    dry_run: bool = False,
    progress: Callable = _no_progress,
) -> ImportReport:
    """Import a CSV or XLSX file of experts. Nothing is written on a dry run, nor when a row has
    errors unless `skip_invalid`; new profiles are pending until staff activate them. The
    caller commits."""
    header, rows = read_table(content, filename)
    report, planned = plan_import(header, rows, update=update, progress=progress)
    if dry_run or (report.errors and not skip_invalid):
        return report
    for plan in progress(planned, desc="writing", unit="row"):
        if plan.expert is None:
            insert_profile(plan.values, actor)
            report.created += 1
        elif apply_profile(plan.expert, plan.values, actor):
            report.updated += 1
        else:
            report.unchanged += 1
    db.session.flush()
    report.written = True
    logger.info("import of %s by %s: %s", filename, actor, report.summary())
    return report
