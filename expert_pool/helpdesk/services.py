"""Cooperation requests: creating and submitting them, and moving them through the workflow.

Every function adds and flushes; the caller (route, API handler, CLI command, seeder) commits.
"""

import logging
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from flask import current_app
from sqlalchemy import func, select

from ..audit.services import record_event
from ..database import utcnow
from ..exceptions import Conflict, PermissionDenied, ValidationError
from ..extensions import db
from ..taxonomy.services import get_tags_by_name, get_targets
from ..taxonomy.vocabulary import THEMATIC_AREAS, is_language_code
from .models import Assignment, Comment, CooperationRequest
from .workflow import (
    ASSIGNMENT_TRANSITIONS,
    INVITABLE_STATES,
    LEVELS,
    REQUEST_TYPES,
    URGENCIES,
    Transition,
    transitions_from,
)

if TYPE_CHECKING:
    from ..accounts.models import User
    from ..experts.models import Expert

logger = logging.getLogger(__name__)

TEXT_FIELDS = (
    "problem_statement",
    "institution",
    "national_priorities",
    "beneficiaries",
    "expected_outputs",
    "existing_initiatives",
    "other_programmes",
)


def _parse_date(value: Any, field: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as error:
        raise ValidationError.on(field, f"{value!r} is not a date (YYYY-MM-DD)") from error


def _validated_fields(data: dict[str, Any]) -> dict[str, Any]:
    """Check a request's fields; every problem is reported against its field at once."""
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    values: dict[str, Any] = {field: (data.get(field) or "").strip() for field in TEXT_FIELDS}
    values["title"] = (data.get("title") or "").strip()
    if not values["title"]:
        refuse("title", "a title is required")
    elif len(values["title"]) > 250:
        refuse("title", "a title has at most 250 characters")
    for field, allowed, default in (
        ("type", REQUEST_TYPES, None),
        ("urgency", URGENCIES, "normal"),
        ("level", LEVELS, "national"),
    ):
        values[field] = data.get(field) or default
        if values[field] not in allowed:
            refuse(field, f"{field} must be one of {', '.join(allowed)}")
    languages = [code.lower() for code in data.get("languages", [])]
    bad = [code for code in languages if not is_language_code(code)]
    if bad:
        refuse("languages", f"not ISO 639-1 language codes: {', '.join(bad)}")
    values["languages"] = languages
    areas = list(data.get("thematic_areas", []))
    unknown = [area for area in areas if area not in THEMATIC_AREAS]
    if unknown:
        refuse("thematic_areas", f"unknown thematic areas: {', '.join(unknown)}")
    values["thematic_areas"] = areas
    for field in ("wanted_by", "start_date", "end_date"):
        try:
            values[field] = _parse_date(data.get(field), field)
        except ValidationError as error:
            errors.update(error.fields)
            values[field] = None
    if values["start_date"] and values["end_date"] and values["end_date"] < values["start_date"]:
        refuse("end_date", "the end comes before the start")
    targets = data.get("targets", [])
    if not targets:
        refuse("targets", "name at least one KMGBF target")
    for field, load in (
        ("targets", lambda: get_targets(targets)),
        ("tags", lambda: get_tags_by_name(data.get("tags", []))),
    ):
        try:
            values[field] = load()
        except ValidationError as error:
            errors.update(error.fields)
    if errors:
        raise ValidationError("the request has errors", errors)
    return values


def create_request(data: dict[str, Any], actor: "User", at: datetime | None = None):
    """Save a party's request as a draft of their own Party; returns it."""
    if actor.role != "party" or not actor.party_code:
        raise PermissionDenied("only a Party's focal point submits requests for their Party")
    values = _validated_fields(data)
    request = CooperationRequest(party_code=actor.party_code, submitted_by=actor, status="draft")
    for field, value in values.items():
        setattr(request, field, value)
    if at is not None:
        request.created_at = at
    db.session.add(request)
    db.session.flush()
    record_event("request.created", request, actor, request_id=request.id, to_state="draft", at=at)
    return request


def next_reference(year: int) -> tuple[int, str]:
    """The next sequence number of a year and its reference, like TSCC-2026-0042."""
    last = db.session.scalar(
        select(func.max(CooperationRequest.reference_seq)).where(
            CooperationRequest.reference_year == year
        )
    )
    seq = (last or 0) + 1
    return seq, f"{current_app.config['REFERENCE_PREFIX']}-{year}-{seq:04d}"


def _ensure_can_act_for(request: CooperationRequest, actor: "User") -> None:
    if actor.role == "party" and actor.party_code != request.party_code:
        raise PermissionDenied("this request belongs to another Party")
    if actor.role == "expert" and not any(
        a.expert_id == actor.expert_id and a.status in ("accepted", "completed")
        for a in request.assignments
    ):
        raise PermissionDenied("only an expert working on this request may do that")


def _guard_holds(transition: Transition, request: CooperationRequest, params: dict) -> bool:
    has_accepted = any(a.status in ("accepted", "completed") for a in request.assignments)
    return {
        None: True,
        "has_reason": bool(params.get("note")),
        "has_note": bool(params.get("note")),
        "has_rating": params.get("rating") in (1, 2, 3, 4, 5),
        "has_accepted_assignment": has_accepted,
        "no_accepted_assignment": not has_accepted,
    }[transition.guard]


GUARD_MESSAGES = {
    "has_reason": ("note", "give a reason"),
    "has_note": ("note", "write a note"),
    "has_rating": ("rating", "give a rating from 1 to 5"),
}


def apply_action(
    request: CooperationRequest,
    action: str,
    actor: "User",
    *,
    note: str = "",
    rating: int | None = None,
    version: int | None = None,
    at: datetime | None = None,
) -> CooperationRequest:
    """Move a request by one action of the transition table, with its audit event."""
    if version is not None and version != request.version:
        raise Conflict(
            f"{request.reference} was changed by someone else (version {request.version}, "
            f"you had {version}): reload it and try again"
        )
    rows = transitions_from(request.status, action)
    if not rows:
        raise Conflict(f"{action} is not possible while the request is {request.status}")
    if actor.role not in rows[0].roles:
        raise PermissionDenied(f"a {actor.role} user cannot {action} a request")
    _ensure_can_act_for(request, actor)
    params = {"note": note.strip(), "rating": rating}
    holding = [row for row in rows if _guard_holds(row, request, params)]
    if not holding:
        field, message = GUARD_MESSAGES.get(rows[0].guard, ("action", "not allowed now"))
        raise ValidationError.on(field, message)
    transition = holding[0]
    from_state = request.status
    request.status = transition.target
    now = at or utcnow()
    if action == "submit":
        request.submitted_at = now
        request.reference_year = now.year
        request.reference_seq, request.reference = next_reference(now.year)
    if action == "confirm":
        request.rating = rating
        request.feedback = params["note"]
    if transition.target == "closed":
        request.closed_at = now
    elif from_state == "closed":
        request.closed_at = None
    db.session.flush()
    record_event(
        f"request.{action}",
        request,
        actor,
        request_id=request.id,
        from_state=from_state,
        to_state=request.status,
        note=params["note"],
        data={"rating": rating} if rating else None,
        at=now,
    )
    logger.info(
        "%s %s: %s -> %s by %s", action, request.reference, from_state, request.status, actor
    )
    return request


def submit_request(request: CooperationRequest, actor: "User", at: datetime | None = None):
    """Submit a draft: it gets its reference and enters the staff queue."""
    return apply_action(request, "submit", actor, at=at)


def invite_expert(
    request: CooperationRequest,
    expert: "Expert",
    actor: "User",
    *,
    reason: str = "",
    at: datetime | None = None,
) -> Assignment:
    """Invite an expert to work on an accepted request."""
    if not actor.is_staff:
        raise PermissionDenied("only staff invite experts")
    if request.status not in INVITABLE_STATES:
        raise Conflict(f"experts are invited once a request is accepted, not {request.status}")
    if any(
        a.expert_id == expert.id and a.status in ("invited", "accepted")
        for a in request.assignments
    ):
        raise Conflict(f"{expert.name} is already invited to {request.reference}")
    assignment = Assignment(
        request=request, expert=expert, invited_by_id=actor.id, invite_reason=reason.strip()
    )
    if at is not None:
        assignment.invited_at = at
    db.session.add(assignment)
    db.session.flush()
    record_event(
        "assignment.invited",
        assignment,
        actor,
        request_id=request.id,
        to_state="invited",
        note=reason,
        data={"expert_id": expert.id},
        at=at,
    )
    return assignment


def apply_assignment_action(
    assignment: Assignment,
    action: str,
    actor: "User | None",
    *,
    reason: str = "",
    at: datetime | None = None,
) -> Assignment:
    """Accept, decline, expire, complete or withdraw an invitation; the first acceptance starts
    the work on the request. `actor` None means the system (an expiry)."""
    target = ASSIGNMENT_TRANSITIONS.get((assignment.status, action))
    if target is None:
        raise Conflict(f"an invitation that is {assignment.status} cannot be {action}ed")
    if actor is not None and not actor.is_staff and actor.expert_id != assignment.expert_id:
        raise PermissionDenied("only the invited expert (or staff) answers an invitation")
    if action == "decline" and not reason.strip():
        raise ValidationError.on("reason", "say why you decline")
    now = at or utcnow()
    from_state = assignment.status
    assignment.status = target
    if action in ("accept", "decline", "expire"):
        assignment.responded_at = now
    if action == "decline":
        assignment.decline_reason = reason.strip()
    if action == "complete":
        assignment.completed_at = now
    request = assignment.request
    record_event(
        f"assignment.{action}",
        assignment,
        actor,
        request_id=request.id,
        from_state=from_state,
        to_state=target,
        note=reason,
        data={"expert_id": assignment.expert_id},
        at=now,
    )
    if action == "accept" and request.status == "accepted":
        request.status = "in_progress"
        db.session.flush()
        record_event(
            "request.started",
            request,
            actor,
            request_id=request.id,
            from_state="accepted",
            to_state="in_progress",
            note=f"{assignment.expert.name} accepted",
            at=now,
        )
    return assignment


def add_comment(
    request: CooperationRequest,
    author: "User",
    body: str,
    *,
    internal: bool = False,
    at: datetime | None = None,
) -> Comment:
    """Add a comment; only staff write internal ones."""
    body = body.strip()
    if not body:
        raise ValidationError.on("body", "write something")
    if internal and not author.is_staff:
        raise PermissionDenied("only staff write internal comments")
    _ensure_can_comment(request, author)
    comment = Comment(request=request, author=author, body=body, is_internal=internal)
    if at is not None:
        comment.created_at = at
    db.session.add(comment)
    db.session.flush()
    record_event(
        "comment.added",
        comment,
        author,
        request_id=request.id,
        data={"internal": internal},
        at=at,
    )
    return comment


def _ensure_can_comment(request: CooperationRequest, author: "User") -> None:
    if author.role == "party" and author.party_code != request.party_code:
        raise PermissionDenied("this request belongs to another Party")
    if author.role == "expert" and not any(
        a.expert_id == author.expert_id for a in request.assignments
    ):
        raise PermissionDenied("only an expert invited to this request may comment on it")
