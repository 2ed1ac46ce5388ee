"""What the help desk's services share: the refusal of a move, and saving under the version."""

from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from ...exceptions import Conflict, ValidationError
from ...extensions import db

if TYPE_CHECKING:
    from ..models import CooperationRequest


class TransitionRefused(ValidationError):
    """The workflow has no such move from the current state (HTTP 422)."""

    code = "transition_not_allowed"


def ensure_known_action(action: str, known: tuple[str, ...]) -> None:
    """Refuse, on the action field, a word that is none of the table's actions."""
    if action not in known:
        raise ValidationError.on(
            "action",
            _(
                "%(action)r is not an action; the actions are %(known)s",
                action=action,
                known=", ".join(known),
            ),
        )


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
