"""Fixtures of the knowledge tests: the help desk's world, a few products made through the
services, and a fresh product matcher per test."""

import pytest

from expert_pool.extensions import db
from expert_pool.knowledge.search import forget_product_matchers
from expert_pool.knowledge.services import create_product
from expert_pool.matching import services as matching_services
from tests.world import browser, make_request, world  # noqa: F401

# English-only, Chinese-only and bilingual products whose topics do not overlap.
PRODUCTS = {
    "mangroves": {
        "title": "Restoring mangrove forests on eroding coasts",
        "summary": "A guide to replanting mangroves with coastal communities and keeping the "
        "seedlings alive through the first storms.",
        "type": "guideline",
        "year": 2025,
        "targets": [2],
        "tags": ["mangrove restoration"],
        "parties": ["KHM"],
        "languages": ["en"],
        "licence": "CC BY 4.0",
        "links": ["https://example.org/mangroves.pdf"],
    },
    "cities": {
        "title_zh": "城市生物多样性规划指南",
        "summary_zh": "如何在城市中建设绿色屋顶和公园以保护生物多样性。",
        "type": "policy_brief",
        "year": 2024,
        "targets": [12],
        "parties": ["CHN"],
        "languages": ["zh"],
    },
    "fish": {
        "title": "Monitoring freshwater fish with environmental DNA",
        "summary": "How to sample river water and read eDNA metabarcoding results.",
        "type": "training_material",
        "year": 2026,
        "targets": [21],
        "tags": ["biodiversity monitoring"],
        "parties": ["KHM", "NPL"],
        "languages": ["en"],
        "visibility": "staff",
    },
}


@pytest.fixture(autouse=True)
def fresh_matchers():
    """Each test's database is new: forget matchers built for earlier ones."""
    forget_product_matchers()
    matching_services.forget_matchers()
    yield
    forget_product_matchers()
    matching_services.forget_matchers()


@pytest.fixture
def products(world):  # noqa: F811 (the fixture of tests.world)
    """The three products, recorded by staff and committed, by key."""
    made = {key: create_product(data, world.staff) for key, data in PRODUCTS.items()}
    db.session.commit()
    return made
