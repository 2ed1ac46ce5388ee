"""Pooling over publications and the profile/publication combination, on known cosines."""

import numpy as np
import pytest

from expert_pool.matching import EmbeddingSettings, ExpertDoc, Matcher, RequestDoc
from expert_pool.matching.engine.documents import request_text
from expert_pool.matching.engine.ranker import _Groups

REQUEST = RequestDoc(text="Restoring mangrove forests after shrimp farming")


def rows_with_cosines(query: np.ndarray, cosines, seed: int) -> np.ndarray:
    """Unit vectors whose cosines with `query` are exactly `cosines`."""
    rng = np.random.default_rng(seed)
    rows = []
    for cosine in cosines:
        other = rng.standard_normal(query.shape)
        other -= (other @ query) * query
        other /= np.linalg.norm(other)
        rows.append(cosine * query + np.sqrt(1 - cosine**2) * other)
    return np.array(rows, dtype=np.float32)


@pytest.fixture
def experts(embedder):
    query = embedder.encode([request_text(REQUEST)])[0].astype(np.float64)
    publications = [{"title": f"paper {i}", "abstract": ""} for i in range(4)]
    return [
        ExpertDoc(
            id="papers",
            publications=publications,
            vectors=np.vstack(
                [np.zeros((1, 384), np.float32), rows_with_cosines(query, [0.9, 0.5, 0.3, 0.1], 1)]
            ),
        ),
        ExpertDoc(id="profile", bio="mangroves", vectors=rows_with_cosines(query, [0.6], 2)),
        ExpertDoc(
            id="both",
            bio="mangroves",
            publications=publications[:1],
            vectors=rows_with_cosines(query, [0.2, 0.7], 3),
        ),
        ExpertDoc(id="empty"),
    ]


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        (EmbeddingSettings(pooling="max", profile_weight=0), {"papers": 0.9, "both": 0.7}),
        (EmbeddingSettings(pooling="mean", profile_weight=0), {"papers": 0.45, "both": 0.7}),
        (
            EmbeddingSettings(pooling="topk", top_k=3, profile_weight=0),
            {"papers": 17 / 30, "both": 0.7},
        ),
        (EmbeddingSettings(pooling="max", profile_weight=0.5), {"papers": 0.9, "both": 0.45}),
        (EmbeddingSettings(), {"papers": 0.45, "both": 0.3 * 0.2 + 0.7 * 0.7}),
    ],
)
def test_pooling_and_combination(embedder, experts, settings, expected):
    matcher = Matcher(experts, embedder=embedder, settings=settings)
    cosines = {m.expert_id: m.components["cosine"] for m in matcher.rank(REQUEST, k=None)}
    assert cosines == pytest.approx({**expected, "profile": 0.6, "empty": 0.0}, abs=1e-5)


def test_softmax_pooling_lies_between_mean_and_max(embedder, experts):
    settings = EmbeddingSettings(pooling="softmax", temperature=0.2)
    matcher = Matcher(experts, embedder=embedder, settings=settings)
    cosine = {m.expert_id: m.components["cosine"] for m in matcher.rank(REQUEST, k=None)}
    assert 0.45 < cosine["papers"] < 0.9


def test_top_k_mean_equals_sorting():
    rng = np.random.default_rng(5)
    counts = rng.integers(0, 7, size=300)
    counts[-1] = 0
    ptr = np.concatenate([[0], np.cumsum(counts)])
    values = np.round(rng.uniform(-1, 1, ptr[-1]), 1)  # rounded: plenty of ties
    groups = _Groups(ptr)
    for k in (1, 3):
        got = groups.top_k_mean(values, k)
        assert len(got) == len(counts)
        for i, count in enumerate(counts):
            best = np.sort(values[ptr[i] : ptr[i + 1]])[::-1][:k]
            assert got[i] == pytest.approx(best.mean() if count else 0.0)
