"""Invitations: inviting experts to a request, their answers, expiry and the end of the work."""

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from ...audit.services import record_event
from ...database import utcnow
from ...exceptions import Conflict, PermissionDenied, ValidationError
from ...extensions import db
from ..models import Assignment, CooperationRequest
from ..notices import announce_assignment, announce_invitation
from ..policy import answers_for
from ..sla import add_working_days
from ..workflow import (
    ASSIGNMENT_ACTIONS,
    ASSIGNMENT_LABELS,
    LOAD_STATES,
    STATE_LABELS,
    Transition,
    assignment_actions_from,
    assignment_roles_for,
    assignment_transition,
    guard_holds,
    started_while_asked,
    takes_experts,
    transitions_from,
)
from ._shared import TransitionRefused, ensure_known_action, ensure_version, save
from .moves import move_request

if TYPE_CHECKING:
    from ...accounts.models import User
    from ...experts.models import Expert

logger = logging.getLogger(__name__)

# Staff who invite someone ranked below this by the matcher say why.
TOP_CANDIDATES = 5


def _ensure_invitable(request: CooperationRequest, expert: "Expert") -> None:
    """The refusals of an invitation (after the staff and version checks): a request that takes
    no experts now, an inactive expert, an expert invited already."""
    if not takes_experts(request.status, request.asked_in):
        raise TransitionRefused.on(
            "status",
            _(
                "experts are invited once a request is accepted; %(reference)s is %(state)s",
                reference=request.reference,
                state=_(STATE_LABELS[request.status]),
            ),
        )
    if expert.status != "active":
        raise ValidationError.on(
            "expert_id", _("%(name)s is not an active expert of the pool", name=expert.name)
        )
    if any(a.expert_id == expert.id and a.status in LOAD_STATES for a in request.assignments):
        raise Conflict(
            _(
                "%(name)s is already invited to %(reference)s",
                name=expert.name,
                reference=request.reference,
            )
        )


def invite_expert(
    request: CooperationRequest,
    expert: "Expert",
    actor: "User",
    *,
    reason: str | None = "",
    match_score: float | None = None,
    match_rank: int | None = None,
    version: int | None = None,
    at: datetime | None = None,
) -> Assignment:
    """Invite an expert to work on an accepted request; the expert is emailed and has
    SLA_EXPERT_ANSWER_DAYS working days to answer."""
    if not actor.is_staff:
        raise PermissionDenied(_("only staff invite experts"))
    ensure_version(request, version)
    _ensure_invitable(request, expert)
    reason = (reason or "").strip()
    if match_rank is not None and match_rank > TOP_CANDIDATES and not reason:
        raise ValidationError.on(
            "reason",
            _("say why you invite a candidate outside the top %(top)d", top=TOP_CANDIDATES),
        )
    now = at or utcnow()
    assignment = Assignment(
        request=request,
        expert=expert,
        invited_by_id=actor.id,
        invite_reason=reason,
        match_score=match_score,
        match_rank=match_rank,
        invited_at=now,
        respond_by=add_working_days(now, current_app.config["SLA_EXPERT_ANSWER_DAYS"]),
    )
    db.session.add(assignment)
    # The first invitation meets the service level of that step; touching the request also
    # takes its version, so two staff acting at once cannot both succeed.
    request.due_at = None
    request.updated_at = now
    save(request)
    record_event(
        "assignment.invited",
        assignment,
        actor,
        request_id=request.id,
        to_state="invited",
        note=reason,
        data={"expert_id": expert.id, "expert": expert.name, "match_rank": match_rank},
        at=now,
    )
    logger.info("%s invited to %s by %s", expert.name, request.reference, actor)
    announce_invitation(assignment)
    return assignment


def _move(
    assignment: Assignment, action: str, target: str, actor: "User | None", reason: str, now
) -> None:
    """Change an invitation's state with its audit event and emails."""
    from_state = assignment.status
    assignment.status = target
    if action in ("accept", "decline", "expire"):
        assignment.responded_at = now
    if action == "decline":
        assignment.decline_reason = reason
    if action == "complete":
        assignment.completed_at = now
    elif action == "resume":
        assignment.completed_at = None
    record_event(
        f"assignment.{action}",
        assignment,
        actor,
        request_id=assignment.request_id,
        from_state=from_state,
        to_state=target,
        note=reason,
        data={"expert_id": assignment.expert_id, "expert": assignment.expert.name},
        at=now,
    )
    logger.info(
        "invitation %s of %s: %s -> %s by %s",
        assignment.id,
        assignment.expert.name,
        from_state,
        target,
        actor or "the system",
    )
    announce_assignment(assignment, action, actor)


def _ensure_answers(assignment: Assignment, action: str, actor: "User | None") -> Transition:
    """The table's row for this invitation action now, or the refusal: an unknown action, a
    role that never takes it, someone else's invitation, no such move from this state, the
    system doing what people do, a role not allowed in this state."""
    ensure_known_action(action, ASSIGNMENT_ACTIONS)
    if actor is not None:
        if actor.role not in assignment_roles_for(action):
            raise PermissionDenied(
                _("a %(role)s user cannot %(action)s an invitation", role=actor.role, action=action)
            )
        if not answers_for(assignment, actor):
            raise PermissionDenied(_("only the invited expert (or staff) answers an invitation"))
    row = assignment_transition(assignment.status, action)
    if row is None:
        role = actor.role if actor else "staff"
        possible = ", ".join(assignment_actions_from(assignment.status, role)) or _("nothing")
        raise TransitionRefused.on(
            "action",
            _(
                "%(action)s is not possible: the invitation is %(state)s (possible now: "
                "%(possible)s)",
                action=_(ASSIGNMENT_LABELS[action]).lower(),
                state=_(STATE_LABELS[assignment.status]),
                possible=possible,
            ),
        )
    if actor is None and row.roles:
        raise PermissionDenied(
            _("the system only expires invitations; people %(action)s them", action=action)
        )
    if actor is not None and actor.role not in row.roles:
        raise PermissionDenied(
            _("a %(role)s user cannot %(action)s an invitation", role=actor.role, action=action)
        )
    return row


def apply_assignment_action(
    assignment: Assignment,
    action: str,
    actor: "User | None",
    *,
    reason: str | None = "",
    at: datetime | None = None,
) -> Assignment:
    """Accept, decline (with a reason), complete or withdraw an invitation, as the invited
    expert or staff for them; `actor` None is the system expiring it. The first acceptance
    starts the work on the request (the table's "start" row); while the Party answers a question,
    the answer then leads to the work in progress."""
    row = _ensure_answers(assignment, action, actor)
    request = assignment.request
    reason = (reason or "").strip()
    if not guard_holds(
        row.guard, note=reason, request_state=request.status, asked_in=request.asked_in
    ):
        if row.guard == "has_reason":
            raise ValidationError.on("reason", _("say why you decline"))
        raise TransitionRefused.on(
            "action",
            _(
                "%(reference)s is %(state)s: it takes no experts now",
                reference=request.reference,
                state=_(STATE_LABELS[request.status]),
            ),
        )
    now = at or utcnow()
    _move(assignment, action, row.target, actor, reason, now)
    request.updated_at = now
    start = transitions_from(request.status, "start") if action == "accept" else []
    if start:
        move_request(
            request,
            start[0],
            actor,
            data={"expert_id": assignment.expert_id, "expert": assignment.expert.name},
            expert=assignment.expert,
            now=now,
        )
    elif action == "accept" and request.status == "info_requested":
        request.asked_in = started_while_asked(request.asked_in) or request.asked_in
    save(request)
    return assignment


def end_open_assignments(request: CooperationRequest, now: datetime) -> None:
    """Settle the invitations of a request that ended: when it closed, the accepted work is
    completed; the unanswered invitations (and, when it ended without work, the accepted
    ones) are withdrawn. The expert's load then counts it no longer."""
    for assignment in request.assignments:
        if assignment.status == "accepted" and request.status == "closed":
            _move(assignment, "complete", "completed", None, "", now)
        elif assignment.status in LOAD_STATES:
            _move(assignment, "withdraw", "withdrawn", None, "", now)


def resume_closed_work(request: CooperationRequest, closed_at: datetime, now: datetime) -> None:
    """Put back to work the experts whose assignments the request's closing completed, when
    staff reopen it."""
    for assignment in request.assignments:
        if assignment.status == "completed" and assignment.completed_at == closed_at:
            _move(assignment, "resume", "accepted", None, "", now)


def expire_invitations(now: datetime | None = None) -> list[Assignment]:
    """Expire the invitations left unanswered for ASSIGNMENT_EXPIRY_DAYS days."""
    now = now or utcnow()
    cutoff = now - timedelta(days=current_app.config["ASSIGNMENT_EXPIRY_DAYS"])
    stale = db.session.scalars(
        select(Assignment)
        .where(Assignment.status == "invited", Assignment.invited_at <= cutoff)
        .order_by(Assignment.id)
    ).all()
    for assignment in stale:
        apply_assignment_action(assignment, "expire", None, at=now)
    return list(stale)
