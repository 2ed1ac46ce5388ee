"""Checking an expert profile's fields, with the same rules for the pages, the API, imports and
seeds: each problem is named on the field it concerns."""

import re
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from ..dates import parse_date
from ..emails import normalise_email
from ..exceptions import ValidationError
from ..extensions import db
from ..taxonomy.models import Party, Tag
from ..taxonomy.services import get_targets, resolve_tags, unknown_tag_message
from ..taxonomy.vocabulary import is_language_code
from .models import AVAILABILITIES, MAX_TAGS, STATUSES, Expert

ORCID_PATTERN = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
TEXT_LIMITS = {
    "name": 200,
    "native_name": 200,
    "title": 120,
    "affiliation": 250,
    "province": 120,
    "bio": 5000,
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
    elif isinstance(year, str) and year.strip().isdigit():
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


def _check_tags(names: list[str], refuse, known: dict[str, Tag] | None) -> list[Tag]:
    tags, unknown = resolve_tags(names, known)
    for name in unknown:
        refuse("tags", unknown_tag_message(name, known))
    if len(tags) > MAX_TAGS:
        refuse(
            "tags",
            _(
                "at most %(limit)d tags, so that they stay meaningful (%(count)d given)",
                limit=MAX_TAGS,
                count=len(tags),
            ),
        )
    return tags


def _is_taken(column: Any, value: str, expert: Expert | None) -> bool:
    """Whether a profile other than `expert` has this value in a column that must be unique."""
    other = db.session.scalar(select(Expert).where(column == value))
    return other is not None and other is not expert


def check_profile(
    data: dict[str, Any], expert: Expert | None = None, known_tags: dict[str, Tag] | None = None
) -> dict[str, Any]:
    """The cleaned values of a profile's fields, or one ValidationError naming every problem.

    For a new profile (no `expert`) every field is read, with defaults; for an existing one
    only the fields present in `data`. `known_tags` (taxonomy.tag_lookup()) saves reading the
    taxonomy again when many profiles are checked.
    """
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    def given(field: str) -> bool:
        return expert is None or field in data

    values: dict[str, Any] = {}
    if given("email"):
        try:
            values["email"] = normalise_email(data.get("email") or "")
        except ValidationError as error:
            refuse("email", error.message)
        else:
            if _is_taken(Expert.email, values["email"], expert):
                refuse("email", _("an expert with %(email)s exists already", email=values["email"]))
    for field, limit in TEXT_LIMITS.items():
        if given(field):
            values[field] = str(data.get(field) or "").strip()
            if len(values[field]) > limit:
                refuse(field, _("at most %(limit)d characters", limit=limit))
    if given("name") and not values["name"]:
        refuse("name", _("a name is required"))
    if given("country"):
        values["country_code"] = str(data.get("country") or "").strip().upper()
        if not db.session.get(Party, values["country_code"] or "-"):
            if values["country_code"]:
                message = _("%(code)s is not an ISO 3166 alpha-3 code", code=values["country_code"])
            else:
                message = _("nothing is not an ISO 3166 alpha-3 code")
            refuse("country", message)
    if given("languages"):
        values["languages"] = [str(code).strip().lower() for code in data.get("languages") or []]
        bad = [code for code in values["languages"] if not is_language_code(code)]
        if bad:
            refuse("languages", _("not ISO 639-1 language codes: %(codes)s", codes=", ".join(bad)))
    if given("availability"):
        values["availability"] = data.get("availability") or "available"
        if values["availability"] not in AVAILABILITIES:
            refuse(
                "availability",
                _("availability is one of %(values)s", values=", ".join(AVAILABILITIES)),
            )
    if given("unavailable_until") or "availability" in values:
        try:
            until = parse_date(data.get("unavailable_until"))
        except ValueError:
            refuse("unavailable_until", _("not a date (YYYY-MM-DD)"))
        else:
            # A date only means something for an unavailable expert.
            available = values.get("availability", expert and expert.availability)
            values["unavailable_until"] = until if available == "unavailable" else None
    if given("status"):
        values["status"] = data.get("status") or "pending"
        if values["status"] not in STATUSES:
            refuse("status", _("status is one of %(values)s", values=", ".join(STATUSES)))
    if given("max_assignments"):
        values["max_assignments"] = data.get("max_assignments", 3)
        number = values["max_assignments"]
        if isinstance(number, bool) or not isinstance(number, int) or not 0 <= number <= 20:
            refuse("max_assignments", _("the maximum number of assignments is between 0 and 20"))
    if given("public"):
        values["is_public"] = bool(data.get("public", False))
    if given("orcid"):
        values["orcid"] = str(data.get("orcid") or "").strip().upper() or None
        if values["orcid"] and not is_valid_orcid(values["orcid"]):
            refuse(
                "orcid",
                _(
                    "%(orcid)s is not a valid ORCID iD (form or check digit)",
                    orcid=values["orcid"],
                ),
            )
        elif values["orcid"] and _is_taken(Expert.orcid, values["orcid"], expert):
            refuse("orcid", _("%(orcid)s is on another expert's profile", orcid=values["orcid"]))
    if given("tags"):
        values["tags"] = _check_tags(list(data.get("tags") or []), refuse, known_tags)
    if given("targets"):
        try:
            values["targets"] = get_targets([int(n) for n in data.get("targets") or []])
        except (TypeError, ValueError):
            refuse("targets", _("KMGBF targets are numbers from 1 to 23"))
        except ValidationError as error:
            refuse("targets", error.message)
    if given("publications"):
        values["publications"] = []
        for index, row in enumerate(data.get("publications") or [], start=1):
            try:
                label = _("publication %(number)d", number=index)
                values["publications"].append(check_publication(row, label))
            except ValidationError as error:
                refuse("publications", error.message)
            except AttributeError:
                refuse(
                    "publications",
                    _("publication %(number)d is not a record with a title", number=index),
                )
    if errors:
        raise ValidationError(
            _("the expert profile has errors: %(fields)s", fields=", ".join(errors)), errors
        )
    return values
