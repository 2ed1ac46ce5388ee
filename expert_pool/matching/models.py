"""Stored embedding vectors, keyed by the model and the hash of the embedded text."""

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
