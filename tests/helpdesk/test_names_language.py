"""Names from the vocabularies in the reader's language: Parties and languages (pycountry's
catalogues, corrected where they differ from the names used in China and at the UN), CBD
thematic areas and tag categories."""

import pytest
from flask_babel import force_locale

from expert_pool.extensions import db
from expert_pool.taxonomy.models import Party
from expert_pool.taxonomy.names import country_name, language_name
from expert_pool.taxonomy.services import ensure_tags


@pytest.fixture
def request_in_khmer(make_request):
    """A Cambodian request to be worked on in Chinese and Khmer."""
    return make_request("submitted", languages=["zh", "km"], thematic_areas=["marine_coastal"])


def test_a_chinese_reader_sees_party_languages_and_areas_in_chinese(
    world, request_in_khmer, browser
):
    world.party.locale = "zh"
    db.session.commit()
    page = browser(world.party).get(f"/requests/{request_in_khmer.reference}")
    html = page.get_data(as_text=True)
    assert "柬埔寨" in html and "Cambodia" not in html
    assert "高棉语和中文" in html
    assert "海洋和沿海生物多样性" in html


def test_an_english_reader_sees_the_same_names_in_english(world, request_in_khmer, browser):
    html = (
        browser(world.party).get(f"/requests/{request_in_khmer.reference}").get_data(as_text=True)
    )
    assert "Cambodia" in html and "Khmer and Chinese" in html
    assert "Marine and coastal biodiversity" in html


def test_names_follow_the_interface_language(app, make_party):
    nepal = make_party("NPL")
    made_up = Party(code="ZZZ", name="Zedland")
    db.session.add(made_up)
    db.session.flush()
    with app.test_request_context(), force_locale("zh"):
        assert country_name("KHM") == "柬埔寨"  # pycountry's catalogue says 柬埔塞
        assert country_name(nepal) == "尼泊尔"
        assert country_name(made_up) == "Zedland"
        assert [language_name(code) for code in ("zh", "km", "ne", "lo", "xx")] == [
            "中文",
            "高棉语",
            "尼泊尔语",
            "老挝语",
            "xx",
        ]
    with app.test_request_context():
        assert country_name(nepal) == "Nepal" and country_name("khm") == "Cambodia"
        assert language_name("ne") == "Nepali" and language_name("km") == "Khmer"


def test_the_taxonomy_shows_tag_categories_in_chinese(world, browser):
    ensure_tags([{"name": "peatlands", "category": "ecosystems and habitats"}])
    world.admin.locale = "zh"
    db.session.commit()
    html = browser(world.admin).get("/taxonomy").get_data(as_text=True)
    assert '<h2 class="h5 mt-4">生态系统和生境</h2>' in html
    # A category without a label shows as stored.
    assert '<h2 class="h5 mt-4">ecosystems</h2>' in html
