"""The knowledge catalogue in a real browser, in English and in Chinese: staff record a product
written in the journey's language, and a visitor whose browser speaks the other language finds
it by a question in that language, then opens its page."""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from expert_pool.matching.services import forget_matchers, get_embedder
from tests.browser.pages import check_page, follow_nav
from tests.browser.texts import LANGS, t

pytestmark = pytest.mark.browser

# What staff write in each language, and the visitor's question in the other one.
PRODUCTS = {
    "en": {
        "fields": {
            "Title in English": "Restoring seagrass meadows with fishing communities",
            "Summary in English": "How fishers replant seagrass, protect the meadows from "
            "trawling and anchors, and count the fish that come back.",
        },
        "question": "如何与渔民一起恢复海草床",
    },
    "zh": {
        "fields": {
            "Title in Chinese": "高山草甸鼠害的生态防控",
            "Summary in Chinese": "不用投毒，通过恢复植被、招引猛禽和调整放牧"
            "来控制高原鼠兔的数量。",
        },
        "question": "controlling pikas in alpine grasslands without poison",
    },
}
OTHER = {"en": "zh", "zh": "en"}


@pytest.fixture
def with_embeddings(live_server, model_cache_dir) -> Iterator[None]:
    """The catalogue searches by meaning: the live server loads the embedding model (the other
    journeys rank by tags alone)."""
    config = live_server.app.config
    before = config["EMBEDDING_BACKEND"], config.get("EMBEDDING_CACHE_DIR")
    config["EMBEDDING_BACKEND"], config["EMBEDDING_CACHE_DIR"] = None, str(model_cache_dir)
    forget_matchers()
    with live_server.app.app_context():
        get_embedder()  # loaded (exported once a session) before the pages ask for it
    yield
    config["EMBEDDING_BACKEND"], config["EMBEDDING_CACHE_DIR"] = before
    forget_matchers()


@pytest.mark.parametrize("lang", LANGS)
def test_staff_record_a_product_and_a_visitor_finds_it_in_the_other_language(
    live_server, open_page, with_embeddings, lang
):
    app, people = live_server.app, live_server.people
    product = PRODUCTS[lang]

    staff = open_page(people.staff, lang)
    follow_nav(staff, t(app, lang, "Knowledge products"))
    staff.get_by_role("link", name=t(app, lang, "Record a knowledge product")).click()
    for label, text in product["fields"].items():
        staff.get_by_label(t(app, lang, label), exact=True).fill(text)
    staff.get_by_label(t(app, lang, "Type"), exact=True).select_option("guideline")
    staff.get_by_label(t(app, lang, "Year"), exact=True).fill("2026")
    staff.get_by_label(t(app, lang, "Links (one web address a line)")).fill(
        "https://example.org/knowledge/guide"
    )
    check_page(staff, f"{lang}-staff-knowledge-product-form")
    staff.get_by_role("button", name=t(app, lang, "Save the product")).click()
    staff.wait_for_url(re.compile(r"/knowledge/\d+$"))
    expect(staff.locator(".alert-success")).to_have_text(
        t(app, lang, "The knowledge product is recorded.")
    )
    title = next(iter(product["fields"].values()))
    expect(staff.locator("h1")).to_have_text(title)
    check_page(staff, f"{lang}-staff-knowledge-product")

    other = OTHER[lang]
    visitor = open_page(None, other)
    visitor.goto("/")
    follow_nav(visitor, t(app, other, "Knowledge products"))
    visitor.get_by_label(t(app, other, "Search in any language")).fill(product["question"])
    visitor.get_by_role("button", name=t(app, other, "Search"), exact=True).click()
    first = visitor.locator("[data-product] h2 a").first
    expect(first).to_have_text(title)
    check_page(visitor, f"{other}-visitor-knowledge-catalogue")
    first.click()
    expect(visitor.locator("h1")).to_have_text(title)
    expect(visitor.get_by_role("link", name="https://example.org/knowledge/guide")).to_be_visible()
