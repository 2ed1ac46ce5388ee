"""The append-only event log: who did what, when, and from which state to which."""

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import utcnow
from ..extensions import db

if TYPE_CHECKING:
    from ..accounts.models import User


class AuditEvent(db.Model):
    """One recorded event; rows are written once and never changed or deleted by the app."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(60), index=True)
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str] = mapped_column(String(40))
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("cooperation_requests.id", ondelete="SET NULL")
    )
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    actor: Mapped["User | None"] = relationship()

    __table_args__ = (
        # The dashboard's response times read each request's first event of a step from this
        # index alone (once the planner has statistics: bench/README.md). Led by request_id, it
        # also serves a request's timeline and the foreign key: request_id needs no other index.
        Index(
            "ix_audit_events_request_id_action_occurred_at", "request_id", "action", "occurred_at"
        ),
    )


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or delete an audit event."""


@event.listens_for(AuditEvent, "before_update")
def _refuse_update(mapper, connection, target) -> None:
    raise AppendOnlyError("audit events are append-only")


@event.listens_for(AuditEvent, "before_delete")
def _refuse_delete(mapper, connection, target) -> None:
    raise AppendOnlyError("audit events are append-only")
