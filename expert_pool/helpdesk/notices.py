"""Who hears about each step of a request: the emails the workflow services queue. Each is
written in its recipient's language; the labels of a request's type and urgency come with it."""

from typing import TYPE_CHECKING

from sqlalchemy import select

from ..accounts.models import User
from ..extensions import db
from ..notifications.services import external_url, notify
from ..roles import STAFF_ROLES
from .forms import CORRECTION_LABELS, TYPE_LABELS, URGENCY_LABELS
from .queries import shared_thread
from .workflow import WORKING_STATES

if TYPE_CHECKING:
    from ..experts.models import Expert
    from .models import Assignment, Comment, CooperationRequest


# Lazy strings: each email shows them in its recipient's language.
LABELS = {
    "type_labels": TYPE_LABELS,
    "urgency_labels": URGENCY_LABELS,
    "correction_labels": CORRECTION_LABELS,
}


# How many earlier messages of the conversation an email quotes.
QUOTED_MESSAGES = 5
# The moves whose note is a message of the conversation: their emails quote it.
THREAD_MOVES = ("request_info", "answer")


def _earlier_messages(request: "CooperationRequest") -> list:
    """The shared conversation before its newest message (the one being announced)."""
    return shared_thread(request)[:-1][-QUOTED_MESSAGES:]


def staff_addresses() -> list[str]:
    """The email addresses of the active staff and admins."""
    return list(
        db.session.scalars(
            select(User.email).where(User.role.in_(STAFF_ROLES), User.is_active.is_(True))
        )
    )


def staff_recipients(request: "CooperationRequest") -> list[str]:
    """Who hears what is meant for the staff about a request: its owner, or every active staff
    member while nobody owns it."""
    owner = request.owner
    if owner is not None and owner.is_active:
        return [owner.email]
    return staff_addresses()


def _submitter(request: "CooperationRequest") -> list[str]:
    user = request.submitted_by
    return [user.email] if user.is_active else []


def _link(request: "CooperationRequest") -> str:
    return external_url("helpdesk.view_request", reference=request.reference)


def announce_transition(
    request: "CooperationRequest",
    action: str,
    actor: User | None,
    note: str,
    expert: "Expert | None" = None,
) -> None:
    """Queue the emails of a request's move: the Party hears what others did, staff hear what
    the Party or an expert did; a submission is confirmed to the submitter. `expert`: the one
    whose acceptance started the work."""
    context = {
        **LABELS,
        "request": request,
        "action": action,
        "note": note,
        "actor": actor,
        "expert": expert,
        "link": _link(request),
        "thread": _earlier_messages(request) if action in THREAD_MOVES else [],
    }
    if action == "submit":
        notify("request_submitted", _submitter(request), request_id=request.id, **context)
        notify("request_new", staff_addresses(), request_id=request.id, **context)
        return
    if action == "start":
        notify("request_update", _submitter(request), request_id=request.id, **context)
        return
    if actor is None or actor.role != "party":
        notify("request_update", _submitter(request), request_id=request.id, **context)
    if actor is None or not actor.is_staff:
        notify("request_staff_update", staff_recipients(request), request_id=request.id, **context)


def announce_invitation(assignment: "Assignment") -> None:
    """Invite the expert by email, with the deadline to answer."""
    notify(
        "invitation",
        [assignment.expert.email],
        request_id=assignment.request_id,
        assignment=assignment,
        request=assignment.request,
        link=external_url("helpdesk.my_invitations"),
        **LABELS,
    )


def announce_assignment(assignment: "Assignment", action: str, actor: User | None) -> None:
    """Tell staff how an expert answered, tell the expert what staff did for them, and tell
    both what the system did (an expiry, or invitations ended with their request)."""
    request = assignment.request
    context = {"assignment": assignment, "request": request, "action": action, "actor": actor}
    if actor is None or actor.is_staff:
        notify(
            "assignment_update",
            [assignment.expert.email],
            request_id=request.id,
            link=external_url("helpdesk.my_invitations"),
            **context,
        )
    if actor is None or not actor.is_staff:
        notify(
            "assignment_update",
            staff_recipients(request),
            request_id=request.id,
            link=_link(request),
            **context,
        )


def announce_comment(comment: "Comment") -> None:
    """Share a comment with the other side: staff's with the Party and the experts at work,
    others' with staff. Internal comments are not emailed."""
    if comment.is_internal:
        return
    request = comment.request
    if comment.author.is_staff:
        recipients = _submitter(request) + [
            a.expert.email for a in request.assignments if a.status in WORKING_STATES
        ]
    else:
        recipients = staff_recipients(request)
    notify(
        "comment",
        [r for r in recipients if r != comment.author.email],
        request_id=request.id,
        comment=comment,
        request=request,
        link=_link(request),
        thread=_earlier_messages(request),
    )


def announce_correction(
    request: "CooperationRequest", actor: User, changes: dict[str, dict[str, object]]
) -> None:
    """Tell the Party which of their request's fields staff corrected."""
    notify(
        "request_update",
        _submitter(request),
        request_id=request.id,
        **LABELS,
        request=request,
        action="correct",
        note="",
        actor=actor,
        expert=None,
        changes=changes,
        link=_link(request),
    )
