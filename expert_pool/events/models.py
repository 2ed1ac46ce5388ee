"""Capacity-building events (trainings, workshops, side events) and who took part in them."""

from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import check_in, utcnow
from ..extensions import db

if TYPE_CHECKING:
    from ..experts.models import Expert
    from ..helpdesk.models import CooperationRequest
    from ..taxonomy.models import Party, Target

EVENT_TYPES = ("training", "workshop", "side_event", "webinar", "other")
PARTICIPANT_ROLES = ("official", "researcher", "other")
GENDERS = ("female", "male", "other")
EVENT_TYPE_LABELS = {
    "training": _l("Training"),
    "workshop": _l("Workshop"),
    "side_event": _l("Side event"),
    "webinar": _l("Webinar"),
    "other": _l("Other"),
}
PARTICIPANT_ROLE_LABELS = {
    "official": _l("Officials"),
    "researcher": _l("Researchers"),
    "other": _l("Others"),
}
GENDER_LABELS = {"female": _l("Women"), "male": _l("Men"), "other": _l("Other or not stated")}

event_parties = Table(
    "capacity_event_parties",
    db.metadata,
    Column("event_id", ForeignKey("capacity_events.id", ondelete="CASCADE"), primary_key=True),
    Column("party_code", ForeignKey("parties.code"), primary_key=True, index=True),
)

event_targets = Table(
    "capacity_event_targets",
    db.metadata,
    Column("event_id", ForeignKey("capacity_events.id", ondelete="CASCADE"), primary_key=True),
    Column("target_number", ForeignKey("targets.number"), primary_key=True, index=True),
)

event_requests = Table(
    "capacity_event_requests",
    db.metadata,
    Column("event_id", ForeignKey("capacity_events.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "request_id",
        ForeignKey("cooperation_requests.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)

event_experts = Table(
    "capacity_event_experts",
    db.metadata,
    Column("event_id", ForeignKey("capacity_events.id", ondelete="CASCADE"), primary_key=True),
    Column("expert_id", ForeignKey("experts.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class CapacityEvent(db.Model):
    """A training, workshop or side event the centre organised or supported."""

    __tablename__ = "capacity_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(250))
    type: Mapped[str] = mapped_column(String(12), index=True)
    start_date: Mapped[date] = mapped_column(index=True)
    end_date: Mapped[date]
    is_online: Mapped[bool] = mapped_column(default=False)
    place: Mapped[str] = mapped_column(String(250), default="")
    organisers: Mapped[str] = mapped_column(Text, default="")
    partners: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    parties: Mapped[list["Party"]] = relationship(secondary=event_parties, order_by="Party.name")
    targets: Mapped[list["Target"]] = relationship(
        secondary=event_targets, order_by="Target.number"
    )
    requests: Mapped[list["CooperationRequest"]] = relationship(
        secondary=event_requests, order_by="CooperationRequest.reference"
    )
    experts: Mapped[list["Expert"]] = relationship(secondary=event_experts, order_by="Expert.name")
    participants: Mapped[list["EventParticipants"]] = relationship(
        back_populates="event",
        cascade="all, delete-orphan",
        order_by="(EventParticipants.party_code, EventParticipants.role, EventParticipants.gender)",
    )

    __table_args__ = (
        check_in("type", EVENT_TYPES),
        CheckConstraint("end_date >= start_date", name="dates_order"),
        CheckConstraint("is_online OR length(place) > 0", name="place_or_online"),
    )

    @property
    def participant_count(self) -> int:
        """How many people took part, all groups together."""
        return sum(row.count for row in self.participants)

    def __repr__(self) -> str:
        return f"<CapacityEvent {self.id} {self.title!r}>"


class EventParticipants(db.Model):
    """How many participants of one Party, role and gender an event had."""

    __tablename__ = "event_participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("capacity_events.id", ondelete="CASCADE"), index=True
    )
    # None: participants from no Party (international organisations and the like).
    party_code: Mapped[str | None] = mapped_column(ForeignKey("parties.code"), index=True)
    role: Mapped[str] = mapped_column(String(12))
    gender: Mapped[str] = mapped_column(String(8))
    count: Mapped[int]

    event: Mapped[CapacityEvent] = relationship(back_populates="participants")
    party: Mapped["Party | None"] = relationship()

    __table_args__ = (
        UniqueConstraint("event_id", "party_code", "role", "gender"),
        check_in("role", PARTICIPANT_ROLES),
        check_in("gender", GENDERS),
        CheckConstraint("count > 0", name="count_positive"),
    )

