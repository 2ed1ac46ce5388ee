"""Writing and reading the audit log."""

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import inspect

from ..extensions import db
from .models import AuditEvent

if TYPE_CHECKING:
    from ..accounts.models import User

logger = logging.getLogger(__name__)


def record_event(
    action: str,
    obj: Any,
    actor: "User | None",
    *,
    request_id: int | None = None,
    from_state: str | None = None,
    to_state: str | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    """Add one audit event about `obj` in the current transaction (the caller commits)."""
    db.session.flush()
    event = AuditEvent(
        action=action,
        object_type=obj.__tablename__,
        object_id="/".join(str(part) for part in inspect(obj).identity),
        actor=actor,
        request_id=request_id,
        from_state=from_state,
        to_state=to_state,
        note=note,
        data=data or {},
    )
    if at is not None:
        event.occurred_at = at
    db.session.add(event)
    logger.info("%s %s %s by %s", action, event.object_type, event.object_id, actor)
    return event
