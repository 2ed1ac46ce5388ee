"""Staff work on a submitted request outside the workflow table: who owns it, and corrections of
the fields that drive the matching (topics, targets, type, languages), audited and told to the
Party. The candidates are ranked from the stored fields, so they follow the correction."""

import logging
from typing import Any

from flask_babel import gettext as _

from ...accounts.models import User
from ...audit.services import record_event
from ...exceptions import ValidationError
from ...extensions import db
from ...roles import STAFF_ROLES, ensure_staff
from ..models import CooperationRequest
from ..notices import announce_correction
from ..policy import ensure_visible
from ..workflow import ENDED_STATES
from ._shared import ensure_version, save
from .requests import TEXT_FIELDS, _validated_fields

logger = logging.getLogger(__name__)

# The fields staff may correct on a submitted request.
CORRECTABLE = ("tags", "targets", "type", "languages")


def _staff_member(user_id: int | None) -> User | None:
    """The active staff member with this id (None for nobody), or a refusal on `owner`."""
    if user_id is None:
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.is_active or user.role not in STAFF_ROLES:
        raise ValidationError.on(
            "owner", _("%(id)s is not an active member of the staff", id=user_id)
        )
    return user


def set_owner(
    request: CooperationRequest, owner_id: int | None, actor: User, version: int | None = None
) -> CooperationRequest:
    """Give the request to the staff member with this id (None: to nobody), under the version
    the actor read."""
    ensure_staff(actor, _("only the centre's staff take ownership of requests"))
    ensure_visible(request, actor)
    ensure_version(request, version)
    owner = _staff_member(owner_id)
    if request.owner_id == owner_id:
        return request
    before = request.owner.name or request.owner.email if request.owner else None
    request.owner = owner
    save(request)
    record_event(
        "request.owner",
        request,
        actor,
        request_id=request.id,
        data={
            "from": before,
            "owner": (owner.name or owner.email) if owner else None,
            "owner_id": owner.id if owner else None,
        },
    )
    logger.info("%s owned by %s, set by %s", request.reference, owner, actor)
    return request


def _fields_of(request: CooperationRequest) -> dict[str, Any]:
    """A request's fields as a service is given them."""
    data: dict[str, Any] = {field: getattr(request, field) for field in TEXT_FIELDS}
    for field in ("title", "type", "urgency", "level", "wanted_by", "start_date", "end_date"):
        data[field] = getattr(request, field)
    data["languages"] = request.languages
    data["thematic_areas"] = request.thematic_areas
    data["targets"] = [t.number for t in request.targets]
    data["tags"] = [t.name for t in request.tags]
    return data


def _shown(field: str, value: Any) -> Any:
    if field == "tags":
        return [t.name for t in value]
    if field == "targets":
        return [t.number for t in value]
    return value


def correct_request(
    request: CooperationRequest,
    changes: dict[str, Any],
    actor: User,
    version: int | None = None,
) -> CooperationRequest:
    """Correct the topics, targets, type or languages of a submitted request (checked like the
    request form); each change is audited and the Party is told."""
    ensure_staff(actor, _("only the centre's staff correct requests"))
    ensure_visible(request, actor)
    ensure_version(request, version)
    wanted = {field: changes[field] for field in CORRECTABLE if field in changes}
    if not wanted:
        return request
    if request.status in ENDED_STATES:
        raise ValidationError.on(
            "status", _("%(reference)s has ended: reopen it first", reference=request.reference)
        )
    values = _validated_fields({**_fields_of(request), **wanted})
    corrected = {}
    for field in wanted:
        before = _shown(field, getattr(request, field))
        after = _shown(field, values[field])
        if before != after:
            corrected[field] = {"from": before, "to": after}
            setattr(request, field, values[field])
    if not corrected:
        return request
    save(request)
    record_event(
        "request.corrected", request, actor, request_id=request.id, data={"changes": corrected}
    )
    logger.info("%s corrected by %s: %s", request.reference, actor, sorted(corrected))
    announce_correction(request, actor, corrected)
    return request
