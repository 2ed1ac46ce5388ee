"""The email outbox: messages are written in the same transaction as the change they announce
and delivered afterwards, so a failed delivery never undoes the change."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..database import check_in, utcnow
from ..extensions import db

# "kept": no MAIL_SERVER is configured, so the message is shown on the outbox page only.
OUTBOX_STATES = ("pending", "sent", "failed", "kept")


class OutboxMessage(db.Model):
    """One email waiting for delivery, delivered, or given up on."""

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(String(254), index=True)
    subject: Mapped[str] = mapped_column(String(250))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text, default="")
    template: Mapped[str] = mapped_column(String(80), default="")
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("cooperation_requests.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(8), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    # After a failed attempt, the earliest time of the next one (backoff); None: now.
    next_attempt_at: Mapped[datetime | None] = mapped_column(index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]

    __table_args__ = (
        check_in("status", OUTBOX_STATES),
        CheckConstraint("attempts >= 0", name="attempts_positive"),
    )


class Notification(db.Model):
    """An in-app notice of an email queued to a user's address: unread until they open it, so
    that nothing depends on the email alone."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    address: Mapped[str] = mapped_column(String(254), index=True)
    subject: Mapped[str] = mapped_column(String(250))
    # The page the notice is about, as a path of this site ("" when there is none).
    link: Mapped[str] = mapped_column(String(500), default="")
    template: Mapped[str] = mapped_column(String(80), default="")
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("cooperation_requests.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(index=True)
