"""The matcher's change log, written by the database session itself: whatever service changes an
expert's profile, an assignment or the taxonomy, the same flush records which experts every
process's matcher must refresh (see services.get_matcher). One rule, in one place, for every
writer: pages, API, CLI, worker, seeds."""

from sqlalchemy import event, insert
from sqlalchemy.orm import Session

from ..experts.models import Expert, ExpertLanguage, Publication
from ..helpdesk.models import Assignment
from ..taxonomy.models import Tag, TagAlias, Target
from .models import MatcherChange


def _change_of(session: Session, obj) -> tuple[int | None, str] | None:
    if isinstance(obj, Expert):
        if obj in session.dirty and not session.is_modified(obj):
            return None
        return (obj.id, "profile")
    if isinstance(obj, Publication | ExpertLanguage):
        return (obj.expert_id, "profile")
    if isinstance(obj, Assignment):
        return (obj.expert_id, "load")
    if isinstance(obj, Tag | TagAlias | Target):
        return (None, "all")
    return None


def record_changes(session: Session, _flush_context) -> None:
    """After a flush: one change row per expert (or one for the taxonomy) it touched."""
    found = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        change = _change_of(session, obj)
        if change is not None:
            found.add(change)
    if found:
        rows = [{"expert_id": expert, "kind": kind} for expert, kind in sorted(found, key=str)]
        session.connection().execute(insert(MatcherChange), rows)


def watch_changes() -> None:
    """Record the matcher's changes in every session (once per process)."""
    if not event.contains(Session, "after_flush", record_changes):
        event.listen(Session, "after_flush", record_changes)
