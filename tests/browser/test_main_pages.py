"""The main pages of each role, in English and in Chinese, pass axe-core (their screenshots are
kept), and the language switcher changes the interface and remembers the choice."""

import pytest
from playwright.sync_api import expect

from tests.browser.pages import check_page
from tests.browser.texts import LANGS, pattern, t

pytestmark = pytest.mark.browser

MAIN_PAGES = {
    None: ["/", "/experts", "/login", "/password/forgot"],
    "party": ["/", "/requests/mine"],
    "expert": ["/invitations"],
    "staff": [
        "/",
        "/staff/experts",
        "/matching",
        "/matching/batch",
        "/users/invite",
        "/reports",
        "/reports/gaps",
        "/events",
    ],
    "admin": ["/users", "/taxonomy"],
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("role", MAIN_PAGES, ids=lambda role: role or "visitor")
def test_main_pages_are_accessible(live_server, open_page, role, lang):
    """The pages each role opens first pass axe-core in both languages; their screenshots are
    kept."""
    people = live_server.people
    email = {
        "party": people.party,
        "expert": people.expert,
        "staff": people.staff,
        "admin": people.admin,
    }.get(role)
    page = open_page(email, lang)
    for path in MAIN_PAGES[role]:
        page.goto(path)
        expect(page.locator("main h1")).to_be_visible()
        expect(page.locator("html")).to_have_attribute("lang", {"en": "en", "zh": "zh-Hans"}[lang])
        name = path.strip("/").replace("/", "-") or "home"
        check_page(page, f"{lang}-{role or 'visitor'}-{name}")


def test_the_switcher_changes_the_language_and_remembers_it(live_server, open_page):
    """A browser that prefers Chinese gets Chinese pages; a signed-in user switches language
    with the navigation's switcher, and the choice stays after signing in again."""
    app, email = live_server.app, live_server.people.party
    visitor = open_page(lang="zh")
    visitor.goto("/")
    expect(visitor.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(visitor.locator("header nav")).to_contain_text(t(app, "zh", "Sign in"))

    party = open_page(email, "en")
    party.goto("/requests/mine")
    mine = "Requests of %(party)s"
    expect(party.locator("main h1")).to_have_text(pattern(app, "en", mine, "party"))
    party.get_by_role("button", name="中文").click()
    expect(party.locator("main h1")).to_have_text(pattern(app, "zh", mine, "party"))
    expect(party.get_by_role("button", name="中文")).to_have_attribute("aria-pressed", "true")
    check_page(party, "zh-party-switched")
    again = open_page(email, "en", switch=False)
    again.goto("/requests/mine")
    expect(again.locator("main h1")).to_have_text(pattern(app, "zh", mine, "party"))
    again.get_by_role("button", name="English").click()
    expect(again.locator("main h1")).to_have_text(pattern(app, "en", mine, "party"))
