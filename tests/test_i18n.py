"""The interface in English and Simplified Chinese: which language a page is in, the switcher,
the taxonomy's Chinese names, and refusals in the reader's language (the catalogue and the checks
that every string is marked are in test_i18n_catalogue.py)."""

from flask_babel import force_locale
from sqlalchemy import select

from expert_pool.audit.models import AuditEvent
from expert_pool.extensions import db
from expert_pool.taxonomy.models import Tag, Target
from expert_pool.taxonomy.names import tag_label, target_title
from expert_pool.taxonomy.services import ensure_tags
from tests.conftest import PASSWORD


def test_the_browser_preference_chooses_the_language(client):
    chinese = client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"})
    page = chinese.get_data(as_text=True)
    assert '<html lang="zh-Hans">' in page and "专家库" in page and "跳到正文" in page
    english = client.get("/", headers={"Accept-Language": "fr-FR, en;q=0.8"}).get_data(as_text=True)
    assert '<html lang="en">' in english and "Skip to content" in english


def test_a_visitor_choice_is_kept_in_the_session(client):
    response = client.post("/language", data={"locale": "zh", "next": "/login"})
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    page = client.get("/login", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "界面语言已切换为中文" in page and "忘记密码？" in page
    assert client.post("/language", data={"locale": "xx"}).status_code == 400
    back = client.post("/language", data={"locale": "en", "next": "//elsewhere.example"})
    assert back.headers["Location"] == "/"


def test_a_user_choice_is_remembered_across_sessions(app, client, make_user):
    user = make_user("focal@example.org", role="party")
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    client.post("/language", data={"locale": "zh", "next": "/"})
    db.session.refresh(user)
    assert user.locale == "zh"
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "user.locale_set"))
    assert event.one().note == "zh"
    other = app.test_client()
    other.post("/login", data={"email": user.email, "password": PASSWORD})
    page = other.get("/requests/mine", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "我的请求" in page and "缔约方联络人" in page


def test_tags_and_targets_show_their_chinese_names(app):
    ensure_tags(
        [
            {"name": "coral reefs", "category": "ecosystems", "aliases_zh": ["珊瑚礁"]},
            {"name": "urban biodiversity", "category": "cross-cutting"},
        ]
    )
    db.session.add(Target(number=4, title="Halt species extinction", title_zh="遏制物种灭绝"))
    db.session.add(Target(number=5, title="Sustainable use of wild species"))
    db.session.commit()
    tags = {t.name: t for t in db.session.scalars(select(Tag))}
    with app.test_request_context(), force_locale("zh"):
        assert tag_label(tags["coral reefs"]) == "珊瑚礁"
        assert tag_label(tags["urban biodiversity"]) == "urban biodiversity"
        assert target_title(db.session.get(Target, 4)) == "遏制物种灭绝"
        assert target_title(db.session.get(Target, 5)) == "Sustainable use of wild species"
    with app.test_request_context(), force_locale("en"):
        assert tag_label(tags["coral reefs"]) == "coral reefs"
        assert target_title(db.session.get(Target, 4)) == "Halt species extinction"


def test_dates_and_numbers_follow_the_language(app):
    with app.test_request_context(), force_locale("zh"):
        template = app.jinja_env.from_string("{{ 1234|numberformat }} {{ day|dateformat }}")
        from datetime import date

        assert template.render(day=date(2026, 3, 9)) == "1,234 2026年3月9日"


def test_a_chinese_user_reads_a_refusal_on_the_field_it_concerns(client, make_user):
    make_user("focal@example.org", role="party")
    staff = make_user("staff@example.org", role="staff")
    staff.locale = "zh"
    db.session.commit()
    client.post("/login", data={"email": staff.email, "password": PASSWORD})
    page = client.post("/users/invite", data={"email": "focal@example.org", "role": "staff"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "请更正标出的字段。" in text
    assert "focal@example.org 已有账户" in text and "already has an account" not in text


def test_the_api_explains_in_the_language_the_client_asks_for(client, make_user):
    party = make_user("focal@example.org", role="party")
    chinese = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}
    wrong = {"email": party.email, "password": "wrong password"}
    refused = client.post("/api/v1/tokens", json=wrong, headers=chinese)
    assert refused.status_code == 401
    assert refused.get_json() == {
        "error": {
            "code": "unauthorized",
            "message": "电子邮件或密码错误，或账户已停用",
            "fields": {},
        }
    }
    token = client.post("/api/v1/tokens", json={"email": party.email, "password": PASSWORD})
    signed = {"Authorization": f"Bearer {token.get_json()['token']}"}
    empty = {"title": "", "type": "technical_consultation", "targets": []}
    response = client.post("/api/v1/requests", json=empty, headers={**signed, **chinese})
    assert response.status_code == 422
    assert response.get_json()["error"] == {
        "code": "validation_error",
        "message": "请求有误",
        "fields": {"title": ["标题为必填项"], "targets": ["请至少列出一个昆蒙框架目标"]},
    }
    english = client.post("/api/v1/requests", json=empty, headers=signed).get_json()["error"]
    assert english["fields"]["targets"] == ["name at least one KMGBF target"]


def test_the_import_page_describes_its_columns_in_the_reader_language(client, make_user):
    staff = make_user("staff@example.org", role="staff")
    staff.locale = "zh"
    db.session.commit()
    client.post("/login", data={"email": staff.email, "password": PASSWORD})
    page = client.get("/staff/experts/import").get_data(as_text=True)
    assert "必填；每个地址对应一份档案" in page
    assert "required; one profile per address" not in page


def test_the_api_follows_accept_language_then_the_token_user_choice(client, make_user):
    focal = make_user("focal@example.org", role="party")
    focal.locale = "zh"
    db.session.commit()
    token = client.post(
        "/api/v1/tokens", json={"email": focal.email, "password": PASSWORD}
    ).get_json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    chosen = client.post("/api/v1/requests", json={}, headers=auth).get_json()["error"]
    asked = client.post(
        "/api/v1/requests", json={}, headers={**auth, "Accept-Language": "en"}
    ).get_json()["error"]
    assert chosen["code"] == asked["code"] == "unprocessable_entity"
    assert chosen["fields"].keys() == asked["fields"].keys()
    assert chosen["message"] != asked["message"]
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in asked["message"])
    assert any("\u4e00" <= ch <= "\u9fff" for ch in chosen["message"])
