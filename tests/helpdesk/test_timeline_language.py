"""A request's timeline in the reader's language: whole sentences with the actor in them on the
page, and in the API the same action codes whatever the language of the text."""

from datetime import UTC, datetime

import pytest
from flask_babel import force_locale

from expert_pool.extensions import db
from expert_pool.helpdesk.queries import timeline
from expert_pool.helpdesk.services import apply_action, invite_expert
from expert_pool.helpdesk.timeline import TimelineEntry
from tests.conftest import PASSWORD


@pytest.fixture
def invited(world, make_request):
    """An accepted request to which staff invited Dara Sok."""
    request = make_request("accepted")
    invite_expert(request, world.experts[0], world.staff, reason="Knows the coast of Koh Kong.")
    db.session.commit()
    return request


def test_a_chinese_reader_sees_the_timeline_in_chinese(world, invited, browser):
    world.staff.locale = "zh"
    db.session.commit()
    page = browser(world.staff).get(f"/requests/{invited.reference}").get_data(as_text=True)
    assert "<strong>Ana Staff</strong> 邀请了 Dara Sok" in page
    assert "<strong>Sophea Chan</strong> 提交了请求" in page
    assert "invited Dara Sok" not in page and "submitted the request" not in page


def test_an_english_reader_sees_the_same_steps_in_english(world, invited, browser):
    page = browser(world.staff).get(f"/requests/{invited.reference}").get_data(as_text=True)
    assert "<strong>Ana Staff</strong> invited Dara Sok" in page
    assert "<strong>Sophea Chan</strong> submitted the request" in page


def test_the_api_timeline_keeps_its_action_codes_in_every_language(world, invited, client):
    token = client.post(
        "/api/v1/tokens", json={"email": world.staff.email, "password": PASSWORD}
    ).get_json()["token"]
    path = f"/api/v1/requests/{invited.reference}"
    headers = {"Authorization": f"Bearer {token}"}
    english = client.get(path, headers=headers).get_json()["timeline"]
    chinese = client.get(path, headers={**headers, "Accept-Language": "zh-CN"}).get_json()[
        "timeline"
    ]
    assert [e["action"] for e in english] == [e["action"] for e in chinese]
    assert [e["action"] for e in english] == [
        "request.created",
        "request.submit",
        "request.accept",
        "assignment.invited",
    ]
    invitation = {"english": english[-1], "chinese": chinese[-1]}
    assert invitation["english"]["text"] == "Ana Staff invited Dara Sok"
    assert invitation["chinese"]["text"] == "Ana Staff 邀请了 Dara Sok"
    assert invitation["chinese"]["who"] == "Ana Staff"


def test_a_rating_and_the_system_are_said_in_the_reader_s_language(app, world, make_request):
    request = make_request("delivered")
    apply_action(request, "confirm", world.party, note="Useful.", rating=4)
    db.session.commit()
    confirmed = next(e for e in timeline(request, world.staff) if e.action == "request.confirm")
    expired = TimelineEntry(
        datetime(2026, 11, 26, tzinfo=UTC), "assignment.expire", None, "", "expired", {}
    )
    with app.test_request_context(), force_locale("zh"):
        assert confirmed.text == "Sophea Chan 确认了交付，评分为 4 分（满分 5 分）"
        assert expired.text == "系统 将向 一位专家 发出的邀请标记为过期"
    with app.test_request_context():
        assert confirmed.text == "Sophea Chan confirmed the delivery with a rating of 4 out of 5"
        assert expired.text == "The system let the invitation of an expert expire"


def test_names_in_a_sentence_are_escaped_on_the_page(app):
    entry = TimelineEntry(
        datetime(2026, 11, 26, tzinfo=UTC),
        "attachment.added",
        "<b>Eve</b>",
        "",
        None,
        {"filename": "<script>x</script>.pdf"},
    )
    with app.test_request_context():
        html = str(entry.html)
    assert html == (
        "<strong>&lt;b&gt;Eve&lt;/b&gt;</strong> attached &lt;script&gt;x&lt;/script&gt;.pdf"
    )
