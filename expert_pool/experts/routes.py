"""The expert registry's pages: directories, profiles, self-service editing, vetting, and the
staff import and export."""

import logging
import re
import secrets
from io import BytesIO
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from ..database import utcnow
from ..exceptions import NotFound, PermissionDenied, ServiceError, ValidationError
from ..extensions import db
from ..forms import show_service_error
from ..i18n import target_title
from ..taxonomy.services import list_parties, list_targets
from ..taxonomy.vocabulary import language_name
from .exporting import export_experts as export_file
from .exporting import template_file
from .forms import (
    AVAILABILITY_LABELS,
    STATUS_LABELS,
    ImportConfirmForm,
    ImportForm,
    ProfileForm,
    PublicationForm,
)
from .importing import COLUMNS, import_experts
from .models import AVAILABILITIES, STATUSES, Expert, Publication
from .queries import ExpertFilters, current_loads, get_visible_expert, search_experts
from .services import (
    add_publication,
    can_edit,
    confirm_profile_current,
    create_expert,
    remove_publication,
    set_expert_status,
    update_expert,
    update_publication,
)
from .verification import is_verification_overdue

bp = Blueprint("experts", __name__, template_folder="templates")
logger = logging.getLogger(__name__)

FORMATS = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@bp.app_template_filter("language_name")
def _language_name(code: str) -> str:
    return language_name(code) or code


def _viewer():
    return current_user if current_user.is_authenticated else None


def _filters(staff: bool) -> ExpertFilters:
    args = request.args
    return ExpertFilters(
        q=args.get("q", "")[:200],
        tag=args.get("tag", "")[:80],
        country=args.get("country", "")[:3],
        language=args.get("language", "")[:2],
        availability=args.get("availability", "") if staff else "",
        target=args.get("target", type=int) if staff else None,
        status=args.get("status", "active") if staff else "active",
        overdue=staff and args.get("overdue") == "1",
        sort=args.get("sort", "name"),
    )


def _directory_choices() -> dict:
    return {
        "parties": list_parties(),
        "targets": list_targets(),
        "availabilities": AVAILABILITIES,
        "statuses": STATUSES,
    }


@bp.context_processor
def expert_labels() -> dict:
    """What the registry's statuses and availabilities are called on its pages."""
    return {"status_labels": STATUS_LABELS, "availability_labels": AVAILABILITY_LABELS}


@bp.route("/experts")
def directory():
    """The public directory: active experts who consented, without contact details."""
    filters = _filters(staff=False)
    pagination = search_experts(filters, public=True, page=request.args.get("page", 1, type=int))
    return render_template(
        "experts/directory.html", pagination=pagination, filters=filters, **_directory_choices()
    )


@bp.route("/staff/experts")
def staff_directory():
    """The staff directory: every profile, with filters, sorting, load and verification."""
    filters = _filters(staff=True)
    pagination = search_experts(filters, page=request.args.get("page", 1, type=int))
    loads = current_loads([expert.id for expert in pagination.items])
    now = utcnow()
    overdue = {e.id for e in pagination.items if is_verification_overdue(e, now)}
    return render_template(
        "experts/staff_directory.html",
        pagination=pagination,
        filters=filters,
        loads=loads,
        overdue=overdue,
        **_directory_choices(),
    )


@bp.route("/experts/<int:expert_id>")
def profile(expert_id: int):
    """An expert's profile: public fields for everyone, contact and vetting for staff."""
    viewer = _viewer()
    expert = get_visible_expert(expert_id, viewer)
    staff = viewer is not None and viewer.is_staff
    return render_template(
        "experts/profile.html",
        expert=expert,
        show_private=staff or (viewer is not None and viewer.expert_id == expert.id),
        staff=staff,
        editable=can_edit(expert, viewer),
        load=current_loads([expert.id])[expert.id] if staff else None,
        overdue=is_verification_overdue(expert),
        statuses=STATUSES,
    )


def _own_expert() -> Expert:
    expert = db.session.get(Expert, current_user.expert_id) if current_user.expert_id else None
    if expert is None:
        raise NotFound("your account has no expert profile: ask the help desk to link one")
    return expert


def _profile_form(expert: Expert | None) -> ProfileForm:
    data = {}
    if expert is not None:
        data = {
            "email": expert.email,
            "name": expert.name,
            "native_name": expert.native_name,
            "title": expert.title,
            "affiliation": expert.affiliation,
            "country": expert.country_code,
            "province": expert.province,
            "orcid": expert.orcid or "",
            "bio": expert.bio,
            "tags": "; ".join(tag.name for tag in expert.tags),
            "targets": [target.number for target in expert.targets],
            "languages": expert.languages,
            "availability": expert.availability,
            "unavailable_until": expert.unavailable_until,
            "max_assignments": expert.max_assignments,
            "public": expert.is_public,
        }
    form = ProfileForm(data=data)
    form.country.choices = [SelectChoice("", _("(choose)"))] + [
        SelectChoice(p.code, p.name) for p in list_parties()
    ]
    form.targets.choices = [
        SelectChoice(t.number, f"{t.number}. {target_title(t)}") for t in list_targets()
    ]
    form.tags.render_kw = {
        "data-suggest-url": url_for("taxonomy.suggest_tags"),
        "autocomplete": "off",
        "placeholder": _("e.g. wetland ecology; invasive alien species"),
    }
    if not current_user.is_staff:
        del form.email
    return form


def _edit_page(expert: Expert, own: bool):
    """Both edit pages: the expert's own, and staff editing any profile."""
    form = _profile_form(expert)
    if form.validate_on_submit():
        try:
            changed = update_expert(expert, form.to_data(), current_user)
            db.session.commit()
        except ValidationError as error:
            db.session.rollback()
            show_service_error(form, error)
        else:
            flash(
                _("Your profile is saved and confirmed as current.")
                if own
                else (
                    _("Saved: %(fields)s.", fields=", ".join(changed))
                    if changed
                    else _("Nothing changed.")
                ),
                "success",
            )
            target = "experts.edit_own_profile" if own else "experts.profile"
            return redirect(url_for(target, **({} if own else {"expert_id": expert.id})))
    elif form.is_submitted():
        flash(_("Please correct the marked fields."), "danger")
    return render_template(
        "experts/edit.html",
        form=form,
        expert=expert,
        own=own,
        overdue=is_verification_overdue(expert),
    )


@bp.route("/profile", methods=["GET", "POST"])
def edit_own_profile():
    """The expert's own profile: saving it also confirms that it is current."""
    return _edit_page(_own_expert(), own=True)


@bp.route("/profile/confirm", methods=["POST"])
def confirm_current():
    """The expert confirms, without changes, that the profile is current."""
    confirm_profile_current(_own_expert(), current_user)
    db.session.commit()
    flash(_("Thank you: your profile is confirmed as current."), "success")
    return redirect(url_for("experts.edit_own_profile"))


@bp.route("/experts/<int:expert_id>/edit", methods=["GET", "POST"])
def edit_profile(expert_id: int):
    """Staff edit any profile."""
    return _edit_page(db.get_or_404(Expert, expert_id), own=False)


@bp.route("/staff/experts/new", methods=["GET", "POST"])
def new_expert():
    """Staff add a profile by hand; it is pending until activated."""
    form = _profile_form(None)
    if form.validate_on_submit():
        try:
            expert = create_expert(form.to_data(), current_user)
            db.session.commit()
        except ValidationError as error:
            db.session.rollback()
            show_service_error(form, error)
        else:
            flash(_("%(name)s is added, pending until activated.", name=expert.name), "success")
            return redirect(url_for("experts.profile", expert_id=expert.id))
    return render_template("experts/edit.html", form=form, expert=None, own=False, overdue=False)


@bp.route("/experts/<int:expert_id>/status", methods=["POST"])
def set_status(expert_id: int):
    """Vetting: staff activate, deactivate or return a profile to pending."""
    expert = db.get_or_404(Expert, expert_id)
    set_expert_status(expert, request.form.get("status", ""), current_user)
    db.session.commit()
    flash(
        _("%(name)s is now %(status)s.", name=expert.name, status=STATUS_LABELS[expert.status]),
        "success",
    )
    return redirect(url_for("experts.profile", expert_id=expert.id))


def _editable_expert(expert_id: int) -> Expert:
    expert = db.get_or_404(Expert, expert_id)
    if not can_edit(expert, current_user):
        raise PermissionDenied("you can only change your own profile")
    return expert


def _publication_or_404(expert: Expert, publication_id: int) -> Publication:
    publication = db.session.get(Publication, publication_id)
    if publication is None or publication.expert_id != expert.id:
        abort(404)
    return publication


def _after_publication(expert: Expert):
    own = current_user.expert_id == expert.id
    if own:
        return redirect(url_for("experts.edit_own_profile") + "#publications")
    return redirect(url_for("experts.edit_profile", expert_id=expert.id) + "#publications")


@bp.route("/experts/<int:expert_id>/publications/new", methods=["GET", "POST"])
def new_publication(expert_id: int):
    """Add a publication to a profile."""
    expert = _editable_expert(expert_id)
    form = PublicationForm()
    if form.validate_on_submit():
        try:
            add_publication(expert, form.data, current_user)
            db.session.commit()
        except ValidationError as error:
            db.session.rollback()
            show_service_error(form, error)
        else:
            flash(_("The publication is added."), "success")
            return _after_publication(expert)
    return render_template("experts/publication.html", form=form, expert=expert, publication=None)


@bp.route("/experts/<int:expert_id>/publications/<int:publication_id>", methods=["GET", "POST"])
def edit_publication(expert_id: int, publication_id: int):
    """Change a publication of a profile."""
    expert = _editable_expert(expert_id)
    publication = _publication_or_404(expert, publication_id)
    form = PublicationForm(obj=publication)
    if form.validate_on_submit():
        try:
            update_publication(publication, form.data, current_user)
            db.session.commit()
        except ValidationError as error:
            db.session.rollback()
            show_service_error(form, error)
        else:
            flash(_("The publication is saved."), "success")
            return _after_publication(expert)
    return render_template(
        "experts/publication.html", form=form, expert=expert, publication=publication
    )


@bp.route("/experts/<int:expert_id>/publications/<int:publication_id>/remove", methods=["POST"])
def remove_publication_page(expert_id: int, publication_id: int):
    """Take a publication off a profile."""
    expert = _editable_expert(expert_id)
    remove_publication(_publication_or_404(expert, publication_id), current_user)
    db.session.commit()
    flash(_("The publication is removed."), "success")
    return _after_publication(expert)


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
            form.file.errors.append("the file is too large")
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
                confirm = ImportConfirmForm(
                    upload=name,
                    update="1" if options["update"] else "",
                    skip_invalid="1" if options["skip_invalid"] else "",
                )
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
    report = import_experts(
        path.read_bytes(),
        name,
        current_user,
        update=form.update.data == "1",
        skip_invalid=form.skip_invalid.data == "1",
    )
    db.session.commit()
    path.unlink(missing_ok=True)
    flash(report.summary(), "success" if report.written else "warning")
    return redirect(url_for("experts.staff_directory", status="pending"))


def _download(content: bytes, stem: str, fmt: str):
    return send_file(
        BytesIO(content),
        mimetype=FORMATS[fmt],
        as_attachment=True,
        download_name=f"{stem}.{fmt}",
    )


@bp.route("/staff/experts/export")
def export_experts():
    """Download the registry as CSV or XLSX (it imports back unchanged)."""
    fmt = request.args.get("format", "xlsx")
    status = request.args.get("status", "")
    if fmt not in FORMATS or (status and status not in STATUSES):
        abort(400)
    stem = f"experts-{utcnow():%Y-%m-%d}"
    return _download(export_file(fmt, status or None), stem, fmt)


@bp.route("/staff/experts/import/template")
def import_template():
    """Download an empty import spreadsheet with the documented columns."""
    fmt = request.args.get("format", "xlsx")
    if fmt not in FORMATS:
        abort(400)
    return _download(template_file(fmt), "experts-template", fmt)
