"""Expert profiles: creating, editing, vetting and verifying them with the same rules for the
pages, the API, imports and seeds. Every change writes an audit event and marks the profile's
stored embedding stale, so that the matcher embeds it again."""

import logging
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from sqlalchemy import select

from ..audit.services import record_event
from ..database import utcnow
from ..exceptions import PermissionDenied, ValidationError
from ..extensions import db
from ..roles import ensure_staff
from .models import STATUSES, Expert, Publication
from .validation import check_profile, check_publication

if TYPE_CHECKING:
    from ..accounts.models import User

logger = logging.getLogger(__name__)

# Only staff change these: the address is the expert's identity, the status is vetting.
STAFF_ONLY_FIELDS = ("email", "status")


def get_expert_by_email(email: str) -> Expert | None:
    """The expert with this email address, if any."""
    return db.session.scalar(select(Expert).where(Expert.email == email.strip().lower()))


def can_edit(expert: Expert, actor: "User | None") -> bool:
    """Staff edit every profile; an expert only their own."""
    return actor is not None and (actor.is_staff or actor.expert_id == expert.id)


def _ensure_can_edit(expert: Expert, actor: "User | None") -> None:
    if not can_edit(expert, actor):
        raise PermissionDenied(_("you can only change your own profile"))


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
                raise ValidationError.on(
                    field, _("only staff change the %(field)s of a profile", field=field)
                )
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
        raise PermissionDenied(_("only the expert themself can confirm that a profile is current"))
    _mark_verified(expert)
    record_event("expert.verified", expert, actor)
    return expert


def set_expert_status(expert: Expert, status: str, actor: "User", note: str = "") -> Expert:
    """Vetting: staff activate a pending profile, or deactivate one; only active profiles are
    matched or listed."""
    ensure_staff(actor)
    if status not in STATUSES:
        raise ValidationError.on(
            "status", _("status is one of %(values)s", values=", ".join(STATUSES))
        )
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
