"""What the reports keep between views: each request's best match score for the coverage gaps."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..database import utcnow
from ..extensions import db


class GapScore(db.Model):
    """A request's best match score, kept for the coverage gaps while its `key` holds: the
    digest of everything the score depends on (`matching.services.score_keys`). A row whose
    key no longer matches is scored again, so nothing else ever invalidates it."""

    __tablename__ = "gap_scores"

    request_id: Mapped[int] = mapped_column(
        ForeignKey("cooperation_requests.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(64))
    best_score: Mapped[float]
    expert_id: Mapped[int | None]
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)
