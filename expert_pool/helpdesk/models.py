"""Cooperation requests, the experts assigned to them, comments and attachments."""

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import check_in, text_column, utcnow
from ..extensions import db
from ..taxonomy.vocabulary import THEMATIC_AREAS
from .workflow import ASSIGNMENT_STATES, LEVELS, REQUEST_STATES, REQUEST_TYPES, URGENCIES

if TYPE_CHECKING:
    from ..accounts.models import User
    from ..experts.models import Expert
    from ..taxonomy.models import Party, Tag, Target

request_tags = Table(
    "request_tags",
    db.metadata,
    Column(
        "request_id", ForeignKey("cooperation_requests.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)

request_targets = Table(
    "request_targets",
    db.metadata,
    Column(
        "request_id", ForeignKey("cooperation_requests.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("target_number", ForeignKey("targets.number"), primary_key=True, index=True),
)


class RequestLanguage(db.Model):
    """A working language of a request, as an ISO 639-1 code."""

    __tablename__ = "request_languages"

    request_id: Mapped[int] = mapped_column(
        ForeignKey("cooperation_requests.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(2), primary_key=True)

    __table_args__ = (CheckConstraint("length(code) = 2", name="code_iso639_1"),)


class RequestThematicArea(db.Model):
    """A CBD thematic programme a request concerns."""

    __tablename__ = "request_thematic_areas"

    request_id: Mapped[int] = mapped_column(
        ForeignKey("cooperation_requests.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(24), primary_key=True)

    __table_args__ = (check_in("code", THEMATIC_AREAS),)


class CooperationRequest(db.Model):
    """A Party's request for technical and scientific cooperation, tracked to delivery."""

    __tablename__ = "cooperation_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str | None] = mapped_column(String(20), unique=True)
    reference_year: Mapped[int | None]
    reference_seq: Mapped[int | None]
    title: Mapped[str] = text_column(250)
    problem_statement: Mapped[str] = text_column(20000, default="")
    type: Mapped[str] = mapped_column(String(24), index=True)
    party_code: Mapped[str] = mapped_column(ForeignKey("parties.code"), index=True)
    submitted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    institution: Mapped[str] = text_column(250, default="")
    national_priorities: Mapped[str] = text_column(10000, default="")
    level: Mapped[str] = mapped_column(String(12), default="national")
    beneficiaries: Mapped[str] = text_column(10000, default="")
    expected_outputs: Mapped[str] = text_column(10000, default="")
    existing_initiatives: Mapped[str] = text_column(10000, default="")
    other_programmes: Mapped[str] = text_column(10000, default="")
    urgency: Mapped[str] = mapped_column(String(8), default="normal")
    wanted_by: Mapped[date | None]
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    version: Mapped[int] = mapped_column(default=1)
    rating: Mapped[int | None]
    feedback: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(index=True)
    closed_at: Mapped[datetime | None]
    # The service-level deadline of the step staff owe now (screening, first invitation);
    # it stands still while the Party is asked for information (paused since sla_paused_at).
    due_at: Mapped[datetime | None] = mapped_column(index=True)
    sla_paused_at: Mapped[datetime | None]
    # The state in which staff asked the Party the open question; the answer returns there.
    asked_in: Mapped[str | None] = mapped_column(String(16))
    # The staff member who looks after the request (None: nobody has taken it yet).
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    party: Mapped["Party"] = relationship()
    submitted_by: Mapped["User"] = relationship(foreign_keys=[submitted_by_id])
    owner: Mapped["User | None"] = relationship(foreign_keys=[owner_id])
    tags: Mapped[list["Tag"]] = relationship(secondary=request_tags, order_by="Tag.name")
    targets: Mapped[list["Target"]] = relationship(
        secondary=request_targets, order_by="Target.number"
    )
    language_rows: Mapped[list[RequestLanguage]] = relationship(
        cascade="all, delete-orphan", order_by="RequestLanguage.code"
    )
    thematic_area_rows: Mapped[list[RequestThematicArea]] = relationship(
        cascade="all, delete-orphan", order_by="RequestThematicArea.code"
    )
    assignments: Mapped[list["Assignment"]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="Assignment.id"
    )
    comments: Mapped[list["Comment"]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="Comment.id"
    )
    attachments: Mapped[list["Attachment"]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="Attachment.id"
    )

    # Optimistic locking: an UPDATE that finds another version raises StaleDataError.
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (
        check_in("status", REQUEST_STATES),
        check_in("asked_in", REQUEST_STATES),
        check_in("type", REQUEST_TYPES),
        check_in("urgency", URGENCIES),
        check_in("level", LEVELS),
        CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating_range"),
        CheckConstraint(
            "status = 'draft' OR reference IS NOT NULL", name="submitted_has_reference"
        ),
        CheckConstraint(
            "end_date IS NULL OR start_date IS NULL OR end_date >= start_date", name="dates_order"
        ),
        UniqueConstraint("reference_year", "reference_seq"),
    )

    @property
    def languages(self) -> list[str]:
        """The request's working languages as ISO 639-1 codes."""
        return [row.code for row in self.language_rows]

    @languages.setter
    def languages(self, codes: list[str]) -> None:
        self.language_rows = [RequestLanguage(code=c.lower()) for c in dict.fromkeys(codes)]

    @property
    def thematic_areas(self) -> list[str]:
        """The CBD thematic programmes the request concerns, by code."""
        return [row.code for row in self.thematic_area_rows]

    @thematic_areas.setter
    def thematic_areas(self, codes: list[str]) -> None:
        self.thematic_area_rows = [RequestThematicArea(code=c) for c in dict.fromkeys(codes)]

    def __repr__(self) -> str:
        return f"<CooperationRequest {self.reference or self.id} {self.status}>"


class Assignment(db.Model):
    """An expert invited to work on a request, and how that invitation went."""

    __tablename__ = "assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("cooperation_requests.id", ondelete="CASCADE"), index=True
    )
    expert_id: Mapped[int] = mapped_column(ForeignKey("experts.id"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="invited", index=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    invite_reason: Mapped[str] = mapped_column(Text, default="")
    match_score: Mapped[float | None]
    match_rank: Mapped[int | None]
    decline_reason: Mapped[str] = mapped_column(Text, default="")
    invited_at: Mapped[datetime] = mapped_column(default=utcnow)
    respond_by: Mapped[datetime | None] = mapped_column(index=True)
    responded_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]

    request: Mapped[CooperationRequest] = relationship(back_populates="assignments")
    expert: Mapped["Expert"] = relationship()

    __table_args__ = (check_in("status", ASSIGNMENT_STATES),)


class Comment(db.Model):
    """A comment on a request: shared with the Party, or internal to staff."""

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("cooperation_requests.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = text_column(5000)
    is_internal: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    request: Mapped[CooperationRequest] = relationship(back_populates="comments")
    author: Mapped["User"] = relationship()
    attachments: Mapped[list["Attachment"]] = relationship(
        back_populates="comment", order_by="Attachment.id"
    )

    __table_args__ = (CheckConstraint("length(body) > 0", name="body_not_empty"),)


class StoredFile:
    """The columns of a file kept in the attachments folder by its generated name (the
    original name is kept only for display): a request's attachments, and any other feature's
    uploaded files."""

    filename: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Attachment(StoredFile, db.Model):
    """A file attached to a request, stored under instance/ by its generated name."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("cooperation_requests.id", ondelete="CASCADE"), index=True
    )
    # The comment the file came with (None: attached to the request itself).
    comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )

    request: Mapped[CooperationRequest] = relationship(back_populates="attachments")
    comment: Mapped[Comment | None] = relationship(back_populates="attachments")

    __table_args__ = (CheckConstraint("size >= 0", name="size_positive"),)


class SavedReply(db.Model):
    """A reusable text of the staff, in one language, inserted when asking the Party, delivering
    or declining."""

    __tablename__ = "saved_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    language: Mapped[str] = mapped_column(String(2), index=True)
    body: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __table_args__ = (
        CheckConstraint("length(language) = 2", name="language_iso639_1"),
        CheckConstraint("length(body) > 0", name="body_not_empty"),
        UniqueConstraint("language", "title"),
    )
