"""Each expert's current load: the help desk's assignments that keep them busy, read where the
assignments live (the registry, the matcher and the reports ask here)."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..extensions import db
from .models import Assignment
from .workflow import LOAD_STATES


def load_subquery():
    """Per expert, the number of assignments in progress (invited or accepted)."""
    return (
        select(Assignment.expert_id, func.count().label("load"))
        .where(Assignment.status.in_(LOAD_STATES))
        .group_by(Assignment.expert_id)
        .subquery()
    )


def current_loads(
    expert_ids: list[int] | None = None, session: Session | None = None
) -> dict[int, int]:
    """The current load of each of these experts (0 when they have none); without ids, of
    every expert who has one. Read in `session` (default: the app's)."""
    session = session or db.session
    if expert_ids is not None and not expert_ids:
        return {}
    query = (
        select(Assignment.expert_id, func.count())
        .where(Assignment.status.in_(LOAD_STATES))
        .group_by(Assignment.expert_id)
    )
    if expert_ids is None:
        return dict(session.execute(query).all())
    rows = session.execute(query.where(Assignment.expert_id.in_(expert_ids))).all()
    return {**dict.fromkeys(expert_ids, 0), **dict(rows)}
