"""Moving a request by one row of the transition table: its state, its service-level clock, its
audit event and its emails, the same for a person's action and the system's."""

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

from flask import current_app

from ...audit.services import record_event
from ..models import CooperationRequest
from ..notices import announce_transition
from ..sla import add_working_days, resume_deadline
from ..workflow import RESUME, Transition, resolved_target
from ._shared import save

if TYPE_CHECKING:
    from ...accounts.models import User
    from ...experts.models import Expert

logger = logging.getLogger(__name__)


def _move_clock(
    request: CooperationRequest, from_state: str, row: Transition, now: datetime
) -> None:
    """Set the service-level deadline of the step that staff owe next."""
    config = current_app.config
    target = request.status
    if target == "info_requested":
        request.sla_paused_at = now
        return
    if row.target == RESUME:
        request.due_at = resume_deadline(request.due_at, request.sla_paused_at or now, now)
    elif target == "submitted":
        request.due_at = add_working_days(now, config["SLA_SCREEN_DAYS"])
    elif target == "accepted" and not request.assignments:
        request.due_at = add_working_days(now, config["SLA_FIRST_INVITATION_DAYS"])
    else:
        request.due_at = None
    request.sla_paused_at = None


def move_request(
    request: CooperationRequest,
    row: Transition,
    actor: "User | None",
    *,
    note: str = "",
    data: dict[str, Any] | None = None,
    expert: "Expert | None" = None,
    now: datetime,
) -> None:
    """Apply a row the caller has checked: the new state and clock, saved under the request's
    version, one audit event and the emails. `expert`: the one whose work the move is about."""
    from_state = request.status
    request.status = resolved_target(row, request.asked_in)
    request.asked_in = from_state if request.status == "info_requested" else None
    if request.status == "closed":
        request.closed_at = now
    elif from_state == "closed":
        request.closed_at = None
    _move_clock(request, from_state, row, now)
    save(request)
    record_event(
        f"request.{row.action}",
        request,
        actor,
        request_id=request.id,
        from_state=from_state,
        to_state=request.status,
        note=note,
        data=data,
        at=now,
    )
    logger.info(
        "%s %s: %s -> %s by %s",
        row.action,
        request.reference,
        from_state,
        request.status,
        actor or "the system",
    )
    announce_transition(request, row.action, actor, note, expert=expert)
