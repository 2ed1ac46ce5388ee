"""Who may see and do what on a request and an invitation: one place for each rule, the Python
check and its SQL filter side by side (tests/helpdesk/test_policy.py holds them equal).

The services enforce these rules; the pages, the API and the templates only read them."""

from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy import and_, exists, false

from ..exceptions import NotFound
from .models import Assignment, Attachment, CooperationRequest
from .workflow import (
    ENDED_STATES,
    WORKING_STATES,
    actions_from,
    assignment_actions_from,
    takes_experts,
)

if TYPE_CHECKING:
    from ..accounts.models import User


def can_see(request: CooperationRequest, user: "User") -> bool:
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


def visible_to(user: "User"):
    """The SQL condition of the requests `can_see` lets the user see."""
    if user.role == "party":
        return CooperationRequest.party_code == user.party_code
    submitted = CooperationRequest.status != "draft"
    if user.is_staff:
        return submitted
    if user.expert_id is None:
        return false()
    invited = exists().where(
        Assignment.request_id == CooperationRequest.id, Assignment.expert_id == user.expert_id
    )
    return and_(submitted, invited)


def ensure_visible(request: CooperationRequest, user: "User") -> None:
    """Refuse, as not found, a request the user may not see."""
    if not can_see(request, user):
        reference = request.reference or request.id
        raise NotFound(_("there is no request %(reference)s for you", reference=reference))


def has_work(request: CooperationRequest) -> bool:
    """Whether an expert works (or worked) on the request."""
    return any(a.status in WORKING_STATES for a in request.assignments)


def works_on(request: CooperationRequest, user: "User") -> bool:
    """Whether the user is an expert who works (or worked) on the request."""
    return user.expert_id is not None and any(
        a.expert_id == user.expert_id and a.status in WORKING_STATES for a in request.assignments
    )


def request_actions(request: CooperationRequest, user: "User") -> list[str]:
    """The request actions the user may take now, by the transition table."""
    if not can_see(request, user):
        return []
    return actions_from(
        request.status,
        user.role,
        works_on_it=works_on(request, user),
        has_work=has_work(request),
    )


def can_add_files(request: CooperationRequest, user: "User") -> bool:
    """Whether the user may add files to the request now: while it is open, anyone who sees
    it, an expert only while working on it."""
    return (
        can_see(request, user)
        and request.status not in ENDED_STATES
        and (user.role != "expert" or works_on(request, user))
    )


def may_see_attachment(attachment: Attachment, user: "User") -> bool:
    """Whether the user may open a file: they see its request, and a file of an internal
    comment is for staff only."""
    internal = attachment.comment is not None and attachment.comment.is_internal
    return can_see(attachment.request, user) and (user.is_staff or not internal)


def visible_attachments(request: CooperationRequest, user: "User") -> list[Attachment]:
    """The request's files that the user may open."""
    return [a for a in request.attachments if may_see_attachment(a, user)]


def can_invite(request: CooperationRequest, user: "User") -> bool:
    """Whether the user may invite experts to the request now."""
    return user.is_staff and takes_experts(request.status, request.asked_in)


def answers_for(assignment: Assignment, user: "User") -> bool:
    """Whether the user answers this invitation: the invited expert, or staff for them."""
    return user.is_staff or (user.expert_id is not None and user.expert_id == assignment.expert_id)


def assignment_actions(assignment: Assignment, user: "User") -> list[str]:
    """The invitation actions the user may take now."""
    if not answers_for(assignment, user):
        return []
    request = assignment.request
    return assignment_actions_from(assignment.status, user.role, request.status, request.asked_in)
