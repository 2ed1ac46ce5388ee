"""The needs assessment's pages: the questionnaire editor and the rounds (staff), a Party's
response page, the desk review's findings (staff) and the assessment (staff). Each view: form,
service, commit, flash, redirect."""

import logging
from io import BytesIO

from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from ..exceptions import NotFound, ValidationError
from ..extensions import db
from ..forms import PeriodForm, show_service_error
from ..helpdesk.services import attachment_path
from ..reports.exporting import FORMATS
from ..taxonomy.choices import party_choices
from ..taxonomy.names import target_title
from ..taxonomy.services import list_targets
from .assessment import compute_assessment
from .exporting import assessment_filename, assessment_tables, export_assessment
from .forms import (
    DOCUMENT_TYPE_LABELS,
    KIND_LABELS,
    PRIORITY_LABELS,
    RATING_CHOICES,
    RATING_LABELS,
    STATUS_LABELS,
    FindingForm,
    ResponseForm,
    RoundForm,
    TemplateForm,
    answer_field,
    answers_from_form,
    template_form_data,
)
from .models import Finding, QuestionnaireTemplate, Response, ResponseDocument, Round
from .services import (
    add_response_document,
    answers_of,
    can_see_response,
    create_finding,
    create_round,
    create_template,
    finding_data,
    get_finding,
    get_response,
    get_round,
    get_template,
    is_sent,
    list_templates,
    open_responses_for,
    rated_items,
    save_response,
    save_template,
    update_finding,
)
from .wording import in_language, option_label

bp = Blueprint("needs", __name__, template_folder="templates")
logger = logging.getLogger(__name__)

bp.add_app_template_global(in_language)
bp.add_app_template_global(option_label)


@bp.app_context_processor
def needs_labels() -> dict:
    """Labels the needs templates share (the emails' too)."""
    return {
        "document_type_labels": DOCUMENT_TYPE_LABELS,
        "priority_labels": PRIORITY_LABELS,
        "rating_labels": RATING_LABELS,
        "question_kind_labels": KIND_LABELS,
        "response_status_labels": STATUS_LABELS,
    }


# The questionnaires and rounds (staff) --------------------------------------------------------


@bp.route("/needs")
def overview():
    """The questionnaires, the rounds sent and how far each Party is with its answers."""
    rounds = db.session.scalars(
        select(Round)
        .options(selectinload(Round.responses), selectinload(Round.version))
        .order_by(Round.deadline.desc(), Round.id.desc())
    ).all()
    return render_template("needs/overview.html", templates=list_templates(), rounds=rounds)


def _template_page(form: TemplateForm, template: QuestionnaireTemplate | None = None):
    return render_template(
        "needs/template_form.html", form=form, template=template, is_sent=is_sent
    )


@bp.route("/needs/templates/new", methods=["GET", "POST"])
def new_template():
    """Write a new questionnaire."""
    form = (
        TemplateForm() if request.method == "POST" else TemplateForm(data={"questions": [{}] * 4})
    )
    if form.validate_on_submit():
        try:
            template = create_template(form.name.data, form.to_data(), current_user)
        except ValidationError as error:
            show_service_error(form, error)
        else:
            db.session.commit()
            flash(_("The questionnaire is saved."), "success")
            return redirect(url_for(".edit_template", template_id=template.id))
    elif form.is_submitted():
        flash(_("Please correct the marked fields."), "danger")
    return _template_page(form)


@bp.route("/needs/templates/<int:template_id>/edit", methods=["GET", "POST"])
def edit_template(template_id: int):
    """Change a questionnaire: in place until a round sends it, else as its next version."""
    template = get_template(template_id)
    if request.method == "POST":
        form = TemplateForm()
    else:
        form = TemplateForm(data=template_form_data(template.name, template.current))
    if form.validate_on_submit():
        try:
            version = save_template(template, form.to_data(), current_user)
        except ValidationError as error:
            show_service_error(form, error)
        else:
            db.session.commit()
            flash(_("The questionnaire is saved as version %(number)d.", number=version.number))
            return redirect(url_for(".edit_template", template_id=template.id))
    elif form.is_submitted():
        flash(_("Please correct the marked fields."), "danger")
    return _template_page(form, template)


@bp.route("/needs/rounds/new", methods=["GET", "POST"])
def new_round():
    """Send a questionnaire to chosen Parties with a deadline."""
    form = RoundForm()
    form.template.choices = [SelectChoice(t.id, t.name) for t in list_templates()]
    form.parties.choices = party_choices(served_first=True)
    if request.method == "GET" and not form.parties.data:
        form.parties.data = []
    if form.validate_on_submit():
        template = get_template(form.template.data)
        data = {
            "title": form.title.data,
            "deadline": form.deadline.data,
            "parties": form.parties.data,
        }
        try:
            round_ = create_round(template.current, data, current_user)
        except ValidationError as error:
            show_service_error(form, error)
        else:
            db.session.commit()
            flash(_("The questionnaire is sent to the focal points."), "success")
            return redirect(url_for(".view_round", round_id=round_.id))
    elif form.is_submitted():
        flash(_("Please correct the marked fields."), "danger")
    return render_template("needs/round_form.html", form=form)


@bp.route("/needs/rounds/<int:round_id>")
def view_round(round_id: int):
    """A round: its questionnaire version, deadline and each Party's response."""
    return render_template("needs/round.html", round=get_round(round_id))


# A Party's response ---------------------------------------------------------------------------


@bp.route("/needs/questionnaires")
def my_questionnaires():
    """The questionnaires sent to the focal point's Party: those to answer, and those sent."""
    responses = db.session.scalars(
        select(Response)
        .where(Response.party_code == current_user.party_code)
        .order_by(Response.id.desc())
    ).all()
    return render_template(
        "needs/questionnaires.html", responses=responses, waiting=open_responses_for(current_user)
    )


def _may_answer(response: Response) -> bool:
    return (
        response.status == "open"
        and current_user.role == "party"
        and current_user.party_code == response.party_code
    )


@bp.route("/needs/responses/<int:response_id>", methods=["GET", "POST"])
def answer_response(response_id: int):
    """A Party's answers: filled in, saved and submitted by its focal point; read by staff."""
    response = get_response(response_id, current_user)
    form = ResponseForm()
    answers = answers_of(response)
    if request.method == "POST" and form.validate_on_submit():
        answers = answers_from_form(response.round.version, request.form)
        submit = bool(form.submit.data)
        try:
            save_response(response, answers, current_user, submit=submit)
            for upload in form.documents.data or []:
                if upload and upload.filename:
                    add_response_document(response, upload.filename, upload.stream, current_user)
        except ValidationError as error:
            show_service_error(form, error)
        else:
            db.session.commit()
            if submit:
                flash(_("Your answers are submitted. Thank you."), "success")
            else:
                flash(_("Your answers are saved; you can come back to them."), "success")
            return redirect(url_for(".answer_response", response_id=response.id))
    return render_template(
        "needs/response.html",
        response=response,
        version=response.round.version,
        answers=answers,
        form=form,
        editable=_may_answer(response),
        rated_items=rated_items,
        answer_field=answer_field,
        rating_choices=RATING_CHOICES,
        targets={t.number: t for t in list_targets()},
    )


@bp.route("/needs/documents/<int:document_id>")
def download_document(document_id: int):
    """Download a supporting document (for those who may see its response)."""
    document = db.session.get(ResponseDocument, document_id)
    if document is None or not can_see_response(document.response, current_user):
        raise NotFound(_("there is no such file for you"))
    path = attachment_path(document)
    if not path.exists():
        raise NotFound(_("the file %(name)s is missing from the storage", name=document.filename))
    return send_file(
        path, mimetype=document.content_type, as_attachment=True, download_name=document.filename
    )


# The desk review (staff) ----------------------------------------------------------------------


@bp.route("/needs/findings")
def findings():
    """The desk review's findings, by Party and document."""
    party = request.args.get("party", "")
    query = select(Finding).options(selectinload(Finding.targets), selectinload(Finding.tags))
    if party:
        query = query.where(Finding.party_code == party)
    rows = db.session.scalars(
        query.order_by(Finding.party_code, Finding.document_year.desc(), Finding.id)
    ).all()
    return render_template(
        "needs/findings.html", findings=rows, party=party, parties=party_choices(served_first=True)
    )


def _finding_form(data: dict | None = None) -> FindingForm:
    form = FindingForm() if request.method == "POST" else FindingForm(data=data or {})
    if request.method == "GET" and data:
        form.tags.data = "; ".join(data.get("tags", []))
    form.party.choices = party_choices(served_first=True)
    form.targets.choices = [
        SelectChoice(t.number, f"{t.number}. {target_title(t)}") for t in list_targets()
    ]
    return form


@bp.route("/needs/findings/new", methods=["GET", "POST"])
def new_finding():
    """Record a need found in a Party's national document."""
    form = _finding_form({"party": request.args.get("party", "")})
    if form.validate_on_submit():
        try:
            finding = create_finding(form.to_data(), current_user)
        except ValidationError as error:
            show_service_error(form, error)
        else:
            db.session.commit()
            flash(_("The finding is recorded."), "success")
            return redirect(url_for(".findings", party=finding.party_code))
    elif form.is_submitted():
        flash(_("Please correct the marked fields."), "danger")
    return render_template("needs/finding_form.html", form=form, finding=None)


@bp.route("/needs/findings/<int:finding_id>/edit", methods=["GET", "POST"])
def edit_finding(finding_id: int):
    """Change a desk-review finding."""
    finding = get_finding(finding_id)
    form = _finding_form(finding_data(finding))
    if form.validate_on_submit():
        try:
            update_finding(finding, form.to_data(), current_user)
        except ValidationError as error:
            show_service_error(form, error)
        else:
            db.session.commit()
            flash(_("The finding is saved."), "success")
            return redirect(url_for(".findings", party=finding.party_code))
    elif form.is_submitted():
        flash(_("Please correct the marked fields."), "danger")
    return render_template("needs/finding_form.html", form=form, finding=finding)


# The assessment (staff) -----------------------------------------------------------------------


@bp.route("/needs/assessment")
def assessment():
    """The priority needs of a period: per Party and target from the three sources, with their
    agreement, the common and the country-specific needs, and the gaps of the pool."""
    form = PeriodForm(request.args)
    period = form.period()
    if period is None:
        return render_template("needs/assessment.html", form=form, figures=None), 400
    form.start.data, form.end.data = period.start, period.end
    figures = compute_assessment(period, gaps=request.args.get("gaps") != "false")
    return render_template(
        "needs/assessment.html",
        form=form,
        figures=figures,
        tables={table.name: table for table in assessment_tables(figures)},
    )


@bp.route("/needs/assessment/download")
def download_assessment():
    """The assessment of a period as an XLSX workbook or a printable HTML page."""
    form = PeriodForm(request.args)
    period = form.period()
    if period is None:
        return render_template("needs/assessment.html", form=form, figures=None), 400
    fmt = request.args.get("format", "xlsx")
    if fmt not in ("xlsx", "html"):
        fmt = "xlsx"
    figures = compute_assessment(period, gaps=request.args.get("gaps") != "false")
    return send_file(
        BytesIO(export_assessment(figures, fmt)),
        mimetype=FORMATS[fmt],
        as_attachment=fmt != "html",
        download_name=assessment_filename(figures, fmt),
    )
