"""Expert profiles: creating, editing, vetting and verifying them with the same rules for the
pages, the API, imports and seeds. Every change writes an audit event and marks the profile's
stored embedding stale, so that the matcher embeds it again."""

import logging
import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from ..accounts.services import normalise_email
from ..audit.services import record_event
from ..database import utcnow
from ..exceptions import PermissionDenied, ValidationError
from ..extensions import db
from ..taxonomy.models import Party, Tag
from ..taxonomy.services import get_targets, resolve_tags, suggest_tags
from ..taxonomy.vocabulary import is_language_code
from .models import AVAILABILITIES, MAX_TAGS, STATUSES, Expert, Publication

if TYPE_CHECKING:
    from ..accounts.models import User

logger = logging.getLogger(__name__)

ORCID_PATTERN = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
TEXT_LIMITS = {
    "name": 200,
    "native_name": 200,
    "title": 120,
    "affiliation": 250,
    "province": 120,
    "bio": 5000,
}
# Only staff change these: the address is the expert's identity, the status is vetting.
STAFF_ONLY_FIELDS = ("email", "status")


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


def can_edit(expert: Expert, actor: "User | None") -> bool:
    """Staff edit every profile; an expert only their own."""
    return actor is not None and (actor.is_staff or actor.expert_id == expert.id)


def _ensure_can_edit(expert: Expert, actor: "User | None") -> None:
    if not can_edit(expert, actor):
        raise PermissionDenied("you can only change your own profile")


def _ensure_staff(actor: "User | None") -> None:
    if actor is None or not actor.is_staff:
        raise PermissionDenied("only the centre's staff can do this")


def check_publication(row: dict[str, Any], label: str = "the publication") -> dict[str, Any]:
    """A publication's cleaned fields (title, abstract, year, url), or a ValidationError."""
    title = (row.get("title") or "").strip()
    if not title:
        raise ValidationError.on("title", f"{label} needs a title")
    if len(title) > 400:
        raise ValidationError.on("title", f"{label}: a title has at most 400 characters")
    year = row.get("year")
    if year in ("", None):
        year = None
    elif isinstance(year, str) and year.strip().isdigit():
        year = int(year)
    if year is not None and not (isinstance(year, int) and 1900 <= year <= 2100):
        raise ValidationError.on("year", f"{label}: the year {year!r} is not between 1900 and 2100")
    url = (row.get("url") or "").strip()
    if url and not re.match(r"^https?://\S+$", url):
        raise ValidationError.on("url", f"{label}: {url!r} is not a web address (http...)")
    return {
        "title": title,
        "abstract": (row.get("abstract") or "").strip(),
        "year": year,
        "url": url,
    }


def _check_tags(names: list[str], refuse, known: dict[str, Tag] | None) -> list[Tag]:
    tags, unknown = resolve_tags(names, known)
    for name in unknown:
        suggestions = suggest_tags(name, limit=3, known=known)
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        refuse("tags", f'"{name}" is not in the taxonomy{hint}')
    if len(tags) > MAX_TAGS:
        refuse("tags", f"at most {MAX_TAGS} tags, so that they stay meaningful ({len(tags)} given)")
    return tags


def _parse_date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip())


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
            other = get_expert_by_email(values["email"])
            if other is not None and other is not expert:
                refuse("email", f"an expert with {values['email']} exists already")
    for field, limit in TEXT_LIMITS.items():
        if given(field):
            values[field] = str(data.get(field) or "").strip()
            if len(values[field]) > limit:
                refuse(field, f"at most {limit} characters")
    if given("name") and not values["name"]:
        refuse("name", "a name is required")
    if given("country"):
        values["country_code"] = str(data.get("country") or "").strip().upper()
        if not db.session.get(Party, values["country_code"] or "-"):
            refuse(
                "country", f"{values['country_code'] or 'nothing'} is not an ISO 3166 alpha-3 code"
            )
    if given("languages"):
        values["languages"] = [str(code).strip().lower() for code in data.get("languages") or []]
        bad = [code for code in values["languages"] if not is_language_code(code)]
        if bad:
            refuse("languages", f"not ISO 639-1 language codes: {', '.join(bad)}")
    if given("availability"):
        values["availability"] = data.get("availability") or "available"
        if values["availability"] not in AVAILABILITIES:
            refuse("availability", f"availability is one of {', '.join(AVAILABILITIES)}")
    if given("unavailable_until") or "availability" in values:
        try:
            until = _parse_date(data.get("unavailable_until"))
        except ValueError:
            refuse("unavailable_until", "not a date (YYYY-MM-DD)")
        else:
            # A date only means something for an unavailable expert.
            available = values.get("availability", expert and expert.availability)
            values["unavailable_until"] = until if available == "unavailable" else None
    if given("status"):
        values["status"] = data.get("status") or "pending"
        if values["status"] not in STATUSES:
            refuse("status", f"status is one of {', '.join(STATUSES)}")
    if given("max_assignments"):
        values["max_assignments"] = data.get("max_assignments", 3)
        number = values["max_assignments"]
        if isinstance(number, bool) or not isinstance(number, int) or not 0 <= number <= 20:
            refuse("max_assignments", "the maximum number of assignments is between 0 and 20")
    if given("public"):
        values["is_public"] = bool(data.get("public", False))
    if given("orcid"):
        values["orcid"] = str(data.get("orcid") or "").strip().upper() or None
        if values["orcid"] and not is_valid_orcid(values["orcid"]):
            refuse("orcid", f"{values['orcid']} is not a valid ORCID iD (form or check digit)")
        elif values["orcid"]:
            other = db.session.scalar(select(Expert).where(Expert.orcid == values["orcid"]))
            if other is not None and other is not expert:
                refuse("orcid", f"{values['orcid']} is on another expert's profile")
    if given("tags"):
        values["tags"] = _check_tags(list(data.get("tags") or []), refuse, known_tags)
    if given("targets"):
        try:
            values["targets"] = get_targets([int(n) for n in data.get("targets") or []])
        except (TypeError, ValueError):
            refuse("targets", "KMGBF targets are numbers from 1 to 23")
        except ValidationError as error:
            refuse("targets", error.message)
    if given("publications"):
        values["publications"] = []
        for index, row in enumerate(data.get("publications") or [], start=1):
            try:
                values["publications"].append(check_publication(row, f"publication {index}"))
            except ValidationError as error:
                refuse("publications", error.message)
            except AttributeError:
                refuse("publications", f"publication {index} is not a record with a title")
    if errors:
        raise ValidationError("the expert profile has errors: " + ", ".join(errors), errors)
    return values


def _comparable(expert: Expert, field: str) -> Any:
    value = getattr(expert, field)
    if field == "tags":
        return sorted(tag.id for tag in value)
    if field == "targets":
        return sorted(target.number for target in value)
    if field == "publications":
        return [(p.title, p.abstract, p.year, p.url) for p in value]
    if field == "languages":
        return sorted(value)
    return value


def _new_comparable(field: str, value: Any) -> Any:
    if field == "tags":
        return sorted(tag.id for tag in value)
    if field == "targets":
        return sorted(target.number for target in value)
    if field == "publications":
        return [(p["title"], p["abstract"], p["year"], p["url"]) for p in value]
    if field == "languages":
        return sorted(set(value))
    return value


def _assign(expert: Expert, field: str, value: Any) -> None:
    if field == "publications":
        expert.publications = [Publication(**row) for row in value]
    else:
        setattr(expert, field, value)


def mark_stale(expert: Expert) -> None:
    """Note that the profile changed, so its stored embedding must be computed again."""
    expert.embedding_stale = True


def create_expert(data: dict[str, Any], actor: "User | None") -> Expert:
    """Add an expert profile after checking every field (pending unless a status is given);
    writes an audit event."""
    return insert_profile(check_profile(data), actor)


def insert_profile(values: dict[str, Any], actor: "User | None") -> Expert:
    """Add a profile from values checked by check_profile; writes an audit event."""
    expert = Expert(embedding_stale=True)
    for field, value in values.items():
        _assign(expert, field, value)
    db.session.add(expert)
    record_event("expert.created", expert, actor, note=expert.name, to_state=expert.status)
    logger.info("expert %s created by %s", expert.email, actor)
    return expert


def update_expert(expert: Expert, data: dict[str, Any], actor: "User | None") -> list[str]:
    """Change the fields present in `data`; returns the names of the fields that changed.
    An expert saving their own profile also confirms it is current."""
    _ensure_can_edit(expert, actor)
    if not actor.is_staff:
        for field in STAFF_ONLY_FIELDS:
            wanted = str(data.get(field) or "").strip().lower()
            if field in data and wanted != str(getattr(expert, field)).lower():
                raise ValidationError.on(field, f"only staff change the {field} of a profile")
    changed = apply_profile(expert, check_profile(data, expert), actor)
    if actor.expert_id == expert.id:
        _mark_verified(expert)
    return changed


def apply_profile(expert: Expert, values: dict[str, Any], actor: "User | None") -> list[str]:
    """Write values checked by check_profile (the status aside) to a profile; returns the
    fields that changed. The caller has checked that the actor may (the importer, say)."""
    values = {field: value for field, value in values.items() if field != "status"}
    changed = [
        field
        for field, value in values.items()
        if _comparable(expert, field) != _new_comparable(field, value)
    ]
    for field in changed:
        _assign(expert, field, values[field])
    if changed:
        mark_stale(expert)
        record_event("expert.updated", expert, actor, data={"fields": changed})
        logger.info("expert %s updated by %s: %s", expert.email, actor, ", ".join(changed))
    return changed


def _mark_verified(expert: Expert) -> None:
    expert.verified_at = utcnow()
    expert.reminded_at = None


def confirm_profile_current(expert: Expert, actor: "User") -> Expert:
    """The expert confirms that their profile is current (resets the verification clock)."""
    if actor.expert_id != expert.id:
        raise PermissionDenied("only the expert themself can confirm that a profile is current")
    _mark_verified(expert)
    record_event("expert.verified", expert, actor)
    return expert


def set_expert_status(expert: Expert, status: str, actor: "User", note: str = "") -> Expert:
    """Vetting: staff activate a pending profile, or deactivate one; only active profiles are
    matched or listed."""
    _ensure_staff(actor)
    if status not in STATUSES:
        raise ValidationError.on("status", f"status is one of {', '.join(STATUSES)}")
    if status != expert.status:
        before = expert.status
        expert.status = status
        mark_stale(expert)
        record_event(
            "expert.status_changed", expert, actor, from_state=before, to_state=status, note=note
        )
        logger.info("expert %s %s -> %s by %s", expert.email, before, status, actor)
    return expert


def add_publication(expert: Expert, data: dict[str, Any], actor: "User") -> Publication:
    """Add a publication to a profile."""
    _ensure_can_edit(expert, actor)
    publication = Publication(**check_publication(data))
    expert.publications.append(publication)
    mark_stale(expert)
    db.session.flush()
    record_event(
        "expert.publication_added",
        expert,
        actor,
        note=publication.title,
        data={"publication_id": publication.id},
    )
    return publication


def update_publication(publication: Publication, data: dict[str, Any], actor: "User") -> bool:
    """Change a publication; returns whether anything changed."""
    expert = publication.expert
    _ensure_can_edit(expert, actor)
    values = check_publication(data)
    changed = [field for field, value in values.items() if getattr(publication, field) != value]
    for field in changed:
        setattr(publication, field, values[field])
    if changed:
        mark_stale(expert)
        record_event(
            "expert.publication_changed",
            expert,
            actor,
            note=publication.title,
            data={"publication_id": publication.id, "fields": changed},
        )
    return bool(changed)


def remove_publication(publication: Publication, actor: "User") -> None:
    """Take a publication off its profile."""
    expert = publication.expert
    _ensure_can_edit(expert, actor)
    record_event(
        "expert.publication_removed",
        expert,
        actor,
        note=publication.title,
        data={"publication_id": publication.id},
    )
    expert.publications.remove(publication)
    mark_stale(expert)
    db.session.flush()
