"""Every figure of the dashboard, the API summary and the biennial report, computed here once.

The queries aggregate in the database (counts, groupings, first times per request); only the
percentiles of response times are taken in Python, from one query's rows. The result is a plain
JSON-ready dict: the API returns it as it is, the pages and the exports lay it out.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import case, func, or_, select

from ..audit.models import AuditEvent
from ..database import utcnow
from ..dates import Period
from ..experts.models import Expert
from ..extensions import db
from ..helpdesk.loads import load_subquery
from ..helpdesk.models import Assignment, CooperationRequest, request_targets
from ..helpdesk.workflow import ANSWERED_STATES, REQUEST_STATES, REQUEST_TYPES, WORKING_STATES
from ..taxonomy.models import Party, Target
from .capacity import capacity_building
from .gaps import find_coverage_gaps
from .knowledge import knowledge_products
from .period import percentile, requests_in

# The steps whose time from submission is measured, and the audit actions that end each one
# (the first of them, per request).
RESPONSE_STEPS: dict[str, tuple[str, ...]] = {
    "screening": ("request.accept", "request.decline", "request.request_info"),
    "first_invitation": ("assignment.invited",),
    "expert_acceptance": ("assignment.accept",),
    "delivery": ("request.deliver",),
}
ENGAGED_ROWS = 10


def _days(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _month(column):
    """A timestamp column as its YYYY-MM month, in the database's own dialect."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.to_char(column, "YYYY-MM")
    return func.strftime("%Y-%m", column)


def _days_between(later, earlier):
    """The days from one timestamp to another, computed by the database."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.extract("epoch", later - earlier) / 86400.0
    return func.julianday(later) - func.julianday(earlier)


def _answered():
    return func.sum(case((CooperationRequest.status.in_(ANSWERED_STATES), 1), else_=0))


def count_by_status(period: Period) -> dict[str, int]:
    """Requests submitted in the period by their current state (every state listed)."""
    rows = db.session.execute(
        select(CooperationRequest.status, func.count())
        .where(requests_in(period))
        .group_by(CooperationRequest.status)
    ).all()
    counts = {state: 0 for state in REQUEST_STATES if state != "draft"}
    counts.update(dict(rows))
    return counts


def count_by_party(period: Period) -> list[dict[str, Any]]:
    """Requests received and answered per Party, most requests first."""
    rows = db.session.execute(
        select(Party.code, Party.name, func.count(), _answered())
        .join(CooperationRequest, CooperationRequest.party_code == Party.code)
        .where(requests_in(period))
        .group_by(Party.code, Party.name)
        .order_by(func.count().desc(), Party.name)
    ).all()
    return [
        {"code": code, "name": name, "total": total, "answered": int(answered or 0)}
        for code, name, total, answered in rows
    ]


def count_by_target(period: Period) -> list[dict[str, Any]]:
    """Requests received and answered per KMGBF target they name, in target order (a request
    counts under each of its targets)."""
    rows = db.session.execute(
        select(Target.number, Target.title, func.count(), _answered())
        .join(request_targets, request_targets.c.target_number == Target.number)
        .join(CooperationRequest, CooperationRequest.id == request_targets.c.request_id)
        .where(requests_in(period))
        .group_by(Target.number, Target.title)
        .order_by(Target.number)
    ).all()
    return [
        {"number": number, "title": title, "total": total, "answered": int(answered or 0)}
        for number, title, total, answered in rows
    ]


def count_by_type(period: Period) -> list[dict[str, Any]]:
    """Requests received and answered per type of support (every type listed)."""
    rows = {
        kind: (total, int(answered or 0))
        for kind, total, answered in db.session.execute(
            select(CooperationRequest.type, func.count(), _answered())
            .where(requests_in(period))
            .group_by(CooperationRequest.type)
        )
    }
    return [
        {"type": kind, "total": rows.get(kind, (0, 0))[0], "answered": rows.get(kind, (0, 0))[1]}
        for kind in REQUEST_TYPES
    ]


def response_times(period: Period) -> list[dict[str, Any]]:
    """Median and 90th percentile, in days, from submission to each step, over the requests of
    the period that reached it (the first time they did)."""
    firsts = [
        _days_between(
            func.min(case((AuditEvent.action.in_(actions), AuditEvent.occurred_at))),
            CooperationRequest.submitted_at,
        ).label(step)
        for step, actions in RESPONSE_STEPS.items()
    ]
    every_action = [action for actions in RESPONSE_STEPS.values() for action in actions]
    rows = db.session.execute(
        select(*firsts)
        .join(AuditEvent, AuditEvent.request_id == CooperationRequest.id)
        .where(requests_in(period), AuditEvent.action.in_(every_action))
        .group_by(CooperationRequest.id, CooperationRequest.submitted_at)
    ).all()
    durations: dict[str, list[float]] = {step: [] for step in RESPONSE_STEPS}
    for days in rows:
        for step, value in zip(RESPONSE_STEPS, days, strict=True):
            if value is not None:
                durations[step].append(max(float(value), 0.0))
    result = []
    for step, values in durations.items():
        values.sort()
        result.append(
            {
                "step": step,
                "count": len(values),
                "median_days": _days(percentile(values, 0.5)),
                "p90_days": _days(percentile(values, 0.9)),
            }
        )
    return result


def count_overdue(period: Period, now: datetime) -> dict[str, int]:
    """Requests of the period past a service-level deadline now, by the step that is late."""
    own = dict(
        db.session.execute(
            select(CooperationRequest.status, func.count())
            .where(
                requests_in(period),
                CooperationRequest.status.in_(("submitted", "accepted")),
                CooperationRequest.due_at < now,
            )
            .group_by(CooperationRequest.status)
        ).all()
    )
    invitations = db.session.scalar(
        select(func.count())
        .select_from(Assignment)
        .join(CooperationRequest, CooperationRequest.id == Assignment.request_id)
        .where(requests_in(period), Assignment.status == "invited", Assignment.respond_by < now)
    )
    counts = {
        "screening": own.get("submitted", 0),
        "first_invitation": own.get("accepted", 0),
        "expert_answer": invitations or 0,
    }
    counts["total"] = sum(counts.values())
    return counts


def monthly_trend(period: Period) -> list[dict[str, Any]]:
    """Per month of the period: requests submitted, and deliveries recorded."""
    month = _month(CooperationRequest.submitted_at).label("month")
    submitted = dict(
        db.session.execute(
            select(month, func.count()).where(requests_in(period)).group_by(month)
        ).all()
    )
    month = _month(AuditEvent.occurred_at).label("month")
    delivered = dict(
        db.session.execute(
            select(month, func.count())
            .where(
                AuditEvent.action == "request.deliver",
                AuditEvent.occurred_at >= period.since,
                AuditEvent.occurred_at < period.until,
            )
            .group_by(month)
        ).all()
    )
    return [
        {"month": month, "submitted": submitted.get(month, 0), "delivered": delivered.get(month, 0)}
        for month in period.months()
    ]


def expert_load() -> dict[str, Any]:
    """Active experts' current assignments (invited or accepted) against their maximum."""
    loads = load_subquery()
    load = func.coalesce(loads.c.load, 0)
    rows = db.session.execute(
        select(Expert.id, Expert.name, load, Expert.max_assignments)
        .outerjoin(loads, loads.c.expert_id == Expert.id)
        .where(Expert.status == "active")
        .order_by(load.desc(), Expert.name)
    ).all()
    capacity = sum(row[3] for row in rows)
    busy = sum(row[2] for row in rows)
    return {
        "experts": len(rows),
        "assignments": busy,
        "capacity": capacity,
        "utilisation": round(busy / capacity, 2) if capacity else 0.0,
        "at_capacity": sum(1 for row in rows if row[2] >= row[3]),
        "busiest": [
            {"expert_id": i, "name": name, "load": n, "max_load": most}
            for i, name, n, most in rows[:ENGAGED_ROWS]
            if n
        ],
    }


def experts_engaged(period: Period) -> dict[str, Any]:
    """Each expert's invitations on the requests of the period and whether they worked on them
    (every active expert, and the others who were invited); the most and the least engaged."""
    invitations = (
        select(Assignment.expert_id, Assignment.status)
        .join(CooperationRequest, CooperationRequest.id == Assignment.request_id)
        .where(requests_in(period))
        .subquery()
    )
    worked = func.sum(case((invitations.c.status.in_(WORKING_STATES), 1), else_=0))
    completed = func.sum(case((invitations.c.status == "completed", 1), else_=0))
    declined = func.sum(case((invitations.c.status == "declined", 1), else_=0))
    rows = db.session.execute(
        select(
            Expert.id,
            Expert.name,
            Expert.country_code,
            Expert.status,
            func.count(invitations.c.expert_id),
            worked,
            completed,
            declined,
        )
        .outerjoin(invitations, invitations.c.expert_id == Expert.id)
        .where(or_(Expert.status == "active", invitations.c.expert_id.is_not(None)))
        .group_by(Expert.id, Expert.name, Expert.country_code, Expert.status)
    ).all()
    experts = [
        {
            "expert_id": expert_id,
            "name": name,
            "country": country,
            "active": status == "active",
            "invited": n_invited,
            "worked": int(n_worked or 0),
            "completed": int(n_completed or 0),
            "declined": int(n_declined or 0),
        }
        for expert_id, name, country, status, n_invited, n_worked, n_completed, n_declined in rows
    ]
    by_engagement = sorted(experts, key=lambda e: (-e["worked"], -e["invited"], e["name"]))
    engaged = [e for e in by_engagement if e["invited"]]
    least = sorted(
        (e for e in experts if e["active"]), key=lambda e: (e["worked"], e["invited"], e["name"])
    )
    return {
        "invited_experts": len(engaged),
        "working_experts": sum(1 for e in experts if e["worked"]),
        "never_invited": sum(1 for e in experts if e["active"] and not e["invited"]),
        "rows": engaged,
        "most_engaged": [e for e in by_engagement if e["worked"]][:ENGAGED_ROWS],
        "least_engaged": least[:ENGAGED_ROWS],
    }


def satisfaction(period: Period) -> dict[str, Any]:
    """The Parties' ratings (1-5) of the requests of the period that they confirmed."""
    rows = dict(
        db.session.execute(
            select(CooperationRequest.rating, func.count())
            .where(requests_in(period), CooperationRequest.rating.is_not(None))
            .group_by(CooperationRequest.rating)
        ).all()
    )
    count = sum(rows.values())
    total = sum(rating * n for rating, n in rows.items())
    return {
        "rated": count,
        "average": round(total / count, 2) if count else None,
        "distribution": {str(rating): rows.get(rating, 0) for rating in range(1, 6)},
    }


def compute_figures(
    period: Period, *, now: datetime | None = None, gaps: bool = False
) -> dict[str, Any]:
    """Every figure of the period; with `gaps` also the coverage gaps (which run the matcher on
    every request, so they are asked for separately)."""
    now = now or utcnow()
    by_status = count_by_status(period)
    figures = {
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat()},
        "as_of": now.isoformat(timespec="seconds"),
        "total": sum(by_status.values()),
        "answered": sum(by_status[state] for state in ANSWERED_STATES),
        "by_status": by_status,
        "by_party": count_by_party(period),
        "by_target": count_by_target(period),
        "by_type": count_by_type(period),
        "response_times": response_times(period),
        "overdue": count_overdue(period, now),
        "by_month": monthly_trend(period),
        "expert_load": expert_load(),
        "experts_engaged": experts_engaged(period),
        "satisfaction": satisfaction(period),
        "capacity_building": capacity_building(period),
        "knowledge_products": knowledge_products(period),
    }
    if gaps:
        figures["coverage_gaps"] = find_coverage_gaps(period)
    return figures
