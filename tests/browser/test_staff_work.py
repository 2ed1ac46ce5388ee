"""Staff's daily care, in a real browser, in English and in Chinese: a conflict of interest
declared from the candidates page, the confirmation asked before a destructive action, and a
candidates table that reads at a glance."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from expert_pool.accounts.models import User
from expert_pool.accounts.services import create_user
from expert_pool.experts.models import Expert
from expert_pool.extensions import db
from expert_pool.helpdesk.services import apply_action, create_request, invite_expert
from expert_pool.helpdesk.workflow import ACTION_LABELS, ASSIGNMENT_LABELS
from tests.browser.pages import check_page
from tests.browser.texts import LANGS, state, t

pytestmark = pytest.mark.browser


def accepted_request(live_server, title: str, invite: str | None = None) -> str:
    """A request of the world's Party, submitted and accepted (with the expert of that email
    invited, when given), made through the services; its reference."""
    app, people = live_server.app, live_server.people
    with app.app_context():
        party = db.session.scalar(select(User).filter_by(email=people.party))
        staff = db.session.scalar(select(User).filter_by(email=people.staff))
        request = create_request(
            {
                "title": title,
                "type": "technical_consultation",
                "problem_statement": "We need to monitor freshwater fish diversity with "
                "environmental DNA sampled from the water.",
                "targets": [4],
                "tags": ["eDNA metabarcoding"],
                "languages": ["en"],
            },
            party,
        )
        apply_action(request, "submit", party)
        apply_action(request, "accept", staff)
        if invite:
            invite_expert(request, db.session.scalar(select(Expert).filter_by(email=invite)), staff)
        db.session.commit()
        reference = request.reference
        db.session.remove()
    return reference


@pytest.mark.parametrize("lang", LANGS)
def test_the_candidates_read_as_words_with_the_numbers_on_demand(live_server, open_page, lang):
    """Each candidate's fit is a word; its score and parts open on demand; a few reasons show,
    the others open on demand."""
    app, people = live_server.app, live_server.people
    reference = accepted_request(live_server, f"Fish eDNA, in words ({lang})")
    staff = open_page(people.staff, lang)
    staff.goto(f"/requests/{reference}/candidates")
    first = staff.locator("table.candidates tbody tr").first
    expect(first).to_contain_text(people.expert_name)
    expect(first.locator(".badge")).to_have_text(t(app, lang, "strong fit"))
    expect(staff.locator("table.candidates tbody tr").last.locator(".badge")).to_have_text(
        t(app, lang, "weak fit")
    )
    score = first.get_by_text(t(app, lang, "score %(percent)s%%", percent="100"))
    expect(score).to_be_hidden()
    first.get_by_text(t(app, lang, "the numbers"), exact=True).click()
    expect(score).to_be_visible()
    more = first.locator(".reasons details")
    expect(more.locator("li").first).to_be_hidden()
    more.locator("summary").click()
    expect(more.locator("li").first).to_be_visible()
    check_page(staff, f"{lang}-staff-candidates-words")


@pytest.mark.parametrize("lang", LANGS)
def test_staff_declare_a_conflict_of_interest_from_the_candidates(live_server, open_page, lang):
    """Staff exclude the top candidate with a reason; the page lists the conflict and ranks
    the others."""
    app, people = live_server.app, live_server.people
    reference = accepted_request(live_server, f"Fish eDNA, a conflict ({lang})")
    staff = open_page(people.staff, lang)
    staff.goto(f"/requests/{reference}/candidates")
    first = staff.locator("table.candidates tbody tr").first
    expect(first).to_contain_text(people.expert_name)
    staff.get_by_text(t(app, lang, "Declare a conflict of interest"), exact=True).click()
    with app.app_context():
        expert_id = db.session.scalar(select(Expert.id).filter_by(email=people.expert))
    staff.get_by_label(t(app, lang, "Expert"), exact=True).select_option(str(expert_id))
    staff.get_by_label(t(app, lang, "this request"), exact=True).check()
    reason = "Co-author of the requesting team"
    staff.get_by_label(t(app, lang, "Why (shown to staff with the candidates)")).fill(reason)
    check_page(staff, f"{lang}-staff-conflict-form")
    staff.get_by_role(
        "button", name=t(app, lang, "Declare the conflict of interest"), exact=True
    ).click()
    expect(staff.locator(".alert-success")).to_be_visible()
    listed = staff.locator("#conflicts li")
    expect(listed).to_contain_text(people.expert_name)
    expect(listed).to_contain_text(t(app, lang, "not proposed for this request"))
    expect(listed).to_contain_text(reason)
    expect(staff.locator("table.candidates tbody tr").first).not_to_contain_text(people.expert_name)
    staff.get_by_role("link", name=t(app, lang, "Show who was filtered out, and why")).click()
    filtered = staff.locator("table.candidates").last.locator("tr", has_text=people.expert_name)
    expect(filtered).to_contain_text(reason)
    check_page(staff, f"{lang}-staff-candidates-conflict")


@pytest.mark.parametrize("lang", LANGS)
def test_destructive_actions_ask_for_confirmation_first(live_server, open_page, lang):
    """Withdrawing a request, withdrawing an invitation and deactivating a user each stop on a
    confirmation page: going back changes nothing, confirming does it."""
    app, people = live_server.app, live_server.people
    mine = accepted_request(live_server, f"Fish eDNA, withdrawn ({lang})")
    invited = accepted_request(live_server, f"Fish eDNA, invited ({lang})", invite=people.expert)

    party = open_page(people.party, lang)
    party.goto(f"/requests/{mine}")
    withdraw = t(app, lang, ACTION_LABELS["withdraw"])
    party.get_by_role("button", name=withdraw, exact=True).click()
    expect(party.locator("h1")).to_have_text(
        t(app, lang, "Withdraw the request %(reference)s?", reference=mine)
    )
    check_page(party, f"{lang}-party-confirm-withdraw")
    party.get_by_role("link", name=t(app, lang, "No, go back")).click()
    expect(party.locator("h1 + p .badge").first).to_have_text(state(app, lang, "accepted"))
    party.get_by_role("button", name=withdraw, exact=True).click()
    party.get_by_role("button", name=t(app, lang, "Yes, withdraw the request")).click()
    expect(party.locator("h1 + p .badge").first).to_have_text(state(app, lang, "withdrawn"))

    staff = open_page(people.staff, lang)
    staff.goto(f"/requests/{invited}")
    row = staff.locator("tr", has_text=people.expert_name).first
    row.get_by_role("button", name=t(app, lang, ASSIGNMENT_LABELS["withdraw"])).click()
    expect(staff.locator("h1")).to_contain_text(people.expert_name)
    staff.get_by_role("button", name=t(app, lang, "Yes, withdraw the invitation")).click()
    expect(staff.locator(".alert-success")).to_be_visible()
    expect(staff.locator("tr", has_text=people.expert_name).first).to_contain_text(
        state(app, lang, "withdrawn")
    )

    email = f"leaving-{lang}@example.org"
    with app.app_context():
        user_id = create_user(email, "staff", password="irrelevant-1234").id
        db.session.commit()
        db.session.remove()
    admin = open_page(people.admin, lang)
    admin.goto(f"/users/{user_id}")
    admin.get_by_role("button", name=t(app, lang, "Deactivate the account")).click()
    expect(admin.locator("h1")).to_have_text(
        t(app, lang, "Deactivate the account of %(email)s?", email=email)
    )
    check_page(admin, f"{lang}-admin-confirm-deactivate")
    admin.get_by_role("button", name=t(app, lang, "Yes, deactivate the account")).click()
    expect(admin.locator(".alert-success")).to_contain_text(
        t(app, lang, "%(email)s is deactivated.", email=email)
    )
