"""Pages of the knowledge products: the public catalogue and a page per product, the staff's
forms, the files, and what the help desk's pages show of the catalogue (the closest products
to a new need, publishing a delivery, answering an inquiry from the catalogue)."""

import logging

from flask import Blueprint, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from ..errors import refusals_return_to
from ..exceptions import NotFound, ValidationError
from ..experts.models import Expert
from ..extensions import db
from ..forms import show_service_error
from ..helpdesk.models import CooperationRequest
from ..helpdesk.policy import can_see as can_see_request
from ..helpdesk.queries import get_request
from ..helpdesk.services.attachments import stored_path
from ..i18n import current_language
from ..taxonomy.names import target_title
from ..taxonomy.services import list_targets
from .forms import (
    TYPE_LABELS,
    VISIBILITY_LABELS,
    AnswerFromCatalogueForm,
    CatalogueForm,
    ProductForm,
)
from .models import KnowledgeProduct
from .policy import visible_to
from .search import ProductFilters, closest_products, search_products
from .services import (
    DELIVERED_STATES,
    add_product_file,
    answer_with_products,
    create_product,
    delivery_data,
    get_product,
    get_product_file,
    product_data,
    publication_of,
    record_download,
    remove_product_file,
    update_product,
)

bp = Blueprint("knowledge", __name__, template_folder="templates")
logger = logging.getLogger(__name__)

# How many of the closest products a new request's form shows.
CLOSEST = 3
# The longest text the new request's form sends to find the closest products.
MAX_NEED_TEXT = 5000


@bp.app_template_filter()
def product_title(product: KnowledgeProduct) -> str:
    """A product's title in the interface language where it has one, else in the other."""
    if current_language() == "zh":
        return product.title_zh or product.title
    return product.title or product.title_zh


@bp.app_template_filter()
def product_summary(product: KnowledgeProduct) -> str:
    """A product's summary in the interface language where it has one, else in the other."""
    if current_language() == "zh":
        return product.summary_zh or product.summary
    return product.summary or product.summary_zh


@bp.app_template_filter()
def product_type_label(kind: str) -> str:
    """A product type's name in the interface language."""
    return str(TYPE_LABELS.get(kind, kind))


def _target_choices() -> list[SelectChoice]:
    return [SelectChoice(t.number, f"{t.number}. {target_title(t)}") for t in list_targets()]


@bp.route("/knowledge")
def catalogue():
    """The public catalogue: search in any language, filter, read."""
    form = CatalogueForm(request.args, targets=_target_choices())
    if not form.validate():
        return render_template("knowledge/catalogue.html", form=form, page=None), 400
    filters = ProductFilters(
        q=form.q.data or "",
        type=form.type.data or "",
        target=int(form.target.data) if form.target.data else None,
        tag=form.tag.data or "",
        party=form.party.data or "",
        language=form.language.data or "",
        year=form.year.data,
    )
    found = search_products(filters, current_user, page=request.args.get("page", 1, type=int))
    return render_template("knowledge/catalogue.html", form=form, page=found)


@bp.route("/knowledge/<int:product_id>")
def view_product(product_id: int):
    """One product: its summary, topics, authors, links and files."""
    product = get_product(product_id, current_user)
    return render_template(
        "knowledge/product.html", product=product, visibility_labels=VISIBILITY_LABELS
    )


def _product_form(data: dict | None) -> ProductForm:
    if request.method == "GET" and data is not None:
        data = {**data, "tags": "; ".join(data["tags"]), "links": "\n".join(data["links"])}
        form = ProductForm(data=data)
    else:
        form = ProductForm()
    form.targets.choices = _target_choices()
    form.experts.choices = [
        SelectChoice(e.id, e.name)
        for e in db.session.scalars(
            select(Expert).where(Expert.status == "active").order_by(Expert.name)
        )
    ]
    return form


def _add_files(form: ProductForm, product: KnowledgeProduct) -> None:
    for upload in form.files.data or []:
        if upload and upload.filename:
            add_product_file(product, upload.filename, upload.stream, current_user)


def _save(form: ProductForm, save, done: str):
    """The forms' one rhythm: the service, the files, commit, flash, the product's page."""
    try:
        product = save()
        _add_files(form, product)
    except ValidationError as error:
        show_service_error(form, error)
        return None
    db.session.commit()
    flash(done, "success")
    return redirect(url_for(".view_product", product_id=product.id))


def _source_request() -> CooperationRequest | None:
    reference = request.args.get("request")
    return get_request(reference, current_user) if reference else None


@bp.route("/knowledge/new", methods=["GET", "POST"])
def new_product():
    """Record a knowledge product; from a delivered request (?request=REF), prefilled from it."""
    source = _source_request()
    form = _product_form(delivery_data(source) if source else None)
    if form.validate_on_submit():
        answer = _save(
            form,
            lambda: create_product(form.service_data(), current_user, request=source),
            _("The knowledge product is recorded."),
        )
        if answer is not None:
            return answer
    elif form.is_submitted():
        flash(_("Please correct the marked fields."), "danger")
    return render_template("knowledge/product_form.html", form=form, product=None, source=source)


@bp.route("/knowledge/<int:product_id>/edit", methods=["GET", "POST"])
def edit_product(product_id: int):
    """Change a knowledge product and add files to it."""
    product = get_product(product_id, current_user)
    form = _product_form(product_data(product))
    if form.validate_on_submit():
        answer = _save(
            form,
            lambda: update_product(product, form.service_data(), current_user),
            _("The knowledge product is saved."),
        )
        if answer is not None:
            return answer
    elif form.is_submitted():
        flash(_("Please correct the marked fields."), "danger")
    return render_template(
        "knowledge/product_form.html", form=form, product=product, source=product.request
    )


@bp.route("/knowledge/files/<int:file_id>")
def download_file(file_id: int):
    """Download a product's file (counted for the reports)."""
    file = get_product_file(file_id, current_user)
    path = stored_path(file.stored_name)
    if not path.exists():
        raise NotFound(_("the file %(name)s is missing from the storage", name=file.filename))
    record_download(file)
    db.session.commit()
    return send_file(
        path, mimetype=file.content_type, as_attachment=True, download_name=file.filename
    )


@bp.route("/knowledge/files/<int:file_id>/delete", methods=["POST"])
def delete_file(file_id: int):
    """Remove a product's file (staff)."""
    file = get_product_file(file_id, current_user)
    back = refusals_return_to(url_for(".edit_product", product_id=file.product_id))
    remove_product_file(file, current_user)
    db.session.commit()
    flash(_("The file is removed."), "success")
    return redirect(back)


@bp.route("/knowledge/closest")
def closest():
    """The products closest to a need being written (the new request form asks as one types):
    `{items: [{id, title, type, year, link}]}`."""
    text = (request.args.get("text") or "")[:MAX_NEED_TEXT].replace("\x00", "")
    items = [
        {
            "id": product.id,
            "title": product_title(product),
            "type": product_type_label(product.type),
            "year": product.year,
            "link": url_for(".view_product", product_id=product.id),
        }
        for product in closest_products(text, current_user, k=CLOSEST)
    ]
    return jsonify({"items": items})


@bp.route("/requests/<reference>/answer-from-catalogue", methods=["POST"])
def answer_from_catalogue(reference: str):
    """Deliver a knowledge-product inquiry with products chosen from the catalogue (staff)."""
    item = get_request(reference, current_user)
    back = refusals_return_to(url_for("helpdesk.view_request", reference=item.reference))
    form = AnswerFromCatalogueForm()
    form.products.choices = _public_choices()
    if not form.validate_on_submit():
        flash(_("Choose the products that answer the request."), "danger")
        return redirect(back)
    products = list(
        db.session.scalars(
            select(KnowledgeProduct).where(KnowledgeProduct.id.in_(form.products.data or []))
        )
    )
    answer_with_products(item, products, form.note.data or "", current_user, form.version.data)
    db.session.commit()
    flash(_("The request is delivered with the products chosen."), "success")
    return redirect(back)


def _public_choices(first: list[KnowledgeProduct] = ()) -> list[SelectChoice]:
    """The public products as choices: those given first, then the others by title."""
    public = db.session.scalars(
        select(KnowledgeProduct)
        .where(visible_to(None))
        .order_by(KnowledgeProduct.title, KnowledgeProduct.title_zh)
    )
    chosen = {p.id for p in first}
    ordered = [*first, *(p for p in public if p.id not in chosen)]
    return [SelectChoice(p.id, product_title(p)) for p in ordered]


def knowledge_panel(item: CooperationRequest) -> dict:
    """What the request page shows staff of the catalogue: publishing its delivery as a product,
    or, for an inquiry still open, the products to answer it with (the closest preselected)."""
    if not current_user.is_staff or not can_see_request(item, current_user):
        return {}
    panel: dict = {"request": item}
    if item.status in DELIVERED_STATES:
        panel["published"] = publication_of(item)
        panel["can_publish"] = panel["published"] is None
    if item.type == "knowledge_product" and item.status in ("accepted", "in_progress"):
        text = "\n".join(p for p in (item.title, item.problem_statement) if p)
        closest_ones = closest_products(text, None, k=CLOSEST)
        form = AnswerFromCatalogueForm(version=item.version, products=[p.id for p in closest_ones])
        form.products.choices = _public_choices(closest_ones)
        panel["answer_form"] = form
    return panel


def closest_products_section(*field_ids: str) -> str:
    """The fields of the new request's form whose text the closest products are found for."""
    return " ".join(field_ids)


@bp.app_context_processor
def request_page_panel() -> dict:
    """The request page and form (the help desk's) ask the catalogue for their sections."""
    return {
        "knowledge_panel": knowledge_panel,
        "closest_products_section": closest_products_section,
    }
