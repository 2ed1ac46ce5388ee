"""Reading the help desk: requests as each role may see them, the staff queue, timelines and the
actions a viewer may take now. Nothing here changes state."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from ..accounts.models import User
from ..audit.models import AuditEvent
from ..database import utcnow
from ..exceptions import NotFound
from ..experts.models import Expert
from ..extensions import db
from ..pagination import paginate
from ..roles import STAFF_ROLES
from ..taxonomy.models import Tag
from .models import (
    Assignment,
    Attachment,
    Comment,
    CooperationRequest,
    SavedReply,
    request_tags,
    request_targets,
)
from .policy import answers_for, can_see, visible_to
from .sla import is_late
from .timeline import STAFF_ONLY_ACTIONS, TimelineEntry
from .workflow import ANSWERED_STATES, CLOCK_STATES, LOAD_STATES, REQUEST_STATES

SORTS = {
    "newest": CooperationRequest.submitted_at.desc(),
    "oldest": CooperationRequest.submitted_at.asc(),
    "due": CooperationRequest.due_at.asc(),
    "urgency": case({"high": 0, "normal": 1, "low": 2}, value=CooperationRequest.urgency).asc(),
    "reference": CooperationRequest.reference.asc(),
}


# What a list of requests shows of each row, loaded for the whole page at once.
LISTED = (
    joinedload(CooperationRequest.party),
    selectinload(CooperationRequest.tags),
    selectinload(CooperationRequest.targets),
    selectinload(CooperationRequest.language_rows),
    selectinload(CooperationRequest.thematic_area_rows),
    selectinload(CooperationRequest.assignments),
)


def overdue_condition(now: datetime):
    """The SQL condition of a request with a missed deadline: its own step, or an invitation
    left unanswered past its answer date."""
    late_invitation = exists().where(
        Assignment.request_id == CooperationRequest.id,
        Assignment.status == "invited",
        Assignment.respond_by < now,
    )
    own_step = and_(CooperationRequest.status.in_(CLOCK_STATES), CooperationRequest.due_at < now)
    return or_(own_step, late_invitation)


def get_request(reference: str, user: User) -> CooperationRequest:
    """The request with this reference, if the user may see it (else NotFound)."""
    request = db.session.scalar(
        select(CooperationRequest).where(CooperationRequest.reference == reference)
    )
    if request is None or not can_see(request, user):
        raise NotFound(_("there is no request %(reference)s for you", reference=reference))
    return request


def get_draft(request_id: int, user: User) -> CooperationRequest:
    """A draft of the user's Party, by id (drafts have no reference yet)."""
    request = db.session.get(CooperationRequest, request_id)
    if request is None or request.status != "draft" or not can_see(request, user):
        raise NotFound(_("there is no such draft for you"))
    return request


def get_assignment(assignment_id: int, user: User) -> Assignment:
    """An invitation, for the invited expert or staff (else NotFound)."""
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None or not answers_for(assignment, user):
        raise NotFound(_("there is no invitation %(id)s for you", id=assignment_id))
    return assignment


def list_requests(
    user: User,
    filters: dict[str, Any] | None = None,
    *,
    sort: str = "newest",
    page: int = 1,
    per_page: int | None = None,
    now: datetime | None = None,
) -> Pagination:
    """A page of the requests the user may see, filtered by status, party, type, target, tag,
    urgency, overdue, answered, owner ("mine" or "unassigned") and the days of submission
    ("from", "to": dates, both included), in the order of `sort`."""
    filters = {key: value for key, value in (filters or {}).items() if value not in (None, "")}
    query = select(CooperationRequest).where(visible_to(user))
    for field in ("status", "type", "urgency"):
        if field in filters:
            query = query.where(getattr(CooperationRequest, field) == filters[field])
    if "party" in filters:
        query = query.where(CooperationRequest.party_code == str(filters["party"]).upper())
    if "target" in filters:
        query = query.where(
            exists().where(
                request_targets.c.request_id == CooperationRequest.id,
                request_targets.c.target_number == int(filters["target"]),
            )
        )
    if "tag" in filters:
        query = query.where(
            exists().where(
                request_tags.c.request_id == CooperationRequest.id,
                request_tags.c.tag_id == Tag.id,
                func.lower(Tag.name) == str(filters["tag"]).lower(),
            )
        )
    if filters.get("overdue"):
        query = query.where(overdue_condition(now or utcnow()))
    if filters.get("answered"):
        query = query.where(CooperationRequest.status.in_(ANSWERED_STATES))
    if "from" in filters:
        query = query.where(CooperationRequest.submitted_at >= _start_of(filters["from"]))
    if "to" in filters:
        day_after = _start_of(filters["to"]) + timedelta(days=1)
        query = query.where(CooperationRequest.submitted_at < day_after)
    if filters.get("owner") == "mine":
        query = query.where(CooperationRequest.owner_id == user.id)
    elif filters.get("owner") == "unassigned":
        query = query.where(CooperationRequest.owner_id.is_(None))
    order = SORTS.get(sort, SORTS["newest"])
    query = query.order_by(order.nulls_last(), CooperationRequest.id.desc()).options(*LISTED)
    return paginate(query, page, per_page)


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min)


def count_by_status(user: User) -> dict[str, int]:
    """How many of the requests the user may see are in each state (every state listed)."""
    rows = db.session.execute(
        select(CooperationRequest.status, func.count())
        .where(visible_to(user))
        .group_by(CooperationRequest.status)
    ).all()
    counts = dict.fromkeys(REQUEST_STATES, 0)
    counts.update(dict(rows))
    return counts


def list_invitations(user: User) -> list[Assignment]:
    """The expert's invitations and assignments, open ones first, newest first."""
    if user.expert_id is None:
        return []
    return list(
        db.session.scalars(
            select(Assignment)
            .where(Assignment.expert_id == user.expert_id)
            .order_by((Assignment.status == "invited").desc(), Assignment.invited_at.desc())
        )
    )


def list_invitable_experts(request: CooperationRequest) -> list[Expert]:
    """The active experts not invited to the request yet, by name."""
    busy = [a.expert_id for a in request.assignments if a.status in LOAD_STATES]
    return list(
        db.session.scalars(
            select(Expert)
            .where(Expert.status == "active", Expert.id.not_in(busy))
            .order_by(Expert.name)
        )
    )


@dataclass(frozen=True)
class ThreadEntry:
    """One message of a request's conversation: a comment, a question to the Party, an answer."""

    at: datetime
    kind: str  # "comment", "question" or "answer"
    author: str
    body: str
    is_internal: bool = False
    files: tuple[Attachment, ...] = ()


# The workflow moves whose note is a message of the conversation.
THREAD_ACTIONS = {"request.request_info": "question", "request.answer": "answer"}


def conversation(request: CooperationRequest, viewer: User) -> list[ThreadEntry]:
    """The comments the viewer may read (with their files), and the questions to the Party
    with their answers, in one thread, oldest first."""
    return _thread(request, visible_comments(request, viewer))


def shared_thread(request: CooperationRequest) -> list[ThreadEntry]:
    """The conversation everyone on the request reads (no internal comment), oldest first."""
    return _thread(request, [c for c in request.comments if not c.is_internal])


def _thread(request: CooperationRequest, comments: list[Comment]) -> list[ThreadEntry]:
    entries = [
        ThreadEntry(
            c.created_at,
            "comment",
            c.author.name or c.author.email,
            c.body,
            c.is_internal,
            tuple(c.attachments),
        )
        for c in comments
    ]
    events = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.request_id == request.id, AuditEvent.action.in_(THREAD_ACTIONS)
        )
    )
    entries += [
        ThreadEntry(
            event.occurred_at,
            THREAD_ACTIONS[event.action],
            (event.actor.name or event.actor.email) if event.actor else "",
            event.note,
        )
        for event in events
    ]
    return sorted(entries, key=lambda entry: entry.at)


def visible_comments(request: CooperationRequest, viewer: User) -> list[Comment]:
    """The comments the viewer may read: internal ones only for staff."""
    return [c for c in request.comments if viewer.is_staff or not c.is_internal]


def timeline(request: CooperationRequest, viewer: User) -> list[TimelineEntry]:
    """Every audit event of the request that the viewer may see, oldest first.

    Internal comments and conflicts of interest are for staff only; an expert sees the
    request's steps and their own invitation; the reasons experts give are for staff."""
    events = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.request_id == request.id)
        .order_by(AuditEvent.occurred_at, AuditEvent.id)
    ).all()
    entries = []
    for event in events:
        data = event.data or {}
        is_assignment = event.object_type == "assignments"
        if not viewer.is_staff:
            if data.get("internal") or event.action in STAFF_ONLY_ACTIONS:
                continue
            if (
                viewer.role == "expert"
                and is_assignment
                and data.get("expert_id") != (viewer.expert_id)
            ):
                continue
        actor = (event.actor.name or event.actor.email) if event.actor else None
        note = event.note if viewer.is_staff or not is_assignment else ""
        by_the_expert = (
            event.actor is not None
            and event.actor.expert_id is not None
            and event.actor.expert_id == data.get("expert_id")
        )
        entries.append(
            TimelineEntry(
                event.occurred_at, event.action, actor, note, event.to_state, data, by_the_expert
            )
        )
    return entries


def is_overdue(request: CooperationRequest, now: datetime | None = None) -> bool:
    """Whether the request's own step or one of its invitations is past its deadline."""
    now = now or utcnow()
    if request.status in CLOCK_STATES and is_late(request.due_at, now):
        return True
    return any(a.status == "invited" and is_late(a.respond_by, now) for a in request.assignments)


def list_staff() -> list[User]:
    """The active staff members, who may own requests, by name."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.role.in_(STAFF_ROLES), User.is_active.is_(True))
            .order_by(User.name, User.email)
        )
    )


def list_replies(first_languages: Sequence[str] = ()) -> list[SavedReply]:
    """Every saved reply: those in `first_languages` first (a request's working languages),
    then by language and name."""
    replies = db.session.scalars(select(SavedReply).order_by(SavedReply.language, SavedReply.title))
    order = {code: n for n, code in enumerate(first_languages)}
    return sorted(replies, key=lambda r: (order.get(r.language, len(order)), r.language, r.title))


def get_reply(reply_id: int) -> SavedReply:
    """A saved reply by id (else NotFound)."""
    reply = db.session.get(SavedReply, reply_id)
    if reply is None:
        raise NotFound(_("there is no such saved reply"))
    return reply
