"""The staff import of a spreadsheet (checked first, then written) and the export of the
registry and of an empty import template."""

import re
import secrets
from io import BytesIO
from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...database import utcnow
from ...exceptions import ServiceError
from ...extensions import db
from ...spreadsheets import MEDIA_TYPES
from ..exporting import export_experts as export_file
from ..exporting import template_file
from ..forms import ImportConfirmForm, ImportForm
from ..importing import import_experts
from ..models import STATUSES
from ..spreadsheet import COLUMNS
from . import bp


def _upload_dir() -> Path:
    path = Path(current_app.instance_path) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


@bp.route("/staff/experts/import", methods=["GET", "POST"])
def import_page():
    """Staff upload a spreadsheet and see the validation report before anything is written."""
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        content = upload.read(current_app.config["IMPORT_MAX_BYTES"] + 1)
        if len(content) > current_app.config["IMPORT_MAX_BYTES"]:
            form.file.errors.append(_("the file is too large"))
        else:
            extension = "xlsx" if upload.filename.lower().endswith(".xlsx") else "csv"
            options = {"update": form.update.data, "skip_invalid": form.skip_invalid.data}
            try:
                report = import_experts(
                    content, f"upload.{extension}", current_user, dry_run=True, **options
                )
            except ServiceError as error:
                db.session.rollback()
                form.file.errors.append(error.message)
            else:
                db.session.rollback()
                name = f"{secrets.token_hex(16)}.{extension}"
                (_upload_dir() / name).write_bytes(content)
                confirm = ImportConfirmForm.for_upload(name, **options)
                return render_template(
                    "experts/import_report.html",
                    report=report,
                    confirm=confirm,
                    filename=upload.filename,
                    can_write=(report.to_create or report.to_update)
                    and (not report.errors or options["skip_invalid"]),
                )
    return render_template("experts/import.html", form=form, columns=COLUMNS)


@bp.route("/staff/experts/import/confirm", methods=["POST"])
def confirm_import():
    """Import a file checked on the previous page."""
    form = ImportConfirmForm()
    name = form.upload.data or ""
    path = _upload_dir() / name
    valid_name = re.fullmatch(r"[0-9a-f]{32}\.(csv|xlsx)", name) is not None
    if not form.validate_on_submit() or not valid_name or not path.exists():
        flash(_("That upload is no longer available: please upload the file again."), "warning")
        return redirect(url_for("experts.import_page"))
    report = import_experts(path.read_bytes(), name, current_user, **form.options())
    db.session.commit()
    path.unlink(missing_ok=True)
    flash(report.summary(), "success" if report.written else "warning")
    return redirect(url_for("helpdesk.staff_directory", status="pending"))


def _download(content: bytes, stem: str, fmt: str):
    return send_file(
        BytesIO(content),
        mimetype=MEDIA_TYPES[fmt],
        as_attachment=True,
        download_name=f"{stem}.{fmt}",
    )


@bp.route("/staff/experts/export")
def export_experts():
    """Download the registry as CSV or XLSX (it imports back unchanged)."""
    fmt = request.args.get("format", "xlsx")
    status = request.args.get("status", "")
    if fmt not in MEDIA_TYPES or (status and status not in STATUSES):
        abort(400)
    stem = f"experts-{utcnow():%Y-%m-%d}"
    return _download(export_file(fmt, status or None), stem, fmt)


@bp.route("/staff/experts/import/template")
def import_template():
    """Download an empty import spreadsheet with the documented columns."""
    fmt = request.args.get("format", "xlsx")
    if fmt not in MEDIA_TYPES:
        abort(400)
    return _download(template_file(fmt), "experts-template", fmt)
