"""Finding knowledge products by meaning in any language, with the matching engine's embedders:
each product is a document of the engine (its English text as the profile, its Chinese text as
a publication), ranked for a query like an expert for a request, so a Chinese question reaches
an English brief and the reverse. Product vectors are cached like experts' (by model and text
hash); each process keeps one matcher of the products, rebuilt when a product changes."""

import logging
import threading
from dataclasses import dataclass, field

from flask import current_app
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..matching.engine import ExpertDoc, Matcher, RequestDoc
from ..matching.services import document_matcher, get_embedder, store_computed_vectors
from ..pagination import paginate, paginate_list
from ..taxonomy.services import find_tag
from .models import (
    KnowledgeProduct,
    ProductLanguage,
    product_parties,
    product_tags,
    product_targets,
)
from .policy import visible_to

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_matchers: dict[tuple, tuple[tuple, Matcher]] = {}


@dataclass
class ProductFilters:
    """What a catalogue search asks for; empty values filter nothing."""

    q: str = ""
    type: str = ""
    target: int | None = None
    tag: str = ""
    party: str = ""
    language: str = ""
    year: int | None = None
    exclude: set[int] = field(default_factory=set)


def product_doc(product: KnowledgeProduct) -> ExpertDoc:
    """The engine's document of a product: the English title and summary as its profile, the
    Chinese ones as a publication, with its tags and targets."""
    english = ". ".join(part for part in (product.title, product.summary) if part)
    chinese = [{"title": product.title_zh, "abstract": product.summary_zh}]
    return ExpertDoc(
        id=product.id,
        name=product.title or product.title_zh,
        tags=[tag.name for tag in product.tags],
        bio=english,
        publications=chinese if product.title_zh or product.summary_zh else [],
        targets=[target.number for target in product.targets],
    )


def index_product(product: KnowledgeProduct) -> int:
    """Embed a product's texts not cached yet and store their vectors (the caller commits)."""
    if get_embedder() is None:
        return 0
    return store_computed_vectors(document_matcher([product_doc(product)]))


def _all_products() -> list[KnowledgeProduct]:
    return list(
        db.session.scalars(
            select(KnowledgeProduct)
            .options(selectinload(KnowledgeProduct.tags), selectinload(KnowledgeProduct.targets))
            .order_by(KnowledgeProduct.id)
        )
    )


def product_matcher() -> Matcher:
    """The process's matcher of every product, rebuilt (from the cached vectors) when a
    product was added or changed since."""
    version = tuple(
        db.session.execute(
            select(func.count(KnowledgeProduct.id), func.max(KnowledgeProduct.updated_at))
        ).one()
    )
    embedder = get_embedder()
    key = (str(db.engine.url), embedder.name if embedder else None)
    with _lock:
        cached = _matchers.get(key)
        if cached is not None and cached[0] == version:
            return cached[1]
        matcher = document_matcher([product_doc(p) for p in _all_products()])
        _matchers[key] = (version, matcher)
        logger.info("knowledge matcher built: %d products", version[0])
        return matcher


def forget_product_matchers() -> None:
    """Drop this process's matchers of the products."""
    with _lock:
        _matchers.clear()


def _filtered(filters: ProductFilters, viewer) -> Select:
    query = select(KnowledgeProduct.id).where(visible_to(viewer))
    if filters.type:
        query = query.where(KnowledgeProduct.type == filters.type)
    if filters.year:
        query = query.where(KnowledgeProduct.year == filters.year)
    if filters.target:
        query = query.where(
            KnowledgeProduct.id.in_(
                select(product_targets.c.product_id).where(
                    product_targets.c.target_number == filters.target
                )
            )
        )
    if filters.tag:
        tag = find_tag(filters.tag)
        tag_id = tag.id if tag is not None else None
        query = query.where(
            KnowledgeProduct.id.in_(
                select(product_tags.c.product_id).where(product_tags.c.tag_id == tag_id)
            )
        )
    if filters.party:
        query = query.where(
            KnowledgeProduct.id.in_(
                select(product_parties.c.product_id).where(
                    product_parties.c.party_code == filters.party.upper()
                )
            )
        )
    if filters.language:
        query = query.where(
            KnowledgeProduct.id.in_(
                select(ProductLanguage.product_id).where(
                    ProductLanguage.code == filters.language.lower()
                )
            )
        )
    if filters.exclude:
        query = query.where(KnowledgeProduct.id.not_in(filters.exclude))
    return query


def _with_details(query: Select) -> Select:
    return query.options(
        selectinload(KnowledgeProduct.tags),
        selectinload(KnowledgeProduct.targets),
        selectinload(KnowledgeProduct.parties),
        selectinload(KnowledgeProduct.language_rows),
        selectinload(KnowledgeProduct.files),
    )


def rank_products(text: str, allowed: set[int] | None = None) -> list[tuple[int, float]]:
    """(product id, score) of the products close enough to a text (KNOWLEDGE_MIN_SCORE), best
    first; only those in `allowed` when given."""
    floor = current_app.config["KNOWLEDGE_MIN_SCORE"]
    matches = product_matcher().rank(RequestDoc(text=text), k=None)
    return [
        (m.expert_id, float(m.score))
        for m in matches
        if m.score >= floor and (allowed is None or m.expert_id in allowed)
    ]


@dataclass
class SearchPage:
    """A page of the catalogue, and each product's score when a query ranked them."""

    pagination: Pagination
    scores: dict[int, float]


def search_products(
    filters: ProductFilters, viewer, *, page: int = 1, per_page: int | None = None
) -> SearchPage:
    """The products the viewer may see that pass the filters: with a query, the closest in
    meaning first (in any language); else the newest first."""
    ids = _filtered(filters, viewer)
    if not filters.q.strip():
        query = _with_details(
            select(KnowledgeProduct)
            .where(KnowledgeProduct.id.in_(ids))
            .order_by(KnowledgeProduct.created_at.desc(), KnowledgeProduct.id.desc())
        )
        return SearchPage(paginate(query, page, per_page), {})
    ranked = rank_products(filters.q, set(db.session.scalars(ids)))
    pagination = paginate_list(ranked, page, per_page)
    on_page = [product_id for product_id, _score in pagination.items]
    loaded = {
        p.id: p
        for p in db.session.scalars(
            _with_details(select(KnowledgeProduct).where(KnowledgeProduct.id.in_(on_page)))
        )
    }
    pagination.items = [loaded[product_id] for product_id in on_page]
    return SearchPage(pagination, dict(ranked))


def closest_products(text: str, viewer, k: int = 3) -> list[KnowledgeProduct]:
    """The products the viewer may see closest to a text (a new request's, say), best first."""
    if not (text or "").strip():
        return []
    visible = set(db.session.scalars(_filtered(ProductFilters(), viewer)))
    best = [product_id for product_id, _score in rank_products(text, visible)[:k]]
    loaded = {
        p.id: p
        for p in db.session.scalars(
            _with_details(select(KnowledgeProduct).where(KnowledgeProduct.id.in_(best)))
        )
    }
    return [loaded[product_id] for product_id in best]
