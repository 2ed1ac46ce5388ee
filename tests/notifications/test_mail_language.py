"""Every email in its recipient's language: the language each address is written to, the
emails of one submission in two languages, invitations, password resets and the reminders the
CLI sends, and templates whose every sentence is translatable."""

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event, select

from expert_pool.database import utcnow
from expert_pool.experts.models import Expert
from expert_pool.extensions import db
from expert_pool.helpdesk.services import invite_expert
from expert_pool.notifications.delivery import deliver_due
from expert_pool.notifications.models import OutboxMessage
from expert_pool.notifications.services import recipient_locale, recipient_locales
from tests.notifications.test_outbox import submit
from tests.test_i18n_catalogue import _unmarked_text
from tests.world import make_user

PACKAGE = Path(__file__).resolve().parents[2] / "expert_pool"
EMAIL_TEMPLATES = sorted(PACKAGE.glob("*/templates/notifications/*.txt"))


def in_chinese(day: datetime) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def outbox(to: str) -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.to_address == to).order_by(OutboxMessage.id)
        )
    )


def add_expert(email: str, languages: list[str], **fields) -> Expert:
    expert = Expert(email=email, name="Li Mei", country_code="KHM", status="active", **fields)
    expert.languages = languages
    db.session.add(expert)
    db.session.commit()
    return expert


@pytest.fixture
def count_queries(app):
    """The statements the database runs: count_queries() -> a list that grows."""
    statements: list[str] = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    yield lambda: statements
    event.remove(db.engine, "before_cursor_execute", record)


def test_each_address_is_written_to_in_the_language_its_owner_chose_or_works_in(
    world, count_queries
):
    world.party.locale = "zh"
    world.expert_users[1].locale = "zh"  # her account, linked to her expert profile
    add_expert("zh-only@example.org", ["zh"])
    add_expert("bilingual@example.org", ["zh", "en"])
    add_expert("says-zh@example.org", ["en"])
    make_user("says-zh@example.org", "staff").locale = "zh"  # the account's choice comes first
    world.experts[0].languages = ["zh"]  # Dara Sok works in Chinese but chose English
    world.expert_users[0].locale = "en"
    db.session.commit()

    addresses = [
        world.party.email,
        " Expert2@Example.org",
        "zh-only@example.org",
        "bilingual@example.org",
        "says-zh@example.org",
        world.experts[0].email,
        world.staff.email,
        "nobody@example.org",
    ]
    statements = count_queries()
    statements.clear()
    locales = recipient_locales(addresses)
    assert len(statements) == 1  # all the recipients of an email in one query
    assert locales == {
        world.party.email: "zh",
        "expert2@example.org": "zh",
        "zh-only@example.org": "zh",
        "bilingual@example.org": "en",
        "says-zh@example.org": "zh",
        world.experts[0].email: "en",
        world.staff.email: "en",
        "nobody@example.org": "en",
    }
    assert recipient_locale("ZH-only@example.org") == "zh"
    assert recipient_locale("nobody@example.org") == "en"


def test_a_submission_reaches_a_chinese_focal_point_in_chinese_and_staff_in_their_languages(
    world, smtp_server
):
    world.party.locale = "zh"
    world.admin.locale = "zh"
    db.session.commit()
    request = submit(world)
    assert deliver_due().sent == 3

    inbox = smtp_server.inbox
    (confirmation,) = inbox.to(world.party.email)
    assert confirmation["Subject"] == f"我们已收到您的请求 {request.reference}：{request.title}"
    body = confirmation.get_content()
    assert body.startswith("尊敬的 Sophea Chan：")
    assert f"已于 {in_chinese(request.submitted_at)} 收到您的请求" in body
    assert "TSCC 服务台" in body and "Dear" not in body and "Thank you" not in body
    assert f"/requests/{request.reference}" in body
    # The Chinese subject crossed SMTP as RFC 2047 encoded words (and decoded back, above).
    raw_subject = dict(confirmation.raw_items())["Subject"]
    assert raw_subject.isascii() and "=?utf-8?" in raw_subject.lower()

    (english,) = inbox.to(world.staff.email)
    assert english["Subject"].startswith(f"New request {request.reference} from Cambodia")
    text = english.get_content()
    assert "Cambodia submitted a new request" in text
    assert "Type of support: Technical consultation" in text and "Urgency: High" in text
    (chinese,) = inbox.to(world.admin.email)
    assert chinese["Subject"].startswith(f"柬埔寨提交的新请求 {request.reference}")
    text = chinese.get_content()
    assert "支持类型：技术咨询" in text and "紧急程度：高" in text and "昆蒙框架目标：2, 3" in text


def test_an_expert_without_an_account_who_works_in_chinese_is_invited_in_chinese(
    world, make_request
):
    expert = add_expert("li.mei@example.org", ["zh"])
    request = make_request("accepted")
    assignment = invite_expert(request, expert, world.staff, reason="湿地恢复经验")
    invite_expert(request, world.experts[0], world.staff)
    db.session.commit()

    (message,) = outbox(expert.email)
    assert message.subject == f"邀请您协助柬埔寨：{request.title}"
    assert message.body_text.startswith("尊敬的 Li Mei：")
    assert "支持类型：技术咨询" in message.body_text
    assert "工作语言：英语, 高棉语" in message.body_text
    assert "邀请您的理由：湿地恢复经验" in message.body_text
    assert f"请于 {in_chinese(assignment.respond_by)} 前接受或谢绝邀请" in message.body_text
    (english,) = outbox(world.experts[0].email)
    assert english.subject == f"Invitation to help Cambodia: {request.title}"
    assert english.body_text.startswith("Dear Dara Sok,")
    assert "Type of support: Technical consultation" in english.body_text
    assert "Working languages: English, Khmer" in english.body_text
    assert "Please accept or decline by" in english.body_text


def forgot_password(client, email: str, language: str) -> str:
    """Ask for a reset link from a browser in `language`; the page the visitor lands on."""
    response = client.post(
        "/password/forgot",
        data={"email": email},
        headers={"Accept-Language": language},
        follow_redirects=True,
    )
    return response.get_data(as_text=True)


def test_a_password_reset_follows_the_account_while_the_page_follows_the_browser(world, client):
    world.party.locale = "zh"
    db.session.commit()
    page = forgot_password(client, world.party.email, "en")
    assert "If an active account has that address" in page
    (message,) = outbox(world.party.email)
    assert message.subject == "重置您的 TSCC 专家库密码"
    assert message.body_text.startswith("Sophea Chan，您好：")
    assert "分钟内通过以下链接设置新密码" in message.body_text
    assert "Someone" not in message.body_text

    page = forgot_password(client, world.staff.email, "zh-CN")
    assert "如该地址对应一个有效账户，重置密码的链接即将发出。" in page
    (english,) = outbox(world.staff.email)
    assert english.subject == "Reset your TSCC Expert Pool password"
    assert "Choose a new one within 120 minutes" in english.body_text


def test_the_cli_reminders_are_written_in_each_experts_language(world, runner):
    last_year = utcnow() - timedelta(days=400)
    chinese = add_expert("zh-only@example.org", ["zh"], verified_at=last_year)
    english = add_expert("en-zh@example.org", ["en", "zh"])
    result = runner.invoke(args=["experts", "remind"])
    assert result.exit_code == 0, result.output

    (reminder,) = outbox(chinese.email)
    assert reminder.subject == "您在 TSCC 专家库中的档案仍是最新的吗？"
    assert f"您的专家档案最近一次确认于 {in_chinese(last_year)}。" in reminder.body_text
    assert "/profile" in reminder.body_text
    (other,) = outbox(english.email)
    assert other.subject == "Is your TSCC Expert Pool profile still current?"
    assert "Your expert profile has never been confirmed." in other.body_text


def test_there_are_email_templates_to_check():
    assert len(EMAIL_TEMPLATES) == 14  # thirteen emails and the quoted thread they share


@pytest.mark.parametrize("template", EMAIL_TEMPLATES, ids=lambda path: path.stem)
def test_every_sentence_of_an_email_is_marked_for_translation(template):
    assert _unmarked_text(template.read_text(encoding="utf-8")) == []
