"""Each role's daily work, in a real browser, in English and in Chinese: every role signs in on
its work page, finds what waits for it, acts on it from there and sees it gone. Staff take
ownership of a new request, correct its topics, accept it and ask the Party a question after
acceptance; the Party answers from the question itself; the expert answers the invitation; the
admin vets a pending profile."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from expert_pool.accounts.models import User
from expert_pool.experts.services import create_expert
from expert_pool.extensions import db
from expert_pool.helpdesk.models import CooperationRequest
from expert_pool.helpdesk.services import create_request, invite_expert, submit_request
from expert_pool.helpdesk.work import KIND_LABELS
from expert_pool.helpdesk.workflow import ACTION_LABELS, ASSIGNMENT_LABELS
from tests.browser.pages import check_page
from tests.browser.texts import LANGS, state, t, tag

pytestmark = pytest.mark.browser


def section(page, kind: str):
    """The work page's section of one kind of item."""
    return page.locator(f'section[data-kind="{kind}"]')


def submitted_request(app, email: str, title: str) -> str:
    """A new request of the Party at `email`, submitted through the services; its reference."""
    with app.app_context():
        party = db.session.scalar(select(User).where(User.email == email))
        request = create_request(
            {
                "title": title,
                "type": "technical_consultation",
                "problem_statement": "Fish diversity of the lake from water samples.",
                "targets": [4],
                "tags": ["coral reefs"],
                "languages": ["en"],
            },
            party,
        )
        submit_request(request, party)
        db.session.commit()
        return request.reference


def invite(app, reference: str, staff_email: str, expert_email: str) -> None:
    with app.app_context():
        staff = db.session.scalar(select(User).where(User.email == staff_email))
        expert = db.session.scalar(select(User).where(User.email == expert_email)).expert
        request = db.session.scalar(
            select(CooperationRequest).where(CooperationRequest.reference == reference)
        )
        invite_expert(request, expert, staff)
        db.session.commit()


@pytest.mark.parametrize("lang", LANGS)
def test_each_role_finds_its_work_acts_on_it_and_sees_it_gone(live_server, open_page, lang):
    app, people = live_server.app, live_server.people
    title = f"Lake fish from water samples ({lang})"
    reference = submitted_request(app, people.party, title)

    # Staff: the new request waits to be screened; take it, correct its topic, accept it, ask.
    staff = open_page(people.staff, lang)
    staff.goto("/work")
    expect(staff).to_have_url(re.compile(r"/work$"))
    to_screen = section(staff, "screen")
    expect(to_screen).to_contain_text(t(app, lang, KIND_LABELS["screen"]))
    check_page(staff, f"{lang}-staff-work")
    to_screen.get_by_role("link", name=re.compile(reference)).click()
    staff.get_by_role("button", name=t(app, lang, "Assign to me"), exact=True).click()
    expect(staff.locator(".alert-success")).to_contain_text(
        t(app, lang, "%(reference)s is owned by %(name)s.", reference=reference, name=people.staff)
    )
    staff.locator("#tags").fill("eDNA metabarcoding; inland fisheries")
    staff.get_by_role("button", name=t(app, lang, "Save the corrections"), exact=True).click()
    expect(staff.locator(".alert-success")).to_contain_text(
        t(app, lang, "The corrections are saved and the Party is told.")
    )
    expect(staff.locator("#details-title + p + dl")).to_contain_text(
        tag(app, lang, "inland fisheries")
    )
    staff.get_by_role("button", name=t(app, lang, ACTION_LABELS["accept"]), exact=True).click()
    expect(staff.locator("h1 + p .badge").first).to_have_text(state(app, lang, "accepted"))
    staff.locator("#note-request_info").fill("Which parts of the lake, and in which season?")
    staff.get_by_role(
        "button", name=t(app, lang, ACTION_LABELS["request_info"]), exact=True
    ).click()
    expect(staff.locator("h1 + p .badge").first).to_have_text(state(app, lang, "info_requested"))
    check_page(staff, f"{lang}-staff-request-owned")
    staff.goto("/work")
    expect(staff.get_by_text(reference)).to_have_count(0)

    # The Party: signing in lands on the work page, with the question first and the bell lit.
    party = open_page(people.party, lang)
    party.goto("/work")
    question = section(party, "answer_question")
    expect(question).to_contain_text(reference)
    expect(party.locator("#bell .badge")).to_be_visible()
    check_page(party, f"{lang}-party-work")
    question.get_by_role("link", name=re.compile(reference)).click()
    thread = party.locator('[data-kind="question"]').last
    expect(thread).to_contain_text("Which parts of the lake")
    party.locator("#note-answer").fill("The northern floodplain, in the dry season.")
    check_page(party, f"{lang}-party-answers-the-question")
    party.locator("#answer-form").get_by_role(
        "button", name=t(app, lang, ACTION_LABELS["answer"]), exact=True
    ).click()
    expect(party.locator("h1 + p .badge").first).to_have_text(state(app, lang, "accepted"))
    expect(party.locator('[data-kind="answer"]').last).to_contain_text("northern floodplain")
    party.goto("/work")
    # Other journeys may leave the Party other questions: this one is answered.
    expect(section(party, "answer_question").get_by_text(reference)).to_have_count(0)
    expect(section(party, "open_request")).to_contain_text(reference)

    # The expert: the invitation waits with its deadline; accepting moves it to the work.
    # The profile editor answers, so that the candidates journeys keep their top expert free.
    invite(app, reference, people.staff, people.editor)
    expert = open_page(people.editor, lang)
    expert.goto("/work")
    invitations = section(expert, "invitation")
    expect(invitations).to_contain_text(reference)
    check_page(expert, f"{lang}-expert-work")
    invitations.get_by_role("link", name=re.compile(reference)).click()
    card = expert.locator("section.card", has_text=reference)
    card.get_by_role("button", name=t(app, lang, ASSIGNMENT_LABELS["accept"]), exact=True).click()
    expect(expert.locator(".alert-success")).to_be_visible()
    expert.goto("/work")
    expect(section(expert, "invitation").get_by_text(reference)).to_have_count(0)
    expect(section(expert, "work")).to_contain_text(reference)


@pytest.mark.parametrize("lang", LANGS)
def test_an_admin_vets_a_pending_profile_from_the_work_page(live_server, open_page, lang):
    app, people = live_server.app, live_server.people
    name = f"Pending Person {lang}"
    with app.app_context():
        create_expert(
            {"email": f"pending-{lang}@example.org", "name": name, "country": "KHM"}, None
        )
        db.session.commit()
    admin = open_page(people.admin, lang)
    admin.goto("/work")
    pending = section(admin, "pending_profile")
    expect(pending).to_contain_text(name)
    check_page(admin, f"{lang}-admin-work")
    pending.get_by_role("link", name=name).click()
    admin.get_by_role("button", name=t(app, lang, "Activate"), exact=True).click()
    admin.goto("/work")
    expect(admin.get_by_text(name)).to_have_count(0)
