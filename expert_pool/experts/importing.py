"""Importing the expert registry from CSV or XLSX spreadsheets (experts.spreadsheet reads them).

Every row is checked with the same rules as the profile form (experts.validation.check_profile)
before anything is written; likely duplicates (same email, same ORCID iD, or the same person's
name in the same country) are reported and never imported twice. Export then import with
update changes nothing. The column layout is documented in the README.
"""

import logging
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..exceptions import ValidationError
from ..extensions import db
from ..taxonomy.services import tag_lookup
from .models import Expert
from .services import apply_profile, insert_profile
from .spreadsheet import check_header, parse_row, read_table
from .validation import check_profile

if TYPE_CHECKING:
    from ..accounts.models import User

logger = logging.getLogger(__name__)

# token_sort_ratio at or above this, in the same country, is taken for the same person:
# "Zhang Wei" and "Wei Zhang" score 100, "Wang Fang" and "Wang Fan" 94.
NAME_MATCH_SCORE = 95


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
        found = _(
            "%(rows)d rows: %(bad)d with errors, %(duplicates)d likely duplicates, %(new)d new, "
            "%(matched)d matching experts in the pool to update.",
            rows=self.rows,
            bad=len(self.bad_rows),
            duplicates=len(self.duplicates),
            new=self.to_create,
            matched=self.to_update,
        )
        if not self.written:
            return _("%(found)s Nothing was written.", found=found)
        return _(
            "%(found)s Written: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.",
            found=found,
            created=self.created,
            updated=self.updated,
            unchanged=self.unchanged,
        )


@dataclass
class _Planned:
    row: int
    data: dict[str, Any]
    values: dict[str, Any]
    expert: Expert | None = None


def _no_progress(items: Iterable, **_options) -> Iterable:
    return items


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
            return (*self.by_email[email], _("same email %(email)s", email=email))
        if orcid and orcid in self.by_orcid:
            return (*self.by_orcid[orcid], _("same ORCID iD %(orcid)s", orcid=orcid))
        wanted = normalise_name(name)
        for known, expert_id, row in self.by_country.get(country, []):
            if fuzz.token_sort_ratio(wanted, known) >= NAME_MATCH_SCORE:
                reason = _("same name in %(country)s (%(name)s)", country=country, name=name)
                return expert_id, row, reason
        return None


def _describe(expert_id: int | None, row: int | None, experts: dict[int, Expert]) -> str:
    if expert_id is not None:
        expert = experts[expert_id]
        return _(
            "expert %(id)d %(name)s <%(email)s>", id=expert_id, name=expert.name, email=expert.email
        )
    return _("row %(number)d", number=row)


def _pool() -> dict[int, Expert]:
    """Every expert of the pool, with what a profile check and an update read."""
    query = select(Expert).options(
        selectinload(Expert.tags),
        selectinload(Expert.targets),
        selectinload(Expert.language_rows),
        selectinload(Expert.publications),
    )
    return {expert.id: expert for expert in db.session.scalars(query)}


class _Planner:
    """The check of an import's rows, one after the other, against the pool and the rows
    before: what it found goes to the report, what can be written to `planned`."""

    def __init__(self, report: ImportReport, update: bool) -> None:
        self.report, self.update = report, update
        self.experts = _pool()
        self.people = _People()
        for expert in self.experts.values():
            self.people.add(
                expert.email, expert.orcid, expert.name, expert.country_code, expert.id, None
            )
        self.known_tags = tag_lookup()
        self.planned: list[_Planned] = []
        self.claimed: dict[int, int] = {}  # expert id -> the row that updates it

    def check(self, number: int, data: dict[str, Any], problems: list) -> None:
        """Check one row (its cells parsed into `data`, with the cells' `problems`)."""
        email = str(data.get("email", "")).strip().lower()
        orcid = str(data.get("orcid", "")).strip().upper() or None
        country = str(data.get("country", "")).strip().upper()
        match = self.people.find(email, orcid, data.get("name", ""), country) if email else None
        expert = self.experts[match[0]] if match and match[0] is not None else None
        if expert is not None and expert.id in self.claimed:
            match = (None, self.claimed[expert.id], match[2])
            expert = None
        if match and (expert is None or not self.update):
            if not problems:
                self._duplicate(number, data.get("name", ""), match)
            return
        if expert is not None and expert.email != email:
            data.pop("email", None)  # matched by name or ORCID: the pool's address stays
        try:
            values = check_profile(data, expert, known_tags=self.known_tags)
        except ValidationError as error:
            for column, messages in error.fields.items():
                self.report.errors.extend(RowError(number, column, m) for m in messages)
            return
        if problems:
            return
        if expert is None:
            self.people.add(email, orcid, data.get("name", ""), country, None, number)
        else:
            self.claimed[expert.id] = number
        self.planned.append(_Planned(number, data, values, expert))

    def _duplicate(self, number: int, name: str, match: tuple) -> None:
        who = _describe(*match[:2], self.experts)
        self.report.duplicates.append(
            Duplicate(
                number,
                name,
                _("%(reason)s: likely the same person as %(who)s", reason=match[2], who=who),
                expert_id=match[0],
                same_as_row=match[1],
            )
        )


def plan_import(
    header: list[str],
    rows: list[tuple[int, list[str]]],
    *,
    update: bool = False,
    progress: Callable = _no_progress,
) -> tuple[ImportReport, list[_Planned]]:
    """Check every row and find duplicates, writing nothing: the report, and the rows that can
    be written (new profiles, and with `update` the matched experts to update)."""
    check_header(header)
    report = ImportReport(rows=len(rows))
    planner = _Planner(report, update)
    for number, cells in progress(rows, desc="checking", unit="row"):
        data, problems = parse_row(dict(zip(header, cells, strict=False)))
        report.errors.extend(RowError(number, column, message) for column, message in problems)
        planner.check(number, data, problems)
    report.errors.sort(key=lambda error: error.row)
    report.to_create = sum(1 for plan in planner.planned if plan.expert is None)
    report.to_update = len(planner.planned) - report.to_create
    return report, planner.planned


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
