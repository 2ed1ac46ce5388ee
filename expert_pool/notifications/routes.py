"""The notifications blueprint: the email templates, and in development the delivery of the
outbox after each request (production runs `flask --app wsgi outbox send` on a schedule)."""

import logging

from flask import Blueprint, Flask, Response, current_app

from .delivery import deliver_due

bp = Blueprint("notifications", __name__, template_folder="templates")
logger = logging.getLogger(__name__)


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
