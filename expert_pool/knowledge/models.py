"""Knowledge products, their files and each download of a file."""

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, CheckConstraint, Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import check_in, utcnow
from ..extensions import db

if TYPE_CHECKING:
    from ..experts.models import Expert
    from ..helpdesk.models import CooperationRequest
    from ..taxonomy.models import Party, Tag, Target

PRODUCT_TYPES = (
    "report",
    "case_study",
    "policy_brief",
    "guideline",
    "training_material",
    "dataset",
    "tool",
)
VISIBILITIES = ("public", "staff")


def _link_table(name: str, column: str, target: str, **kwargs) -> Table:
    return Table(
        name,
        db.metadata,
        Column(
            "product_id",
            ForeignKey("knowledge_products.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        Column(column, ForeignKey(target, **kwargs), primary_key=True, index=True),
    )


product_tags = _link_table("knowledge_product_tags", "tag_id", "tags.id", ondelete="CASCADE")
product_targets = _link_table("knowledge_product_targets", "target_number", "targets.number")
product_parties = _link_table("knowledge_product_parties", "party_code", "parties.code")
product_experts = _link_table(
    "knowledge_product_experts", "expert_id", "experts.id", ondelete="CASCADE"
)


class ProductLanguage(db.Model):
    """A language a product is written in, as an ISO 639-1 code."""

    __tablename__ = "knowledge_product_languages"

    product_id: Mapped[int] = mapped_column(
        ForeignKey("knowledge_products.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(2), primary_key=True)

    __table_args__ = (CheckConstraint("length(code) = 2", name="code_iso639_1"),)


class KnowledgeProduct(db.Model):
    """A report, case study, policy brief, guideline, training material, dataset or tool of the
    centre, titled and summarised in English, Chinese or both."""

    __tablename__ = "knowledge_products"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(250), default="")
    title_zh: Mapped[str] = mapped_column(String(250), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    summary_zh: Mapped[str] = mapped_column(Text, default="")
    type: Mapped[str] = mapped_column(String(20), index=True)
    year: Mapped[int | None] = mapped_column(index=True)
    # Authors outside the pool, by name (those of the pool are `experts`).
    authors: Mapped[str] = mapped_column(Text, default="")
    links: Mapped[list[str]] = mapped_column(JSON, default=list)
    licence: Mapped[str] = mapped_column(String(100), default="")
    visibility: Mapped[str] = mapped_column(String(8), default="public", index=True)
    # The delivered request this product was published from (one product per request).
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("cooperation_requests.id", ondelete="SET NULL"), unique=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    tags: Mapped[list["Tag"]] = relationship(secondary=product_tags, order_by="Tag.name")
    targets: Mapped[list["Target"]] = relationship(
        secondary=product_targets, order_by="Target.number"
    )
    parties: Mapped[list["Party"]] = relationship(secondary=product_parties, order_by="Party.name")
    experts: Mapped[list["Expert"]] = relationship(
        secondary=product_experts, order_by="Expert.name"
    )
    language_rows: Mapped[list[ProductLanguage]] = relationship(
        cascade="all, delete-orphan", order_by="ProductLanguage.code"
    )
    files: Mapped[list["ProductFile"]] = relationship(
        back_populates="product", cascade="all, delete-orphan", order_by="ProductFile.id"
    )
    request: Mapped["CooperationRequest | None"] = relationship()

    __table_args__ = (
        check_in("type", PRODUCT_TYPES),
        check_in("visibility", VISIBILITIES),
        CheckConstraint("length(title) > 0 OR length(title_zh) > 0", name="has_title"),
        CheckConstraint("year IS NULL OR year BETWEEN 1900 AND 2999", name="year_range"),
    )

    @property
    def languages(self) -> list[str]:
        """The product's languages as ISO 639-1 codes."""
        return [row.code for row in self.language_rows]

    @languages.setter
    def languages(self, codes: list[str]) -> None:
        self.language_rows = [ProductLanguage(code=c.lower()) for c in dict.fromkeys(codes)]

    @property
    def is_public(self) -> bool:
        """Whether anyone may find and read it (else staff only)."""
        return self.visibility == "public"

    def __repr__(self) -> str:
        return f"<KnowledgeProduct {self.id} {(self.title or self.title_zh)!r}>"


class ProductFile(db.Model):
    """A file of a product, stored with the request attachments' rules and storage."""

    __tablename__ = "knowledge_product_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(
        ForeignKey("knowledge_products.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    product: Mapped[KnowledgeProduct] = relationship(back_populates="files")

    __table_args__ = (CheckConstraint("size >= 0", name="size_positive"),)


class ProductDownload(db.Model):
    """One download of a product's file (the reports count them per period)."""

    __tablename__ = "knowledge_product_downloads"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_id: Mapped[int | None] = mapped_column(
        ForeignKey("knowledge_product_files.id", ondelete="SET NULL"), index=True
    )
    product_id: Mapped[int] = mapped_column(
        ForeignKey("knowledge_products.id", ondelete="CASCADE"), index=True
    )
    downloaded_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
