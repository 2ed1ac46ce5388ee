"""Keeping profiles current: when a profile is overdue for verification by its expert, and the
reminder emails."""

import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import or_, select

from ..audit.services import record_event
from ..database import utcnow
from ..extensions import db
from ..notifications.services import external_url, notify
from .models import Expert

logger = logging.getLogger(__name__)


def verification_cutoff(now: datetime | None = None) -> datetime:
    """Profiles last verified before this time are overdue for verification."""
    days = current_app.config["VERIFICATION_MAX_AGE_DAYS"]
    return (now or utcnow()) - timedelta(days=days)


def is_verification_overdue(expert: Expert, now: datetime | None = None) -> bool:
    """Whether the expert has not confirmed the profile within the configured age."""
    return expert.verified_at is None or expert.verified_at < verification_cutoff(now)


def send_verification_reminders(now: datetime | None = None) -> list[Expert]:
    """Email every active expert whose profile is overdue for verification, at most once per
    reminder interval; returns the experts reminded."""
    now = now or utcnow()
    interval = timedelta(days=current_app.config["VERIFICATION_REMINDER_INTERVAL_DAYS"])
    cutoff = verification_cutoff(now)
    experts = db.session.scalars(
        select(Expert)
        .where(
            Expert.status == "active",
            or_(Expert.verified_at.is_(None), Expert.verified_at < cutoff),
            or_(Expert.reminded_at.is_(None), Expert.reminded_at < now - interval),
        )
        .order_by(Expert.id)
    ).all()
    link = external_url("experts.edit_own_profile")
    for expert in experts:
        notify("verification_reminder", [expert.email], expert=expert, link=link)
        expert.reminded_at = now
        record_event("expert.reminded", expert, None, at=now)
    logger.info("verification reminders sent to %d experts", len(experts))
    return list(experts)
