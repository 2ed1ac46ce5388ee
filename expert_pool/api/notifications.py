"""API v1: the in-app notifications of the token's user."""

from flask_smorest import Blueprint
from marshmallow import Schema, fields

from ..accounts.access import current_api_user
from ..extensions import db
from ..helpdesk.models import CooperationRequest
from ..notifications.inbox import list_notifications, mark_read
from ..notifications.models import Notification
from .schemas import ApiErrorSchema, Moment, PageQuerySchema, PageSchema, page_of

bp = Blueprint("api_notifications", __name__, description="In-app notifications")


class NotificationSchema(Schema):
    """A notice of an email the help desk sent the user."""

    id = fields.Integer()
    subject = fields.String()
    link = fields.String(metadata={"description": "a path of this site, or empty"})
    kind = fields.String(metadata={"description": "the email's template, e.g. request_update"})
    reference = fields.String(allow_none=True, metadata={"description": "the request it is about"})
    created_at = Moment()
    read_at = Moment(allow_none=True)
    is_read = fields.Boolean()


class NotificationPageSchema(PageSchema):
    items = fields.List(fields.Nested(NotificationSchema))


class NotificationQuerySchema(PageQuerySchema):
    unread = fields.Boolean(load_default=False, metadata={"description": "only the unread ones"})


def notification_dict(notice: Notification) -> dict:
    """The fields of NotificationSchema."""
    request = db.session.get(CooperationRequest, notice.request_id) if notice.request_id else None
    return {
        "id": notice.id,
        "subject": notice.subject,
        "link": notice.link,
        "kind": notice.template,
        "reference": request.reference if request else None,
        "created_at": notice.created_at,
        "read_at": notice.read_at,
        "is_read": notice.read_at is not None,
    }


@bp.route("/notifications", methods=["GET"])
@bp.arguments(NotificationQuerySchema, location="query")
@bp.response(200, NotificationPageSchema)
def index(query):
    """The caller's notifications, newest first (`unread=true`: only the unread ones)."""
    user = current_api_user()
    page = list_notifications(
        user.email, unread=query["unread"], page=query["page"], per_page=query["per_page"]
    )
    return page_of(page, notification_dict)


@bp.route("/notifications/<int:notification_id>/read", methods=["POST"])
@bp.response(200, NotificationSchema)
@bp.alt_response(404, schema=ApiErrorSchema, description="not a notification of yours")
def read(notification_id):
    """Mark one of the caller's notifications read."""
    notice = mark_read(notification_id, current_api_user().email)
    db.session.commit()
    return notification_dict(notice)
