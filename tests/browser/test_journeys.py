"""The main journeys, in a real browser: a Party's request from submission to confirmation,
an expert's profile with the tag autocomplete, and a spreadsheet import by staff."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.pages import check_page

pytestmark = pytest.mark.browser


def test_request_from_submission_to_confirmation(live_server, open_page):
    """A Party submits and follows a request; staff screen it, open the matches and invite an
    expert; the expert accepts and delivers; the Party confirms and rates the delivery."""
    people = live_server.people

    party = open_page(people.party)
    party.goto("/requests/new")
    check_page(party, "party-new-request")
    party.locator("#title").fill("Fish diversity of the Tonle Sap from water samples")
    party.locator("#problem_statement").fill(
        "We want to follow freshwater fish diversity with environmental DNA taken from water."
    )
    party.locator("#type").select_option("technical_consultation")
    party.locator("#targets").select_option(["4"])
    party.locator("#tags").select_option(["eDNA metabarcoding"])
    party.locator("#languages").fill("en, km")
    party.locator("#submit_request").click()
    expect(party.locator(".alert-success")).to_contain_text("submitted as")
    reference = party.url.rsplit("/", 1)[-1]
    assert re.fullmatch(r"TSCC-\d{4}-\d{4}", reference)
    check_page(party, "party-request-submitted")
    party.goto("/requests/mine")
    expect(party.get_by_role("link", name=reference)).to_be_visible()
    check_page(party, "party-my-requests")

    staff = open_page(people.staff)
    staff.goto("/queue")
    check_page(staff, "staff-queue")
    staff.get_by_role("link", name=reference).click()
    staff.get_by_role("button", name="Accept the request").click()
    expect(staff.locator(".alert-success")).to_be_visible()
    expect(staff.locator("h1 + p .badge").first).to_have_text("accepted")
    check_page(staff, "staff-request")
    staff.goto(f"/requests/{reference}/candidates")
    expect(staff.locator("table tbody tr").first).to_contain_text(people.expert_name)
    check_page(staff, "staff-candidates")
    staff.get_by_role("button", name=f"Invite {people.expert_name}").click()
    expect(staff.locator(".alert-success")).to_be_visible()

    expert = open_page(people.expert)
    expert.goto("/invitations")
    invitation = expert.locator("section.card", has_text=reference)
    check_page(expert, "expert-invitations")
    invitation.get_by_role("button", name="Accept").click()
    expect(expert.locator(".alert-success")).to_be_visible()
    expert.get_by_role("link", name=reference).click()
    expert.locator("#note-deliver").fill("A sampling protocol and a two-day training.")
    expert.locator("form", has=expert.locator("#note-deliver")).locator("button").click()
    expect(expert.locator("h1 + p .badge").first).to_have_text("delivered")

    party.goto(f"/requests/{reference}")
    party.locator("#rating-confirm").select_option("5")
    party.locator("#note-confirm").fill("Clear and useful.")
    party.locator("form", has=party.locator("#note-confirm")).locator("button").click()
    expect(party.locator("h1 + p .badge").first).to_have_text("closed")
    check_page(party, "party-request-closed")


def test_expert_edits_profile_with_tag_autocomplete(live_server, open_page):
    """An expert types part of a tag, picks the suggestion and saves the profile."""
    expert = open_page(live_server.people.editor)
    expert.goto("/profile")
    check_page(expert, "expert-profile")
    tags = expert.locator("#tags")
    tags.fill("pollinators; mangr")
    suggestion = expert.get_by_role("option", name="mangrove restoration")
    expect(suggestion).to_be_visible()
    check_page(expert, "expert-profile-suggestions")
    suggestion.click()
    expect(tags).to_have_value("pollinators; mangrove restoration; ")
    expert.locator("#submit").click()
    expect(expert.locator(".alert-success")).to_be_visible()
    expert.goto(f"/experts/{live_server.people.editor_id}")
    expect(expert.locator("main")).to_contain_text("mangrove restoration")


def test_staff_import_a_spreadsheet(live_server, open_page):
    """Staff upload a CSV, read the report, confirm, and find the new profile pending."""
    staff = open_page(live_server.people.staff)
    staff.goto("/staff/experts/import")
    check_page(staff, "staff-import")
    csv = (
        "email,name,country,tags,languages\n"
        "wetland.li@example.org,Li Wen,CHN,mangrove restoration; coral reefs,zh; en\n"
    )
    staff.locator("#file").set_input_files(
        {"name": "experts.csv", "mimeType": "text/csv", "buffer": csv.encode()}
    )
    staff.locator("#submit").click()
    expect(staff.locator("h1")).to_contain_text("experts.csv")
    check_page(staff, "staff-import-report")
    staff.get_by_role("button", name="Import now").click()
    expect(staff.locator(".alert-success")).to_be_visible()
    expect(staff.locator("main")).to_contain_text("Li Wen")


MAIN_PAGES = {
    None: ["/", "/experts", "/login", "/password/forgot"],
    "party": ["/", "/requests/mine"],
    "expert": ["/invitations"],
    "staff": ["/", "/staff/experts", "/matching", "/matching/batch", "/users/invite"],
    "admin": ["/users", "/taxonomy"],
}


@pytest.mark.parametrize("role", MAIN_PAGES, ids=lambda role: role or "visitor")
def test_main_pages_are_accessible(live_server, open_page, role):
    """The pages each role opens first pass axe-core; their screenshots are kept."""
    people = live_server.people
    email = {"party": people.party, "expert": people.expert, "staff": people.staff}.get(
        role, people.admin if role == "admin" else None
    )
    page = open_page(email)
    for path in MAIN_PAGES[role]:
        page.goto(path)
        expect(page.locator("main h1")).to_be_visible()
        name = path.strip("/").replace("/", "-") or "home"
        check_page(page, f"{role or 'visitor'}-{name}")


def test_the_interface_in_chinese(live_server, open_page):
    """A browser that prefers Chinese gets Chinese pages; a signed-in user switches language
    with the navigation's switcher, and the choice stays after signing in again."""
    visitor = open_page(locale="zh-CN")
    visitor.goto("/")
    expect(visitor.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(visitor.locator("main h1")).to_contain_text("生物多样性")
    check_page(visitor, "zh-visitor-home")
    visitor.goto("/login")
    check_page(visitor, "zh-visitor-login")

    party = open_page(live_server.people.party, locale="en-GB")
    party.goto("/requests/mine")
    expect(party.locator("main h1")).to_contain_text("Requests of")
    party.get_by_role("button", name="中文").click()
    expect(party.locator("main h1")).to_contain_text("的请求")
    expect(party.get_by_role("button", name="中文")).to_have_attribute("aria-pressed", "true")
    check_page(party, "zh-party-my-requests")
    again = open_page(live_server.people.party, locale="en-GB")
    again.goto("/requests/mine")
    expect(again.locator("main h1")).to_contain_text("的请求")
    again.get_by_role("button", name="English").click()
    expect(again.locator("main h1")).to_contain_text("Requests of")
