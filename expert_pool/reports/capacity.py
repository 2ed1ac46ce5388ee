"""The capacity-building figures of a period: events by type, participants by role, gender and
Party, and one row per event (a part of reports.figures)."""

from typing import Any

from sqlalchemy import and_, func, select

from ..dates import Period
from ..events.models import (
    EVENT_TYPES,
    GENDERS,
    PARTICIPANT_ROLES,
    CapacityEvent,
    EventParticipants,
)
from ..extensions import db
from ..taxonomy.models import Party


def _participants_by(column, in_period) -> dict[str, int]:
    """Participants of the period's events, summed by one column of their groups."""
    return {
        (key or ""): int(n)
        for key, n in db.session.execute(
            select(column, func.sum(EventParticipants.count))
            .join(CapacityEvent, CapacityEvent.id == EventParticipants.event_id)
            .where(in_period)
            .group_by(column)
        )
    }


def _event_rows(in_period) -> list[dict[str, Any]]:
    """One row per event of the period, in date order, with its participants."""
    participants = func.coalesce(
        select(func.sum(EventParticipants.count))
        .where(EventParticipants.event_id == CapacityEvent.id)
        .scalar_subquery(),
        0,
    )
    query = (
        select(
            CapacityEvent.id,
            CapacityEvent.title,
            CapacityEvent.type,
            CapacityEvent.start_date,
            CapacityEvent.is_online,
            CapacityEvent.place,
            participants,
        )
        .where(in_period)
        .order_by(CapacityEvent.start_date, CapacityEvent.id)
    )
    return [
        {
            "id": event_id,
            "title": title,
            "type": kind,
            "start_date": start.isoformat(),
            "place": "online" if online else place,
            "participants": int(n),
        }
        for event_id, title, kind, start, online, place, n in db.session.execute(query)
    ]


def capacity_building(period: Period) -> dict[str, Any]:
    """The events that started in the period, with their participants by role, gender and
    Party."""
    in_period = and_(
        CapacityEvent.start_date >= period.start, CapacityEvent.start_date <= period.end
    )
    per_type = dict(
        db.session.execute(
            select(CapacityEvent.type, func.count()).where(in_period).group_by(CapacityEvent.type)
        ).all()
    )
    by_role = _participants_by(EventParticipants.role, in_period)
    by_gender = _participants_by(EventParticipants.gender, in_period)
    by_party = _participants_by(EventParticipants.party_code, in_period)
    names = dict(db.session.execute(select(Party.code, Party.name)).all()) if by_party else {}
    rows = _event_rows(in_period)
    return {
        "events": len(rows),
        "participants": sum(by_role.values()),
        "by_type": [{"type": kind, "events": per_type.get(kind, 0)} for kind in EVENT_TYPES],
        "by_role": {role: by_role.get(role, 0) for role in PARTICIPANT_ROLES},
        "by_gender": {gender: by_gender.get(gender, 0) for gender in GENDERS},
        "by_party": [
            {"code": code, "name": names.get(code, ""), "participants": n}
            for code, n in sorted(by_party.items(), key=lambda item: (-item[1], item[0]))
        ],
        "rows": rows,
    }
