"""The seeded knowledge products: ten, through the services, linked to seeded requests and
experts, found by a question in the other language, and seeded once."""

from sqlalchemy import func, select

from expert_pool.extensions import db
from expert_pool.knowledge.models import KnowledgeProduct
from expert_pool.knowledge.search import ProductFilters, search_products
from expert_pool.seeding import seed


def test_ten_products_are_seeded_once_linked_to_requests_and_experts(app):
    seed()
    db.session.commit()
    products = list(db.session.scalars(select(KnowledgeProduct)))
    assert len(products) == 10
    published = [p for p in products if p.request is not None]
    assert len(published) == 7
    assert all(p.request.status in ("delivered", "closed") for p in published)
    assert all(p.targets and p.tags and p.parties for p in products)
    assert sum(1 for p in products if p.experts) >= 5
    assert len({p.created_by_id for p in products}) == 1
    seed()
    db.session.commit()
    assert db.session.scalar(select(func.count(KnowledgeProduct.id))) == 10

    chinese = search_products(ProductFilters(q="社区渔业能否作为其他有效的区域保护措施"), None)
    assert chinese.pagination.items[0].title.startswith("Recognising community fisheries")
    english = search_products(ProductFilters(q="restoring vegetation on karst land"), None)
    assert english.pagination.items[0].title_zh == "喀斯特石漠化区乡土树种植被恢复技术手册"
