"""The interface in English and Simplified Chinese: which language a page is in, the switcher,
the taxonomy's Chinese names, and a catalogue that keeps up with the code."""

import gettext
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from flask_babel import force_locale
from jinja2 import Environment
from sqlalchemy import select

from expert_pool.audit.models import AuditEvent
from expert_pool.extensions import db
from expert_pool.i18n import tag_label, target_title
from expert_pool.taxonomy.models import Tag, Target
from expert_pool.taxonomy.services import ensure_tags
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "expert_pool" / "translations" / "zh" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "_l": None,
    "lazy_gettext": None,
    "N_": None,
}
# Templates whose every piece of text is marked for translation (the test below keeps them so).
TRANSLATED_TEMPLATES = (
    "templates/base.html",
    "templates/errors/400.html",
    "templates/errors/403.html",
    "templates/errors/404.html",
    "templates/errors/409.html",
    "templates/errors/429.html",
    "templates/errors/500.html",
    "accounts/templates/accounts/login.html",
    "helpdesk/templates/helpdesk/home.html",
    "helpdesk/templates/helpdesk/my_requests.html",
    "helpdesk/templates/helpdesk/_macros.html",
    "helpdesk/templates/helpdesk/request.html",
    "helpdesk/templates/helpdesk/request_form.html",
    "helpdesk/templates/helpdesk/my_invitations.html",
    "helpdesk/templates/helpdesk/queue.html",
    "templates/_pager.html",
    "accounts/templates/accounts/forgot_password.html",
    "accounts/templates/accounts/invite.html",
    "accounts/templates/accounts/set_password.html",
    "accounts/templates/accounts/user_edit.html",
    "accounts/templates/accounts/users.html",
    "experts/templates/experts/_expert_card_tags.html",
    "experts/templates/experts/directory.html",
    "experts/templates/experts/edit.html",
    "experts/templates/experts/import.html",
    "experts/templates/experts/import_report.html",
    "experts/templates/experts/profile.html",
    "experts/templates/experts/publication.html",
    "experts/templates/experts/staff_directory.html",
    "matching/templates/matching/_candidates.html",
    "matching/templates/matching/_ranking.html",
    "matching/templates/matching/_warning.html",
    "matching/templates/matching/adhoc.html",
    "matching/templates/matching/batch.html",
    "matching/templates/matching/candidates.html",
    "taxonomy/templates/taxonomy/tags.html",
    "reports/templates/reports/_report.html",
    "reports/templates/reports/biennial.html",
    "reports/templates/reports/dashboard.html",
    "reports/templates/reports/event.html",
    "reports/templates/reports/event_form.html",
    "reports/templates/reports/events.html",
    "reports/templates/reports/gaps.html",
    "reports/templates/reports/report.html",
    "templates/_macros.html",
)


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


def _extracted_messages() -> set[str]:
    with open(ROOT / "babel.cfg", encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    return {
        message if isinstance(message, str) else message[0]
        for _, _, message, _, _ in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS
        )
    }


def test_the_chinese_catalogue_translates_every_marked_string():
    with CATALOGUE.open("rb") as po:
        catalogue = read_po(po)
    translated = {
        m.id[0] if m.pluralizable else m.id: m.string
        for m in catalogue
        if m.id and all(m.string if m.pluralizable else [m.string]) and not m.fuzzy
    }
    missing = sorted(_extracted_messages() - translated.keys())
    assert not missing, "run `make translations` and translate in messages.po:\n" + "\n".join(
        missing
    )


def test_the_compiled_catalogue_matches_its_source():
    with CATALOGUE.open("rb") as po:
        source = {}
        for m in read_po(po):
            if m.pluralizable:  # gettext keeps each plural form under (singular, index)
                source.update({(m.id[0], i): form for i, form in enumerate(m.string) if form})
            elif m.id and m.string:
                source[m.id] = m.string
    with CATALOGUE.with_suffix(".mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog
    compiled = {key: value for key, value in compiled.items() if key}
    assert compiled == source, "run `make translations` to compile messages.mo"


TEXT = re.compile(r"[A-Za-z]{2,}")
# Attributes that people read (or hear), whose values need translating.
READ_ATTRIBUTES = re.compile(r'\b(?:title|alt|placeholder|aria-label)="([^"\x00]*)"')
HIDDEN = re.compile(r"<(script|style)\b.*?</\1>|<!--.*?-->|<[^>]*>", flags=re.S)


def _unmarked_text(source: str) -> list[str]:
    """Pieces of a template's literal text that a reader sees but no gettext call wraps."""
    literal, strings = [], []
    in_trans = False
    previous = ""
    for _, kind, value in Environment(extensions=["jinja2.ext.i18n"]).lex(source):
        if kind == "name" and previous == "block_begin":
            in_trans = value == "trans" or (in_trans and value != "endtrans")
        if kind == "data" and not in_trans:
            literal.append(value)
        elif kind in ("variable_begin", "block_begin"):
            literal.append("\x00")  # an expression or a tag stands here
        if kind == "string" and previous not in ("(", ","):
            text = value[1:-1]  # the lexer keeps the quotes
            if text[:1].isupper() and " " in text and TEXT.match(text):
                strings.append(text)
        if kind != "whitespace":
            previous = value if kind == "operator" else kind
    page = "".join(literal)
    readable = READ_ATTRIBUTES.findall(page)
    pieces = HIDDEN.sub("\x00", page).split("\x00")
    return [p.strip() for p in pieces + readable if TEXT.search(p)] + strings


@pytest.mark.parametrize("template", TRANSLATED_TEMPLATES)
def test_the_text_of_translated_templates_is_marked(template):
    source = (ROOT / "expert_pool" / template).read_text(encoding="utf-8")
    assert _unmarked_text(source) == []


def test_the_check_finds_unmarked_text():
    assert _unmarked_text("<p>Hello {{ _('marked') }}</p>") == ["Hello"]
    assert _unmarked_text('<a title="Close it">{% trans %}Inside{% endtrans %}</a>') == ["Close it"]
    assert _unmarked_text("{{ 'Draft request' if draft }}") == ["Draft request"]
