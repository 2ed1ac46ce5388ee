"""Reading the outbox: the staff's page of every message (and, without a mail server, the only
place the messages go), and sending a failed message again."""

import logging
import re

from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination
from markupsafe import Markup, escape
from sqlalchemy import select

from ..exceptions import NotFound, ValidationError
from ..extensions import db
from ..pagination import paginate
from ..roles import Actor, ensure_staff
from .models import OUTBOX_STATES, OutboxMessage

logger = logging.getLogger(__name__)

_LINK = re.compile(r"https?://[^\s<>\"']+")


def list_outbox(actor: Actor, *, status: str = "", q: str = "", page: int = 1) -> Pagination:
    """The outbox, newest first, of one status and addressed to someone matching `q`."""
    ensure_staff(actor)
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc())
    if status in OUTBOX_STATES:
        query = query.where(OutboxMessage.status == status)
    if q.strip():
        query = query.where(OutboxMessage.to_address.contains(q.strip().lower()))
    return paginate(query, page)


def get_message(message_id: int, actor: Actor) -> OutboxMessage:
    """One message of the outbox, for staff."""
    ensure_staff(actor)
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        raise NotFound(_("There is no such message."))
    return message


def resend_message(message: OutboxMessage, actor: Actor) -> OutboxMessage:
    """Put a message given up on back in the outbox, with its attempts counted afresh."""
    ensure_staff(actor)
    if message.status != "failed":
        raise ValidationError(_("Only a message that failed can be sent again."))
    message.status = "pending"
    message.attempts = 0
    message.next_attempt_at = None
    db.session.flush()
    logger.info(
        "outbox message %s to %s queued again by %s",
        message.id,
        message.to_address,
        getattr(actor, "email", actor),
    )
    return message


def linkify(text: str) -> Markup:
    """The text of an email, escaped, with its web addresses made links (the invitation link
    is followed from the outbox page)."""
    parts, end = [], 0
    for found in _LINK.finditer(text):
        url = found.group(0).rstrip(".,;:)")
        parts.append(escape(text[end : found.start()]))
        parts.append(Markup('<a href="{0}">{0}</a>').format(url))
        end = found.start() + len(url)
    parts.append(escape(text[end:]))
    return Markup("").join(parts)
