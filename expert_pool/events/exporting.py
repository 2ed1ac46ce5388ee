"""The events as a file: one row per event with its links and participants (CSV or XLSX)."""

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..dates import Period
from ..exceptions import ValidationError
from ..extensions import db
from ..spreadsheets import MEDIA_TYPES, Column, Table, write_csv, write_xlsx
from .models import EVENT_TYPE_LABELS, GENDER_LABELS, PARTICIPANT_ROLE_LABELS, CapacityEvent


def events_table(events: list[CapacityEvent]) -> Table:
    """Every event with its links and its participants by role and gender, one row each."""
    columns = [
        Column(_("Number"), "int"),
        Column(_("Title")),
        Column(_("Type")),
        Column(_("Start")),
        Column(_("End")),
        Column(_("Place")),
        Column(_("Organisers")),
        Column(_("Partners")),
        Column(_("Parties")),
        Column(_("KMGBF targets")),
        Column(_("Requests")),
        Column(_("Experts")),
        Column(_("Participants"), "int"),
        *(Column(str(label), "int") for label in PARTICIPANT_ROLE_LABELS.values()),
        *(Column(str(label), "int") for label in GENDER_LABELS.values()),
    ]
    rows = []
    for event in events:
        by_role = dict.fromkeys(PARTICIPANT_ROLE_LABELS, 0)
        by_gender = dict.fromkeys(GENDER_LABELS, 0)
        for group in event.participants:
            by_role[group.role] += group.count
            by_gender[group.gender] += group.count
        rows.append(
            [
                event.id,
                event.title,
                str(EVENT_TYPE_LABELS[event.type]),
                event.start_date.isoformat(),
                event.end_date.isoformat(),
                _("online") if event.is_online else event.place,
                event.organisers,
                event.partners,
                "; ".join(party.code for party in event.parties),
                "; ".join(str(target.number) for target in event.targets),
                "; ".join(request.reference for request in event.requests),
                "; ".join(expert.name for expert in event.experts),
                event.participant_count,
                *by_role.values(),
                *by_gender.values(),
            ]
        )
    return Table("events", _("Capacity-building events"), columns, rows)


def export_events(fmt: str, period: Period | None = None) -> bytes:
    """The events (those starting in the period, when given) as a CSV or XLSX file."""
    if fmt not in MEDIA_TYPES:
        raise ValidationError.on("format", _("the format is csv or xlsx"))
    query = select(CapacityEvent).order_by(CapacityEvent.start_date, CapacityEvent.id)
    if period is not None:
        query = query.where(
            CapacityEvent.start_date >= period.start, CapacityEvent.start_date <= period.end
        )
    query = query.options(
        selectinload(CapacityEvent.parties),
        selectinload(CapacityEvent.targets),
        selectinload(CapacityEvent.requests),
        selectinload(CapacityEvent.experts),
        selectinload(CapacityEvent.participants),
    )
    table = events_table(list(db.session.scalars(query)))
    return write_csv([table]) if fmt == "csv" else write_xlsx([table])
