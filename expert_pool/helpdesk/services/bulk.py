"""The staff queue's moves on several requests at once: each request goes through the same
service as on its own page, with the same checks, and the batch is all or nothing: one refusal
and nothing is changed, every refusal said with its request's reference."""

import logging

from flask_babel import gettext as _
from sqlalchemy import select

from ...accounts.models import User
from ...catalogue import N_
from ...exceptions import Conflict, ServiceError, ValidationError
from ...extensions import db
from ...roles import ensure_staff
from ..models import CooperationRequest
from .ownership import set_owner
from .requests import apply_action

logger = logging.getLogger(__name__)

# The moves of the queue: give the requests an owner, close delivered requests.
BULK_MOVES = ("assign", "close")
# What a refused move says before each request's reason.
REFUSED = {
    "assign": N_(
        "nothing was changed: %(refused)d of the %(chosen)d requests chosen cannot take that owner"
    ),
    "close": N_(
        "nothing was changed: %(refused)d of the %(chosen)d requests chosen cannot be closed"
    ),
}
# The most requests one move takes (a page of the queue at most).
BULK_LIMIT = 100


def act_on_requests(
    references: list[str], move: str, actor: User, *, owner_id: int | None = None
) -> list[CooperationRequest]:
    """Take one move on each of the requests named (staff): "assign" gives them to the staff
    member `owner_id` (None: to nobody), "close" closes delivered requests. All or nothing: the
    requests changed, or a refusal naming each request that could not be moved, and why."""
    ensure_staff(actor, _("only the centre's staff act on several requests at once"))
    if move not in BULK_MOVES:
        raise ValidationError.on("move", _("choose to assign an owner or to close"))
    references = list(dict.fromkeys(r.strip() for r in references if r and r.strip()))
    if not references:
        raise ValidationError.on("references", _("choose one or more requests"))
    if len(references) > BULK_LIMIT:
        raise ValidationError.on(
            "references", _("choose at most %(limit)d requests at once", limit=BULK_LIMIT)
        )
    found = {
        r.reference: r
        for r in db.session.scalars(
            select(CooperationRequest).where(CooperationRequest.reference.in_(references))
        )
    }
    refusals: dict[str, list[str]] = {}
    done = []
    for reference in references:
        request = found.get(reference)
        try:
            if request is None:
                raise ValidationError(_("there is no such request"))
            if move == "assign":
                set_owner(request, owner_id, actor)
            else:
                apply_action(request, "close", actor)
        except Conflict:
            raise  # the session cannot go on after a stale write: the whole move is refused
        except ServiceError as error:
            refusals[reference] = [
                _("%(reference)s: %(problem)s", reference=reference, problem=error.message)
            ]
        else:
            done.append(request)
    if refusals:
        raise ValidationError(
            _(REFUSED[move], refused=len(refusals), chosen=len(references)), refusals
        )
    logger.info("%s: %s on %s", actor, move, ", ".join(references))
    return done
