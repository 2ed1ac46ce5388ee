"""The request form's topics (tags, with the taxonomy's autocomplete) and working languages
(checkboxes named in the interface language): what the form offers, what it saves, and the
field errors of the services when a tag or a language is unknown."""

import re

import pytest
from sqlalchemy import select

from expert_pool.extensions import db
from expert_pool.helpdesk.models import CooperationRequest
from expert_pool.taxonomy.models import Tag, TagAlias
from tests.helpdesk.test_helpdesk_pages import form_data, page_of


def checkboxes(page: str) -> list[tuple[str, bool]]:
    """The language checkboxes of a form page, in order: (code, checked)."""
    return [
        (value, "checked" in tag)
        for tag, value in re.findall(r'(<input[^>]*name="languages"[^>]*value="(\w+)"[^>]*>)', page)
    ]


def field_errors(page: str, field: str) -> str:
    """The text of a field's error block ('' when it has none)."""
    found = re.search(rf'id="{field}-errors">([^<]*)<', page)
    return found.group(1) if found else ""


@pytest.mark.parametrize(
    ("locale", "khmer", "english"), [("en", "Khmer", "English"), ("zh", "高棉语", "英语")]
)
def test_the_form_offers_the_common_languages_first_in_the_interface_language(
    world, browser, locale, khmer, english
):
    world.party.locale = locale
    db.session.commit()
    page = page_of(browser(world.party).get("/requests/new"))

    codes = [code for code, _checked in checkboxes(page)]
    assert codes[:9] == ["en", "zh", "km", "ne", "ur", "fr", "es", "ru", "ar"]
    assert len(codes) > 150 and "mn" in codes and len(set(codes)) == len(codes)
    assert re.search(rf'for="languages-2">{khmer}</label>', page)
    assert re.search(rf'for="languages-0">{english}</label>', page)
    assert not any(checked for _code, checked in checkboxes(page))
    # The topics are the taxonomy's autocomplete, as on the expert profile.
    assert re.search(r'<input[^>]*data-suggest-url="/taxonomy/tags/suggest"[^>]*id="tags"', page)
    assert "js/tag_autocomplete.js" in page


def test_topics_and_languages_are_saved_and_shown_again_on_the_draft(world, browser):
    party = browser(world.party)
    party.post(
        "/requests/new",
        data=form_data(
            save_draft="1", tags="Mangrove Restoration;  coastal wetlands; ", languages=["km", "mn"]
        ),
    )
    draft = db.session.scalar(select(CooperationRequest))
    assert sorted(t.name for t in draft.tags) == ["coastal wetlands", "mangrove restoration"]
    assert draft.languages == ["km", "mn"]

    page = page_of(party.get(f"/drafts/{draft.id}"))
    assert {code for code, checked in checkboxes(page) if checked} == {"km", "mn"}
    assert re.search(r'<details class="mt-1" open>', page), "a chosen rare language is in view"
    shown = re.search(r'id="tags"[^>]*value="([^"]*)"', page).group(1)
    assert sorted(shown.split("; ")) == ["coastal wetlands", "mangrove restoration"]


def test_an_unknown_language_code_is_a_field_error_and_nothing_is_saved(world, browser):
    party = browser(world.party)
    response = party.post(
        "/requests/new", data=form_data(languages=["en", "xx"], submit_request="1")
    )
    page = page_of(response)
    assert response.status_code == 200
    errors = field_errors(page, "languages")
    assert "xx" in errors and "ISO 639-1" in errors
    assert field_errors(page, "title") == "" and field_errors(page, "tags") == ""
    assert db.session.scalar(select(CooperationRequest)) is None

    party.post("/requests/new", data=form_data(save_draft="1"))
    draft = db.session.scalar(select(CooperationRequest))
    refused = party.post(
        f"/drafts/{draft.id}", data=form_data(languages=["fr", "xx"], title="Changed title")
    )
    assert "xx" in field_errors(page_of(refused), "languages")
    db.session.expire_all()
    assert draft.languages == ["en", "km"] and draft.title != "Changed title"


def test_an_unknown_topic_is_a_field_error_and_nothing_is_saved(world, browser):
    response = browser(world.party).post(
        "/requests/new",
        data=form_data(tags="mangrove restoration; unicorn husbandry", submit_request="1"),
    )
    page = page_of(response)
    assert response.status_code == 200
    assert "unicorn husbandry" in field_errors(page, "tags")
    assert "mangrove restoration" not in field_errors(page, "tags")
    assert db.session.scalar(select(CooperationRequest)) is None


def test_topics_by_chinese_alias_or_with_full_width_separators_are_saved_canonically(
    world, browser
):
    mangroves = db.session.scalar(select(Tag).where(Tag.name == "mangrove restoration"))
    mangroves.aliases.append(TagAlias(alias="红树林恢复", language="zh"))
    db.session.commit()
    browser(world.party).post(
        "/requests/new", data=form_data(save_draft="1", tags="红树林恢复；coastal wetlands")
    )
    draft = db.session.scalar(select(CooperationRequest))
    assert sorted(t.name for t in draft.tags) == ["coastal wetlands", "mangrove restoration"]


def test_a_misspelt_topic_is_refused_with_the_closest_tags(world, browser):
    response = browser(world.party).post(
        "/requests/new", data=form_data(tags="mangrove restorashun", submit_request="1")
    )
    assert "did you mean: mangrove restoration?" in field_errors(page_of(response), "tags")
    assert db.session.scalar(select(CooperationRequest)) is None
