"""The needs assessment's pages in both languages: the questionnaire editor and the rounds
(staff), a Party's response page (save, come back, submit, documents; its own Party only), the
desk review's findings and the work page's questionnaire waiting."""

import io

from sqlalchemy import select

from expert_pool.extensions import db
from expert_pool.needs.models import Finding, QuestionnaireTemplate, Response
from tests.needs.conftest import ids
from tests.world import sign_in


def editor_form(**fields) -> dict:
    data = {
        "name": "Needs 2027",
        "title_en": "Our needs",
        "title_zh": "我们的需求",
        "questions-0-section_en": "Priorities",
        "questions-0-section_zh": "优先事项",
        "questions-0-kind": "target_priority",
        "questions-0-text_en": "Rate the targets",
        "questions-0-text_zh": "为目标评级",
        "questions-0-options": "2, 3",
        "questions-1-section_en": "Priorities",
        "questions-1-section_zh": "优先事项",
        "questions-1-kind": "choice",
        "questions-1-text_en": "Which support?",
        "questions-1-text_zh": "哪种支持？",
        "questions-1-options": "training | Training | 培训\nadvice | Advice | 咨询",
        "questions-2-kind": "text",
    }
    data.update(fields)
    return data


def test_staff_write_a_questionnaire_in_both_languages(world, client):
    sign_in(client, world.staff.email)
    page = client.post("/needs/templates/new", data=editor_form())
    assert page.status_code == 302
    template = db.session.scalars(select(QuestionnaireTemplate)).one()
    (section,) = template.current.sections
    assert [q.kind for q in section.questions] == ["target_priority", "choice"]
    assert section.questions[1].options[1] == {"code": "advice", "en": "Advice", "zh": "咨询"}
    edit = client.get(page.headers["Location"])
    assert "为目标评级" in edit.get_data(as_text=True)


def test_the_editor_puts_a_missing_translation_on_its_field(world, client):
    sign_in(client, world.staff.email)
    page = client.post("/needs/templates/new", data=editor_form(**{"questions-0-text_zh": ""}))
    assert page.status_code == 200
    assert "write it in English and in Chinese" in page.get_data(as_text=True)
    assert db.session.scalars(select(QuestionnaireTemplate)).all() == []


def test_staff_send_a_round_from_its_page(world, client, template):
    sign_in(client, world.staff.email)
    page = client.post(
        "/needs/rounds/new",
        data={
            "title": "Round A",
            "template": template.id,
            "deadline": "2099-01-31",
            "parties": ["KHM"],
        },
    )
    assert page.status_code == 302
    round_page = client.get(page.headers["Location"]).get_data(as_text=True)
    assert "Round A" in round_page and "Cambodia" in round_page


def test_a_focal_point_saves_comes_back_and_submits_on_the_page(world, client, round_):
    khm = next(r for r in round_.responses if r.party_code == "KHM")
    q = ids(round_.version)
    sign_in(client, world.party.email)
    work = client.get("/work").get_data(as_text=True)
    assert "Questionnaires waiting for your answers" in work and "Round 2026" in work
    url = f"/needs/responses/{khm.id}"
    page = client.get(url).get_data(as_text=True)
    assert "How much does your Party need support on each target?" in page
    saved = client.post(
        url,
        data={
            f"q-{q['target_priority']}-2": "high",
            f"q-{q['text']}": "Wetland inventories",
            "save": "1",
            "documents": (io.BytesIO(b"%PDF-1.4"), "plan.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert saved.status_code == 302
    again = client.get(url).get_data(as_text=True)
    assert 'value="high" selected' in again and "Wetland inventories" in again
    assert "plan.pdf" in again
    client.post(url, data={f"q-{q['target_priority']}-2": "medium", "submit": "1"})
    db.session.refresh(khm)
    assert khm.status == "submitted"
    assert "Questionnaires waiting" not in client.get("/work").get_data(as_text=True)
    shown = client.get(url).get_data(as_text=True)
    assert "can no longer be changed" in shown and "<select" not in shown


def test_the_response_page_speaks_chinese(world, client, round_):
    khm = next(r for r in round_.responses if r.party_code == "KHM")
    sign_in(client, world.party.email)
    client.post("/language", data={"locale": "zh"})
    page = client.get(f"/needs/responses/{khm.id}").get_data(as_text=True)
    assert "贵方在每个目标上需要多少支持？" in page
    assert "能力建设需求" in page
    assert "保存，稍后继续" in page


def test_a_party_cannot_open_another_partys_response(world, client, round_):
    npl = next(r for r in round_.responses if r.party_code == "NPL")
    sign_in(client, world.party.email)
    assert client.get(f"/needs/responses/{npl.id}").status_code == 404
    assert client.post(f"/needs/responses/{npl.id}", data={"save": "1"}).status_code == 404
    assert db.session.get(Response, npl.id).saved_at is None
    assert client.get("/needs/findings").status_code == 403


def test_staff_add_a_finding_and_see_it_listed(world, client):
    sign_in(client, world.staff.email)
    page = client.post(
        "/needs/findings/new",
        data={
            "party": "KHM",
            "document_type": "nbsap",
            "document_title": "NBSAP 2025-2030",
            "document_year": "2025",
            "targets": ["2"],
            "tags": "mangrove restoration",
            "priority": "high",
            "passage": "Fictional: mangrove restoration lacks trained staff.",
        },
    )
    assert page.status_code == 302
    finding = db.session.scalars(select(Finding)).one()
    assert [t.name for t in finding.tags] == ["mangrove restoration"]
    listed = client.get("/needs/findings?party=KHM").get_data(as_text=True)
    assert "mangrove restoration lacks trained staff" in listed
    client.post("/language", data={"locale": "zh"})
    assert "国家生物多样性战略和行动计划" in client.get("/needs/findings").get_data(as_text=True)
