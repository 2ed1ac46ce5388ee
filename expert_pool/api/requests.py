"""API v1: cooperation requests, their workflow actions and the experts invited to them.

The same services as the pages decide; the answers say why: 403 (role or ownership), 404 (not
visible), 409 (stale version or a clash), 422 (bad input, or not possible from this state)."""

from flask import url_for
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from ..exceptions import NotFound
from ..experts.models import Expert
from ..extensions import db
from ..helpdesk.models import Assignment, CooperationRequest
from ..helpdesk.queries import (
    SORTS,
    allowed_actions,
    assignment_actions,
    can_invite,
    get_assignment,
    get_request,
    is_overdue,
    list_requests,
    timeline,
    visible_comments,
)
from ..helpdesk.services import (
    apply_action,
    apply_assignment_action,
    create_request,
    submit_request,
)
from ..helpdesk.workflow import REQUEST_STATES
from ..matching.services import invite_candidate
from .auth import current_api_user
from .schemas import ApiErrorSchema

bp = Blueprint(
    "api_requests", __name__, description="Cooperation requests, their workflow and experts"
)
SECURITY = [{"bearerAuth": []}]


class RequestInSchema(Schema):
    """What a Party sends to submit a request (the services check the meaning)."""

    title = fields.String(required=True, validate=validate.Length(max=250))
    problem_statement = fields.String(load_default="")
    type = fields.String(
        required=True,
        metadata={"description": "technical_consultation, capacity_building, ..."},
    )
    targets = fields.List(fields.Integer(), required=True, metadata={"description": "1-23"})
    thematic_areas = fields.List(fields.String(), load_default=list)
    tags = fields.List(fields.String(), load_default=list, metadata={"description": "tag names"})
    languages = fields.List(fields.String(), load_default=list, metadata={"description": "en"})
    urgency = fields.String(load_default="normal", metadata={"description": "low, normal, high"})
    level = fields.String(load_default="national")
    institution = fields.String(load_default="")
    national_priorities = fields.String(load_default="")
    beneficiaries = fields.String(load_default="")
    expected_outputs = fields.String(load_default="")
    existing_initiatives = fields.String(load_default="")
    other_programmes = fields.String(load_default="")
    wanted_by = fields.Date(load_default=None, allow_none=True)
    start_date = fields.Date(load_default=None, allow_none=True)
    end_date = fields.Date(load_default=None, allow_none=True)


class RequestSchema(Schema):
    """A request as the caller may see it."""

    reference = fields.String()
    title = fields.String()
    problem_statement = fields.String()
    type = fields.String()
    party = fields.String(metadata={"description": "ISO 3166-1 alpha-3"})
    party_name = fields.String()
    targets = fields.List(fields.Integer())
    thematic_areas = fields.List(fields.String())
    tags = fields.List(fields.String())
    languages = fields.List(fields.String())
    urgency = fields.String()
    level = fields.String()
    institution = fields.String()
    national_priorities = fields.String()
    beneficiaries = fields.String()
    expected_outputs = fields.String()
    existing_initiatives = fields.String()
    other_programmes = fields.String()
    wanted_by = fields.Date(allow_none=True)
    start_date = fields.Date(allow_none=True)
    end_date = fields.Date(allow_none=True)
    status = fields.String()
    version = fields.Integer()
    rating = fields.Integer(allow_none=True)
    feedback = fields.String()
    submitted_at = fields.DateTime(allow_none=True)
    closed_at = fields.DateTime(allow_none=True)
    due_at = fields.DateTime(allow_none=True, metadata={"description": "service-level deadline"})
    is_overdue = fields.Boolean()
    allowed_actions = fields.List(fields.String())


class TimelineEntrySchema(Schema):
    at = fields.DateTime()
    who = fields.String()
    text = fields.String()
    note = fields.String()
    to_state = fields.String(allow_none=True)


class AssignmentSchema(Schema):
    """An invitation of an expert to a request."""

    id = fields.Integer()
    request = fields.String(metadata={"description": "the request's reference"})
    expert_id = fields.Integer()
    expert_name = fields.String()
    status = fields.String()
    invited_at = fields.DateTime()
    respond_by = fields.DateTime(allow_none=True)
    responded_at = fields.DateTime(allow_none=True)
    completed_at = fields.DateTime(allow_none=True)
    invite_reason = fields.String()
    decline_reason = fields.String()
    match_score = fields.Float(allow_none=True)
    match_rank = fields.Integer(allow_none=True)
    allowed_actions = fields.List(fields.String())


class CommentSchema(Schema):
    id = fields.Integer()
    author = fields.String()
    body = fields.String()
    internal = fields.Boolean()
    created_at = fields.DateTime()


class AttachmentSchema(Schema):
    id = fields.Integer()
    filename = fields.String()
    content_type = fields.String()
    size = fields.Integer()
    url = fields.String()


class RequestDetailSchema(RequestSchema):
    """A request with its timeline, assignments, comments and attachments."""

    timeline = fields.List(fields.Nested(TimelineEntrySchema))
    assignments = fields.List(fields.Nested(AssignmentSchema))
    comments = fields.List(fields.Nested(CommentSchema))
    attachments = fields.List(fields.Nested(AttachmentSchema))
    can_invite = fields.Boolean()


class RequestPageSchema(Schema):
    """One page of requests."""

    items = fields.List(fields.Nested(RequestSchema))
    page = fields.Integer()
    per_page = fields.Integer()
    total = fields.Integer()
    pages = fields.Integer()


class RequestQuerySchema(Schema):
    status = fields.String(validate=validate.OneOf(REQUEST_STATES))
    party = fields.String(validate=validate.Length(equal=3))
    type = fields.String()
    target = fields.Integer(validate=validate.Range(min=1, max=23))
    tag = fields.String()
    urgency = fields.String()
    overdue = fields.Boolean(load_default=False)
    sort = fields.String(load_default="newest", validate=validate.OneOf(tuple(SORTS)))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    per_page = fields.Integer(load_default=None, validate=validate.Range(min=1, max=100))


class ActionInSchema(Schema):
    action = fields.String(required=True)
    version = fields.Integer(
        required=True, metadata={"description": "the version you read: a stale one gives 409"}
    )
    note = fields.String(load_default="", metadata={"description": "reason, question or answer"})
    rating = fields.Integer(load_default=None, allow_none=True, metadata={"description": "1-5"})


class InviteInSchema(Schema):
    expert_id = fields.Integer(required=True)
    reason = fields.String(load_default="", metadata={"description": "why this expert"})
    version = fields.Integer(load_default=None, allow_none=True)


class AssignmentActionInSchema(Schema):
    action = fields.String(required=True, metadata={"description": "accept, decline, ..."})
    reason = fields.String(load_default="", metadata={"description": "required to decline"})


def request_summary(request: CooperationRequest, viewer) -> dict:
    """The fields of RequestSchema for a viewer."""
    return {
        **{field: getattr(request, field) for field in RequestInSchema().fields if field != "tags"},
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
        "allowed_actions": allowed_actions(request, viewer),
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
            for a in request.attachments
        ],
        "can_invite": can_invite(request, viewer),
    }


@bp.route("/requests", methods=["POST"])
@bp.arguments(RequestInSchema)
@bp.response(201, RequestDetailSchema)
@bp.alt_response(403, schema=ApiErrorSchema, description="not a Party focal point")
@bp.alt_response(422, schema=ApiErrorSchema, description="the request has errors")
@bp.doc(security=SECURITY)
def create(data):
    """Submit a request for the caller's Party; it gets its reference and is confirmed by email."""
    user = current_api_user()
    request = create_request(data, user)
    submit_request(request, user)
    db.session.commit()
    location = url_for("api_requests.detail", reference=request.reference)
    return request_detail(request, user), 201, {"Location": location}


@bp.route("/requests", methods=["GET"])
@bp.arguments(RequestQuerySchema, location="query")
@bp.response(200, RequestPageSchema)
@bp.doc(security=SECURITY)
def index(query):
    """The requests the caller may see (staff: all; a Party: its own; an expert: invited to)."""
    user = current_api_user()
    page_number = query.pop("page")
    per_page = query.pop("per_page")
    sort = query.pop("sort")
    page = list_requests(user, query, sort=sort, page=page_number, per_page=per_page)
    return {
        "items": [request_summary(r, user) for r in page.items],
        "page": page.page,
        "per_page": page.per_page,
        "total": page.total,
        "pages": page.pages,
    }


@bp.route("/requests/<reference>", methods=["GET"])
@bp.response(200, RequestDetailSchema)
@bp.alt_response(404, schema=ApiErrorSchema)
@bp.doc(security=SECURITY)
def detail(reference):
    """A request with its timeline (audit events), assignments, comments and attachments."""
    user = current_api_user()
    return request_detail(get_request(reference, user), user)


@bp.route("/requests/<reference>/actions", methods=["POST"])
@bp.arguments(ActionInSchema)
@bp.response(200, RequestDetailSchema)
@bp.alt_response(403, schema=ApiErrorSchema, description="the role may not take this action")
@bp.alt_response(409, schema=ApiErrorSchema, description="stale version")
@bp.alt_response(422, schema=ApiErrorSchema, description="not possible from this state")
@bp.doc(security=SECURITY)
def act(data, reference):
    """Take a workflow action (accept, decline, request_info, answer, withdraw, deliver,
    confirm, close, reopen) on the version of the request you read."""
    user = current_api_user()
    request = get_request(reference, user)
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
@bp.doc(security=SECURITY)
def invite(data, reference):
    """Invite an expert to an accepted request (a reason is kept, and needed for a candidate
    ranked below the top five)."""
    user = current_api_user()
    request = get_request(reference, user)
    expert = db.session.get(Expert, data["expert_id"])
    if expert is None:
        raise NotFound(f"there is no expert {data['expert_id']}")
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
@bp.doc(security=SECURITY)
def act_on_assignment(data, assignment_id):
    """Accept, decline (with a reason), complete or withdraw an invitation, as the invited
    expert or staff for them."""
    user = current_api_user()
    assignment = get_assignment(assignment_id, user)
    apply_assignment_action(assignment, data["action"], user, reason=data["reason"])
    db.session.commit()
    return assignment_dict(assignment, user)
