"""Staff pages of the capacity-building events: the list (of a period), the export, an event's
page and its form."""

import logging
from io import BytesIO

from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from ..exceptions import ValidationError
from ..experts.models import Expert
from ..extensions import db
from ..forms import PeriodForm, show_service_error
from ..spreadsheets import MEDIA_TYPES
from ..taxonomy.names import target_title
from ..taxonomy.services import list_targets
from . import exporting, services
from .forms import BLANK_PARTICIPANT_ROWS, EventForm
from .models import EVENT_TYPE_LABELS, GENDER_LABELS, PARTICIPANT_ROLE_LABELS

bp = Blueprint("events", __name__, template_folder="templates")
logger = logging.getLogger(__name__)


@bp.app_context_processor
def event_labels() -> dict:
    """Labels the event templates share."""
    return {
        "event_type_labels": EVENT_TYPE_LABELS,
        "participant_role_labels": PARTICIPANT_ROLE_LABELS,
        "gender_labels": GENDER_LABELS,
    }


@bp.route("/events")
def list_events():
    """The capacity-building events, the latest first, optionally of a period."""
    form = PeriodForm(request.args)
    period = None
    if request.args.get("from") or request.args.get("to"):
        period = form.period()
        if period is None:
            return render_template("events/list.html", form=form, page=None, args={}), 400
    page = services.list_events(period, page=request.args.get("page", 1, type=int))
    args = {k: v for k, v in request.args.items() if k in ("from", "to")}
    return render_template("events/list.html", form=form, page=page, args=args)


@bp.route("/events/export")
def export_events():
    """Download the events (of a period, when given) as CSV or XLSX."""
    fmt = request.args.get("format", "xlsx")
    if fmt not in MEDIA_TYPES:
        fmt = "xlsx"
    period = None
    if request.args.get("from") or request.args.get("to"):
        form = PeriodForm(request.args)
        period = form.period()
        if period is None:
            return render_template("events/list.html", form=form, page=None, args={}), 400
    return send_file(
        BytesIO(exporting.export_events(fmt, period)),
        mimetype=MEDIA_TYPES[fmt],
        as_attachment=True,
        download_name=f"capacity-building-events.{fmt}",
    )


@bp.route("/events/<int:event_id>")
def view_event(event_id: int):
    """One event with its links and participants."""
    return render_template("events/event.html", event=services.get_event(event_id))


def _event_form(data: dict | None) -> EventForm:
    rows = list((data or {}).get("participants", []))
    if request.method == "GET":
        data = dict(data or {})
        data["requests"] = ", ".join(data.get("requests", []))
        data["participants"] = rows + [{}] * BLANK_PARTICIPANT_ROWS
        form = EventForm(data=data)
    else:
        form = EventForm()
    form.targets.choices = [
        SelectChoice(t.number, f"{t.number}. {target_title(t)}") for t in list_targets()
    ]
    form.experts.choices = [
        SelectChoice(e.id, e.name)
        for e in db.session.scalars(
            select(Expert).where(Expert.status == "active").order_by(Expert.name)
        )
    ]
    return form


def _event_page(form: EventForm, event=None):
    return render_template("events/form.html", form=form, event=event)


@bp.route("/events/new", methods=["GET", "POST"])
def new_event():
    """Record a capacity-building event."""
    form = _event_form(None)
    if form.validate_on_submit():
        try:
            event = services.create_event(form.to_data(), current_user)
        except ValidationError as error:
            show_service_error(form, error)
        else:
            db.session.commit()
            flash(_("The event is recorded."), "success")
            return redirect(url_for(".view_event", event_id=event.id))
    elif form.is_submitted():
        flash(_("Please correct the marked fields."), "danger")
    return _event_page(form)


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
def edit_event(event_id: int):
    """Change a capacity-building event."""
    event = services.get_event(event_id)
    form = _event_form(services.event_data(event))
    if form.validate_on_submit():
        try:
            services.update_event(event, form.to_data(), current_user)
        except ValidationError as error:
            show_service_error(form, error)
        else:
            db.session.commit()
            flash(_("The event is saved."), "success")
            return redirect(url_for(".view_event", event_id=event.id))
    elif form.is_submitted():
        flash(_("Please correct the marked fields."), "danger")
    return _event_page(form, event)
