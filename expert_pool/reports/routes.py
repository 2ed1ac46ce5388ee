"""Staff pages: the dashboard, the coverage gaps and the biennial report download."""

import logging
from io import BytesIO

from flask import Blueprint, flash, render_template, request, send_file
from flask_babel import gettext as _
from flask_login import current_user

from ..dates import Period
from ..forms import PeriodForm
from ..spreadsheets import cell_text
from .charts import chart_svg, queue_links
from .exporting import FORMATS, export_report, report_filename
from .figures import compute_figures
from .forms import GapsForm, ReportDownloadForm
from .gaps import find_coverage_gaps
from .tables import gap_tables, report_tables

bp = Blueprint("reports", __name__, template_folder="templates")
logger = logging.getLogger(__name__)


# Globals rather than context: the report's macros use them, in pages and in exported files.
bp.add_app_template_global(chart_svg)
bp.add_app_template_global(queue_links)
bp.add_app_template_global(cell_text)


@bp.route("/reports")
def dashboard():
    """The figures of a period: requests, response times, load, satisfaction, events."""
    form = PeriodForm(request.args)
    period = form.period()
    if period is None:
        return render_template("reports/dashboard.html", form=form, figures=None), 400
    figures = compute_figures(period)
    return render_template(
        "reports/dashboard.html",
        form=form.show(period),
        figures=figures,
        tables={table.name: table for table in report_tables(figures)},
        period=period,
    )


@bp.route("/reports/gaps")
def coverage_gaps():
    """The topics asked for in a period that the pool covers poorly, biggest gaps first."""
    form = GapsForm(request.args)
    period = form.period()
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
        form=form.show(period),
        gaps=gaps,
        tables={t.name: t for t in gap_tables(gaps)},
    )


@bp.route("/reports/biennial")
def biennial():
    """The biennial report: choose a period and a format, and download it."""
    if not request.args:
        form = ReportDownloadForm(formdata=None).show(Period.parse(None, None))
        return render_template("reports/biennial.html", form=form)
    form = ReportDownloadForm(request.args)
    status = 200 if form.period() else 400
    return render_template("reports/biennial.html", form=form), status


@bp.route("/reports/biennial/download")
def download_report():
    """The biennial report of a period as an XLSX, CSV or printable HTML file."""
    form = ReportDownloadForm(request.args)
    period = form.period()
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
