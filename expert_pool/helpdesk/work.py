"""What waits for each role: the items of a user's work page and of GET /api/v1/me/work, from
one function. A Party: questions to answer and deliveries to confirm, then drafts, then the open
requests with what happens next. An expert: invitations to answer, work in progress, a profile to
confirm. Staff (of the requests they own or nobody owns yet): new requests to screen, accepted
ones waiting for experts, invitations about to expire, the Party's unanswered comments; an
admin also the pending profiles and accounts. Nothing here changes state."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..database import utcnow
from ..experts.models import Expert
from ..experts.verification import is_verification_overdue
from ..extensions import db
from .models import Assignment, Comment, CooperationRequest
from .policy import visible_to
from .queries import is_overdue
from .workflow import CLOCK_STATES, DESK_STATES, ENDED_STATES, LOAD_STATES

# How soon an unanswered invitation's answer date must be for staff to see it about to expire.
EXPIRING_WITHIN = timedelta(days=2)

# Each kind of item, in the order the page shows them, with its heading.
KIND_LABELS = {
    "answer_question": _l("Questions waiting for your answer"),
    "confirm_delivery": _l("Deliveries waiting for your confirmation"),
    "draft": _l("Your drafts"),
    "open_request": _l("Your open requests"),
    "invitation": _l("Invitations to answer"),
    "work": _l("Work in progress"),
    "confirm_profile": _l("Your profile needs confirming"),
    "screen": _l("New requests to screen"),
    "find_experts": _l("Accepted requests waiting for experts"),
    "expiring_invitation": _l("Invitations about to expire"),
    "unanswered_comment": _l("Comments waiting for an answer"),
    "pending_profile": _l("Profiles waiting for vetting"),
    "pending_user": _l("Accounts whose invitation is not accepted yet"),
}
# What happens next to a Party's open request, by its state.
NEXT_STEPS = {
    "submitted": _l("The help desk screens it."),
    "accepted": _l("The help desk looks for the right experts."),
    "in_progress": _l("An expert works on it."),
    "info_requested": _l("The help desk waits for your answer."),
    "delivered": _l("The help desk waits for your confirmation."),
}


@dataclass(frozen=True)
class WorkItem:
    """One thing that waits for the user, with where it is acted on."""

    kind: str
    title: str
    endpoint: str
    args: dict = field(default_factory=dict)
    reference: str | None = None
    status: str | None = None
    due_at: datetime | None = None
    is_overdue: bool = False
    next_step: str = ""
    owner: str | None = None

    @property
    def link(self) -> str:
        """The path of the page where the item is acted on."""
        anchor = "#answer-form" if self.kind == "answer_question" else ""
        return url_for(self.endpoint, **self.args) + anchor

    @property
    def label(self) -> str:
        """The heading of the item's kind, in the interface language."""
        return str(KIND_LABELS[self.kind])


def _request_item(
    kind: str, request: CooperationRequest, now: datetime, *, deadline: bool = True, **extra
) -> WorkItem:
    """An item about a request; `deadline`: with the service-level deadline staff owe (a
    Party's and an expert's items carry none: that clock is the centre's)."""
    owner = request.owner
    return WorkItem(
        kind=kind,
        title=request.title,
        endpoint="helpdesk.view_request",
        args={"reference": request.reference},
        reference=request.reference,
        status=request.status,
        due_at=request.due_at if deadline and request.status in CLOCK_STATES else None,
        is_overdue=deadline and is_overdue(request, now),
        owner=(owner.name or owner.email) if owner else None,
        **extra,
    )


def _requests(user: User, *conditions) -> list[CooperationRequest]:
    """The requests the user sees that meet the conditions, with what the items read of them
    loaded in a fixed number of statements however many there are."""
    query = (
        select(CooperationRequest)
        .where(visible_to(user), *conditions)
        .options(
            selectinload(CooperationRequest.owner),
            selectinload(CooperationRequest.assignments).selectinload(Assignment.expert),
            selectinload(CooperationRequest.comments).selectinload(Comment.author),
        )
    )
    return list(db.session.scalars(query.order_by(CooperationRequest.id)))


def _party_items(user: User, now: datetime) -> list[WorkItem]:
    items: list[WorkItem] = []
    requests = _requests(user, CooperationRequest.status.not_in(ENDED_STATES))
    for kind, state in (("answer_question", "info_requested"), ("confirm_delivery", "delivered")):
        items += [
            _request_item(kind, r, now, deadline=False) for r in requests if r.status == state
        ]
    items += [
        WorkItem("draft", r.title or "-", "helpdesk.edit_draft", {"request_id": r.id})
        for r in requests
        if r.status == "draft"
    ]
    items += [
        _request_item("open_request", r, now, deadline=False, next_step=str(NEXT_STEPS[r.status]))
        for r in requests
        if r.status in DESK_STATES
    ]
    return items


def _expert_items(user: User, now: datetime) -> list[WorkItem]:
    if user.expert_id is None:
        return []
    assignments = db.session.scalars(
        select(Assignment)
        .where(Assignment.expert_id == user.expert_id, Assignment.status.in_(LOAD_STATES))
        .options(selectinload(Assignment.request))
        .order_by(Assignment.respond_by.nulls_last(), Assignment.id)
    ).all()
    items = [
        WorkItem(
            "invitation",
            a.request.title,
            "helpdesk.my_invitations",
            {},
            a.request.reference,
            a.status,
            a.respond_by,
            a.respond_by is not None and a.respond_by < now,
        )
        for a in assignments
        if a.status == "invited"
    ]
    items += [
        _request_item("work", a.request, now, deadline=False)
        for a in assignments
        if a.status == "accepted" and a.request.status not in ENDED_STATES
    ]
    expert = db.session.get(Expert, user.expert_id)
    if expert is not None and expert.status == "active" and is_verification_overdue(expert, now):
        items.append(WorkItem("confirm_profile", expert.name, "experts.edit_own_profile"))
    return items


def _by_deadline(items: list[WorkItem]) -> list[WorkItem]:
    """Overdue first, then the earliest deadline, then those without one."""
    return sorted(items, key=lambda i: (not i.is_overdue, i.due_at is None, i.due_at or 0))


def _last_word_is_the_partys(request: CooperationRequest) -> bool:
    shared = [c for c in request.comments if not c.is_internal]
    return bool(shared) and not shared[-1].author.is_staff


def _staff_items(user: User, now: datetime) -> list[WorkItem]:
    mine_or_nobodys = or_(
        CooperationRequest.owner_id == user.id, CooperationRequest.owner_id.is_(None)
    )
    requests = _requests(user, mine_or_nobodys, CooperationRequest.status.not_in(ENDED_STATES))
    items = _by_deadline(
        [_request_item("screen", r, now) for r in requests if r.status == "submitted"]
    )
    items += _by_deadline(
        [
            _request_item("find_experts", r, now)
            for r in requests
            if r.status == "accepted" and not any(a.status in LOAD_STATES for a in r.assignments)
        ]
    )
    expiring = [
        (a, r)
        for r in requests
        for a in r.assignments
        if a.status == "invited"
        and a.respond_by is not None
        and a.respond_by <= now + EXPIRING_WITHIN
    ]
    items += [
        WorkItem(
            "expiring_invitation",
            f"{a.expert.name}: {r.title}",
            "helpdesk.view_request",
            {"reference": r.reference},
            r.reference,
            a.status,
            a.respond_by,
            a.respond_by < now,
        )
        for a, r in sorted(expiring, key=lambda pair: pair[0].respond_by)
    ]
    items += [
        _request_item("unanswered_comment", r, now) for r in requests if _last_word_is_the_partys(r)
    ]
    return items


def _admin_items() -> list[WorkItem]:
    profiles = db.session.scalars(
        select(Expert).where(Expert.status == "pending").order_by(Expert.created_at, Expert.id)
    ).all()
    users = db.session.scalars(
        select(User)
        .where(User.password_hash.is_(None), User.is_active.is_(True))
        .order_by(User.created_at, User.id)
    ).all()
    return [
        WorkItem("pending_profile", e.name, "experts.profile", {"expert_id": e.id})
        for e in profiles
    ] + [
        WorkItem("pending_user", u.name or u.email, "accounts.edit_user", {"user_id": u.id})
        for u in users
    ]


def list_work(user: User, now: datetime | None = None) -> list[WorkItem]:
    """Everything that waits for the user, grouped by kind in the order of KIND_LABELS."""
    now = now or utcnow()
    if user.role == "party":
        return _party_items(user, now)
    if user.role == "expert":
        return _expert_items(user, now)
    items = _staff_items(user, now)
    if user.role == "admin":
        items += _admin_items()
    return items


def count_waiting(items: list[WorkItem]) -> int:
    """How many items ask the user to act (a Party's open requests only inform)."""
    return sum(1 for item in items if item.kind != "open_request")
