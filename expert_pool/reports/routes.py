"""Staff pages: the dashboard, the coverage gaps, the biennial report download, and the
capacity-building events (list, page, form, export)."""

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
from ..forms import show_service_error
from ..taxonomy.names import target_title
from ..taxonomy.services import list_targets
from .charts import chart_svg, queue_links
from .exporting import FORMATS, export_events, export_report, report_filename
from .figures import compute_figures
from .forms import BLANK_PARTICIPANT_ROWS, EventForm, GapsForm, PeriodForm, ReportDownloadForm
from .gaps import find_coverage_gaps
from .period import Period
from .services import create_event, event_data, get_event, list_events, update_event
from .tables import (
    EVENT_TYPE_LABELS,
    GENDER_LABELS,
    PARTICIPANT_ROLE_LABELS,
    cell_text,
    gap_tables,
    report_tables,
)

bp = Blueprint("reports", __name__, template_folder="templates")
logger = logging.getLogger(__name__)


# Globals rather than context: the report's macros use them, in pages and in exported files.
bp.add_app_template_global(chart_svg)
bp.add_app_template_global(queue_links)
bp.add_app_template_global(cell_text)


@bp.app_context_processor
def report_labels() -> dict:
    """Labels the event templates share."""
    return {
        "event_type_labels": EVENT_TYPE_LABELS,
        "participant_role_labels": PARTICIPANT_ROLE_LABELS,
        "gender_labels": GENDER_LABELS,
    }


def _period(form: PeriodForm) -> Period | None:
    """The form's period; None, with the problems on its fields, when a date is unreadable or
    the end comes before the start (a period is never replaced by another one unasked)."""
    if not form.validate():
        flash(_("The period is not valid: please correct the dates."), "danger")
        return None
    try:
        return Period.parse(form.start.data, form.end.data)
    except ValidationError as error:
        show_service_error(form, error, aliases={"from": "start", "to": "end"})
        return None


def _filled(form: PeriodForm, period: Period | None) -> PeriodForm:
    if period is not None:
        form.start.data, form.end.data = period.start, period.end
    return form


@bp.route("/reports")
def dashboard():
    """The figures of a period: requests, response times, load, satisfaction, events."""
    form = PeriodForm(request.args)
    period = _period(form)
    if period is None:
        return render_template("reports/dashboard.html", form=form, figures=None), 400
    figures = compute_figures(period)
    return render_template(
        "reports/dashboard.html",
        form=_filled(form, period),
        figures=figures,
        tables={table.name: table for table in report_tables(figures)},
        period=period,
    )


@bp.route("/reports/gaps")
def coverage_gaps():
    """The topics asked for in a period that the pool covers poorly, biggest gaps first."""
    form = GapsForm(request.args)
    period = _period(form)
    if period is None:
        return render_template("reports/gaps.html", form=form, gaps=None), 400
    threshold = None
    if form.threshold.data:
        try:
            threshold = float(form.threshold.data)
            if not 0 <= threshold <= 1:
                raise ValueError(threshold)
        except ValueError:
            flash(_("The threshold is a number between 0 and 1; using the default."), "warning")
            threshold = None
    gaps = find_coverage_gaps(period, threshold)
    form.threshold.data = f"{gaps['threshold']:.2f}"
    return render_template(
        "reports/gaps.html",
        form=_filled(form, period),
        gaps=gaps,
        tables={t.name: t for t in gap_tables(gaps)},
    )


@bp.route("/reports/biennial")
def biennial():
    """The biennial report: choose a period and a format, and download it."""
    if not request.args:
        form = _filled(ReportDownloadForm(formdata=None), Period.parse(None, None))
        return render_template("reports/biennial.html", form=form)
    form = ReportDownloadForm(request.args)
    status = 200 if _period(form) else 400
    return render_template("reports/biennial.html", form=form), status


@bp.route("/reports/biennial/download")
def download_report():
    """The biennial report of a period as an XLSX, CSV or printable HTML file."""
    form = ReportDownloadForm(request.args)
    period = _period(form)
    if period is None:
        return render_template("reports/biennial.html", form=form), 400
    fmt = form.format.data
    figures = compute_figures(period, gaps=form.gaps.data)
    logger.info("biennial report %s-%s (%s) for %s", period.start, period.end, fmt, current_user)
    return send_file(
        BytesIO(export_report(figures, fmt)),
        mimetype=FORMATS[fmt],
        as_attachment=fmt != "html",
        download_name=report_filename(figures, fmt),
    )


@bp.route("/events")
def events():
    """The capacity-building events, the latest first, optionally of a period."""
    form = PeriodForm(request.args)
    period = None
    if request.args.get("from") or request.args.get("to"):
        period = _period(form)
        if period is None:
            return render_template("reports/events.html", form=form, page=None, args={}), 400
    page = list_events(period, page=request.args.get("page", 1, type=int))
    args = {k: v for k, v in request.args.items() if k in ("from", "to")}
    return render_template("reports/events.html", form=form, page=page, args=args)


@bp.route("/events/export")
def export_events_file():
    """Download the events (of a period, when given) as CSV or XLSX."""
    fmt = request.args.get("format", "xlsx")
    if fmt not in ("csv", "xlsx"):
        fmt = "xlsx"
    period = None
    if request.args.get("from") or request.args.get("to"):
        form = PeriodForm(request.args)
        period = _period(form)
        if period is None:
            return render_template("reports/events.html", form=form, page=None, args={}), 400
    return send_file(
        BytesIO(export_events(fmt, period)),
        mimetype=FORMATS[fmt],
        as_attachment=True,
        download_name=f"capacity-building-events.{fmt}",
    )


@bp.route("/events/<int:event_id>")
def view_event(event_id: int):
    """One event with its links and participants."""
    return render_template("reports/event.html", event=get_event(event_id))


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
    return render_template("reports/event_form.html", form=form, event=event)


@bp.route("/events/new", methods=["GET", "POST"])
def new_event():
    """Record a capacity-building event."""
    form = _event_form(None)
    if form.validate_on_submit():
        try:
            event = create_event(form.to_data(), current_user)
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
    event = get_event(event_id)
    form = _event_form(event_data(event))
    if form.validate_on_submit():
        try:
            update_event(event, form.to_data(), current_user)
        except ValidationError as error:
            show_service_error(form, error)
        else:
            db.session.commit()
            flash(_("The event is saved."), "success")
            return redirect(url_for(".view_event", event_id=event.id))
    elif form.is_submitted():
        flash(_("Please correct the marked fields."), "danger")
    return _event_page(form, event)
