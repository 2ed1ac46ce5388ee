"""The health of one web process and of what it depends on, for a load balancer and monitoring:
the database, the migrations, the embedding model, the outbox and the workers."""

import logging
from datetime import datetime
from typing import Any

from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError

from ..database import utcnow
from ..extensions import db
from ..matching.services import model_failure
from ..notifications.delivery import count_due
from ..notifications.models import OutboxMessage
from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)


def _age(moment: datetime | None, now: datetime) -> float | None:
    return None if moment is None else round((now - moment).total_seconds(), 1)


def _migrations() -> dict[str, Any]:
    heads = set(ScriptDirectory(current_app.extensions["migrate"].directory).get_heads())
    try:
        current = set(db.session.scalars(text("SELECT version_num FROM alembic_version")))
    except SQLAlchemyError:
        db.session.rollback()
        current = set()
    return {"ok": current == heads, "current": sorted(current), "head": sorted(heads)}


def _model() -> dict[str, Any]:
    problem = model_failure()
    return {"ok": problem is None, "problem": problem}


def _outbox(now: datetime) -> dict[str, Any]:
    oldest = db.session.scalar(
        select(func.min(OutboxMessage.created_at)).where(OutboxMessage.status == "pending")
    )
    return {"ok": True, "backlog": count_due(now), "oldest_pending_seconds": _age(oldest, now)}


def _worker(now: datetime) -> dict[str, Any]:
    last_seen = db.session.scalar(select(func.max(WorkerHeartbeat.last_seen_at)))
    age = _age(last_seen, now)
    limit = current_app.config["WORKER_STALE_SECONDS"]
    return {"ok": age is not None and age <= limit, "last_seen_seconds": age}


def check_health() -> tuple[bool, dict[str, Any]]:
    """Whether this process can serve, and the state of each thing it needs."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        db.session.rollback()
        logger.error("health: the database is unreachable: %s", error)
        return False, {"database": {"ok": False, "error": type(error).__name__}}
    now = utcnow()
    checks = {
        "database": {"ok": True},
        "migrations": _migrations(),
        "model": _model(),
        "outbox": _outbox(now),
        "worker": _worker(now),
    }
    return all(check["ok"] for check in checks.values()), checks
