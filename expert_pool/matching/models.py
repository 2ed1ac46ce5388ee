"""Stored embedding vectors, keyed by the model and the hash of the embedded text, and the
change log that keeps every process's matcher current."""

from datetime import datetime

from sqlalchemy import CheckConstraint, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..database import utcnow
from ..extensions import db


class EmbeddingVector(db.Model):
    """One normalised float32 vector of a text, as a given model embeds it."""

    __tablename__ = "embedding_vectors"

    id: Mapped[int] = mapped_column(primary_key=True)
    model: Mapped[str] = mapped_column(String(200))
    text_hash: Mapped[str] = mapped_column(String(64))
    dim: Mapped[int]
    vector: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("model", "text_hash"),
        CheckConstraint("dim > 0", name="dim_positive"),
    )


CHANGE_KINDS = ("profile", "load", "all")


class MatcherChange(db.Model):
    """One change the matchers of all processes must apply: an expert's profile (embed that
    expert again), an expert's load (an assignment changed), or the taxonomy (rebuild). Written
    in the transaction of the change; each process applies the rows after the last it saw."""

    __tablename__ = "matcher_changes"

    # Ids only grow (SQLite's AUTOINCREMENT): a process knows what it has seen by one number.
    id: Mapped[int] = mapped_column(primary_key=True)
    expert_id: Mapped[int | None]
    kind: Mapped[str] = mapped_column(String(8))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    __table_args__ = (
        CheckConstraint(
            "kind IN ({})".format(", ".join(f"'{k}'" for k in CHANGE_KINDS)), name="kind"
        ),
        {"sqlite_autoincrement": True},
    )
