"""The Matcher: ranks its pool of experts (a `PoolIndex`) for any request with numpy.

Per expert the score is an absolute suitability in [0, 1], computed from that expert and the
request alone (never normalised across the pool):

    embedding = calibrate(cosine)        cosine: best evidence of profile and publications
    fuzzy     = weighted mean over the request's terms of the expert's best tag similarity
    score     = weighted mean of the parts that apply (fuzzy needs tags, embedding a model)
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

import numpy as np

from .channels import load_channels
from .documents import ExpertDoc, Match, RequestDoc, normalise_institution, request_text
from .embedding import Embedder
from .explain import Scored, explain
from .fuzzy import KEY_PHRASE_WEIGHT
from .index import PoolIndex
from .language import LATIN, is_readable, text_script
from .reasons import Reason

logger = logging.getLogger(__name__)

DEFAULT_WEIGHTS = {"embedding": 0.65, "fuzzy": 0.35}
# The most candidates one ranking is asked for (the pages, the API and the CLI): it bounds the
# reasons computed per call.
MAX_K = 500
POOLINGS = ("max", "mean", "softmax", "topk")
# Request texts whose vectors a matcher keeps (about 3.5 KiB each with both channels).
QUERY_CACHE_SIZE = 1024


@dataclass(frozen=True)
class EmbeddingSettings:
    """How cosines become the embedding part (defaults chosen on the reviewer-gold dev split)."""

    pooling: str = "topk"  # over an expert's publications: max, mean, softmax, topk
    temperature: float = 0.2  # softmax pooling
    top_k: int = 4  # topk pooling: mean of the k closest publications
    profile_weight: float = 0.3  # 0: best of profile and publications; >0: blend the two
    center: float = 0.35  # calibration: cosine mapped to 0.5
    scale: float = 0.1  # calibration: logistic slope
    # Two channels (ChannelEmbedder): the English model's share where both texts are in Latin
    # script; every other pair is compared in the multilingual space alone, whose cosines are
    # first put on the English model's scale (its cosine `multilingual_center` counts as the
    # English `center`, a step of `multilingual_scale` as one of `scale`). Fitted by
    # bench/calibrate_multilingual.py: a Chinese title's cosine is mapped onto its English
    # title's over the reviewer-gold dev pairs (mean and spread matched).
    english_weight: float = 0.85
    multilingual_center: float = 0.244
    multilingual_scale: float = 0.072
    # topk pooling for a request the English channel does not read (Chinese titles: top-2
    # 0.369, top-4 0.386 on the dev split).
    multilingual_top_k: int = 2


class _Groups:
    """Which expert owns each publication row, and what pooling needs, computed once per layout.

    np.bincount over these beats ufunc.reduceat about ten times on many small groups.
    """

    def __init__(self, ptr: np.ndarray):
        self.counts = np.diff(ptr)
        self.owner = np.repeat(np.arange(len(self.counts)), self.counts)
        self.rank = np.arange(len(self.owner)) - ptr[:-1][self.owner]
        self.offset = self.owner * 3.0
        self._kept: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}

    def mean(self, values: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        """The (weighted) mean of each group's values; 0 for empty groups."""
        n = len(self.counts)
        if weights is None:
            return np.bincount(self.owner, values, n) / np.maximum(self.counts, 1)
        total = np.bincount(self.owner, weights, n)
        return np.bincount(self.owner, weights * values, n) / np.where(total > 0, total, 1.0)

    def top_k_mean(self, values: np.ndarray, k: int) -> np.ndarray:
        """The mean of each group's k largest values (values in [-1, 1]), in one sort.

        Groups are contiguous, so sorting owner * 3 - value puts each group's values in
        place, largest first, without mixing groups; the first k of each group are kept.
        """
        if k not in self._kept:
            keep = np.flatnonzero(self.rank < k)
            divisor = np.maximum(np.minimum(self.counts, k), 1)
            self._kept[k] = (keep, self.owner[keep], divisor)
        keep, owners, divisor = self._kept[k]
        ordered = self.offset - np.sort(self.offset - values)
        return np.bincount(owners, ordered[keep], len(self.counts)) / divisor


class Matcher(PoolIndex):
    """Embeds and indexes a pool of `ExpertDoc`s once; `rank` scores it for a `RequestDoc`.

    embedder: an `Embedder`, None for fuzzy matching only, or "default" to load the packaged
    model (a load error also falls back to fuzzy matching, with the reason in every match).
    aliases: canonical tag name -> aliases (English, Chinese ...), from the taxonomy.
    """

    def __init__(
        self,
        experts: Iterable[ExpertDoc],
        embedder: Embedder | str | None = "default",
        weights: Mapping[str, float] | None = None,
        aliases: Mapping[str, Iterable[str]] | None = None,
        target_titles: Mapping[int, str] | None = None,
        settings: EmbeddingSettings | None = None,
    ):
        self.model_error: str | None = None
        if isinstance(embedder, str):
            try:
                embedder = load_channels()
            except Exception as error:  # any load failure means: answer with fuzzy only
                logger.exception("embedding model could not be loaded; fuzzy matching only")
                self.model_error = f"{type(error).__name__}: {error}"
                embedder = None
        self.weights = dict(DEFAULT_WEIGHTS, **(weights or {}))
        self.settings = settings or EmbeddingSettings()
        if self.settings.pooling not in POOLINGS:
            raise ValueError(f"pooling must be one of {POOLINGS}")
        self._group_cache: _Groups | None = None
        self._queries: dict[str, np.ndarray] = {}
        self._query_lock = threading.Lock()
        super().__init__(experts, embedder, aliases, target_titles)

    def _layout_changed(self) -> None:
        self._group_cache = None

    # -- scoring ----------------------------------------------------------------------------

    def _groups(self) -> _Groups:
        # Kept until the publications change.
        if self._group_cache is None:
            self._group_cache = _Groups(self.pub_ptr)
        return self._group_cache

    def _pool_publications(self, cosines: np.ndarray, top_k: int) -> np.ndarray:
        settings = self.settings
        groups = self._groups()
        if settings.pooling == "max":
            pooled = groups.top_k_mean(cosines, 1)
        elif settings.pooling == "topk":
            pooled = groups.top_k_mean(cosines, top_k)
        elif settings.pooling == "mean":
            pooled = groups.mean(cosines)
        else:
            pooled = groups.mean(cosines, np.exp((cosines - 1.0) / settings.temperature))
        return np.where(groups.counts > 0, pooled, np.nan)

    def _cosines(self, query: np.ndarray, weight: float) -> tuple[np.ndarray, np.ndarray]:
        """The request vector's cosine with every profile and publication row."""
        english = getattr(self.embedder, "english_slice", None)
        if english is None:
            return self.profiles @ query, self.publications @ query
        multilingual = self.embedder.multilingual_slice
        settings = self.settings
        ratio = settings.scale / settings.multilingual_scale
        out = []
        for rows, latin in (
            (self.profiles, self.profile_latin),
            (self.publications, self.pub_latin),
        ):
            shared = rows[:, multilingual] @ query[multilingual]
            alone = settings.center + (shared - settings.multilingual_center) * ratio
            if weight > 0:
                own = rows[:, english] @ query[english]
                alone = np.where(latin, weight * own + (1 - weight) * shared, alone)
            out.append(alone)
        return out[0], out[1]

    def _query_vector(self, text: str) -> np.ndarray:
        """A request text's vector, embedded once: staff open a request's candidates again and
        again, and a long text costs about 100 ms to embed."""
        with self._query_lock:
            vector = self._queries.pop(text, None)
            if vector is not None:
                self._queries[text] = vector  # the most recently used last
                return vector
        vector = self.embedder.encode([text])[0]
        with self._query_lock:
            self._queries[text] = vector
            while len(self._queries) > QUERY_CACHE_SIZE:
                del self._queries[next(iter(self._queries))]
        return vector

    def _embedding(
        self, text: str, query: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        settings = self.settings
        top_k, weight = settings.top_k, settings.english_weight
        if hasattr(self.embedder, "english_slice") and text_script(text) != LATIN:
            top_k, weight = settings.multilingual_top_k, 0.0
        if query is None:
            query = self._query_vector(text)
        profile, publications = self._cosines(query, weight)
        pooled = self._pool_publications(publications, top_k)
        profile = np.where(self.has_profile, profile, np.nan)
        weight = self.settings.profile_weight
        if weight > 0:
            blended = weight * profile + (1 - weight) * pooled
            cosine = np.where(np.isnan(blended), np.fmax(profile, pooled), blended)
        else:
            cosine = np.fmax(profile, pooled)
        cosine = np.nan_to_num(cosine, nan=0.0)
        calibrated = 1.0 / (1.0 + np.exp(-(cosine - self.settings.center) / self.settings.scale))
        return calibrated, cosine, publications

    def _filters(self, request: RequestDoc) -> np.ndarray:
        filtered = ~self.available | (self.load >= self.max_load)
        wanted = [
            self._languages[c]
            for c in {x.casefold() for x in request.languages}
            if c in self._languages
        ]
        if request.languages:
            known = self.languages.any(axis=1)
            speaks = (
                self.languages[:, wanted].any(axis=1)
                if wanted
                else np.zeros(len(self.docs), dtype=bool)
            )
            filtered |= known & ~speaks
        institution = normalise_institution(request.institution)
        if institution in self._institutions:
            filtered |= self.institution == self._institutions[institution]
        declared = set(request.excluded_expert_ids) | set(request.conflicts)
        positions = [self._position[i] for i in declared if i in self._position]
        filtered[positions] = True
        return filtered

    def embedded_text(self, request: RequestDoc) -> str:
        """What of a request the embedding channels read: its text, tags and targets' titles;
        only the tags and targets when its script is one neither channel reads."""
        readable = is_readable(text_script(request.text or ""))
        # An unreadable text would rank on noise: only its tags and targets are embedded then.
        return request_text(request if readable else replace(request, text=""), self.target_titles)

    def _score(self, request: RequestDoc, query: np.ndarray | None = None) -> Scored:
        notes: list[Reason] = []
        parts: dict[str, np.ndarray] = {}
        embedding = cosine = publications = None
        script = text_script(request.text or "")
        if not is_readable(script):
            notes.append(Reason.of("unsupported_language", script=script))
        text = self.embedded_text(request)
        if self.embedder is not None and text:
            embedding, cosine, publications = self._embedding(text, query)
            parts["embedding"] = embedding
        elif self.embedder is None and self.model_error:
            notes.append(Reason.of("no_model_error", error=self.model_error))
        elif self.embedder is None:
            notes.append(Reason.of("no_model"))
        queries = list(dict.fromkeys(request.tags))
        weights = [1.0] * len(queries)
        if request.text:
            phrases = self.aliases.key_phrases(request.text or "")
            extra = [p for p in phrases if p not in {q.casefold() for q in queries}]
            queries += extra
            weights += [KEY_PHRASE_WEIGHT] * len(extra)
        fuzzy = per_query = per_term = None
        if queries:
            per_query, per_term = self.fuzzy.best(queries)
            w = np.asarray(weights, dtype=np.float32)
            fuzzy = (w @ per_query) / (100.0 * w.sum())
            parts["fuzzy"] = fuzzy
        if not request.tags and queries:
            notes.append(Reason.of("no_tags_named", tags=queries))
        elif not request.tags:
            notes.append(Reason.of("no_tags"))
        total = sum(self.weights[name] for name in parts)
        if parts and total > 0:
            score = sum(self.weights[name] * value for name, value in parts.items()) / total
        else:
            score = np.zeros(len(self.docs))
            if is_readable(script):
                notes.append(Reason.of("nothing_to_compare"))
        score = np.clip(np.round(score.astype(np.float64), 6), 0.0, 1.0)
        return Scored(
            score,
            embedding,
            cosine,
            fuzzy,
            per_query,
            per_term,
            queries,
            self._filters(request),
            publications,
            notes,
        )

    def scores(self, request: RequestDoc) -> tuple[np.ndarray, np.ndarray]:
        """The score of every expert in pool order, and the mask of those filtered out."""
        scored = self._score(request)
        return scored.score, scored.filtered

    def best_of(
        self, requests: list[RequestDoc], vectors: np.ndarray | None = None
    ) -> list[tuple[float, int | None]]:
        """Each request's best score over the whole pool, filtered experts included, and that
        expert's id (None in an empty pool). The requests' texts are embedded in one batch, or
        `vectors` gives them (one row per request, as `embedder.encode` of `embedded_text`)."""
        if vectors is None and self.embedder is not None:
            texts = [self.embedded_text(r) for r in requests]
            vectors = np.zeros((len(requests), self.embedder.dim), dtype=np.float32)
            wanted = [i for i, text in enumerate(texts) if text]
            if wanted:
                vectors[wanted] = self.embedder.encode([texts[i] for i in wanted])
        best = []
        for row, request in enumerate(requests):
            score = self._score(request, None if vectors is None else vectors[row]).score
            if len(score):
                position = int(score.argmax())
                best.append((float(score[position]), self.expert_ids[position]))
            else:
                best.append((0.0, None))
        return best

    def standing(self, request: RequestDoc, expert_id: int) -> tuple[int, float | None]:
        """Where one expert stands for a request, without explaining anyone: their rank among
        the experts not filtered out (ties in pool order, as `rank` orders them) and their
        score; an expert filtered out, or not in the pool (no score then), ranks after all the
        others."""
        scored = self._score(request)
        allowed = ~scored.filtered
        position = self._position.get(expert_id)
        if position is None:
            return int(allowed.sum()) + 1, None
        score = scored.score[position]
        if not allowed[position]:
            return int(allowed.sum()) + 1, float(score)
        ahead = allowed & (scored.score > score)
        ahead[:position] |= allowed[:position] & (scored.score[:position] == score)
        return int(ahead.sum()) + 1, float(score)

    def rank(
        self, request: RequestDoc, k: int | None = 10, include_filtered: bool = False
    ) -> list[Match]:
        """The best `k` experts (all when k is None), best first, with their reasons.

        With include_filtered, the best `k` filtered-out experts follow, with the reason.
        """
        scored = self._score(request)
        chosen = self._top(scored.score, ~scored.filtered, k)
        if include_filtered:
            chosen += self._top(scored.score, scored.filtered, k)
        return [explain(self, position, scored, request) for position in chosen]

    @staticmethod
    def _top(score: np.ndarray, allowed: np.ndarray, k: int | None) -> list[int]:
        candidates = np.flatnonzero(allowed)
        if k is not None and k <= 0:
            return []
        if k is not None and k < len(candidates):
            part = np.argpartition(-score[candidates], k - 1)[:k]
            candidates = candidates[part]
        order = np.lexsort((candidates, -score[candidates]))
        return [int(i) for i in candidates[order]]
