"""API v1: what waits for the token's user, the items of their work page."""

from flask_smorest import Blueprint
from marshmallow import Schema, fields

from ..accounts.access import current_api_user
from ..helpdesk.work import KIND_LABELS, WorkItem, list_work
from .schemas import Moment

bp = Blueprint("api_work", __name__, description="What waits for each role")


class WorkItemSchema(Schema):
    """One thing that waits for the user."""

    kind = fields.String(metadata={"description": ", ".join(KIND_LABELS)})
    label = fields.String(metadata={"description": "the kind in the language of the call"})
    reference = fields.String(allow_none=True, metadata={"description": "null for a draft"})
    title = fields.String()
    status = fields.String(allow_none=True)
    due_at = Moment(allow_none=True)
    is_overdue = fields.Boolean()
    next_step = fields.String()
    owner = fields.String(allow_none=True, metadata={"description": "staff: the owner's name"})
    link = fields.String(metadata={"description": "the page where it is acted on"})


class WorkSchema(Schema):
    items = fields.List(fields.Nested(WorkItemSchema))


def item_dict(item: WorkItem) -> dict:
    """The fields of WorkItemSchema."""
    return {name: getattr(item, name) for name in WorkItemSchema().fields}


@bp.route("/me/work", methods=["GET"])
@bp.response(200, WorkSchema)
def my_work():
    """What the caller's work page shows, the most pressing first."""
    return {"items": [item_dict(item) for item in list_work(current_api_user())]}
