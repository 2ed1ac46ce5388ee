"""Fixtures of the matching tests: the real model, loaded once per session, and small pools."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from expert_pool.matching import Embedder, ExpertDoc, load_embedder

ALIASES = {
    "wetland restoration": ["restoration of wetlands", "湿地修复"],
    "invasive alien species": ["invasive species", "外来入侵物种"],
    "marine protected areas": ["MPA", "海洋保护区"],
}


class CountingEmbedder(Embedder):
    """Wraps a real embedder and counts the texts it is asked to embed."""

    def __init__(self, inner: Embedder):
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.texts: list[str] = []
        self.calls = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed with the wrapped model, remembering the texts and counting the calls."""
        self.texts.extend(texts)
        self.calls += 1
        return self.inner.encode(texts)


@pytest.fixture(scope="session")
def embedder(model_cache_dir) -> Embedder:
    """The default model on the default (ONNX) backend, exported once per session (into the
    folder the app's tests use too)."""
    return load_embedder(cache_dir=model_cache_dir)


@pytest.fixture
def counting(embedder) -> CountingEmbedder:
    """The session's embedder, wrapped to count calls."""
    return CountingEmbedder(embedder)


def expert(expert_id, tags=(), bio="", **fields) -> ExpertDoc:
    """A small expert document with sensible defaults."""
    fields.setdefault("languages", ["en"])
    return ExpertDoc(id=expert_id, name=f"Expert {expert_id}", tags=list(tags), bio=bio, **fields)


@pytest.fixture
def aliases() -> dict[str, list[str]]:
    """A slice of the taxonomy: canonical tags with English and Chinese aliases."""
    return ALIASES


@pytest.fixture
def make_expert():
    """The factory of small expert documents."""
    return expert


@pytest.fixture
def pool() -> list[ExpertDoc]:
    """Five experts whose fields make the right answer obvious."""
    return [
        expert(
            1,
            ["wetland restoration", "peatlands"],
            "Hydrologist restoring degraded wetlands and peat swamps in the Mekong delta.",
            publications=[
                {
                    "title": "Rewetting drained peatlands in Southeast Asia",
                    "abstract": "Blocking drainage canals restored water tables in peat swamps.",
                }
            ],
            institution="Mekong Wetlands Institute",
            languages=["en", "zh"],
            targets=[2, 11],
        ),
        expert(
            2,
            ["invasive species", "island biodiversity"],
            "Eradication of invasive rats and goats on oceanic islands.",
            languages=["en", "fr"],
        ),
        expert(
            3,
            ["marine protected areas", "coral reefs"],
            "Designs networks of marine protected areas for coral reef fisheries.",
            languages=["en"],
        ),
        expert(
            4,
            ["agricultural biodiversity", "seed banks"],
            "Crop wild relatives and community seed banks in the Himalaya.",
            languages=["en", "ne"],
        ),
        expert(
            5,
            ["biodiversity finance"],
            "Economist working on payments for ecosystem services and biodiversity credits.",
            languages=["en", "es"],
        ),
    ]
