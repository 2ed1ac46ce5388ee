"""API v1 knowledge products: the catalogue (public products for anyone, all for staff; with
`q`, by meaning in any language, best match first), and staff's records of them."""

import pycountry
from flask import url_for
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from ..accounts.access import current_api_user
from ..extensions import db
from ..knowledge.models import PRODUCT_TYPES, VISIBILITIES
from ..knowledge.search import ProductFilters, search_products
from ..knowledge.services import (
    FIRST_YEAR,
    LAST_YEAR,
    LINK_PATTERN,
    MAX_LINK_LENGTH,
    create_product,
    get_product,
    product_data,
    update_product,
)
from .schemas import (
    ApiErrorSchema,
    Id,
    Moment,
    PageQuerySchema,
    PageSchema,
    page_of,
)

bp = Blueprint("api_knowledge", __name__, description="Knowledge products")

LANGUAGE_CODES = sorted(
    language.alpha_2 for language in pycountry.languages if hasattr(language, "alpha_2")
)
# No text of the databases holds a NUL character (PostgreSQL refuses one in a query).
NO_NUL = validate.Regexp("^[^\x00]*$")
YEAR = validate.Range(min=FIRST_YEAR, max=LAST_YEAR)


class ProductQuerySchema(PageQuerySchema):
    """The catalogue's search and filters."""

    q = fields.String(
        validate=[validate.Length(max=2000), NO_NUL],
        metadata={"description": "a question in any language: the closest products first"},
    )
    type = fields.String(validate=validate.OneOf(PRODUCT_TYPES))
    target = fields.Integer(validate=validate.Range(min=1, max=23))
    tag = fields.String(
        validate=[validate.Length(max=200), NO_NUL], metadata={"description": "tag or alias"}
    )
    party = fields.String(
        validate=validate.Regexp("^[A-Za-z]{3}$"), metadata={"description": "ISO 3166-1 alpha-3"}
    )
    language = fields.String(validate=validate.OneOf(LANGUAGE_CODES))
    year = fields.Integer(validate=YEAR)


class ProductInSchema(Schema):
    """What staff send to record a product (the services check the meaning)."""

    title = fields.String(
        load_default="",
        validate=validate.Length(max=250),
        metadata={"description": "in English; this or title_zh is required"},
    )
    title_zh = fields.String(load_default="", validate=validate.Length(max=250))
    summary = fields.String(load_default="", validate=validate.Length(max=20000))
    summary_zh = fields.String(load_default="", validate=validate.Length(max=20000))
    type = fields.String(required=True, validate=validate.OneOf(PRODUCT_TYPES))
    languages = fields.List(
        fields.String(validate=validate.OneOf(LANGUAGE_CODES)),
        load_default=list,
        metadata={"description": "ISO 639-1; empty: those of the titles"},
    )
    year = fields.Integer(load_default=None, allow_none=True, validate=YEAR)
    targets = fields.List(fields.Integer(validate=validate.Range(min=1, max=23)), load_default=list)
    tags = fields.List(fields.String(), load_default=list, metadata={"description": "tag names"})
    parties = fields.List(
        fields.String(), load_default=list, metadata={"description": "ISO 3166-1 alpha-3"}
    )
    experts = fields.List(Id(), load_default=list, metadata={"description": "pool authors' ids"})
    authors = fields.String(
        load_default="",
        validate=validate.Length(max=2000),
        metadata={"description": "other authors"},
    )
    links = fields.List(
        fields.String(
            validate=[
                validate.Length(max=MAX_LINK_LENGTH),
                validate.Regexp(LINK_PATTERN),
            ]
        ),
        load_default=list,
        validate=validate.Length(max=20),
    )
    licence = fields.String(load_default="", validate=validate.Length(max=100))
    visibility = fields.String(load_default="public", validate=validate.OneOf(VISIBILITIES))


class ProductPatchSchema(ProductInSchema):
    """The fields of a product to change (sent partially)."""


class ProductFileSchema(Schema):
    id = fields.Integer()
    filename = fields.String()
    size = fields.Integer()
    content_type = fields.String()
    link = fields.String(metadata={"description": "where to download it"})


class ProductSchema(ProductInSchema):
    """A product as the API returns it."""

    id = fields.Integer()
    request = fields.String(
        allow_none=True, metadata={"description": "the reference it was published from"}
    )
    files = fields.List(fields.Nested(ProductFileSchema))
    link = fields.String(metadata={"description": "its page"})
    score = fields.Float(
        allow_none=True, metadata={"description": "how close to `q` (in a search with q)"}
    )
    created_at = Moment()
    updated_at = Moment()


class ProductPageSchema(PageSchema):
    """One page of the catalogue."""

    items = fields.List(fields.Nested(ProductSchema))


def product_dict(product, score: float | None = None) -> dict:
    """The fields of ProductSchema."""
    return {
        **product_data(product),
        "id": product.id,
        "request": product.request.reference if product.request else None,
        "files": [
            {
                "id": f.id,
                "filename": f.filename,
                "size": f.size,
                "content_type": f.content_type,
                "link": url_for("knowledge.download_file", file_id=f.id),
            }
            for f in product.files
        ],
        "link": url_for("knowledge.view_product", product_id=product.id),
        "score": None if score is None else round(score, 4),
        "created_at": product.created_at,
        "updated_at": product.updated_at,
    }


@bp.route("/knowledge-products", methods=["GET"])
@bp.arguments(ProductQuerySchema, location="query")
@bp.response(200, ProductPageSchema)
def index(query):
    """The catalogue: public products for anyone, all for staff; with `q` (any language) the
    closest in meaning first, else the newest first."""
    filters = ProductFilters(
        q=query.get("q", ""),
        type=query.get("type", ""),
        target=query.get("target"),
        tag=query.get("tag", ""),
        party=query.get("party", ""),
        language=query.get("language", ""),
        year=query.get("year"),
    )
    found = search_products(
        filters, current_api_user(), page=query["page"], per_page=query["per_page"]
    )
    return page_of(found.pagination, lambda p: product_dict(p, found.scores.get(p.id)))


@bp.route("/knowledge-products", methods=["POST"])
@bp.arguments(ProductInSchema)
@bp.response(201, ProductSchema)
@bp.alt_response(422, schema=ApiErrorSchema, description="the product has errors")
def create(data):
    """Record a knowledge product (staff)."""
    product = create_product(data, current_api_user())
    db.session.commit()
    location = url_for("api_knowledge.detail", product_id=product.id)
    return product_dict(product), 201, {"Location": location}


@bp.route("/knowledge-products/<int:product_id>", methods=["GET"])
@bp.response(200, ProductSchema)
@bp.alt_response(404, schema=ApiErrorSchema)
def detail(product_id):
    """One product (a staff-only one for staff alone)."""
    return product_dict(get_product(product_id, current_api_user()))


@bp.route("/knowledge-products/<int:product_id>", methods=["PATCH"])
@bp.arguments(ProductPatchSchema(partial=True))
@bp.response(200, ProductSchema)
@bp.alt_response(404, schema=ApiErrorSchema)
@bp.alt_response(422, schema=ApiErrorSchema, description="the product has errors")
def patch(data, product_id):
    """Change a product: the fields sent replace the current ones (staff)."""
    product = update_product(get_product(product_id, current_api_user()), data, current_api_user())
    db.session.commit()
    return product_dict(product)
