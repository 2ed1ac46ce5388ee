"""What the help desk's services share: who may see a request, and saving under its version."""

from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from ...exceptions import Conflict, NotFound, ValidationError
from ...extensions import db

if TYPE_CHECKING:
    from ...accounts.models import User
    from ..models import CooperationRequest


class TransitionRefused(ValidationError):
    """The workflow has no such move from the current state (HTTP 422)."""

    code = "transition_not_allowed"


def can_see(request: "CooperationRequest", user: "User") -> bool:
    """Whether a user may see a request: staff see every submitted one, a Party's focal points
    their Party's (drafts included), an expert the requests they were invited to."""
    if user.role == "party":
        return user.party_code == request.party_code
    if request.status == "draft":
        return False
    if user.is_staff:
        return True
    return user.expert_id is not None and any(
        a.expert_id == user.expert_id for a in request.assignments
    )


def ensure_visible(request: "CooperationRequest", user: "User") -> None:
    """Refuse, as not found, a request the user may not see."""
    if not can_see(request, user):
        reference = request.reference or request.id
        raise NotFound(_("there is no request %(reference)s for you", reference=reference))


def ensure_version(request: "CooperationRequest", version: int | None) -> None:
    """Refuse an action based on an older version of the request than the stored one."""
    if version is not None and version != request.version:
        raise Conflict(
            _(
                "%(reference)s was changed by someone else (it is at version %(current)d, you "
                "had %(yours)d): reload it and try again",
                reference=request.reference,
                current=request.version,
                yours=version,
            ),
            {"version": [_("the current version is %(current)d", current=request.version)]},
        )


def save(request: "CooperationRequest") -> None:
    """Flush the request's changes; an UPDATE that lost the race to another one is a Conflict."""
    reference = request.reference
    try:
        db.session.flush()
    except StaleDataError as error:
        raise Conflict(
            _(
                "%(reference)s was changed by someone else at the same time: reload it and try "
                "again",
                reference=reference,
            )
        ) from error
