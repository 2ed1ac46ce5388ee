"""Service-level arithmetic (pure): deadlines counted in working days, Monday to Friday."""

from datetime import datetime, timedelta


def add_working_days(start: datetime, days: int) -> datetime:
    """The moment `days` working days after `start` (weekends do not count)."""
    moment = start
    remaining = days
    while remaining > 0:
        moment += timedelta(days=1)
        if moment.weekday() < 5:
            remaining -= 1
    return moment


def resume_deadline(due_at: datetime | None, paused_at: datetime, now: datetime) -> datetime | None:
    """A deadline after a pause: it moves later by as long as the clock stood still."""
    if due_at is None:
        return None
    return due_at + max(now - paused_at, timedelta(0))


def is_late(due_at: datetime | None, now: datetime) -> bool:
    """Whether a deadline has passed."""
    return due_at is not None and due_at < now
