"""The controlled vocabularies: Parties, expertise tags with aliases, and the KMGBF targets."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import check_in, utcnow
from ..extensions import db

ALIAS_LANGUAGES = ("en", "zh")


class Party(db.Model):
    """A country that is a Party to the Convention; `is_served` marks those this centre serves."""

    __tablename__ = "parties"

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    is_served: Mapped[bool] = mapped_column(default=False)

    __table_args__ = (CheckConstraint("length(code) = 3", name="code_alpha3"),)

    def __repr__(self) -> str:
        return f"<Party {self.code}>"


class Tag(db.Model):
    """A canonical expertise tag of the taxonomy."""

    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    category: Mapped[str] = mapped_column(String(80), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    aliases: Mapped[list["TagAlias"]] = relationship(
        back_populates="tag", cascade="all, delete-orphan", order_by="TagAlias.id"
    )

    def aliases_in(self, language: str) -> list[str]:
        """The tag's aliases in one language."""
        return [alias.alias for alias in self.aliases if alias.language == language]

    def __repr__(self) -> str:
        return f"<Tag {self.name!r}>"


class TagAlias(db.Model):
    """Another name of a tag (a synonym, a plural, an acronym, the Chinese term)."""

    __tablename__ = "tag_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    tag_id: Mapped[int] = mapped_column(ForeignKey("tags.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(120))
    language: Mapped[str] = mapped_column(String(2))

    tag: Mapped[Tag] = relationship(back_populates="aliases")

    __table_args__ = (
        UniqueConstraint("alias", "language"),
        check_in("language", ALIAS_LANGUAGES),
    )


class Target(db.Model):
    """One of the 23 targets of the Kunming-Montreal Global Biodiversity Framework."""

    __tablename__ = "targets"

    number: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    title: Mapped[str] = mapped_column(String(200))
    title_zh: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (CheckConstraint("number BETWEEN 1 AND 23", name="number_range"),)

    def __repr__(self) -> str:
        return f"<Target {self.number}>"
