"""Expert profiles, their publications, and conflicts of interest declared by staff."""

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, Text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..database import check_in, text_column, utcnow
from ..extensions import db

if TYPE_CHECKING:
    from ..taxonomy.models import Party, Tag, Target

AVAILABILITIES = ("available", "limited", "unavailable")
STATUSES = ("pending", "active", "inactive")

expert_tags = Table(
    "expert_tags",
    db.metadata,
    Column("expert_id", ForeignKey("experts.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True),
)

expert_targets = Table(
    "expert_targets",
    db.metadata,
    Column("expert_id", ForeignKey("experts.id", ondelete="CASCADE"), primary_key=True),
    Column("target_number", ForeignKey("targets.number"), primary_key=True, index=True),
)


class ExpertLanguage(db.Model):
    """A language an expert works in, as an ISO 639-1 code."""

    __tablename__ = "expert_languages"

    expert_id: Mapped[int] = mapped_column(
        ForeignKey("experts.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(2), primary_key=True, index=True)

    __table_args__ = (CheckConstraint("length(code) = 2", name="code_iso639_1"),)


class Expert(db.Model):
    """An expert of the pool, as staff and the expert themself keep the profile."""

    __tablename__ = "experts"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    native_name: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(120), default="")
    affiliation: Mapped[str] = mapped_column(String(250), default="")
    country_code: Mapped[str] = mapped_column(ForeignKey("parties.code"), index=True)
    province: Mapped[str] = mapped_column(String(120), default="")
    orcid: Mapped[str | None] = mapped_column(String(19), unique=True)
    bio: Mapped[str] = text_column(5000, default="")
    availability: Mapped[str] = mapped_column(String(12), default="available")
    unavailable_until: Mapped[date | None]
    max_assignments: Mapped[int] = mapped_column(default=3)
    is_public: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    verified_at: Mapped[datetime | None]
    # Set when the expert was last reminded to verify the profile, so that one reminder goes out
    # per overdue period.
    reminded_at: Mapped[datetime | None]
    # Every profile change sets this; the matching glue clears it once it has embedded the
    # profile again.
    embedding_stale: Mapped[bool] = mapped_column(default=True, server_default=true(), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    country: Mapped["Party"] = relationship()
    tags: Mapped[list["Tag"]] = relationship(secondary=expert_tags, order_by="Tag.name")
    targets: Mapped[list["Target"]] = relationship(
        secondary=expert_targets, order_by="Target.number"
    )
    language_rows: Mapped[list[ExpertLanguage]] = relationship(
        cascade="all, delete-orphan", order_by="ExpertLanguage.code"
    )
    publications: Mapped[list["Publication"]] = relationship(
        back_populates="expert",
        cascade="all, delete-orphan",
        order_by="(Publication.year.desc(), Publication.id)",
    )

    __table_args__ = (
        check_in("availability", AVAILABILITIES),
        check_in("status", STATUSES),
        CheckConstraint("max_assignments BETWEEN 0 AND 20", name="max_assignments_range"),
        CheckConstraint("email = lower(email)", name="email_lowercase"),
    )

    @property
    def languages(self) -> list[str]:
        """The expert's working languages as ISO 639-1 codes."""
        return [row.code for row in self.language_rows]

    @languages.setter
    def languages(self, codes: list[str]) -> None:
        wanted = list(dict.fromkeys(code.lower() for code in codes))
        self.language_rows = [
            next((row for row in self.language_rows if row.code == code), None)
            or ExpertLanguage(code=code)
            for code in wanted
        ]

    def profile_fields(self) -> dict[str, Any]:
        """The profile under the field names that the form, the import file, the API and
        `update_expert` share: tags by name, targets by number, languages as ISO codes, then
        the publications and the vetting fields."""
        return {
            "email": self.email,
            "name": self.name,
            "native_name": self.native_name,
            "title": self.title,
            "affiliation": self.affiliation,
            "country": self.country_code,
            "province": self.province,
            "orcid": self.orcid,
            "bio": self.bio,
            "tags": [tag.name for tag in self.tags],
            "targets": [target.number for target in self.targets],
            "languages": self.languages,
            "availability": self.availability,
            "unavailable_until": self.unavailable_until,
            "max_assignments": self.max_assignments,
            "public": self.is_public,
            "publications": [
                {"title": p.title, "year": p.year, "url": p.url, "abstract": p.abstract}
                for p in self.publications
            ],
            "status": self.status,
            "verified_at": self.verified_at,
        }

    def __repr__(self) -> str:
        return f"<Expert {self.id} {self.name!r}>"


class Publication(db.Model):
    """A publication on an expert's profile: evidence of expertise for matching."""

    __tablename__ = "publications"

    id: Mapped[int] = mapped_column(primary_key=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("experts.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(400))
    abstract: Mapped[str] = mapped_column(Text, default="")
    year: Mapped[int | None]
    url: Mapped[str] = mapped_column(String(400), default="")

    expert: Mapped[Expert] = relationship(back_populates="publications")

    __table_args__ = (CheckConstraint("year IS NULL OR year BETWEEN 1900 AND 2100", name="year"),)


class ConflictOfInterest(db.Model):
    """A conflict of interest declared by staff: the expert is not proposed for what it names."""

    __tablename__ = "conflicts"

    id: Mapped[int] = mapped_column(primary_key=True)
    expert_id: Mapped[int] = mapped_column(ForeignKey("experts.id", ondelete="CASCADE"), index=True)
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("cooperation_requests.id", ondelete="CASCADE"), index=True
    )
    party_code: Mapped[str | None] = mapped_column(ForeignKey("parties.code"))
    institution: Mapped[str] = mapped_column(String(250), default="")
    reason: Mapped[str] = mapped_column(Text)
    declared_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    expert: Mapped[Expert] = relationship()

    __table_args__ = (
        CheckConstraint(
            "request_id IS NOT NULL OR party_code IS NOT NULL OR institution != ''",
            name="names_something",
        ),
    )
