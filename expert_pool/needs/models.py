"""The needs assessment's records: questionnaire templates in versions (sections and questions
in English and Chinese), the rounds that send a version to Parties, each Party's response with
its answers and supporting documents, and the findings of the desk review of national
documents."""

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import check_in, utcnow
from ..extensions import db
from ..helpdesk.models import StoredFile

if TYPE_CHECKING:
    from ..accounts.models import User
    from ..taxonomy.models import Party, Tag, Target

# A question asks for a priority per KMGBF target, a priority per thematic area, one choice
# among its options, or a free text.
QUESTION_KINDS = ("target_priority", "area_priority", "choice", "text")
RESPONSE_STATES = ("open", "submitted")
DOCUMENT_TYPES = ("national_report_7", "cartagena_report", "nagoya_report", "nbsap", "other")
# The one priority scale of every source, with its level (what the assessment averages).
PRIORITIES = {"high": 3, "medium": 2, "low": 1}
# A questionnaire's rating: one of the priorities, or "not a priority" (0).
RATINGS = {**PRIORITIES, "none": 0}


class QuestionnaireTemplate(db.Model):
    """A questionnaire the centre keeps; what it asks lives in its versions."""

    __tablename__ = "needs_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    versions: Mapped[list["TemplateVersion"]] = relationship(
        back_populates="template", cascade="all, delete-orphan", order_by="TemplateVersion.number"
    )

    @property
    def current(self) -> "TemplateVersion":
        """The latest version: the one a new round sends."""
        return self.versions[-1]


class TemplateVersion(db.Model):
    """One version of a questionnaire; once answered it is never changed again."""

    __tablename__ = "needs_template_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(
        ForeignKey("needs_templates.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    title_en: Mapped[str] = mapped_column(String(250))
    title_zh: Mapped[str] = mapped_column(String(250))
    intro_en: Mapped[str] = mapped_column(Text, default="")
    intro_zh: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    template: Mapped[QuestionnaireTemplate] = relationship(back_populates="versions")
    sections: Mapped[list["Section"]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="Section.position"
    )

    __table_args__ = (
        UniqueConstraint("template_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
    )

    @property
    def questions(self) -> list["Question"]:
        """Every question of the version, section by section."""
        return [q for section in self.sections for q in section.questions]


class Section(db.Model):
    """A titled group of questions of a version."""

    __tablename__ = "needs_sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("needs_template_versions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    title_en: Mapped[str] = mapped_column(String(250))
    title_zh: Mapped[str] = mapped_column(String(250))

    version: Mapped[TemplateVersion] = relationship(back_populates="sections")
    questions: Mapped[list["Question"]] = relationship(
        back_populates="section", cascade="all, delete-orphan", order_by="Question.position"
    )


class Question(db.Model):
    """A question: its kind, its wording in English and Chinese, and its options (target
    numbers or thematic area codes to rate, none meaning all; or the choices, each a dict of
    code, en and zh)."""

    __tablename__ = "needs_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(
        ForeignKey("needs_sections.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))
    text_en: Mapped[str] = mapped_column(Text)
    text_zh: Mapped[str] = mapped_column(Text)
    options: Mapped[list[Any]] = mapped_column(JSON, default=list)

    section: Mapped[Section] = relationship(back_populates="questions")

    __table_args__ = (check_in("kind", QUESTION_KINDS),)


class Round(db.Model):
    """A version of a questionnaire sent to chosen Parties, to answer by a deadline."""

    __tablename__ = "needs_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("needs_template_versions.id"), index=True)
    title: Mapped[str] = mapped_column(String(250))
    deadline: Mapped[date]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    version: Mapped[TemplateVersion] = relationship()
    responses: Mapped[list["Response"]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="Response.party_code"
    )


class Response(db.Model):
    """A Party's answers to a round: open (saved, not yet sent) until its focal point submits."""

    __tablename__ = "needs_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("needs_rounds.id", ondelete="CASCADE"))
    party_code: Mapped[str] = mapped_column(ForeignKey("parties.code"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="open", index=True)
    version: Mapped[int] = mapped_column(default=1)
    saved_at: Mapped[datetime | None]
    submitted_at: Mapped[datetime | None] = mapped_column(index=True)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reminded_at: Mapped[datetime | None]

    round: Mapped[Round] = relationship(back_populates="responses")
    party: Mapped["Party"] = relationship()
    answers: Mapped[list["Answer"]] = relationship(
        cascade="all, delete-orphan", order_by=lambda: [Answer.question_id, Answer.item]
    )
    documents: Mapped[list["ResponseDocument"]] = relationship(
        back_populates="response", cascade="all, delete-orphan", order_by="ResponseDocument.id"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (
        UniqueConstraint("round_id", "party_code"),
        check_in("status", RESPONSE_STATES),
        CheckConstraint("status = 'open' OR submitted_at IS NOT NULL", name="submitted_has_time"),
    )


class Answer(db.Model):
    """One answer of a response: to a question, for one of its items (a target number or a
    thematic area code; empty for a choice or a text)."""

    __tablename__ = "needs_answers"

    response_id: Mapped[int] = mapped_column(
        ForeignKey("needs_responses.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("needs_questions.id"), primary_key=True, index=True
    )
    item: Mapped[str] = mapped_column(String(24), primary_key=True, default="")
    value: Mapped[str] = mapped_column(Text)


class ResponseDocument(StoredFile, db.Model):
    """A supporting document uploaded with a response, stored as the requests' attachments are."""

    __tablename__ = "needs_response_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("needs_responses.id", ondelete="CASCADE"), index=True
    )

    response: Mapped[Response] = relationship(back_populates="documents")

    __table_args__ = (CheckConstraint("size >= 0", name="size_positive"),)


finding_targets = Table(
    "needs_finding_targets",
    db.metadata,
    Column("finding_id", ForeignKey("needs_findings.id", ondelete="CASCADE"), primary_key=True),
    Column("target_number", ForeignKey("targets.number"), primary_key=True, index=True),
)

finding_tags = Table(
    "needs_finding_tags",
    db.metadata,
    Column("finding_id", ForeignKey("needs_findings.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Finding(db.Model):
    """A need staff found in a Party's national document, with the passage that says it."""

    __tablename__ = "needs_findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    party_code: Mapped[str] = mapped_column(ForeignKey("parties.code"), index=True)
    document_type: Mapped[str] = mapped_column(String(20))
    document_title: Mapped[str] = mapped_column(String(250), default="")
    document_year: Mapped[int]
    document_link: Mapped[str] = mapped_column(String(500), default="")
    priority: Mapped[str] = mapped_column(String(8))
    passage: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    party: Mapped["Party"] = relationship()
    created_by: Mapped["User | None"] = relationship()
    targets: Mapped[list["Target"]] = relationship(
        secondary=finding_targets, order_by="Target.number"
    )
    tags: Mapped[list["Tag"]] = relationship(secondary=finding_tags, order_by="Tag.name")

    __table_args__ = (
        check_in("document_type", DOCUMENT_TYPES),
        check_in("priority", tuple(PRIORITIES)),
        CheckConstraint("document_year BETWEEN 1992 AND 2100", name="document_year_range"),
        CheckConstraint("length(passage) > 0", name="passage_not_empty"),
    )
