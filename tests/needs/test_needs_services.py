"""Questionnaires in versions, rounds and their emails, a Party's answers (saved, submitted,
its own only), supporting documents, reminders and desk-review findings, through the services."""

import io
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from expert_pool.audit.models import AuditEvent
from expert_pool.exceptions import Conflict, NotFound, PermissionDenied, ValidationError
from expert_pool.extensions import db
from expert_pool.helpdesk.services import attachment_path
from expert_pool.needs.models import Response
from expert_pool.needs.services import (
    add_response_document,
    answers_of,
    create_finding,
    create_round,
    get_response,
    save_response,
    save_template,
    send_round_reminders,
    update_finding,
)
from expert_pool.notifications.models import OutboxMessage
from tests.needs.conftest import DEADLINE, ids, questionnaire_data


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def response_of(round_, party: str) -> Response:
    return next(r for r in round_.responses if r.party_code == party)


def test_editing_an_unsent_questionnaire_keeps_its_version(world, template):
    version = save_template(template, questionnaire_data(title_en="Needs, revised"), world.staff)
    db.session.commit()
    assert version.number == 1
    assert [v.title_en for v in template.versions] == ["Needs, revised"]


def test_editing_a_sent_questionnaire_makes_a_new_version_and_answers_stay_with_theirs(
    world, template, round_
):
    khm = response_of(round_, "KHM")
    first = template.current
    save_response(khm, {str(ids(first)["text"]): "Old answer"}, world.party, submit=True)
    new = save_template(template, questionnaire_data(title_en="Needs, second edition"), world.staff)
    db.session.commit()
    assert [v.number for v in template.versions] == [1, 2]
    assert khm.round.version.title_en == "Capacity-building needs"
    assert answers_of(khm) == {str(ids(first)["text"]): "Old answer"}
    assert new.title_en == "Needs, second edition"
    assert "needs.template_saved" in actions()


def test_a_questionnaire_needs_both_languages_and_valid_options(world, template):
    bad = questionnaire_data()
    bad["sections"][0]["questions"][0]["text_zh"] = ""
    bad["sections"][0]["questions"][0]["options"] = [24]
    with pytest.raises(ValidationError) as refused:
        save_template(template, bad, world.staff)
    assert set(refused.value.fields) == {
        "sections.0.questions.0.text_zh",
        "sections.0.questions.0.options",
    }


@pytest.mark.parametrize(
    ("kind", "options"), [("target_priority", [2, "x"]), ("area_priority", [{"a": 1}])]
)
def test_options_that_are_not_targets_or_areas_are_refused(world, template, kind, options):
    bad = questionnaire_data()
    bad["sections"][0]["questions"][0].update(kind=kind, options=options)
    with pytest.raises(ValidationError) as refused:
        save_template(template, bad, world.staff)
    assert list(refused.value.fields) == ["sections.0.questions.0.options"]


def test_only_staff_write_questionnaires(world, template):
    with pytest.raises(PermissionDenied):
        save_template(template, questionnaire_data(), world.party)


def test_a_round_emails_each_focal_point_and_notifies_them_in_app(world, round_):
    messages = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert {m.to_address for m in messages} == {"focal-khm@example.org", "focal-npl@example.org"}
    khm = response_of(round_, "KHM")
    body = next(m.body_text for m in messages if m.to_address == "focal-khm@example.org")
    assert f"/needs/responses/{khm.id}" in body
    assert "Cambodia" in body
    client_notes = world.party.email
    from expert_pool.notifications.inbox import count_unread

    assert count_unread(client_notes) == 1
    assert "needs.round_created" in actions()


def test_a_round_refuses_a_past_deadline_and_a_party_without_focal_point(world, template):
    with pytest.raises(ValidationError) as refused:
        create_round(
            template.current,
            {"title": "Late", "deadline": "2000-01-01", "parties": ["KHM", "PAK"]},
            world.staff,
        )
    assert set(refused.value.fields) == {"deadline", "parties"}


def test_a_focal_point_saves_comes_back_and_submits(world, round_):
    khm = response_of(round_, "KHM")
    q = ids(round_.version)
    save_response(khm, {str(q["target_priority"]): {"2": "high", "3": ""}}, world.party)
    db.session.commit()
    assert khm.status == "open"
    assert answers_of(khm) == {str(q["target_priority"]): {"2": "high"}}
    answers = {
        str(q["target_priority"]): {"2": "high", "3": "low", "21": "none"},
        str(q["choice"]): "advice",
        str(q["text"]): "Wetland inventories.",
    }
    save_response(khm, answers, world.party, submit=True)
    db.session.commit()
    assert khm.status == "submitted" and khm.submitted_at is not None
    assert answers_of(khm) == answers
    staff_mail = db.session.scalars(
        select(OutboxMessage.to_address).where(OutboxMessage.template == "needs_submitted")
    ).all()
    assert "staff@example.org" in staff_mail
    with pytest.raises(Conflict):
        save_response(khm, {}, world.party)
    assert actions()[-2:] == ["needs.response_saved", "needs.response_submitted"]


def test_answers_are_checked_against_the_questions(world, round_):
    khm = response_of(round_, "KHM")
    q = ids(round_.version)
    with pytest.raises(ValidationError) as refused:
        save_response(
            khm,
            {str(q["target_priority"]): {"5": "high"}, str(q["choice"]): "money", "999": "x"},
            world.party,
        )
    assert set(refused.value.fields) == {
        f"answers.{q['target_priority']}",
        f"answers.{q['choice']}",
        "answers.999",
    }


def test_a_party_sees_and_answers_only_its_own_response(world, round_):
    npl = response_of(round_, "NPL")
    with pytest.raises(NotFound):
        get_response(npl.id, world.party)
    with pytest.raises(PermissionDenied):
        save_response(npl, {}, world.party)
    assert get_response(npl.id, world.other_party) is npl
    assert get_response(npl.id, world.staff) is npl
    with pytest.raises(NotFound):
        get_response(npl.id, world.expert_users[0])


def test_supporting_documents_follow_the_attachment_rules(world, round_):
    khm = response_of(round_, "KHM")
    document = add_response_document(khm, "plan.pdf", io.BytesIO(b"%PDF-1.4"), world.party)
    db.session.commit()
    assert attachment_path(document).read_bytes() == b"%PDF-1.4"
    with pytest.raises(ValidationError) as refused:
        add_response_document(khm, "run.exe", io.BytesIO(b"MZ"), world.party)
    assert "documents" in refused.value.fields
    assert "needs.document_added" in actions()


def test_reminders_go_once_to_open_responses_near_the_deadline(world, round_):
    khm = response_of(round_, "KHM")
    save_response(khm, {}, world.party, submit=True)
    early = datetime.combine(DEADLINE, datetime.min.time()) - timedelta(days=30)
    assert send_round_reminders(early) == []
    near = datetime.combine(DEADLINE, datetime.min.time()) - timedelta(days=3)
    reminded = send_round_reminders(near)
    db.session.commit()
    assert [r.party_code for r in reminded] == ["NPL"]
    assert send_round_reminders(near) == []
    reminders = db.session.scalars(
        select(OutboxMessage.to_address).where(OutboxMessage.template == "needs_reminder")
    ).all()
    assert reminders == ["focal-npl@example.org"]


def finding_data(**fields) -> dict:
    data = {
        "party": "KHM",
        "document_type": "national_report_7",
        "document_title": "Seventh national report",
        "document_year": 2026,
        "document_link": "https://example.org/khm-7nr.pdf",
        "targets": [2, 3],
        "tags": ["mangrove restoration"],
        "priority": "high",
        "passage": "Restoring mangroves needs trained staff.",
    }
    data.update(fields)
    return data


def test_staff_record_and_change_findings_audited(world):
    finding = create_finding(finding_data(), world.staff)
    update_finding(finding, finding_data(priority="medium", targets=[3]), world.staff)
    db.session.commit()
    assert finding.priority == "medium"
    assert [t.number for t in finding.targets] == [3]
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "needs.finding_updated")
    ).one()
    assert event.data["before"]["priority"] == "high"


def test_a_finding_is_checked_on_its_fields(world):
    with pytest.raises(ValidationError) as refused:
        create_finding(
            finding_data(document_type="blog", document_year=1800, passage="", targets=[30]),
            world.staff,
        )
    assert set(refused.value.fields) == {"document_type", "document_year", "passage", "targets"}
    with pytest.raises(PermissionDenied):
        create_finding(finding_data(), world.party)


def test_a_focal_point_who_reads_chinese_gets_the_round_in_chinese(world, template):
    world.other_party.locale = "zh"
    db.session.commit()
    create_round(
        template.current,
        {"title": "Round 2026", "deadline": DEADLINE, "parties": ["NPL"]},
        world.staff,
    )
    (message,) = db.session.scalars(select(OutboxMessage)).all()
    assert message.subject == "需求评估问卷：Round 2026"
    assert "能力建设需求" in message.body_text and "尼泊尔" in message.body_text
