"""Capacity-building events: recording them and their participants (staff), reading them back.
Services add and flush; the caller commits."""

import logging
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..audit.services import record_event
from ..dates import Period
from ..exceptions import NotFound
from ..experts.queries import get_experts
from ..extensions import db
from ..helpdesk.models import CooperationRequest
from ..pagination import paginate
from ..roles import ensure_staff
from ..taxonomy.models import Party
from ..taxonomy.services import get_parties, get_targets
from ..validation import Problems
from .models import EVENT_TYPES, GENDERS, PARTICIPANT_ROLES, CapacityEvent, EventParticipants

if TYPE_CHECKING:
    from ..accounts.models import User

logger = logging.getLogger(__name__)

TEXT_FIELDS = {"title": 250, "place": 250, "organisers": 5000, "partners": 5000}


def event_data(event: CapacityEvent) -> dict[str, Any]:
    """An event's fields in the shape the services take (and the API returns)."""
    return {
        "title": event.title,
        "type": event.type,
        "start_date": event.start_date,
        "end_date": event.end_date,
        "is_online": event.is_online,
        "place": event.place,
        "organisers": event.organisers,
        "partners": event.partners,
        "description": event.description,
        "parties": [party.code for party in event.parties],
        "targets": [target.number for target in event.targets],
        "requests": [request.reference for request in event.requests],
        "experts": [expert.id for expert in event.experts],
        "participants": [
            {"party": row.party_code, "role": row.role, "gender": row.gender, "count": row.count}
            for row in event.participants
        ],
    }


def _parties(codes: list[str], field: str, problems: Problems) -> list[Party]:
    with problems.catching():
        return get_parties(codes, field)
    return []


def _participants(rows: list[dict], problems: Problems) -> dict[tuple, int]:
    """Participant counts by (Party, role, gender); the same group given twice is added up."""
    groups: dict[tuple, int] = {}
    for number, row in enumerate(rows, start=1):
        role, gender = row.get("role"), row.get("gender")
        try:
            count = int(row.get("count") or 0)
        except (TypeError, ValueError):
            count = -1
        roles, genders = ", ".join(PARTICIPANT_ROLES), ", ".join(GENDERS)
        role_message = _(
            "row %(number)d: the role is one of %(values)s", number=number, values=roles
        )
        problems.one_of("participants", role, PARTICIPANT_ROLES, role_message)
        message = _(
            "row %(number)d: the gender is one of %(values)s", number=number, values=genders
        )
        problems.one_of("participants", gender, GENDERS, message)
        if count < 0:
            message = _("row %(number)d: the count is a whole number, 0 or more", number=number)
            problems.add("participants", message)
        if count > 0:
            party = (row.get("party") or "").upper() or None
            key = (party, role, gender)
            groups[key] = groups.get(key, 0) + count
    parties = [party for party, _, _ in groups if party]
    _parties(parties, "participants", problems)
    return groups


def _validated(data: dict[str, Any]) -> dict[str, Any]:
    """Check an event's fields; every problem is reported against its field at once."""
    problems = Problems()
    values = {field: problems.text(field, data.get(field), n) for field, n in TEXT_FIELDS.items()}
    values["description"] = (data.get("description") or "").strip()
    if not values["title"]:
        problems.add("title", _("a title is required"))
    values["type"] = problems.one_of(
        "type",
        data.get("type"),
        EVENT_TYPES,
        _("the type is one of %(values)s", values=", ".join(EVENT_TYPES)),
    )
    values["is_online"] = bool(data.get("is_online"))
    if not values["is_online"] and not values["place"]:
        problems.add("place", _("say where it took place, or that it was online"))
    values["start_date"] = problems.date("start_date", data.get("start_date"))
    if values["start_date"] is None and "start_date" not in problems:
        problems.add("start_date", _("a start date is required"))
    values["end_date"] = problems.date("end_date", data.get("end_date")) or values["start_date"]
    problems.dates_in_order(values["start_date"], values["end_date"])
    values["parties"] = _parties(data.get("parties") or [], "parties", problems)
    with problems.catching():
        values["targets"] = get_targets(data.get("targets") or [])
    values["requests"] = _requests(data.get("requests") or [], problems)
    values["experts"] = []
    with problems.catching():
        values["experts"] = get_experts(data.get("experts") or [])
    values["participants"] = _participants(data.get("participants") or [], problems)
    problems.raise_if_any(_("the event has errors"))
    return values


def _requests(given: list, problems: Problems) -> list[CooperationRequest]:
    references = [str(r).strip() for r in given if str(r).strip()]
    requests = {
        r.reference: r
        for r in db.session.scalars(
            select(CooperationRequest).where(CooperationRequest.reference.in_(references))
        )
    }
    if missing := [r for r in references if r not in requests]:
        message = _("unknown requests: %(references)s", references=", ".join(missing))
        problems.add("requests", message)
    return list(requests.values())


def _apply(event: CapacityEvent, values: dict[str, Any]) -> None:
    groups = values.pop("participants")
    for field, value in values.items():
        setattr(event, field, value)
    kept = {}
    for row in list(event.participants):
        key = (row.party_code, row.role, row.gender)
        if key in groups:
            row.count = groups[key]
            kept[key] = row
        else:
            event.participants.remove(row)
    for (party, role, gender), count in groups.items():
        if (party, role, gender) not in kept:
            event.participants.append(
                EventParticipants(party_code=party, role=role, gender=gender, count=count)
            )


def create_event(data: dict[str, Any], actor: "User") -> CapacityEvent:
    """Record a capacity-building event with its participants."""
    ensure_staff(actor, _("only staff record capacity-building events"))
    values = _validated(data)
    event = CapacityEvent(created_by_id=actor.id)
    _apply(event, values)
    db.session.add(event)
    db.session.flush()
    record_event("event.created", event, actor, data={"title": event.title})
    logger.info("capacity-building event %s recorded by %s", event.id, actor)
    return event


def update_event(event: CapacityEvent, data: dict[str, Any], actor: "User") -> CapacityEvent:
    """Change an event: the fields given replace the current ones, the others stay."""
    ensure_staff(actor, _("only staff record capacity-building events"))
    before = event_data(event)
    values = _validated({**before, **data})
    _apply(event, values)
    db.session.flush()
    changed = sorted(k for k, v in event_data(event).items() if before[k] != v)
    record_event("event.updated", event, actor, data={"changed": changed})
    logger.info("capacity-building event %s changed by %s: %s", event.id, actor, changed)
    return event


def get_event(event_id: int) -> CapacityEvent:
    """The event with this number (else NotFound)."""
    event = db.session.get(CapacityEvent, event_id)
    if event is None:
        raise NotFound(_("there is no event %(id)s", id=event_id))
    return event


def list_events(
    period: Period | None = None, *, page: int = 1, per_page: int | None = None
) -> Pagination:
    """A page of events, the latest first; only those starting in the period when given."""
    query = (
        select(CapacityEvent)
        .order_by(CapacityEvent.start_date.desc(), CapacityEvent.id.desc())
        .options(
            selectinload(CapacityEvent.parties),
            selectinload(CapacityEvent.targets),
            selectinload(CapacityEvent.requests),
            selectinload(CapacityEvent.experts),
            selectinload(CapacityEvent.participants),
        )
    )
    if period is not None:
        query = query.where(
            CapacityEvent.start_date >= period.start, CapacityEvent.start_date <= period.end
        )
    return paginate(query, page, per_page)
