"""Checking an expert profile's fields, with the same rules for the pages, the API, imports and
seeds: each problem is named on the field it concerns."""

import re
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from ..database import max_length
from ..dates import parse_date
from ..emails import normalise_email
from ..exceptions import ValidationError
from ..extensions import db
from ..taxonomy.models import Party, Tag
from ..taxonomy.services import check_tag_names, get_targets
from ..validation import Problems
from .models import AVAILABILITIES, STATUSES, Expert

ORCID_PATTERN = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
TEXT_LIMITS = {
    field: max_length(getattr(Expert, field))
    for field in ("name", "native_name", "title", "affiliation", "province", "bio")
}


def is_valid_orcid(orcid: str) -> bool:
    """Whether an ORCID iD has the right form and check digit (ISO 7064 MOD 11-2)."""
    if not ORCID_PATTERN.match(orcid):
        return False
    digits = orcid.replace("-", "")
    total = 0
    for char in digits[:-1]:
        total = (total + int(char)) * 2
    check = (12 - total % 11) % 11
    return digits[-1] == ("X" if check == 10 else str(check))


def check_publication(row: dict[str, Any], label: str | None = None) -> dict[str, Any]:
    """A publication's cleaned fields (title, abstract, year, url), or a ValidationError."""
    label = label or _("the publication")
    title = (row.get("title") or "").strip()
    if not title:
        raise ValidationError.on("title", _("%(label)s needs a title", label=label))
    if len(title) > 400:
        raise ValidationError.on(
            "title", _("%(label)s: a title has at most 400 characters", label=label)
        )
    year = row.get("year")
    if year in ("", None):
        year = None
    elif isinstance(year, str) and year.strip().isascii() and year.strip().isdigit():
        year = int(year)
    if year is not None and not (isinstance(year, int) and 1900 <= year <= 2100):
        raise ValidationError.on(
            "year",
            _(
                "%(label)s: the year %(year)r is not between 1900 and 2100",
                label=label,
                year=year,
            ),
        )
    url = (row.get("url") or "").strip()
    if url and not re.match(r"^https?://\S+$", url):
        raise ValidationError.on(
            "url", _("%(label)s: %(url)r is not a web address (http...)", label=label, url=url)
        )
    return {
        "title": title,
        "abstract": (row.get("abstract") or "").strip(),
        "year": year,
        "url": url,
    }


def _is_taken(column: Any, value: str, expert: Expert | None) -> bool:
    """Whether a profile other than `expert` has this value in a column that must be unique."""
    other = db.session.scalar(select(Expert).where(column == value))
    return other is not None and other is not expert


class _Profile:
    """One profile's check: the fields given (all of them for a new profile), the values
    cleaned so far and the problems found."""

    def __init__(self, data: dict[str, Any], expert: Expert | None) -> None:
        self.data, self.expert = data, expert
        self.values: dict[str, Any] = {}
        self.problems = Problems()

    def given(self, field: str) -> bool:
        return self.expert is None or field in self.data

    def choice(self, field: str, allowed: tuple, default: str, message: str) -> None:
        """One of `allowed` (`default` when empty), when the field is given."""
        if self.given(field):
            value = self.data.get(field) or default
            self.values[field] = self.problems.one_of(field, value, allowed, message)

    def identity(self) -> None:
        """Email, texts, name, country and ORCID iD."""
        data, values, problems = self.data, self.values, self.problems
        if self.given("email"):
            with problems.catching("email"):
                values["email"] = normalise_email(data.get("email") or "")
                if _is_taken(Expert.email, values["email"], self.expert):
                    message = _("an expert with %(email)s exists already", email=values["email"])
                    problems.add("email", message)
        for field, limit in TEXT_LIMITS.items():
            if self.given(field):
                values[field] = problems.text(field, data.get(field), limit)
        if self.given("name") and not values["name"]:
            problems.add("name", _("a name is required"))
        if self.given("country"):
            code = values["country_code"] = str(data.get("country") or "").strip().upper()
            if not db.session.get(Party, code or "-"):
                if code:
                    message = _("%(code)s is not an ISO 3166 alpha-3 code", code=code)
                else:
                    message = _("nothing is not an ISO 3166 alpha-3 code")
                problems.add("country", message)
        if self.given("orcid"):
            orcid = values["orcid"] = str(data.get("orcid") or "").strip().upper() or None
            if orcid and not is_valid_orcid(orcid):
                message = _("%(orcid)s is not a valid ORCID iD (form or check digit)", orcid=orcid)
                problems.add("orcid", message)
            elif orcid and _is_taken(Expert.orcid, orcid, self.expert):
                problems.add("orcid", _("%(orcid)s is on another expert's profile", orcid=orcid))

    def availability(self) -> None:
        """Languages, availability (with its date), status, load limit and visibility."""
        data, values, problems = self.data, self.values, self.problems
        if self.given("languages"):
            values["languages"] = problems.languages("languages", data.get("languages"))
        choices = ", ".join(AVAILABILITIES)
        self.choice(
            "availability",
            AVAILABILITIES,
            "available",
            _("availability is one of %(values)s", values=choices),
        )
        if self.given("unavailable_until") or "availability" in values:
            try:
                until = parse_date(data.get("unavailable_until"))
            except ValueError:
                problems.add("unavailable_until", _("not a date (YYYY-MM-DD)"))
            else:
                # A date only means something for an unavailable expert.
                available = values.get("availability", self.expert and self.expert.availability)
                values["unavailable_until"] = until if available == "unavailable" else None
        choices = ", ".join(STATUSES)
        self.choice("status", STATUSES, "pending", _("status is one of %(values)s", values=choices))
        if self.given("max_assignments"):
            number = values["max_assignments"] = data.get("max_assignments", 3)
            if isinstance(number, bool) or not isinstance(number, int) or not 0 <= number <= 20:
                message = _("the maximum number of assignments is between 0 and 20")
                problems.add("max_assignments", message)
        if self.given("public"):
            values["is_public"] = bool(data.get("public", False))

    def expertise(self, known_tags: dict[str, Tag] | None) -> None:
        """Tags, KMGBF targets and publications."""
        data, values, problems = self.data, self.values, self.problems
        if self.given("tags"):
            values["tags"] = _check_tags(list(data.get("tags") or []), problems, known_tags)
        if self.given("targets"):
            try:
                values["targets"] = get_targets([int(n) for n in data.get("targets") or []])
            except (TypeError, ValueError):
                problems.add("targets", _("KMGBF targets are numbers from 1 to 23"))
            except ValidationError as error:
                problems.add("targets", error.message)
        if self.given("publications"):
            values["publications"] = []
            for index, row in enumerate(data.get("publications") or [], start=1):
                try:
                    label = _("publication %(number)d", number=index)
                    values["publications"].append(check_publication(row, label))
                except ValidationError as error:
                    problems.add("publications", error.message)
                except AttributeError:
                    message = _("publication %(number)d is not a record with a title", number=index)
                    problems.add("publications", message)


def _check_tags(names: list[str], problems: Problems, known: dict[str, Tag] | None) -> list[Tag]:
    tags, messages = check_tag_names(names, known)
    for message in messages:
        problems.add("tags", message)
    return tags


def check_profile(
    data: dict[str, Any], expert: Expert | None = None, known_tags: dict[str, Tag] | None = None
) -> dict[str, Any]:
    """The cleaned values of a profile's fields, or one ValidationError naming every problem.

    For a new profile (no `expert`) every field is read, with defaults; for an existing one
    only the fields present in `data`. `known_tags` (taxonomy.tag_lookup()) saves reading the
    taxonomy again when many profiles are checked.
    """
    profile = _Profile(data, expert)
    profile.identity()
    profile.availability()
    profile.expertise(known_tags)
    fields = ", ".join(profile.problems.fields)
    profile.problems.raise_if_any(_("the expert profile has errors: %(fields)s", fields=fields))
    return profile.values
