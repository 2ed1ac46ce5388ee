"""API v1: cooperation requests, their workflow actions and the experts invited to them.

The same services as the pages decide; the answers say why: 403 (role or ownership), 404 (not
visible), 409 (stale version or a clash), 422 (bad input, or not possible from this state)."""

from flask import url_for
from flask_babel import gettext as _
from flask_smorest import Blueprint

from ..accounts.access import current_api_user
from ..exceptions import NotFound
from ..experts.models import Expert
from ..extensions import db
from ..helpdesk.models import Assignment, CooperationRequest
from ..helpdesk.policy import assignment_actions, can_invite, request_actions, visible_attachments
from ..helpdesk.queries import (
    get_assignment,
    get_draft,
    get_request,
    is_overdue,
    list_requests,
    timeline,
    visible_comments,
)
from ..helpdesk.services import (
    apply_action,
    apply_assignment_action,
    correct_request,
    create_request,
    set_owner,
    submit_request,
)
from ..helpdesk.services.ownership import CORRECTABLE
from ..matching.services import invite_candidate
from ..routing import id_from
from .request_schemas import (
    ActionInSchema,
    AssignmentActionInSchema,
    AssignmentSchema,
    InviteInSchema,
    RequestCreateSchema,
    RequestDetailSchema,
    RequestInSchema,
    RequestPageSchema,
    RequestPatchSchema,
    RequestQuerySchema,
)
from .schemas import ApiErrorSchema, page_of

bp = Blueprint(
    "api_requests", __name__, description="Cooperation requests, their workflow and experts"
)


# The request's own fields, as RequestInSchema declares them (read once: a schema instance per
# item cost a list page more than its queries).
OWN_FIELDS = tuple(field for field in RequestInSchema().fields if field != "tags")


def request_summary(request: CooperationRequest, viewer) -> dict:
    """The fields of RequestSchema for a viewer."""
    return {
        **{field: getattr(request, field) for field in OWN_FIELDS},
        "id": request.id,
        "reference": request.reference,
        "party": request.party_code,
        "party_name": request.party.name,
        "targets": [t.number for t in request.targets],
        "tags": [t.name for t in request.tags],
        "status": request.status,
        "version": request.version,
        "rating": request.rating,
        "feedback": request.feedback,
        "submitted_at": request.submitted_at,
        "closed_at": request.closed_at,
        "due_at": request.due_at,
        "is_overdue": is_overdue(request),
        "allowed_actions": request_actions(request, viewer),
        "owner": {"id": request.owner.id, "name": request.owner.name or request.owner.email}
        if request.owner
        else None,
    }


def assignment_dict(assignment: Assignment, viewer) -> dict:
    """The fields of AssignmentSchema for a viewer (reasons are for staff and the expert)."""
    own = viewer.is_staff or viewer.expert_id == assignment.expert_id
    return {
        "id": assignment.id,
        "request": assignment.request.reference,
        "expert_id": assignment.expert_id,
        "expert_name": assignment.expert.name,
        "status": assignment.status,
        "invited_at": assignment.invited_at,
        "respond_by": assignment.respond_by,
        "responded_at": assignment.responded_at,
        "completed_at": assignment.completed_at,
        "invite_reason": assignment.invite_reason if viewer.is_staff else "",
        "decline_reason": assignment.decline_reason if own else "",
        "match_score": assignment.match_score if viewer.is_staff else None,
        "match_rank": assignment.match_rank if viewer.is_staff else None,
        "allowed_actions": assignment_actions(assignment, viewer),
    }


def request_detail(request: CooperationRequest, viewer) -> dict:
    """The fields of RequestDetailSchema for a viewer: internal comments only for staff."""
    assignments = [
        a for a in request.assignments if viewer.role != "expert" or a.expert_id == viewer.expert_id
    ]
    return {
        **request_summary(request, viewer),
        "timeline": timeline(request, viewer),
        "assignments": [assignment_dict(a, viewer) for a in assignments],
        "comments": [
            {
                "id": c.id,
                "author": c.author.name or c.author.email,
                "body": c.body,
                "internal": c.is_internal,
                "created_at": c.created_at,
                "attachments": [a.id for a in c.attachments],
            }
            for c in visible_comments(request, viewer)
        ],
        "attachments": [
            {
                "id": a.id,
                "filename": a.filename,
                "content_type": a.content_type,
                "size": a.size,
                "url": url_for("helpdesk.download_attachment", attachment_id=a.id),
            }
            for a in visible_attachments(request, viewer)
        ],
        "can_invite": can_invite(request, viewer),
    }


def _find(reference: str, user) -> CooperationRequest:
    """A request by its reference, or a draft, which has none until it is submitted, by its id."""
    draft_id = id_from(reference)
    if draft_id is not None:
        return get_draft(draft_id, user)
    return get_request(reference, user)


@bp.route("/requests", methods=["POST"])
@bp.arguments(RequestCreateSchema)
@bp.response(201, RequestDetailSchema)
@bp.alt_response(403, schema=ApiErrorSchema, description="not a Party focal point")
@bp.alt_response(422, schema=ApiErrorSchema, description="the request has errors")
def create(data):
    """Submit a request for the caller's Party: it gets its reference and is confirmed by email.
    With `submit: false` it is saved as a draft, addressed by its id until it is submitted."""
    user = current_api_user()
    submit = data.pop("submit")
    request = create_request(data, user)
    if submit:
        submit_request(request, user)
    db.session.commit()
    location = url_for("api_requests.detail", reference=request.reference or request.id)
    return request_detail(request, user), 201, {"Location": location}


@bp.route("/requests", methods=["GET"])
@bp.arguments(RequestQuerySchema, location="query")
@bp.response(200, RequestPageSchema)
def index(query):
    """The requests the caller may see (staff: all; a Party: its own; an expert: invited to)."""
    user = current_api_user()
    page_number = query.pop("page")
    per_page = query.pop("per_page")
    sort = query.pop("sort")
    page = list_requests(user, query, sort=sort, page=page_number, per_page=per_page)
    return page_of(page, lambda item: request_summary(item, user))


@bp.route("/requests/<reference>", methods=["GET"])
@bp.response(200, RequestDetailSchema)
@bp.alt_response(404, schema=ApiErrorSchema)
def detail(reference):
    """A request with its timeline (audit events), assignments, comments and attachments; a
    draft of the caller's Party by its id."""
    user = current_api_user()
    return request_detail(_find(reference, user), user)


@bp.route("/requests/<reference>", methods=["PATCH"])
@bp.arguments(RequestPatchSchema)
@bp.response(200, RequestDetailSchema)
@bp.alt_response(403, schema=ApiErrorSchema, description="not staff")
@bp.alt_response(404, schema=ApiErrorSchema)
@bp.alt_response(409, schema=ApiErrorSchema, description="stale version")
@bp.alt_response(422, schema=ApiErrorSchema, description="a field is refused")
def patch(data, reference):
    """Staff: give the request an owner (`owner`: a staff user's id, or null) and correct its
    tags, targets, type and languages, on the version you read."""
    user = current_api_user()
    request = get_request(reference, user)
    version = data.pop("version")
    if "owner" in data:
        set_owner(request, data["owner"], user, version=version)
        version = None  # checked once: the owner's change counts as a version of its own
    corrections = {field: data[field] for field in CORRECTABLE if field in data}
    if corrections or version is not None:
        correct_request(request, corrections, user, version=version)
    db.session.commit()
    return request_detail(request, user)


@bp.route("/requests/<reference>/actions", methods=["POST"])
@bp.arguments(ActionInSchema)
@bp.response(200, RequestDetailSchema)
@bp.alt_response(403, schema=ApiErrorSchema, description="the role may not take this action")
@bp.alt_response(409, schema=ApiErrorSchema, description="stale version")
@bp.alt_response(422, schema=ApiErrorSchema, description="not possible from this state")
def act(data, reference):
    """Take a workflow action (submit a draft, by its id; accept, decline, request_info, answer,
    withdraw, deliver, confirm, close, reopen) on the version of the request you read."""
    user = current_api_user()
    request = _find(reference, user)
    apply_action(
        request,
        data["action"],
        user,
        note=data["note"],
        rating=data["rating"],
        version=data["version"],
    )
    db.session.commit()
    return request_detail(request, user)


@bp.route("/requests/<reference>/assignments", methods=["POST"])
@bp.arguments(InviteInSchema)
@bp.response(201, AssignmentSchema)
@bp.alt_response(404, schema=ApiErrorSchema)
@bp.alt_response(409, schema=ApiErrorSchema, description="already invited, or stale version")
@bp.alt_response(422, schema=ApiErrorSchema, description="the request takes no experts now")
def invite(data, reference):
    """Invite an expert to an accepted request (a reason is kept, and needed for a candidate
    ranked below the top five)."""
    user = current_api_user()
    request = get_request(reference, user)
    expert = db.session.get(Expert, data["expert_id"])
    if expert is None:
        raise NotFound(_("there is no expert %(id)s", id=data["expert_id"]))
    assignment = invite_candidate(
        request, expert, user, reason=data["reason"], version=data["version"]
    )
    db.session.commit()
    location = url_for("api_requests.detail", reference=reference)
    return assignment_dict(assignment, user), 201, {"Location": location}


@bp.route("/assignments/<int:assignment_id>/actions", methods=["POST"])
@bp.arguments(AssignmentActionInSchema)
@bp.response(200, AssignmentSchema)
@bp.alt_response(403, schema=ApiErrorSchema)
@bp.alt_response(422, schema=ApiErrorSchema, description="not possible from this state")
def act_on_assignment(data, assignment_id):
    """Accept, decline (with a reason), complete or withdraw an invitation, as the invited
    expert or staff for them."""
    user = current_api_user()
    assignment = get_assignment(assignment_id, user)
    apply_assignment_action(assignment, data["action"], user, reason=data["reason"])
    db.session.commit()
    return assignment_dict(assignment, user)
