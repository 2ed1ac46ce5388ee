"""Requests: drafting, submitting and moving them through the workflow table, each move with its
audit event, its service-level clock and its emails in the same transaction."""

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from ...audit.services import record_event
from ...catalogue import N_
from ...database import max_length, utcnow
from ...exceptions import PermissionDenied, ValidationError
from ...extensions import db
from ...taxonomy.services import get_tags_by_name, get_targets
from ...taxonomy.vocabulary import THEMATIC_AREAS
from ...validation import Problems
from ..models import CooperationRequest
from ..policy import ensure_visible, has_work, works_on
from ..workflow import (
    ACTION_LABELS,
    ENDED_STATES,
    GUARD_FIELDS,
    LEVELS,
    REQUEST_ACTIONS,
    REQUEST_TYPES,
    STATE_LABELS,
    URGENCIES,
    Transition,
    actions_from,
    guard_holds,
    roles_for,
    transitions_from,
)
from ._shared import TransitionRefused, ensure_known_action, ensure_version, save
from .assignments import end_open_assignments, resume_closed_work
from .moves import move_request

if TYPE_CHECKING:
    from ...accounts.models import User

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
# An arbitrary base for the PostgreSQL advisory lock that numbers one year's references.
REFERENCE_LOCK = 7_340_000


def _validated_fields(data: dict[str, Any]) -> dict[str, Any]:
    """Check a request's fields; every problem is reported against its field at once."""
    problems = Problems()
    values: dict[str, Any] = {
        field: problems.text(field, data.get(field), max_length(getattr(CooperationRequest, field)))
        for field in TEXT_FIELDS
    }
    values["title"] = problems.text(
        "title",
        data.get("title"),
        max_length(CooperationRequest.title),
        required=_("a title is required"),
    )
    for field, allowed, default in (
        ("type", REQUEST_TYPES, None),
        ("urgency", URGENCIES, "normal"),
        ("level", LEVELS, "national"),
    ):
        message = _("%(field)s must be one of %(values)s", field=field, values=", ".join(allowed))
        values[field] = problems.one_of(field, data.get(field) or default, allowed, message)
    values["languages"] = problems.languages("languages", data.get("languages", []))
    values["thematic_areas"] = areas = list(data.get("thematic_areas", []))
    if unknown := [area for area in areas if area not in THEMATIC_AREAS]:
        problems.add(
            "thematic_areas", _("unknown thematic areas: %(areas)s", areas=", ".join(unknown))
        )
    for field in ("wanted_by", "start_date", "end_date"):
        values[field] = problems.date(field, data.get(field))
    problems.dates_in_order(values["start_date"], values["end_date"])
    if not data.get("targets"):
        problems.add("targets", _("name at least one KMGBF target"))
    with problems.catching():
        values["targets"] = get_targets(data.get("targets", []))
    with problems.catching():
        values["tags"] = get_tags_by_name(data.get("tags", []))
    problems.raise_if_any(_("the request has errors"))
    return values


def _ensure_party_of(request: CooperationRequest | None, actor: "User") -> None:
    if actor.role != "party" or not actor.party_code:
        raise PermissionDenied(_("only a Party's focal point writes requests for their Party"))
    if request is not None:
        ensure_visible(request, actor)
        if request.status != "draft":
            raise TransitionRefused.on(
                "status", _("%(reference)s is submitted already", reference=request.reference)
            )


def create_request(
    data: dict[str, Any], actor: "User", at: datetime | None = None
) -> CooperationRequest:
    """Save a party's request as a draft of their own Party; returns it."""
    _ensure_party_of(None, actor)
    values = _validated_fields(data)
    request = CooperationRequest(party_code=actor.party_code, submitted_by=actor, status="draft")
    for field, value in values.items():
        setattr(request, field, value)
    if at is not None:
        request.created_at = at
    db.session.add(request)
    db.session.flush()
    record_event("request.created", request, actor, request_id=request.id, to_state="draft", at=at)
    logger.info("draft request %s created by %s", request.id, actor)
    return request


def update_draft(
    request: CooperationRequest, data: dict[str, Any], actor: "User"
) -> CooperationRequest:
    """Change the fields of a draft that has not been submitted yet."""
    _ensure_party_of(request, actor)
    for field, value in _validated_fields(data).items():
        setattr(request, field, value)
    save(request)
    record_event("request.edited", request, actor, request_id=request.id)
    logger.info("draft request %s edited by %s", request.id, actor)
    return request


def next_reference(year: int) -> tuple[int, str]:
    """The next sequence number of a year and its reference, like TSCC-2026-0042.

    On PostgreSQL a transaction-scoped advisory lock numbers concurrent submissions one after
    the other (SQLite allows one writer at a time anyway)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(func.pg_advisory_xact_lock(REFERENCE_LOCK + year)))
    last = db.session.scalar(
        select(func.max(CooperationRequest.reference_seq)).where(
            CooperationRequest.reference_year == year
        )
    )
    seq = (last or 0) + 1
    return seq, f"{current_app.config['REFERENCE_PREFIX']}-{year}-{seq:04d}"


def _ensure_may_act(request: CooperationRequest, action: str, actor: "User") -> None:
    """The role and ownership checks that do not depend on the request's state."""
    ensure_known_action(action, REQUEST_ACTIONS)
    ensure_visible(request, actor)
    if actor.role not in roles_for(action):
        allowed = " or ".join(sorted(roles_for(action)))
        raise PermissionDenied(
            _(
                "a %(role)s user cannot %(action)s a request; %(allowed)s can",
                role=actor.role,
                action=action,
                allowed=allowed,
            )
        )


def _refuse_from_state(request: CooperationRequest, action: str, actor: "User") -> None:
    possible = actions_from(request.status, actor.role)
    words = {
        "action": _(ACTION_LABELS[action]).lower(),
        "request": request.reference or _("the draft"),
        "state": _(STATE_LABELS[request.status]),
        "possible": ", ".join(possible),
    }
    if possible:
        message = _(
            "%(action)s is not possible while %(request)s is %(state)s; possible now: %(possible)s",
            **words,
        )
    else:
        message = _("%(action)s is not possible while %(request)s is %(state)s", **words)
    raise TransitionRefused.on("action", message)


def _ensure_row_for(request: CooperationRequest, action: str, actor: "User") -> list[Transition]:
    """The table's rows for this action now, or the refusal of a move the table does not have
    from this state or for this role (or for an expert not working on the request)."""
    rows = transitions_from(request.status, action)
    if not rows:
        _refuse_from_state(request, action, actor)
    if actor.role not in rows[0].roles:
        raise PermissionDenied(
            _(
                "a %(role)s user cannot %(action)s a request that is %(state)s",
                role=actor.role,
                action=action,
                state=_(STATE_LABELS[request.status]),
            )
        )
    if actor.role == "expert" and not works_on(request, actor):
        raise PermissionDenied(_("only an expert working on this request may do that"))
    return rows


def apply_action(
    request: CooperationRequest,
    action: str,
    actor: "User",
    *,
    note: str | None = "",
    rating: int | None = None,
    version: int | None = None,
    at: datetime | None = None,
) -> CooperationRequest:
    """Move a request by one action of the transition table, with its audit event and emails.

    Refusals, in this order: an unknown action or a bad value (422), a request the actor may
    not see (404), a role that never takes this action (403), a stale version (409), no such
    move from the current state (422), a role that may not take it in this state (403), a
    guard that does not hold (422 on its field)."""
    _ensure_may_act(request, action, actor)
    ensure_version(request, version)
    rows = _ensure_row_for(request, action, actor)
    note = (note or "").strip()
    facts = {"note": note, "rating": rating, "has_work": has_work(request)}
    holding = [row for row in rows if guard_holds(row.guard, **facts)]
    if not holding:
        field, message = GUARD_FIELDS.get(
            rows[0].guard, ("action", N_("not possible now to %(action)s"))
        )
        raise ValidationError.on(field, _(message, action=_(ACTION_LABELS[action]).lower()))
    now = at or utcnow()
    if action == "submit":  # numbered before any change, so that no autoflush comes first
        request.reference_seq, request.reference = next_reference(now.year)
        request.reference_year = now.year
        request.submitted_at = now
    if action == "confirm":
        request.rating = rating
        request.feedback = note
    closed_at = request.closed_at
    from_state = request.status
    move_request(
        request,
        holding[0],
        actor,
        note=note,
        data={"rating": rating} if action == "confirm" else None,
        now=now,
    )
    if request.status in ENDED_STATES:
        end_open_assignments(request, now)
    elif from_state == "closed" and closed_at is not None:
        resume_closed_work(request, closed_at, now)
    return request


def submit_request(
    request: CooperationRequest, actor: "User", at: datetime | None = None
) -> CooperationRequest:
    """Submit a draft: it gets its reference, enters the staff queue and is confirmed by email."""
    return apply_action(request, "submit", actor, at=at)
