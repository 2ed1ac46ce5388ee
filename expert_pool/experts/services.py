"""Expert profiles: creating them with the same rules for the forms, the API, imports and seeds."""

import logging
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from ..accounts.services import normalise_email
from ..audit.services import record_event
from ..exceptions import ValidationError
from ..extensions import db
from ..taxonomy.models import Party
from ..taxonomy.services import get_tags_by_name, get_targets
from ..taxonomy.vocabulary import is_language_code
from .models import AVAILABILITIES, MAX_TAGS, STATUSES, Expert, Publication

if TYPE_CHECKING:
    from ..accounts.models import User

logger = logging.getLogger(__name__)

ORCID_PATTERN = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")


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


def get_expert_by_email(email: str) -> Expert | None:
    """The expert with this email address, if any."""
    return db.session.scalar(select(Expert).where(Expert.email == email.strip().lower()))


def _clean_publications(rows: list[dict[str, Any]]) -> list[Publication]:
    publications = []
    for index, row in enumerate(rows, start=1):
        title = (row.get("title") or "").strip()
        if not title:
            raise ValidationError.on("publications", f"publication {index} needs a title")
        year = row.get("year")
        if year is not None and not (isinstance(year, int) and 1900 <= year <= 2100):
            raise ValidationError.on("publications", f"publication {index}: year {year!r}")
        publications.append(
            Publication(
                title=title,
                abstract=(row.get("abstract") or "").strip(),
                year=year,
                url=(row.get("url") or "").strip(),
            )
        )
    return publications


def _collect(errors: dict[str, list[str]], load: Callable[[], list]) -> list:
    """The result of `load`, or an empty list with its validation errors added to `errors`."""
    try:
        return load()
    except ValidationError as error:
        for field, messages in error.fields.items():
            errors.setdefault(field, []).extend(messages)
        return []


def create_expert(data: dict[str, Any], actor: "User | None") -> Expert:
    """Add an expert profile after checking every field; writes an audit event."""
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    email = "".join(_collect(errors, lambda: [normalise_email(data.get("email") or "")]))
    if email and get_expert_by_email(email):
        refuse("email", f"an expert with {email} exists already")
    name = (data.get("name") or "").strip()
    if not name:
        refuse("name", "a name is required")
    country = (data.get("country") or "").upper()
    if not db.session.get(Party, country):
        refuse("country", f"{country or 'nothing'} is not an ISO 3166 alpha-3 country code")
    languages = [code.lower() for code in data.get("languages", [])]
    bad_languages = [code for code in languages if not is_language_code(code)]
    if bad_languages:
        refuse("languages", f"not ISO 639-1 language codes: {', '.join(bad_languages)}")
    availability = data.get("availability", "available")
    if availability not in AVAILABILITIES:
        refuse("availability", f"availability must be one of {', '.join(AVAILABILITIES)}")
    status = data.get("status", "pending")
    if status not in STATUSES:
        refuse("status", f"status must be one of {', '.join(STATUSES)}")
    max_assignments = data.get("max_assignments", 3)
    if not isinstance(max_assignments, int) or not 0 <= max_assignments <= 20:
        refuse("max_assignments", "the maximum number of assignments is between 0 and 20")
    orcid = (data.get("orcid") or "").strip().upper() or None
    if orcid and not is_valid_orcid(orcid):
        refuse("orcid", f"{orcid} is not a valid ORCID iD")
    tag_names = data.get("tags", [])
    if len(tag_names) > MAX_TAGS:
        refuse("tags", f"at most {MAX_TAGS} tags")
    tags = _collect(errors, lambda: get_tags_by_name(tag_names))
    targets = _collect(errors, lambda: get_targets(data.get("targets", [])))
    publications = _collect(errors, lambda: _clean_publications(data.get("publications", [])))
    if errors:
        raise ValidationError("the expert profile has errors", errors)

    expert = Expert(
        email=email,
        name=name,
        native_name=(data.get("native_name") or "").strip(),
        title=(data.get("title") or "").strip(),
        affiliation=(data.get("affiliation") or "").strip(),
        country_code=country,
        province=(data.get("province") or "").strip(),
        orcid=orcid,
        bio=(data.get("bio") or "").strip(),
        availability=availability,
        max_assignments=max_assignments,
        is_public=bool(data.get("public", False)),
        status=status,
        tags=tags,
        targets=targets,
        publications=publications,
    )
    expert.languages = languages
    db.session.add(expert)
    record_event("expert.created", expert, actor, note=name)
    logger.info("expert %s created by %s", email, actor)
    return expert
