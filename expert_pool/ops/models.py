"""What the running processes leave in the database for each other: each worker's last sign of
life, read by /healthz and by any web process on any host."""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..database import utcnow
from ..extensions import db


class WorkerHeartbeat(db.Model):
    """One worker process (host and pid) and when it last ran its jobs."""

    __tablename__ = "worker_heartbeats"

    name: Mapped[str] = mapped_column(String(120), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
