"""Fuzzy tag matching: typos, word order, plurals, aliases, and the vectorised reduction."""

import numpy as np
import pytest

from expert_pool.matching import Matcher, RequestDoc
from expert_pool.matching.engine import fuzzy
from expert_pool.matching.engine.fuzzy import (
    AliasTable,
    FuzzyIndex,
    differs_by_words,
    is_typo,
    normalise_term,
    similarity,
)


@pytest.fixture
def matcher(pool, aliases):
    return Matcher(pool, embedder=None, aliases=aliases)


def top(matcher, **request):
    return matcher.rank(RequestDoc(**request), k=3)


def test_typo_in_request_tag_still_matches(matcher):
    best = top(matcher, tags=["invasive speceis"])[0]
    assert best.expert_id == 2
    assert best.components["fuzzy"] > 0.85
    assert any("invasive species (typo-tolerant" in str(reason) for reason in best.reasons)


def test_chinese_alias_matches_its_english_tag(matcher):
    best = top(matcher, text="需要湿地修复方面的专家", tags=["湿地修复"])[0]
    assert best.expert_id == 1
    assert best.components["fuzzy"] == 1.0
    assert "'湿地修复' ≈ 湿地修复 (alias of wetland restoration)" in map(str, best.reasons)


def test_chinese_alias_in_text_is_found_as_key_phrase(aliases):
    table = AliasTable(aliases)
    assert table.key_phrases("我们需要湿地修复方面的帮助") == ["湿地修复"]
    assert table.key_phrases("Designing Marine Protected Areas") == ["marine protected area"]


@pytest.mark.parametrize(
    "tag", ["restoration of wetlands", "Wetlands Restoration", "restoration wetland"]
)
def test_word_order_and_plural_are_tolerated(matcher, tag):
    best = top(matcher, tags=[tag])[0]
    assert best.expert_id == 1
    assert best.components["fuzzy"] == 1.0


def test_unrelated_tag_gives_no_fuzzy_credit(matcher):
    matches = matcher.rank(RequestDoc(tags=["glacier hydrology"]), k=None)
    assert all(m.components["fuzzy"] == 0.0 for m in matches)


def test_normalise_term_keeps_species_and_drops_plural():
    assert normalise_term("Invasive Species") == "invasive species"
    assert normalise_term("restoration of wetlands") == "restoration wetland"
    assert normalise_term("Fisheries") == "fishery"


def test_vectorised_best_equals_a_plain_loop(aliases):
    rng = np.random.default_rng(7)
    words = ["wetland", "forest", "coral", "reef", "seed", "bank", "finance", "island", "rats"]
    experts = [
        [" ".join(rng.choice(words, size=rng.integers(1, 3))) for _ in range(rng.integers(0, 4))]
        for _ in range(200)
    ]
    index = FuzzyIndex(AliasTable(aliases))
    for position, tags in enumerate(experts):
        index.set(position, tags)
    queries = ["wetlands", "coral reefs", "sead bank"]
    best, _ = index.best(queries)
    table = similarity([normalise_term(q) for q in queries], [normalise_term(t) for t in words])
    assert table.shape == (3, len(words))
    for position, tags in enumerate(experts):
        for row, query in enumerate(queries):
            kept = [
                normalise_term(t)
                for t in tags
                if is_typo(normalise_term(query), normalise_term(t))
                or not differs_by_words(normalise_term(query), normalise_term(t))
            ]
            expected = similarity([normalise_term(query)], kept).max() if kept else 0.0
            assert best[row, position] == pytest.approx(expected)


def test_a_term_asked_again_finds_the_experts_added_since():
    index = FuzzyIndex(AliasTable())
    index.set(0, ["wetland restoration"])
    first, _ = index.best(["wetland restoraton"])
    index.set(1, ["peatland restoration", "wetland restoration"])
    again, _ = index.best(["wetland restoraton", "peatland"])
    assert first.shape == (1, 1) and first[0, 0] > 80
    assert again.shape == (2, 2)
    assert again[0, 1] == again[0, 0] == first[0, 0]  # the new expert holds the tag too


def test_a_warmed_index_embeds_only_the_request_terms_it_has_not_seen():
    asked: list[list[str]] = []

    def encode(terms):
        asked.append(list(terms))
        return np.ones((len(terms), 4), dtype=np.float32) / 2

    index = FuzzyIndex(AliasTable(), encode)
    index.set(0, ["bird conservation", "wetland restoration"])
    index.warm()
    assert asked == [["bird conservation", "wetland restoration"]]
    index.best(["bat conservation"])  # shares a word: compared by meaning
    assert asked[1:] == [["bat conservation"]]


def test_an_index_keeping_many_terms_still_answers_every_one(monkeypatch):
    monkeypatch.setattr(fuzzy, "TERM_ROWS_KEPT", 2)
    index = FuzzyIndex(AliasTable())
    index.set(0, ["wetland restoration"])
    first, _ = index.best(["wetland restoraton"])
    again, _ = index.best(["wetland restoraton", "peatland", "mangroves"])
    assert again[0, 0] == first[0, 0] and again.shape == (3, 1)
