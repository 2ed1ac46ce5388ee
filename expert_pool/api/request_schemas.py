"""The serializers of the requests API: what a caller sends and what it reads back."""

from marshmallow import Schema, fields, validate

from ..helpdesk.models import CooperationRequest
from ..helpdesk.queries import SORTS
from ..helpdesk.workflow import LEVELS, REQUEST_STATES, REQUEST_TYPES, URGENCIES
from ..taxonomy.vocabulary import THEMATIC_AREAS
from .schemas import (
    Id,
    Languages,
    Moment,
    PageQuerySchema,
    PageSchema,
    Tags,
    Targets,
    Text,
)


class RequestInSchema(Schema):
    """What a Party sends to submit a request (the services check the meaning)."""

    title = Text(CooperationRequest.title, required=True)
    problem_statement = Text(CooperationRequest.problem_statement, load_default="")
    type = fields.String(required=True, validate=validate.OneOf(REQUEST_TYPES))
    # "At least one" is the service's rule, said in the reader's language.
    targets = Targets(required=True)
    thematic_areas = fields.List(
        fields.String(validate=validate.OneOf(list(THEMATIC_AREAS))), load_default=list
    )
    tags = Tags(load_default=list)
    languages = Languages(load_default=list)
    urgency = fields.String(load_default="normal", validate=validate.OneOf(URGENCIES))
    level = fields.String(load_default="national", validate=validate.OneOf(LEVELS))
    institution = Text(CooperationRequest.institution, load_default="")
    national_priorities = Text(CooperationRequest.national_priorities, load_default="")
    beneficiaries = Text(CooperationRequest.beneficiaries, load_default="")
    expected_outputs = Text(CooperationRequest.expected_outputs, load_default="")
    existing_initiatives = Text(CooperationRequest.existing_initiatives, load_default="")
    other_programmes = Text(CooperationRequest.other_programmes, load_default="")
    wanted_by = fields.Date(load_default=None, allow_none=True)
    start_date = fields.Date(load_default=None, allow_none=True)
    end_date = fields.Date(load_default=None, allow_none=True)


class RequestCreateSchema(RequestInSchema):
    """A new request: submitted at once, or kept as a draft with `submit: false`."""

    submit = fields.Boolean(
        load_default=True,
        metadata={"description": "false: save a draft, submitted later by the action `submit`"},
    )


class OwnerSchema(Schema):
    """The staff member who owns a request."""

    id = fields.Integer()
    name = fields.String()


class RequestSchema(Schema):
    """A request as the caller may see it."""

    id = fields.Integer(metadata={"description": "addresses a draft, which has no reference"})
    reference = fields.String(allow_none=True, metadata={"description": "null for a draft"})
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
    submitted_at = Moment(allow_none=True)
    closed_at = Moment(allow_none=True)
    due_at = Moment(allow_none=True, metadata={"description": "service-level deadline"})
    is_overdue = fields.Boolean()
    allowed_actions = fields.List(fields.String())
    owner = fields.Nested(
        OwnerSchema, allow_none=True, metadata={"description": "null while nobody owns it"}
    )


class TimelineEntrySchema(Schema):
    """One step of a request's history; `text` is in the language of the call (Accept-Language)."""

    at = Moment()
    action = fields.String(metadata={"description": "the audit action, e.g. assignment.invited"})
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
    invited_at = Moment()
    respond_by = Moment(allow_none=True)
    responded_at = Moment(allow_none=True)
    completed_at = Moment(allow_none=True)
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
    created_at = Moment()
    attachments = fields.List(
        fields.Integer(), metadata={"description": "ids of the files the comment carries"}
    )


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


class RequestPageSchema(PageSchema):
    """One page of requests."""

    items = fields.List(fields.Nested(RequestSchema))


class RequestQuerySchema(PageQuerySchema):
    status = fields.String(validate=validate.OneOf(REQUEST_STATES))
    party = fields.String(validate=validate.Regexp("^[A-Za-z]{3}$"))
    type = fields.String(validate=validate.OneOf(REQUEST_TYPES))
    target = fields.Integer(validate=validate.Range(min=1, max=23))
    # No text of the databases holds a NUL character (PostgreSQL refuses one in a query).
    tag = fields.String(validate=validate.Regexp("^[^\x00]*$"))
    urgency = fields.String(validate=validate.OneOf(URGENCIES))
    overdue = fields.Boolean(load_default=False)
    owner = fields.String(
        validate=validate.OneOf(("mine", "unassigned")),
        metadata={"description": "staff: mine or unassigned"},
    )
    sort = fields.String(load_default="newest", validate=validate.OneOf(tuple(SORTS)))


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


class RequestPatchSchema(Schema):
    """Staff's changes to a request: its owner, and corrections of what drives the matching.
    A field left out is left as it is."""

    version = fields.Integer(
        required=True, metadata={"description": "the version you read: a stale one gives 409"}
    )
    owner = Id(allow_none=True, metadata={"description": "a staff user's id; null: nobody"})
    tags = Tags()
    targets = Targets()
    type = fields.String(validate=validate.OneOf(REQUEST_TYPES))
    languages = Languages()
