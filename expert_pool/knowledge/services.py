"""Recording knowledge products (staff), their files and downloads, and publishing a delivered
request as one. Services add and flush; the caller commits."""

import logging
import re
from datetime import datetime
from typing import IO, TYPE_CHECKING, Any

from flask_babel import gettext as _
from sqlalchemy import select

from ..audit.models import AuditEvent
from ..audit.services import record_event
from ..database import utcnow
from ..exceptions import Conflict, NotFound, ValidationError
from ..experts.queries import get_experts
from ..extensions import db
from ..helpdesk.models import CooperationRequest
from ..helpdesk.services import apply_action
from ..helpdesk.services.attachments import check_upload, stored_path
from ..matching.engine import text_script
from ..notifications.services import external_url
from ..roles import ensure_staff
from ..taxonomy.services import get_parties, get_tags_by_name, get_targets
from ..validation import Problems
from .models import PRODUCT_TYPES, VISIBILITIES, KnowledgeProduct, ProductDownload, ProductFile
from .policy import can_see
from .search import index_product

if TYPE_CHECKING:
    from ..accounts.models import User

logger = logging.getLogger(__name__)

TEXT_FIELDS = {"title": 250, "title_zh": 250, "summary": 20000, "summary_zh": 20000}
MAX_LINKS = 20
MAX_LINK_LENGTH = 500
FIRST_YEAR, LAST_YEAR = 1900, 2999
# A web address in printable ASCII (a browser copies other characters percent-encoded); the
# API's document declares the same pattern.
LINK_PATTERN = "^https?://[!-~]+$"
_URL = re.compile(LINK_PATTERN)
# The states of a request whose delivery may be published.
DELIVERED_STATES = ("delivered", "closed")


def product_data(product: KnowledgeProduct) -> dict[str, Any]:
    """A product's fields in the shape the services take (and the API returns)."""
    return {
        "title": product.title,
        "title_zh": product.title_zh,
        "summary": product.summary,
        "summary_zh": product.summary_zh,
        "type": product.type,
        "languages": product.languages,
        "year": product.year,
        "targets": [target.number for target in product.targets],
        "tags": [tag.name for tag in product.tags],
        "parties": [party.code for party in product.parties],
        "experts": [expert.id for expert in product.experts],
        "authors": product.authors,
        "links": list(product.links or []),
        "licence": product.licence,
        "visibility": product.visibility,
    }


def _year(value: Any, problems: Problems) -> int | None:
    if value in (None, ""):
        return None
    try:
        year = int(value)
    except (TypeError, ValueError):
        year = 0
    if not FIRST_YEAR <= year <= LAST_YEAR:
        problems.add(
            "year", _("a year from %(first)d to %(last)d", first=FIRST_YEAR, last=LAST_YEAR)
        )
        return None
    return year


def _links(given: Any, problems: Problems) -> list[str]:
    links = [str(link).strip() for link in (given or []) if str(link or "").strip()]
    links = list(dict.fromkeys(links))
    if len(links) > MAX_LINKS:
        problems.add("links", _("at most %(count)d links", count=MAX_LINKS))
    if bad := [link for link in links if len(link) > MAX_LINK_LENGTH or not _URL.match(link)]:
        problems.add(
            "links", _("not web addresses (http:// or https://): %(links)s", links=", ".join(bad))
        )
    return links


def _validated(data: dict[str, Any]) -> dict[str, Any]:
    """Check a product's fields; every problem is reported against its field at once."""
    problems = Problems()
    values = {field: problems.text(field, data.get(field), n) for field, n in TEXT_FIELDS.items()}
    if not values["title"] and not values["title_zh"]:
        problems.add("title", _("a title in English or in Chinese is required"))
    values["type"] = problems.one_of(
        "type",
        data.get("type"),
        PRODUCT_TYPES,
        _("the type is one of %(values)s", values=", ".join(PRODUCT_TYPES)),
    )
    values["visibility"] = problems.one_of(
        "visibility",
        data.get("visibility") or "public",
        VISIBILITIES,
        _("the visibility is one of %(values)s", values=", ".join(VISIBILITIES)),
    )
    languages = problems.languages("languages", data.get("languages") or [])
    if not languages:
        # Unsaid, the languages are those its title and summary are written in.
        languages = [code for code, field in (("en", "title"), ("zh", "title_zh")) if values[field]]
    values["languages"] = languages
    values["year"] = _year(data.get("year"), problems)
    values["authors"] = problems.text("authors", data.get("authors"), 2000)
    values["licence"] = problems.text("licence", data.get("licence"), 100)
    values["links"] = _links(data.get("links"), problems)
    values["targets"], values["tags"], values["parties"], values["experts"] = [], [], [], []
    with problems.catching():
        values["targets"] = get_targets(data.get("targets") or [])
    with problems.catching():
        values["tags"] = get_tags_by_name(data.get("tags") or [])
    with problems.catching():
        values["parties"] = get_parties(data.get("parties") or [])
    with problems.catching():
        values["experts"] = get_experts(data.get("experts") or [])
    problems.raise_if_any(_("the knowledge product has errors"))
    return values


def _apply(product: KnowledgeProduct, values: dict[str, Any]) -> None:
    for field, value in values.items():
        setattr(product, field, value)


def create_product(
    data: dict[str, Any],
    actor: "User",
    *,
    request: CooperationRequest | None = None,
    at: datetime | None = None,
) -> KnowledgeProduct:
    """Record a knowledge product (staff); from a delivered request when `request` is given."""
    ensure_staff(actor, _("only staff record knowledge products"))
    values = _validated(data)
    if request is not None:
        _ensure_publishable(request)
    product = KnowledgeProduct(created_by_id=actor.id, request=request)
    if at is not None:
        product.created_at = product.updated_at = at
    _apply(product, values)
    db.session.add(product)
    db.session.flush()
    index_product(product)
    record_event(
        "knowledge.created",
        product,
        actor,
        request_id=request.id if request else None,
        data={"title": product.title or product.title_zh, "visibility": product.visibility},
        at=at,
    )
    logger.info("knowledge product %s recorded by %s", product.id, actor)
    return product


def update_product(
    product: KnowledgeProduct, data: dict[str, Any], actor: "User"
) -> KnowledgeProduct:
    """Change a product: the fields given replace the current ones, the others stay."""
    ensure_staff(actor, _("only staff record knowledge products"))
    before = product_data(product)
    values = _validated({**before, **data})
    _apply(product, values)
    product.updated_at = utcnow()
    db.session.flush()
    index_product(product)
    changed = sorted(k for k, v in product_data(product).items() if before[k] != v)
    record_event("knowledge.updated", product, actor, data={"changed": changed})
    logger.info("knowledge product %s changed by %s: %s", product.id, actor, changed)
    return product


def get_product(product_id: int, viewer: "User | None") -> KnowledgeProduct:
    """The product with this number, if the viewer may see it (else NotFound)."""
    product = db.session.get(KnowledgeProduct, product_id)
    if product is None or not can_see(product, viewer):
        raise NotFound(_("there is no knowledge product %(id)s for you", id=product_id))
    return product


def add_product_file(
    product: KnowledgeProduct, filename: str, stream: IO[bytes], actor: "User"
) -> ProductFile:
    """Store a file with a product, by the rules of request attachments (type, size)."""
    ensure_staff(actor, _("only staff record knowledge products"))
    upload = check_upload(filename, stream, field="files")
    file = ProductFile(product=product, uploaded_by_id=actor.id, **upload.columns())
    db.session.add(file)
    db.session.flush()
    upload.save()
    record_event(
        "knowledge.file_added",
        product,
        actor,
        data={"filename": upload.filename, "size": upload.size},
    )
    logger.info("%s added %s to knowledge product %s", actor, upload.filename, product.id)
    return file


def remove_product_file(file: ProductFile, actor: "User") -> None:
    """Remove a product's file (staff)."""
    ensure_staff(actor, _("only staff record knowledge products"))
    product = file.product
    record_event("knowledge.file_removed", product, actor, data={"filename": file.filename})
    path = stored_path(file.stored_name)
    product.files.remove(file)
    db.session.flush()
    path.unlink(missing_ok=True)
    logger.info("%s removed %s of knowledge product %s", actor, file.filename, product.id)


def get_product_file(file_id: int, viewer: "User | None") -> ProductFile:
    """A product's file, if the viewer may see the product (else NotFound)."""
    file = db.session.get(ProductFile, file_id)
    if file is None or not can_see(file.product, viewer):
        raise NotFound(_("there is no such file for you"))
    return file


def record_download(file: ProductFile, at: datetime | None = None) -> ProductDownload:
    """Count one download of a product's file."""
    download = ProductDownload(file_id=file.id, product_id=file.product_id)
    if at is not None:
        download.downloaded_at = at
    db.session.add(download)
    db.session.flush()
    return download


def _ensure_publishable(request: CooperationRequest) -> None:
    if request.status not in DELIVERED_STATES:
        raise ValidationError.on("request", _("only a delivered request's work can be published"))
    published = db.session.scalar(
        select(KnowledgeProduct.id).where(KnowledgeProduct.request_id == request.id)
    )
    if published is not None:
        raise Conflict(
            _("this request's delivery is published already (product %(id)d)", id=published),
            {"request": [_("published already")]},
        )


def delivery_note(request: CooperationRequest) -> str:
    """What the last delivery of a request said."""
    return (
        db.session.scalar(
            select(AuditEvent.note)
            .where(AuditEvent.request_id == request.id, AuditEvent.action == "request.deliver")
            .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
            .limit(1)
        )
        or ""
    )


def delivery_data(request: CooperationRequest) -> dict[str, Any]:
    """A product's fields prefilled from a delivered request: its title and the delivery note and
    the problem (as Chinese texts when its title is written in Chinese), targets, tags, Party,
    languages and the experts who did the work."""
    note = delivery_note(request)
    summary = "\n\n".join(part for part in (note, request.problem_statement) if part)
    chinese = text_script(request.title) == "han"
    return {
        "title": "" if chinese else request.title,
        "title_zh": request.title if chinese else "",
        "summary": "" if chinese else summary,
        "summary_zh": summary if chinese else "",
        "type": "report",
        "languages": request.languages,
        "year": (request.closed_at or request.updated_at or utcnow()).year,
        "targets": [target.number for target in request.targets],
        "tags": [tag.name for tag in request.tags],
        "parties": [request.party_code],
        "experts": [
            a.expert_id for a in request.assignments if a.status in ("accepted", "completed")
        ],
        "authors": "",
        "links": [],
        "licence": "",
        "visibility": "staff",
    }


def publication_of(request: CooperationRequest) -> KnowledgeProduct | None:
    """The product published from a request, if any."""
    return db.session.scalar(
        select(KnowledgeProduct).where(KnowledgeProduct.request_id == request.id)
    )


def answer_with_products(
    request: CooperationRequest,
    products: list[KnowledgeProduct],
    note: str,
    actor: "User",
    version: int | None = None,
) -> CooperationRequest:
    """Deliver a knowledge-product inquiry with products of the catalogue: the note, then each
    product's title and the address of its page and links, as the delivery note."""
    ensure_staff(actor, _("only staff answer from the catalogue"))
    if request.type != "knowledge_product":
        raise ValidationError.on(
            "products", _("only a knowledge-product inquiry is answered from the catalogue")
        )
    if not products:
        raise ValidationError.on("products", _("choose at least one product"))
    if hidden := [p.id for p in products if not p.is_public]:
        raise ValidationError.on(
            "products",
            _(
                "products kept for staff cannot answer a Party: %(ids)s",
                ids=", ".join(map(str, hidden)),
            ),
        )
    lines = [note.strip()] if (note or "").strip() else []
    for product in products:
        lines.append(f"- {product.title or product.title_zh}")
        lines.append(f"  {external_url('knowledge.view_product', product_id=product.id)}")
        lines.extend(f"  {link}" for link in product.links or [])
    delivered = apply_action(request, "deliver", actor, note="\n".join(lines), version=version)
    logger.info(
        "%s answered %s with products %s", actor, request.reference, [p.id for p in products]
    )
    return delivered
