"""Chinese and English through the default embedder (both channels), exact tags above false
friends, aliases inside unsegmented Chinese, and requests in a script no model reads."""

import pytest

from expert_pool.matching import Matcher, RequestDoc, text_script
from expert_pool.matching.engine.fuzzy import AliasTable
from tests.matching.conftest import expert

ALIASES = {
    "invasive alien species": ["invasive species", "外来入侵物种", "外来入侵"],
    "remote sensing": ["遥感", "卫星遥感"],
    "wetland restoration": ["湿地修复", "湿地"],
    "bird conservation": ["鸟类保护"],
    "bat conservation": ["蝙蝠保护"],
}


@pytest.fixture(scope="module")
def matcher():
    """A small pool, profiles in English and in Chinese, with the default embedder."""
    pool = [
        expert(
            1,
            ["invasive alien species"],
            "Maps invasive alien plants in coastal wetlands "
            "with satellite remote sensing and drone imagery.",
        ),
        expert(
            2, ["wildlife monitoring"], "Counts Tibetan gazelles on the plateau with camera traps."
        ),
        expert(
            3, ["karst caves"], "Surveys cave invertebrates in the karst landscapes of Guizhou."
        ),
        expert(
            4,
            ["bird conservation", "vultures"],
            "研究秃鹫等猛禽的种群保护，关注兽药双氯芬酸对秃鹫的毒害。",
            languages=["zh"],
        ),
        expert(
            5,
            ["bat conservation", "zoonotic disease"],
            "Studies coronaviruses and the conservation of bat colonies in southern China.",
        ),
        expert(
            6,
            ["coral reefs"],
            "从事珊瑚礁生态修复和海洋保护区管理研究，长期在南海开展珊瑚移植。",
            languages=["zh"],
        ),
    ]
    return Matcher(pool, aliases=ALIASES)


def test_a_chinese_request_reaches_the_english_profiled_expert(matcher):
    best = matcher.rank(RequestDoc(text="利用遥感监测湿地外来入侵植物"), k=3)[0]
    assert best.expert_id == 1
    assert best.components["embedding"] > 0.6


def test_an_english_request_reaches_the_expert_profiled_in_chinese(matcher):
    text = "Transplanting corals to restore degraded reefs in the South China Sea"
    assert matcher.rank(RequestDoc(text=text), k=3)[0].expert_id == 6


def test_aliases_are_found_inside_unsegmented_chinese_longest_first():
    table = AliasTable(ALIASES)
    found = table.key_phrases("利用遥感监测湿地外来入侵物种")
    assert set(found) == {"遥感", "湿地", "外来入侵物种"}
    assert "外来入侵" not in found  # the longer alias holds it
    assert table.key_phrases("利用遥感监测湿地外来入侵植物")[0] == "外来入侵"


def test_a_shared_word_is_no_match_but_the_exact_tag_is(matcher):
    request = RequestDoc(
        text="Diclofenac used on cattle is killing vultures; we need advice on conservation.",
        tags=["bird conservation"],
    )
    ranked = matcher.rank(request, k=None)
    assert ranked[0].expert_id == 4
    bat = next(m for m in ranked if m.expert_id == 5)
    assert bat.components["fuzzy"] == 0.0
    assert not any("bat conservation" in str(r) for r in bat.reasons)


@pytest.mark.parametrize(
    ("asked", "false_friend"),
    [("bird conservation", "bat conservation"), ("marine protected areas", "marine pollution")],
)
def test_without_a_model_a_shared_word_is_still_no_match(asked, false_friend):
    pool = [
        expert(1, [false_friend], "Works on something else."),
        expert(2, [f"{asked} management"], "Works on something else."),
        expert(3, [asked], "Works on something else."),
    ]
    matcher = Matcher(pool, embedder=None)
    ranked = matcher.rank(RequestDoc(tags=[asked]), k=None)
    scores = {m.expert_id: m.components["fuzzy"] for m in ranked}
    assert [m.expert_id for m in ranked][:2] == [3, 2]
    assert scores[1] == 0.0 and scores[2] > 0.5
    # The same words, one misspelt, still count nearly as the tag.
    typo = asked.replace("conservation", "conservaton").replace("areas", "arees")
    assert matcher.rank(RequestDoc(tags=[typo]), k=1)[0].components["fuzzy"] > 0.85


def test_a_typo_of_a_tag_still_counts_nearly_as_the_tag(matcher):
    best = matcher.rank(RequestDoc(tags=["invasive alein species"]), k=1)[0]
    assert best.expert_id == 1 and best.components["fuzzy"] > 0.9


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("ការគ្រប់គ្រងប្រភេទសត្វរាតត្បាតនៅតំបន់ដីសើម", "khmer"),
        ("सिमसार क्षेत्रमा मिचाहा प्रजातिको व्यवस्थापन", "devanagari"),
        ("آبی علاقوں میں حملہ آور انواع کا انتظام", "urdu"),
    ],
)
def test_a_script_no_model_reads_is_said_and_not_ranked_on_noise(matcher, text, script):
    assert text_script(text) == script
    ranked = matcher.rank(RequestDoc(text=text), k=3)
    assert all(m.score == 0.0 for m in ranked)
    assert all(r.code == "unsupported_language" for r in ranked[0].reasons[:1])
    with_tags = matcher.rank(RequestDoc(text=text, tags=["invasive alien species"]), k=1)[0]
    assert with_tags.expert_id == 1 and "embedding" in with_tags.components
    assert with_tags.reasons[0].code == "unsupported_language"


def test_scripts_are_told_apart():
    assert text_script("Wetland restoration") == "latin"
    assert text_script("湿地修复") == "han"
    assert text_script("التنوع البيولوجي") == "arabic"
    assert text_script("2026") == ""


@pytest.mark.parametrize(
    "english, chinese, fitting",
    [
        (
            "Monitoring invasive alien plants in wetlands with remote sensing",
            "利用遥感监测湿地外来入侵植物",
            1,
        ),
        ("Surveying cave invertebrates", "洞穴无脊椎动物调查", 3),
    ],
)
def test_a_request_in_chinese_scores_its_expert_about_as_in_english(
    matcher, english, chinese, fitting
):
    """The multilingual channel's cosines are put on the English model's scale: a fitting
    expert is said to fit as strongly whichever language the request is written in."""
    in_english = matcher.rank(RequestDoc(text=english), k=None)
    in_chinese = matcher.rank(RequestDoc(text=chinese), k=None)
    assert in_english[0].expert_id == in_chinese[0].expert_id == fitting
    assert in_chinese[0].components["embedding"] > in_english[0].components["embedding"] - 0.15
