"""The notifications blueprint: the email templates, the staff's outbox page, and in development
the delivery of the outbox after each request (the worker sends it otherwise)."""

import logging

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..extensions import db
from .delivery import deliver_due
from .inbox import list_notifications, mark_read, mark_seen
from .models import OUTBOX_STATES
from .outbox import get_message, linkify, list_outbox, resend_message

bp = Blueprint("notifications", __name__, template_folder="templates")
bp.add_app_template_filter(linkify, "linkify")
logger = logging.getLogger(__name__)

# What each outbox status (OUTBOX_STATES) is called on the pages.
STATUS_LABELS = {
    "pending": _l("waiting"),
    "sent": _l("sent"),
    "failed": _l("failed"),
    "kept": _l("kept here"),
}


@bp.app_context_processor
def status_labels() -> dict:
    """What each outbox status is called on the pages."""
    return {"status_labels": STATUS_LABELS}


@bp.route("/outbox")
def outbox():
    """Every email of the outbox, with its status; without a mail server, where mail is read."""
    status = request.args.get("status", "")
    q = request.args.get("q", "")
    pagination = list_outbox(
        current_user, status=status, q=q, page=request.args.get("page", 1, type=int)
    )
    return render_template(
        "notifications/outbox.html",
        pagination=pagination,
        status=status,
        q=q,
        states=OUTBOX_STATES,
        mail_server=current_app.config["MAIL_SERVER"],
    )


@bp.route("/outbox/<int:message_id>")
def outbox_message(message_id: int):
    """One email as its recipient reads it, with its delivery history."""
    message = get_message(message_id, current_user)
    return render_template("notifications/outbox_message.html", message=message)


@bp.route("/outbox/<int:message_id>/resend", methods=["POST"])
def resend(message_id: int):
    """Send a failed email again."""
    message = resend_message(get_message(message_id, current_user), current_user)
    db.session.commit()
    flash(_("The message to %(email)s will be sent again.", email=message.to_address), "success")
    return redirect(url_for("notifications.outbox_message", message_id=message.id))


@bp.route("/notifications")
def inbox():
    """The signed-in user's notifications, newest first; those shown are read from now on."""
    pagination = list_notifications(current_user.email, page=request.args.get("page", 1, type=int))
    unread = {notice.id for notice in pagination.items if notice.read_at is None}
    mark_seen(current_user.email)
    db.session.commit()
    return render_template("notifications/inbox.html", pagination=pagination, unread=unread)


@bp.route("/notifications/<int:notification_id>/read", methods=["POST"])
def read_notification(notification_id: int):
    """Open a notification: it is read, and its page opens."""
    notice = mark_read(notification_id, current_user.email)
    db.session.commit()
    return redirect(notice.link or url_for("notifications.inbox"))


def _deliver_in(app: Flask) -> None:
    with app.app_context():
        try:
            deliver_due(limit=50)
        except Exception:  # a failed delivery must never break the page that was served
            logger.exception("delivering the outbox after a request failed")


@bp.after_app_request
def deliver_after_request(response: Response) -> Response:
    """When OUTBOX_SEND_AFTER_REQUEST is on (by default: in debug mode), send what is due once
    the response has gone out."""
    setting = current_app.config["OUTBOX_SEND_AFTER_REQUEST"]
    if current_app.debug if setting is None else setting:
        app = current_app._get_current_object()
        response.call_on_close(lambda: _deliver_in(app))
    return response
