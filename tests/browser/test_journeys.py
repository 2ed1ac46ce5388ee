"""The main journeys, in a real browser, each in English and in Chinese: a Party's request from
submission to confirmation, an expert's profile with the tag autocomplete, a spreadsheet import
by staff, and the dashboard with the biennial report's download. Every text a journey clicks or
reads is looked up through the app's gettext in the journey's language (tests/browser/texts.py)."""

import re

import pytest
from flask_babel import force_locale
from openpyxl import load_workbook
from playwright.sync_api import expect

from expert_pool.dates import Period
from expert_pool.helpdesk.workflow import ACTION_LABELS, ASSIGNMENT_LABELS
from expert_pool.reports.figures import compute_figures
from expert_pool.reports.tables import report_tables
from tests.browser.pages import ARTIFACTS, check_page, follow_nav
from tests.browser.texts import LANGS, country, language, state, t, tag

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", LANGS)
def test_request_from_submission_to_confirmation(live_server, open_page, lang):
    """A Party submits and follows a request; staff screen it, open the matches and invite an
    expert; the expert accepts and delivers; the Party confirms and rates the delivery."""
    app, people = live_server.app, live_server.people

    party = open_page(people.party, lang)
    follow_nav(party, t(app, lang, "New request"))
    check_page(party, f"{lang}-party-new-request")
    party.get_by_label(t(app, lang, "Title"), exact=True).fill(
        f"Fish diversity of the Tonle Sap from water samples ({lang})"
    )
    party.locator("#problem_statement").fill(
        "We want to follow freshwater fish diversity with environmental DNA taken from water."
    )
    party.locator("#type").select_option("technical_consultation")
    party.locator("#targets").select_option(["4"])
    # The topics' autocomplete, by keyboard: type, arrow down into the suggestions, Enter.
    topics = party.get_by_role("combobox", name=t(app, lang, "Topics (from the taxonomy)"))
    topics.press_sequentially("metabar")
    # Each suggestion is the tag as the interface language names it (a Chinese alias in Chinese).
    suggestion = party.get_by_role("option", name=tag(app, lang, "eDNA metabarcoding"))
    expect(suggestion).to_be_visible()
    topics.press("ArrowDown")
    expect(suggestion).to_be_focused()
    suggestion.press("Enter")
    expect(topics).to_have_value(f"{tag(app, lang, 'eDNA metabarcoding')}; ")
    expect(topics).to_be_focused()
    languages = party.get_by_role("group", name=t(app, lang, "Working languages"))
    languages.get_by_role("checkbox", name=language(app, lang, "en"), exact=True).check()
    languages.get_by_role("checkbox", name=language(app, lang, "km"), exact=True).check()
    mongolian = languages.get_by_role("checkbox", name=language(app, lang, "mn"), exact=True)
    expect(mongolian).to_be_hidden()
    languages.get_by_text(t(app, lang, "More languages"), exact=True).click()
    mongolian.check()
    check_page(party, f"{lang}-party-new-request-filled")
    party.get_by_role("button", name=t(app, lang, "Submit the request"), exact=True).click()
    party.wait_for_url(re.compile(r"/requests/TSCC-\d{4}-\d{4}$"))
    reference = party.url.rsplit("/", 1)[-1]
    expect(party.locator(".alert-success")).to_contain_text(
        t(
            app,
            lang,
            "Your request is submitted as %(reference)s. A confirmation is on its way by email.",
            reference=reference,
        )
    )
    expect(party.locator("h1 + p .badge").first).to_have_text(state(app, lang, "submitted"))
    check_page(party, f"{lang}-party-request-submitted")
    follow_nav(party, t(app, lang, "My requests"))
    expect(party.get_by_role("link", name=reference)).to_be_visible()
    check_page(party, f"{lang}-party-my-requests")

    staff = open_page(people.staff, lang)
    follow_nav(staff, t(app, lang, "Requests"))
    check_page(staff, f"{lang}-staff-queue")
    staff.get_by_role("link", name=reference).click()
    staff.get_by_role("button", name=t(app, lang, ACTION_LABELS["accept"]), exact=True).click()
    expect(staff.locator(".alert-success")).to_be_visible()
    expect(staff.locator("h1 + p .badge").first).to_have_text(state(app, lang, "accepted"))
    check_page(staff, f"{lang}-staff-request")
    staff.goto(f"/requests/{reference}/candidates")
    expect(staff.locator("table tbody tr").first).to_contain_text(people.expert_name)
    check_page(staff, f"{lang}-staff-candidates")
    invite = t(app, lang, "Invite %(name)s", name=people.expert_name)
    staff.get_by_role("button", name=invite, exact=True).click()
    expect(staff.locator(".alert-success")).to_be_visible()

    expert = open_page(people.expert, lang)
    follow_nav(expert, t(app, lang, "My invitations"))
    invitation = expert.locator("section.card", has_text=reference)
    check_page(expert, f"{lang}-expert-invitations")
    accept = t(app, lang, ASSIGNMENT_LABELS["accept"])
    invitation.get_by_role("button", name=accept, exact=True).click()
    expect(expert.locator(".alert-success")).to_be_visible()
    expert.get_by_role("link", name=reference).click()
    expert.locator("#note-deliver").fill("A sampling protocol and a two-day training.")
    expert.get_by_role("button", name=t(app, lang, ACTION_LABELS["deliver"]), exact=True).click()
    expect(expert.locator("h1 + p .badge").first).to_have_text(state(app, lang, "delivered"))

    party.goto(f"/requests/{reference}")
    party.get_by_label(t(app, lang, "Rating (1 to 5)")).select_option("5")
    party.locator("#note-confirm").fill("Clear and useful.")
    party.get_by_role("button", name=t(app, lang, ACTION_LABELS["confirm"]), exact=True).click()
    expect(party.locator("h1 + p .badge").first).to_have_text(state(app, lang, "closed"))
    check_page(party, f"{lang}-party-request-closed")


@pytest.mark.parametrize("lang", LANGS)
def test_expert_edits_profile_with_tag_autocomplete(live_server, open_page, lang):
    """An expert types part of a tag, picks the suggestion and saves the profile."""
    app = live_server.app
    expert = open_page(live_server.people.editor, lang)
    follow_nav(expert, t(app, lang, "My profile"))
    check_page(expert, f"{lang}-expert-profile")
    tags = expert.get_by_role("combobox", name=t(app, lang, "Expertise tags"))
    # A Chinese keyboard types the full-width semicolon; picking a suggestion normalises it.
    tags.fill("pollinators\uff1bmangr" if lang == "zh" else "pollinators; mangr")
    suggestion = expert.get_by_role("option", name=tag(app, lang, "mangrove restoration"))
    expect(suggestion).to_be_visible()
    check_page(expert, f"{lang}-expert-profile-suggestions")
    suggestion.click()
    expect(tags).to_have_value(f"pollinators; {tag(app, lang, 'mangrove restoration')}; ")
    expert.get_by_role("button", name=t(app, lang, "Save the profile"), exact=True).click()
    expect(expert.locator(".alert-success")).to_have_text(
        re.compile(re.escape(t(app, lang, "Your profile is saved and confirmed as current.")))
    )
    expert.goto(f"/experts/{live_server.people.editor_id}")
    expect(expert.locator("main")).to_contain_text(tag(app, lang, "mangrove restoration"))


@pytest.mark.parametrize("lang", LANGS)
def test_staff_import_a_spreadsheet(live_server, open_page, lang):
    """Staff upload a CSV, read the report, confirm, and find the new profile pending."""
    app = live_server.app
    name = f"Li Wen {lang.upper()}"
    staff = open_page(live_server.people.staff, lang)
    staff.goto("/staff/experts/import")
    check_page(staff, f"{lang}-staff-import")
    csv = (
        "email,name,country,tags,languages\n"
        f"wetland.li.{lang}@example.org,{name},CHN,mangrove restoration; coral reefs,zh; en\n"
    )
    staff.get_by_label(t(app, lang, "Spreadsheet (CSV or XLSX)")).set_input_files(
        {"name": "experts.csv", "mimeType": "text/csv", "buffer": csv.encode()}
    )
    staff.locator("main form [type=submit]").click()
    expect(staff.locator("h1")).to_contain_text("experts.csv")
    check_page(staff, f"{lang}-staff-import-report")
    staff.get_by_role("button", name=t(app, lang, "Import now"), exact=True).click()
    expect(staff.locator(".alert-success")).to_be_visible()
    expect(staff.locator("main")).to_contain_text(name)


def this_biennium(app, lang: str) -> tuple[dict, dict[str, list[list]]]:
    """This biennium's figures, and its report's tables (name -> header and rows) as the app
    computes them in `lang`."""
    with app.app_context(), force_locale(lang):
        figures = compute_figures(Period.parse(None, None), gaps=False)
        tables = {
            table.name: [[c.label for c in table.columns], *table.rows]
            for table in report_tables(figures)
        }
        return figures, tables


@pytest.mark.parametrize("lang", LANGS)
def test_staff_open_the_dashboard_and_download_the_biennial_report(live_server, open_page, lang):
    """Staff read this biennium's figures on the dashboard, open the biennial report page,
    download the workbook, and find in it the requests of the Parties."""
    app = live_server.app
    figures, tables = this_biennium(app, lang)
    assert figures["total"] >= 1, "the world holds at least its accepted request"

    staff = open_page(live_server.people.staff, lang)
    follow_nav(staff, t(app, lang, "Dashboard"))
    headline = staff.get_by_role("list", name=t(app, lang, "Headline figures"))
    received = headline.get_by_role("listitem").filter(has_text=t(app, lang, "Requests received"))
    expect(received).to_be_visible()
    expect(received.locator(".h4")).to_have_text(str(figures["total"]))
    check_page(staff, f"{lang}-staff-dashboard")

    staff.get_by_role("link", name=t(app, lang, "Biennial report"), exact=True).click()
    expect(staff.locator("main h1")).to_have_text(t(app, lang, "Biennial report"))
    staff.get_by_label(t(app, lang, "Format")).select_option("xlsx")
    # The coverage gaps run the matcher: another test's business, and slower.
    gaps = t(app, lang, "Include the coverage gaps (runs the matcher: slower)")
    staff.get_by_label(gaps).uncheck()
    check_page(staff, f"{lang}-staff-biennial")
    with staff.expect_download() as download:
        staff.get_by_role("button", name=t(app, lang, "Download the report"), exact=True).click()
    assert download.value.suggested_filename.endswith(".xlsx")
    saved = ARTIFACTS / f"{lang}-biennial-report.xlsx"
    download.value.save_as(saved)

    workbook = load_workbook(saved, read_only=True)
    sheets = {
        sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in workbook.worksheets
    }
    workbook.close()
    assert {"summary", "status", "parties", "targets"} <= set(sheets)
    assert dict(sheets["summary"][1:])[t(app, lang, "Requests received")] == figures["total"]
    assert sheets["parties"][0][0] == t(app, lang, "Party")
    assert sheets["parties"] == tables["parties"]
    cambodia = next(p for p in figures["by_party"] if p["code"] == "KHM")
    cambodia_row = [country(app, lang, "KHM"), cambodia["total"]]
    assert cambodia_row in [row[:2] for row in sheets["parties"][1:]]


@pytest.mark.parametrize("lang", LANGS)
def test_staff_read_an_invitation_on_the_outbox_page_and_follow_its_link(
    live_server, open_page, lang
):
    """Staff invite a colleague; with no mail server the invitation waits on the Outbox page,
    where staff open it and follow its link to the page that sets the new account's password."""
    app = live_server.app
    staff = open_page(live_server.people.staff, lang)
    staff.goto("/users/invite")
    invitee = f"new.colleague.{lang}@example.org"
    staff.get_by_label(t(app, lang, "Email"), exact=True).fill(invitee)
    staff.get_by_label(t(app, lang, "Name"), exact=True).fill("New Colleague")
    staff.locator("#role").select_option("staff")
    staff.get_by_role("button", name=t(app, lang, "Send the invitation"), exact=True).click()
    expect(staff.locator(".alert-success")).to_contain_text(invitee)

    follow_nav(staff, t(app, lang, "Outbox"))
    row = staff.locator("tbody tr", has_text=invitee)
    expect(row).to_have_count(1)
    check_page(staff, f"{lang}-staff-outbox")
    row.get_by_role("link").click()
    expect(staff.locator("main")).to_contain_text(invitee)
    check_page(staff, f"{lang}-staff-outbox-message")
    link = staff.locator(".email-body a", has_text="/invitation/")
    expect(link).to_have_count(1)
    link.click()
    expect(staff.locator("h1")).to_have_text(t(app, lang, "Welcome: choose your password"))
    expect(staff.locator("main")).to_contain_text(invitee)
    check_page(staff, f"{lang}-invitee-set-password")
