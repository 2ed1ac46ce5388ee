"""The conversation and the queue, in a real browser, in English and in Chinese: staff ask the
Party a question started from a saved reply and send a comment with a file, which the Party
reads and downloads from the thread; staff give two requests to themselves from the queue at
once, and remove a conflict of interest once they confirm it."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from expert_pool.accounts.models import User
from expert_pool.experts.models import Expert
from expert_pool.extensions import db
from expert_pool.helpdesk.services import save_reply
from expert_pool.helpdesk.workflow import ACTION_LABELS
from expert_pool.matching.conflicts import declare_conflict
from tests.browser.pages import ARTIFACTS, check_page
from tests.browser.test_staff_work import accepted_request
from tests.browser.test_work_journeys import submitted_request
from tests.browser.texts import LANGS, state, t

pytestmark = pytest.mark.browser

REPLY = "Could you tell us which provinces the work should cover, and who leads it there?"


def staff_user(app, email: str) -> User:
    return db.session.scalar(select(User).filter_by(email=email))


@pytest.mark.parametrize("lang", LANGS)
def test_a_saved_reply_starts_the_question_and_a_comment_brings_a_file(
    live_server, open_page, lang, tmp_path
):
    app, people = live_server.app, live_server.people
    reference = accepted_request(live_server, f"Fish eDNA, a conversation ({lang})")
    with app.app_context():
        save_reply(
            {"title": f"Provinces ({lang})", "language": "en", "body": REPLY},
            staff_user(app, people.staff),
        )
        db.session.commit()
        db.session.remove()

    staff = open_page(people.staff, lang)
    staff.goto(f"/requests/{reference}")
    staff.locator("#reply-note-request_info").select_option(value=REPLY)
    staff.locator('[data-insert-into="note-request_info"]').click()
    expect(staff.locator("#note-request_info")).to_have_value(REPLY)
    check_page(staff, f"{lang}-staff-saved-reply")
    staff.get_by_role(
        "button", name=t(app, lang, ACTION_LABELS["request_info"]), exact=True
    ).click()
    expect(staff.locator("h1 + p .badge").first).to_have_text(state(app, lang, "info_requested"))
    attached = tmp_path / "sampling-plan.txt"
    attached.write_text("Sample at dawn, 2 litres per site.", encoding="utf-8")
    staff.locator("#body").fill("Here is our sampling plan, for your comments.")
    staff.locator("#comment-files").set_input_files(str(attached))
    staff.get_by_role("button", name=t(app, lang, "Add the comment"), exact=True).click()
    expect(staff.locator(".alert-success")).to_contain_text(t(app, lang, "Your comment is added."))

    party = open_page(people.party, lang)
    party.goto(f"/requests/{reference}")
    question = party.locator('[data-kind="question"]').last
    expect(question).to_contain_text(REPLY)
    comment = party.locator('[data-kind="comment"]', has_text="sampling plan").last
    link = comment.get_by_role("link", name="sampling-plan.txt")
    expect(link).to_be_visible()
    check_page(party, f"{lang}-party-comment-with-file")
    with party.expect_download() as download:
        link.click()
    saved = ARTIFACTS / f"{lang}-sampling-plan.txt"
    download.value.save_as(saved)
    assert saved.read_text(encoding="utf-8") == "Sample at dawn, 2 litres per site."


@pytest.mark.parametrize("lang", LANGS)
def test_staff_take_two_requests_at_once_from_the_queue(live_server, open_page, lang):
    app, people = live_server.app, live_server.people
    first = submitted_request(app, people.party, f"Lake fish, first ({lang})")
    second = submitted_request(app, people.party, f"Lake fish, second ({lang})")
    staff = open_page(people.staff, lang)
    staff.goto("/queue?owner=unassigned")
    for reference in (first, second):
        staff.get_by_label(t(app, lang, "Tick %(reference)s", reference=reference)).check()
    staff.get_by_label(t(app, lang, "Give the ticked requests to")).select_option(value="me")
    check_page(staff, f"{lang}-staff-queue-bulk")
    staff.get_by_role("button", name=t(app, lang, "Set the owner"), exact=True).click()
    expect(staff).to_have_url(re.compile(r"/queue\?owner=unassigned$"))
    expect(staff.locator(".alert-success")).to_contain_text(
        t(
            app,
            lang,
            "%(name)s owns these now: %(references)s.",
            name=people.staff,
            references=f"{first}, {second}",
        )
    )
    expect(staff.locator("table").get_by_text(first)).to_have_count(0)
    staff.goto("/queue?owner=mine")
    expect(staff.locator("table")).to_contain_text(first)
    expect(staff.locator("table")).to_contain_text(second)


@pytest.mark.parametrize("lang", LANGS)
def test_staff_remove_a_conflict_of_interest_once_confirmed(live_server, open_page, lang):
    app, people = live_server.app, live_server.people
    reference = accepted_request(live_server, f"Fish eDNA, a conflict to lift ({lang})")
    with app.app_context():
        from expert_pool.helpdesk.queries import get_request

        staff_member = staff_user(app, people.staff)
        expert = db.session.scalar(select(Expert).filter_by(name=people.expert_name))
        declare_conflict(
            get_request(reference, staff_member), expert, staff_member, "Advises the ministry"
        )
        db.session.commit()
        db.session.remove()
    staff = open_page(people.staff, lang)
    staff.goto(f"/requests/{reference}/candidates")
    conflicts = staff.locator("#conflicts")
    expect(conflicts).to_contain_text("Advises the ministry")
    conflicts.get_by_role(
        "button",
        name=t(app, lang, "Remove the conflict of interest of %(name)s", name=people.expert_name),
    ).click()
    expect(staff.locator("h1")).to_have_text(
        t(app, lang, "Remove the conflict of interest of %(name)s?", name=people.expert_name)
    )
    staff.get_by_role(
        "button", name=t(app, lang, "Yes, remove the conflict of interest"), exact=True
    ).click()
    expect(staff.locator(".alert-success")).to_contain_text(
        t(app, lang, "%(name)s may be proposed for this again.", name=people.expert_name)
    )
    expect(staff.locator("#conflicts")).to_have_count(0)
