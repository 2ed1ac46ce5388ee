"""Searching the catalogue: by meaning in any language (a Chinese question finds an English-only
product and the reverse), filtered by type, target, tag, Party, language and year, and only
what the viewer may see; product vectors are cached like experts'."""

from sqlalchemy import func, select

from expert_pool.extensions import db
from expert_pool.knowledge.search import ProductFilters, closest_products, search_products
from expert_pool.knowledge.services import update_product
from expert_pool.matching.models import EmbeddingVector


def titles(page) -> list[str]:
    return [p.title or p.title_zh for p in page.pagination.items]


def test_a_chinese_query_finds_a_product_that_exists_only_in_english(products, world):
    page = search_products(ProductFilters(q="如何恢复海岸的红树林"), None)
    assert titles(page)[0] == "Restoring mangrove forests on eroding coasts"
    assert products["mangroves"].title_zh == ""


def test_an_english_query_finds_a_product_that_exists_only_in_chinese(products, world):
    page = search_products(ProductFilters(q="planning green roofs and parks in cities"), None)
    assert titles(page)[0] == "城市生物多样性规划指南"
    assert products["cities"].title == ""


def test_a_query_about_nothing_in_the_catalogue_finds_nothing(products, world):
    page = search_products(ProductFilters(q="snow leopards counted with camera traps"), None)
    assert page.pagination.items == [] and page.pagination.total == 0


def test_staff_only_products_are_found_by_staff_alone(products, world):
    query = "sampling river water for fish DNA"
    assert "Monitoring freshwater fish with environmental DNA" not in titles(
        search_products(ProductFilters(q=query), world.party)
    )
    assert titles(search_products(ProductFilters(q=query), world.staff))[0] == (
        "Monitoring freshwater fish with environmental DNA"
    )


def test_filters_narrow_the_catalogue(products, world):
    def found(**filters) -> set[str]:
        return set(titles(search_products(ProductFilters(**filters), world.staff)))

    fish = "Monitoring freshwater fish with environmental DNA"
    assert found(type="policy_brief") == {"城市生物多样性规划指南"}
    assert found(target=2) == {"Restoring mangrove forests on eroding coasts"}
    assert found(tag="biodiversity monitoring") == {fish}
    assert found(party="npl") == {fish}
    assert found(language="zh") == {"城市生物多样性规划指南"}
    assert found(year=2025) == {"Restoring mangrove forests on eroding coasts"}
    assert found(party="KHM", q="红树林") == {"Restoring mangrove forests on eroding coasts"}


def test_without_a_query_the_newest_come_first(products, world):
    assert len(titles(search_products(ProductFilters(), world.staff))) == 3
    assert titles(search_products(ProductFilters(), None)) == [
        "城市生物多样性规划指南",
        "Restoring mangrove forests on eroding coasts",
    ]


def test_the_closest_products_of_a_new_need(products, world):
    closest = closest_products("We want to replant mangroves along our coast", world.party)
    assert [p.id for p in closest][:1] == [products["mangroves"].id]


def test_product_vectors_are_stored_once_and_follow_an_edit(products, world):
    count = db.session.scalar(select(func.count(EmbeddingVector.id)))
    assert count > 0
    search_products(ProductFilters(q="mangroves"), None)
    assert db.session.scalar(select(func.count(EmbeddingVector.id))) == count
    update_product(products["mangroves"], {"summary": "Seedlings of Rhizophora."}, world.staff)
    db.session.commit()
    assert db.session.scalar(select(func.count(EmbeddingVector.id))) > count
    page = search_products(ProductFilters(q="红树林幼苗"), None)
    assert titles(page)[0] == "Restoring mangrove forests on eroding coasts"
