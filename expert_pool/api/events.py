"""API v1 capacity-building events (staff): recorded with their participants, listed by period."""

from flask import url_for
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from ..accounts.access import current_api_user
from ..dates import Period
from ..events.models import EVENT_TYPES, GENDERS, PARTICIPANT_ROLES
from ..events.services import create_event, event_data, get_event, list_events, update_event
from ..extensions import db
from .schemas import (
    ApiErrorSchema,
    Moment,
    PageQuerySchema,
    PageSchema,
    PeriodQuerySchema,
    page_of,
)

bp = Blueprint("api_events", __name__, description="Capacity-building events")


class ParticipantsSchema(Schema):
    party = fields.String(
        allow_none=True, load_default=None, metadata={"description": "ISO 3166-1 alpha-3"}
    )
    role = fields.String(required=True, validate=validate.OneOf(PARTICIPANT_ROLES))
    gender = fields.String(required=True, validate=validate.OneOf(GENDERS))
    count = fields.Integer(required=True, validate=validate.Range(min=0))


class EventInSchema(Schema):
    """What staff send to record or change an event (the services check the meaning)."""

    title = fields.String(required=True, validate=validate.Length(max=250))
    type = fields.String(required=True, validate=validate.OneOf(EVENT_TYPES))
    start_date = fields.Date(required=True)
    end_date = fields.Date(load_default=None, allow_none=True)
    is_online = fields.Boolean(load_default=False)
    place = fields.String(load_default="", validate=validate.Length(max=250))
    organisers = fields.String(load_default="")
    partners = fields.String(load_default="")
    description = fields.String(load_default="")
    parties = fields.List(fields.String(), load_default=list)
    targets = fields.List(fields.Integer(), load_default=list)
    requests = fields.List(
        fields.String(), load_default=list, metadata={"description": "request references"}
    )
    experts = fields.List(fields.Integer(), load_default=list, metadata={"description": "ids"})
    participants = fields.List(fields.Nested(ParticipantsSchema), load_default=list)


class EventPatchSchema(EventInSchema):
    """The fields of an event to change (sent partially)."""


class EventSchema(EventInSchema):
    """An event as the API returns it."""

    id = fields.Integer()
    participant_count = fields.Integer()
    created_at = Moment()
    updated_at = Moment()


class EventPageSchema(PageSchema):
    """One page of events."""

    items = fields.List(fields.Nested(EventSchema))


class EventQuerySchema(PeriodQuerySchema, PageQuerySchema):
    """A page of the events, of a period when given."""


def event_dict(event) -> dict:
    """The fields of EventSchema."""
    return {
        **event_data(event),
        "id": event.id,
        "participant_count": event.participant_count,
        "created_at": event.created_at,
        "updated_at": event.updated_at,
    }


def _period(query: dict) -> Period | None:
    if query["start"] is None and query["end"] is None:
        return None
    return Period.parse(query["start"], query["end"])


@bp.route("/events", methods=["GET"])
@bp.arguments(EventQuerySchema, location="query")
@bp.response(200, EventPageSchema)
def index(query):
    """Capacity-building events, the latest first (those starting in a period when given)."""
    page = list_events(_period(query), page=query["page"], per_page=query["per_page"])
    return page_of(page, event_dict)


@bp.route("/events", methods=["POST"])
@bp.arguments(EventInSchema)
@bp.response(201, EventSchema)
@bp.alt_response(422, schema=ApiErrorSchema, description="the event has errors")
def create(data):
    """Record a capacity-building event with its participants."""
    event = create_event(data, current_api_user())
    db.session.commit()
    return event_dict(event), 201, {"Location": url_for("api_events.detail", event_id=event.id)}


@bp.route("/events/<int:event_id>", methods=["GET"])
@bp.response(200, EventSchema)
@bp.alt_response(404, schema=ApiErrorSchema)
def detail(event_id):
    """One event with its links and participants."""
    return event_dict(get_event(event_id))


@bp.route("/events/<int:event_id>", methods=["PATCH"])
@bp.arguments(EventPatchSchema(partial=True))
@bp.response(200, EventSchema)
@bp.alt_response(404, schema=ApiErrorSchema)
@bp.alt_response(422, schema=ApiErrorSchema, description="the event has errors")
def patch(data, event_id):
    """Change an event: the fields sent replace the current ones."""
    event = update_event(get_event(event_id), data, current_api_user())
    db.session.commit()
    return event_dict(event)
