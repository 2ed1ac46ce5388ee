"""Ranking with the real model: semantics, absolute scores, cached vectors, fallbacks."""

from dataclasses import replace

import numpy as np
import pytest

from expert_pool.matching import (
    ExpertDoc,
    Matcher,
    RequestDoc,
    expert_texts,
    load_embedder,
    text_hash,
)
from expert_pool.matching.engine import ranker

WETLAND_REQUEST = RequestDoc(
    text="Our ministry needs advice on re-flooding drained peat swamps to restore wetland habitat.",
    tags=["wetland restoration"],
    languages=["en"],
    targets=[2],
)


def filler(i: int) -> ExpertDoc:
    topics = ["desert locust control", "urban green spaces", "soil microbiology", "bird ringing"]
    topic = topics[i % len(topics)]
    return ExpertDoc(
        id=100 + i,
        name=f"Filler {i}",
        tags=[topic],
        bio=f"Specialist {i} in {topic}.",
        publications=[{"title": f"Notes on {topic}, part {i}", "abstract": f"A study of {topic}."}],
        languages=["en"],
    )


def test_text_only_request_finds_the_obvious_expert(pool, embedder):
    matcher = Matcher(pool, embedder=embedder)
    request = RequestDoc(text="How do we remove invasive rodents from a small island?")
    matches = matcher.rank(request, k=3)
    assert matches[0].expert_id == 2
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
    assert "fuzzy" not in matches[0].components
    assert str(matches[0].reasons[0]) == "The request has no tags: scored on text similarity only."



def test_an_untagged_request_naming_a_topic_says_so_instead_of_text_only(pool, embedder, aliases):
    request = RequestDoc(text="How do we stop invasive species spreading on a small island?")
    best = Matcher(pool, embedder=embedder, aliases=aliases).rank(request, k=1)[0]
    reasons = list(map(str, best.reasons))
    assert "The request has no tags: scored on text similarity only." not in reasons
    assert (
        "The request has no tags: scored on its text and the topics it names (invasive species)."
        in reasons
    )
    assert "fuzzy" in best.components

def test_reasons_name_the_evidence(pool, embedder, aliases):
    best = Matcher(pool, embedder=embedder, aliases=aliases).rank(WETLAND_REQUEST, k=1)[0]
    assert best.expert_id == 1
    assert set(best.components) >= {"embedding", "fuzzy"}
    reasons = [str(reason) for reason in best.reasons]
    assert "'wetland restoration' = wetland restoration (tag)" in reasons
    assert "Closest publication: 'Rewetting drained peatlands in Southeast Asia'" in reasons[1]
    assert "Shared KMGBF targets: 2." in reasons
    assert "Languages in common: en." in reasons


def test_score_is_absolute_whatever_the_pool(pool, embedder):
    small = Matcher(pool[:3], embedder=embedder).rank(WETLAND_REQUEST, k=None)
    large_pool = pool[:3] + [filler(i) for i in range(27)]
    large = Matcher(large_pool, embedder=embedder).rank(WETLAND_REQUEST, k=None)
    assert len(large) == 30
    by_id = {m.expert_id: m.score for m in large}
    for match in small:
        assert 0.0 <= match.score <= 1.0
        assert by_id[match.expert_id] == pytest.approx(match.score, abs=1e-6)
    assert all(0.0 <= m.score <= 1.0 for m in large)


def test_cached_vectors_are_not_embedded_again(pool, counting):
    first = Matcher(pool, embedder=counting)
    texts_per_expert = [t for doc in pool for t in expert_texts(doc) if t]
    assert len(counting.texts) == len(texts_per_expert)
    cached = first.computed_vectors()
    assert set(cached) == {doc.id for doc in pool}
    counting.texts.clear()
    reloaded = [ExpertDoc(**{**doc.__dict__, "vectors": cached[doc.id]}) for doc in pool]
    second = Matcher(reloaded, embedder=counting)
    assert counting.texts == []
    assert second.computed_vectors() == {}
    before = [(m.expert_id, m.score) for m in first.rank(WETLAND_REQUEST, k=None)]
    assert counting.texts == [ranker.request_text(WETLAND_REQUEST)]
    assert [(m.expert_id, m.score) for m in second.rank(WETLAND_REQUEST, k=None)] == before


def test_update_expert_embeds_only_that_expert(pool, counting):
    matcher = Matcher(pool, embedder=counting)
    counting.texts.clear()
    changed = ExpertDoc(
        **{
            **pool[4].__dict__,
            "tags": ["peatland hydrology"],
            "bio": "Peat swamp rewetting and wetland hydrology.",
            "publications": [],
        }
    )
    matcher.update_expert(changed)
    assert counting.texts == expert_texts(changed)
    np.testing.assert_array_equal(matcher.vectors(5), counting.inner.encode(counting.texts))
    assert matcher.vectors(5).shape == (1, counting.dim)
    rank = {m.expert_id: m.score for m in matcher.rank(WETLAND_REQUEST, k=None)}
    fresh = Matcher([*pool[:4], changed], embedder=counting.inner)
    assert rank == pytest.approx({m.expert_id: m.score for m in fresh.rank(WETLAND_REQUEST, None)})
    kept = {doc.id: matcher.vectors(doc.id) for doc in pool[1:]}
    matcher.remove_expert(1)
    assert 1 not in {m.expert_id for m in matcher.rank(WETLAND_REQUEST, k=None)}
    for expert_id, vectors in kept.items():
        np.testing.assert_array_equal(matcher.vectors(expert_id), vectors)


def test_no_model_falls_back_to_fuzzy_with_reason(pool, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("model folder missing")

    monkeypatch.setattr(ranker, "load_channels", broken)
    matcher = Matcher(pool, aliases={"wetland restoration": ["湿地修复"]})
    matches = matcher.rank(WETLAND_REQUEST, k=2)
    assert matches[0].expert_id == 1
    assert set(matches[0].components) == {"fuzzy"}
    note = "No language model (OSError: model folder missing): matched on tags only (fuzzy)."
    assert all(note in map(str, m.reasons) for m in matches)


def test_no_model_and_no_tags_still_answers(pool):
    matches = Matcher(pool, embedder=None).rank(RequestDoc(text="anything"), k=None)
    assert len(matches) == len(pool)
    assert all(m.score == 0.0 for m in matches)
    assert "Nothing to compare: no language model and no tags." in map(str, matches[0].reasons)


def test_k_none_ranks_the_whole_pool_and_k_limits(pool, embedder):
    matcher = Matcher(pool, embedder=embedder)
    assert len(matcher.rank(WETLAND_REQUEST, k=None)) == len(pool)
    assert len(matcher.rank(WETLAND_REQUEST, k=2)) == 2
    assert matcher.rank(WETLAND_REQUEST, k=0) == []


def test_text_hash_is_stable_and_distinguishes():
    assert text_hash("wetlands") == text_hash("wetlands")
    assert text_hash("wetlands") != text_hash("wetland")
    assert len(text_hash("")) == 64


def test_unknown_backend_is_refused():
    with pytest.raises(ValueError, match="unknown embedding backend"):
        load_embedder(backend="tensorflow")


def test_standing_of_one_expert_is_their_place_in_the_full_ranking(pool, embedder):
    # A tie (a twin of the best expert) and an expert filtered out (no English) included.
    twin = replace(pool[0], id=98, name="Twin")
    experts = [*pool, twin, filler(0), ExpertDoc(id=99, name="Mono", languages=["zh"])]
    matcher = Matcher(experts, embedder=embedder)
    ranking = matcher.rank(WETLAND_REQUEST, k=None, include_filtered=True)
    eligible = [m for m in ranking if not m.filtered]
    assert any(m.filtered for m in ranking)
    assert [m.score for m in ranking].count(ranking[0].score) == 2
    for place, match in enumerate(ranking, start=1):
        expected = place if not match.filtered else len(eligible) + 1
        assert matcher.standing(WETLAND_REQUEST, match.expert_id) == (expected, match.score)
    assert matcher.standing(WETLAND_REQUEST, 12345) == (len(eligible) + 1, None)


def test_best_of_many_requests_embeds_them_in_one_batch_and_agrees_with_rank(pool, counting):
    matcher = Matcher(pool, embedder=counting)
    requests = [
        WETLAND_REQUEST,
        RequestDoc(text="Camera traps for snow leopards in the mountains", tags=["camera traps"]),
        RequestDoc(text="", tags=["wetland restoration"]),
        RequestDoc(text="", tags=[]),
    ]
    counting.texts.clear()
    counting.calls = 0
    best = matcher.best_of(requests)
    assert (counting.calls, len(counting.texts)) == (1, 3)  # what has a text, in one batch
    for request, (score, expert_id) in zip(requests, best, strict=True):
        top = matcher.rank(request, k=None, include_filtered=True)
        assert score == max(m.score for m in top)
        assert expert_id in {m.expert_id for m in top if m.score == score}


def test_a_request_ranked_again_is_not_embedded_again(pool, counting):
    matcher = Matcher(pool, embedder=counting)
    counting.texts.clear()
    first = matcher.rank(WETLAND_REQUEST, k=None)
    again = matcher.rank(WETLAND_REQUEST, k=None)
    assert counting.texts == [ranker.request_text(WETLAND_REQUEST)]
    assert [(m.expert_id, m.score) for m in again] == [(m.expert_id, m.score) for m in first]
