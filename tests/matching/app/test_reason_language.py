"""The matcher's reasons, score parts and warnings in the reader's language, on the pages and in
the API (whose reason codes do not change with the language)."""

import re

import pytest
from flask_babel import force_locale

from expert_pool.extensions import db
from expert_pool.matching.engine.reasons import WORDING, Reason
from expert_pool.matching.wording import reason_text
from expert_pool.taxonomy.vocabulary import language_name
from tests.world import bearer, sign_in

SAMPLE_VALUES = {
    "targets": [4],
    "tags": ["coral reefs"],
    "languages": ["km"],
    "speaks": ["km"],
    "wanted": ["km"],
    "score": 88,
    "similarity": 0.5,
    "load": 1,
    "max_load": 2,
}
LANGUAGE_VALUES = ("languages", "speaks", "wanted")


@pytest.fixture
def app_config(app_config):
    """Matching by tags alone: these tests read the wording, not the ranking."""
    return {**app_config, "EMBEDDING_BACKEND": "none"}


def sample(code: str) -> Reason:
    names = re.findall(r"%\((\w+)\)s", WORDING[code])
    return Reason.of(code, **{name: SAMPLE_VALUES.get(name, "Peat") for name in names})


@pytest.mark.parametrize("code", sorted(WORDING))
def test_every_reason_is_said_in_english_and_in_chinese(app, code):
    reason = sample(code)
    named = {
        key: tuple(language_name(c) for c in value) if key in LANGUAGE_VALUES else value
        for key, value in reason.args
    }
    with app.test_request_context():
        assert reason_text(reason) == str(Reason.of(code, **named))
    with app.test_request_context(), force_locale("zh"):
        chinese = reason_text(reason)
    assert chinese != str(Reason.of(code, **named))
    assert re.search(r"[\u4e00-\u9fff]", chinese), chinese


def test_a_chinese_reader_sees_chinese_reasons_on_the_candidates_page(client, world):
    world.staff.locale = "zh"
    db.session.commit()
    sign_in(client, "staff@example.org")
    page = client.get(f"/requests/{world.request.reference}/candidates?filtered=1")
    html = page.get_data(as_text=True)
    assert "“环境DNA” = 环境DNA（标签）" in html
    assert "“eDNA metabarcoding”" not in html
    assert "共同的昆蒙框架目标：4。" in html and "共同语言：英语。" in html
    assert "当前任务量：0 / 2。" in html and "标签 1.00" in html
    assert "已筛除：利益冲突：与请求方属同一机构（Fisheries Administration）。" in html
    assert "已筛除：目前无法承担工作。" in html
    assert "仅按标签匹配：语义向量已关闭（EMBEDDING_BACKEND=none）。" in html
    assert "柬埔寨" in html
    assert "Current load" not in html and "Languages in common" not in html


def test_an_alias_that_is_the_tags_chinese_label_is_said_as_the_tag(app, world):
    reason = Reason.of("tag_alias", query="环境DNA", matched="环境DNA", tag="eDNA metabarcoding")
    with app.test_request_context():
        assert reason_text(reason) == "'环境DNA' ≈ 环境DNA (alias of eDNA metabarcoding)"
    with app.test_request_context(), force_locale("zh"):
        assert reason_text(reason) == "“环境DNA” = 环境DNA（标签）"


def test_reasons_quote_tags_by_their_chinese_label_and_english_as_written(app, world):
    reason = Reason.of("team_uncovered", tags=["coral reefs", "access and benefit-sharing", "X"])
    with app.test_request_context():
        assert reason_text(reason) == (
            "Not covered by this team: coral reefs, access and benefit-sharing, and X."
        )
    with app.test_request_context(), force_locale("zh"):
        # A tag without a Chinese alias keeps its name; a text that is no tag stays as written.
        assert reason_text(reason) == "该团队未覆盖：珊瑚礁、access and benefit-sharing和X。"


def test_the_api_says_reasons_in_the_language_asked_with_the_same_codes(client, world):
    headers = bearer(client, "staff@example.org")
    path = f"/api/v1/requests/{world.request.reference}/matches?include_filtered=true"
    english = client.get(path, headers=headers).get_json()
    chinese = client.get(path, headers={**headers, "Accept-Language": "zh"}).get_json()
    assert [m["reason_codes"] for m in english] == [m["reason_codes"] for m in chinese]
    assert [m["components"] for m in english] == [m["components"] for m in chinese]
    best = {"english": english[0], "chinese": chinese[0]}
    assert "tag_exact" in best["english"]["reason_codes"]
    assert "Languages in common: English." in best["english"]["reasons"]
    assert "共同语言：英语。" in best["chinese"]["reasons"]
    lin_hao = next(m for m in chinese if m["name"] == "Lin Hao")
    assert lin_hao["filter_reason_codes"] == ["unavailable"]
    assert lin_hao["filter_reasons"] == ["目前无法承担工作。"]
