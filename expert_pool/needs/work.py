"""What the needs assessment puts on a focal point's work page: the questionnaires of their
Party still to answer, the earliest deadline first (helpdesk/work.py shows them)."""

from datetime import datetime

from flask_babel import lazy_gettext as _l

from ..accounts.models import User
from ..helpdesk.work import WorkItem
from .services import open_responses_for

KIND = "questionnaire"
LABEL = _l("Questionnaires waiting for your answers")


def questionnaire_items(user: User, now: datetime) -> list[WorkItem]:
    """The open responses of the user's Party, each due by its round's deadline."""
    items = []
    for response in open_responses_for(user):
        due = datetime.combine(response.round.deadline, datetime.max.time())
        items.append(
            WorkItem(
                KIND,
                response.round.title,
                "needs.answer_response",
                {"response_id": response.id},
                due_at=due,
                is_overdue=due < now,
            )
        )
    return items
