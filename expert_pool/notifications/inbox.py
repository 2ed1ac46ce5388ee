"""In-app notifications: each email queued to an address is also an unread notice for the user
at that address, read on the site (so that nothing depends on email alone). The outbox knows
addresses, not people: callers pass the signed-in user's address."""

import logging
from urllib.parse import urlsplit

from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, select, update

from ..database import utcnow
from ..exceptions import NotFound
from ..extensions import db
from ..pagination import paginate
from .models import Notification

logger = logging.getLogger(__name__)


def add_notification(
    address: str, subject: str, *, link: str = "", template: str = "", request_id: int | None = None
) -> Notification:
    """Add an unread notice for an address; `link` (absolute or a path) is kept as a path of
    this site (the caller commits)."""
    parts = urlsplit(link)
    path = parts.path + (f"?{parts.query}" if parts.query else "") if link else ""
    notice = Notification(
        address=address.strip().lower(),
        subject=subject,
        link=path,
        template=template,
        request_id=request_id,
    )
    db.session.add(notice)
    return notice


def _of(address: str):
    return Notification.address == address.strip().lower()


def list_notifications(
    address: str, *, unread: bool = False, page: int = 1, per_page: int | None = None
) -> Pagination:
    """A page of an address's notices, newest first (only the unread ones if asked)."""
    query = select(Notification).where(_of(address))
    if unread:
        query = query.where(Notification.read_at.is_(None))
    newest = query.order_by(Notification.created_at.desc(), Notification.id.desc())
    return paginate(newest, page, per_page)


def count_unread(address: str) -> int:
    """How many notices of an address are unread."""
    return db.session.scalar(
        select(func.count()).where(_of(address), Notification.read_at.is_(None))
    )


def mark_read(notification_id: int, address: str) -> Notification:
    """Mark one of the address's notices read (another's is not found)."""
    notice = db.session.get(Notification, notification_id)
    if notice is None or notice.address != address.strip().lower():
        raise NotFound(_("there is no notification %(id)s for you", id=notification_id))
    if notice.read_at is None:
        notice.read_at = utcnow()
        db.session.flush()
        logger.info("notification %s read by %s", notice.id, address)
    return notice


def mark_seen(address: str, *, request_id: int | None = None) -> int:
    """Mark the address's unread notices read: all of them, or those about one request (its
    page was opened). Returns how many."""
    query = update(Notification).where(_of(address), Notification.read_at.is_(None))
    if request_id is not None:
        query = query.where(Notification.request_id == request_id)
    result = db.session.execute(
        query.values(read_at=utcnow()).execution_options(synchronize_session=False)
    )
    return result.rowcount or 0
