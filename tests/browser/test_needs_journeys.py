"""The needs assessment in a real browser, in English and in Chinese: a Party finds the
questionnaire on its work page, saves its answers, comes back and submits them; staff add a
desk-review finding and open the assessment, which shows the Party's priorities."""

from datetime import date

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from expert_pool.accounts.models import User
from expert_pool.extensions import db
from expert_pool.needs.forms import DOCUMENT_TYPE_LABELS, RATING_LABELS
from expert_pool.needs.services import create_round, create_template
from expert_pool.needs.work import LABEL
from tests.browser.pages import check_page, follow_nav
from tests.browser.texts import LANGS, country, t

pytestmark = pytest.mark.browser


def sent_questionnaire(app, staff_email: str, lang: str) -> tuple[int, int]:
    """A questionnaire rating targets 4 and 21, sent to Cambodia; its rating question's id and
    the response's id."""
    with app.app_context():
        staff = db.session.scalar(select(User).where(User.email == staff_email))
        template = create_template(
            f"Browser needs ({lang})",
            {
                "title_en": "Capacity-building needs",
                "title_zh": "能力建设需求",
                "sections": [
                    {
                        "title_en": "Priorities",
                        "title_zh": "优先事项",
                        "questions": [
                            {
                                "kind": "target_priority",
                                "text_en": "How much support does each target need?",
                                "text_zh": "每个目标需要多少支持？",
                                "options": [4, 21],
                            },
                            {"kind": "text", "text_en": "Anything else?", "text_zh": "还有吗？"},
                        ],
                    }
                ],
            },
            staff,
        )
        round_ = create_round(
            template.current,
            {"title": f"Needs round ({lang})", "deadline": date(2099, 1, 31), "parties": ["KHM"]},
            staff,
        )
        db.session.commit()
        return template.current.questions[0].id, round_.responses[0].id


@pytest.mark.parametrize("lang", LANGS)
def test_a_party_answers_and_staff_assess(live_server, open_page, lang):
    app, people = live_server.app, live_server.people
    question, response = sent_questionnaire(app, people.staff, lang)

    party = open_page(people.party, lang)
    party.goto("/work")
    waiting = party.locator('section[data-kind="questionnaire"]')
    expect(waiting).to_contain_text(t(app, lang, LABEL))
    waiting.get_by_role("link", name=f"Needs round ({lang})").click()
    expect(party.locator("h1")).to_have_text(
        "能力建设需求" if lang == "zh" else "Capacity-building needs"
    )
    party.locator(f"#q-{question}-4").select_option(label=t(app, lang, RATING_LABELS["high"]))
    party.get_by_role("button", name=t(app, lang, "Save and continue later"), exact=True).click()
    expect(party.locator(".alert-success")).to_contain_text(
        t(app, lang, "Your answers are saved; you can come back to them.")
    )
    party.goto(f"/needs/responses/{response}")
    expect(party.locator(f"#q-{question}-4")).to_have_value("high")
    party.locator(f"#q-{question}-21").select_option(label=t(app, lang, RATING_LABELS["medium"]))
    check_page(party, f"{lang}-party-questionnaire")
    party.get_by_role("button", name=t(app, lang, "Submit the answers"), exact=True).click()
    expect(party.locator(".alert-success").first).to_contain_text(
        t(app, lang, "Your answers are submitted. Thank you.")
    )
    expect(party.locator(f"#q-{question}-21")).to_have_text(t(app, lang, RATING_LABELS["medium"]))

    staff = open_page(people.staff, lang)
    staff.goto("/needs/findings/new")
    staff.locator("#party").select_option("KHM")
    staff.locator("#document_type").select_option(label=t(app, lang, DOCUMENT_TYPE_LABELS["nbsap"]))
    staff.locator("#document_year").fill("2026")
    staff.locator("#targets").select_option(["4"])
    staff.locator("#passage").fill(f"Fictional: species monitoring lacks staff ({lang}).")
    check_page(staff, f"{lang}-staff-new-finding")
    staff.get_by_role("button", name=t(app, lang, "Save the finding"), exact=True).click()
    expect(staff.locator(".alert-success")).to_contain_text(
        t(app, lang, "The finding is recorded.")
    )
    expect(staff.locator("main")).to_contain_text(f"species monitoring lacks staff ({lang})")

    follow_nav(staff, t(app, lang, "Needs assessment"))
    staff.get_by_role("link", name=t(app, lang, "Open the assessment"), exact=True).click()
    cells = staff.locator("#table-cells")
    row = cells.locator("tr", has_text=country(app, lang, "KHM")).filter(
        has=staff.locator("td", has_text="4")
    )
    # The questionnaire's and the desk review's priorities: both high (the requests may vary).
    expect(row.first.locator("td").nth(1)).to_have_text("3")
    expect(row.first.locator("td").nth(2)).to_have_text("3")
    expect(staff.locator("svg.report-chart").first).to_be_visible()
    check_page(staff, f"{lang}-staff-needs-assessment")
