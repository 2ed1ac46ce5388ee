"""The Matcher: indexes a pool of experts once, then ranks it for any request with numpy.

Per expert the score is an absolute suitability in [0, 1], computed from that expert and the
request alone (never normalised across the pool):

    embedding = calibrate(cosine)        cosine: best evidence of profile and publications
    fuzzy     = weighted mean over the request's terms of the expert's best tag similarity
    score     = weighted mean of the parts that apply (fuzzy needs tags, embedding a model)
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .documents import (
    ExpertDoc,
    ExpertId,
    Match,
    RequestDoc,
    expert_texts,
    normalise_institution,
    request_text,
)
from .embedding import Embedder, load_embedder
from .explain import Scored, explain
from .fuzzy import KEY_PHRASE_WEIGHT, AliasTable, FuzzyIndex

logger = logging.getLogger(__name__)

DEFAULT_WEIGHTS = {"embedding": 0.65, "fuzzy": 0.35}
POOLINGS = ("max", "mean", "softmax", "topk")


@dataclass(frozen=True)
class EmbeddingSettings:
    """How cosines become the embedding part (defaults chosen on the reviewer-gold dev split)."""

    pooling: str = "topk"  # over an expert's publications: max, mean, softmax, topk
    temperature: float = 0.2  # softmax pooling
    top_k: int = 4  # topk pooling: mean of the k closest publications
    profile_weight: float = 0.3  # 0: best of profile and publications; >0: blend the two
    center: float = 0.35  # calibration: cosine mapped to 0.5
    scale: float = 0.1  # calibration: logistic slope


def _splice(array: np.ndarray, start: int, end: int, rows: np.ndarray) -> np.ndarray:
    return np.concatenate([array[:start], rows.astype(array.dtype, copy=False), array[end:]])


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


class Matcher:
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
                embedder = load_embedder()
            except Exception as error:  # any load failure means: answer with fuzzy only
                logger.exception("embedding model could not be loaded; fuzzy matching only")
                self.model_error = f"{type(error).__name__}: {error}"
                embedder = None
        self.embedder: Embedder | None = embedder
        self.weights = dict(DEFAULT_WEIGHTS, **(weights or {}))
        self.settings = settings or EmbeddingSettings()
        if self.settings.pooling not in POOLINGS:
            raise ValueError(f"pooling must be one of {POOLINGS}")
        self.target_titles = dict(target_titles or {})
        self.aliases = AliasTable(aliases)
        self.fuzzy = FuzzyIndex(self.aliases)
        self.docs: list[ExpertDoc] = []
        self._position: dict[ExpertId, int] = {}
        self._computed: set[ExpertId] = set()
        dim = embedder.dim if embedder else 0
        self.profiles = np.zeros((0, dim), dtype=np.float32)
        self.has_profile = np.zeros(0, dtype=bool)
        # Publications of expert i are rows pub_ptr[i]:pub_ptr[i+1] (the owner index).
        self.publications = np.zeros((0, dim), dtype=np.float32)
        self.pub_ptr = np.zeros(1, dtype=np.int64)
        self._group_cache: _Groups | None = None
        self.available = np.zeros(0, dtype=bool)
        self.load = np.zeros(0, dtype=np.float64)
        self.max_load = np.zeros(0, dtype=np.float64)
        self.institution = np.zeros(0, dtype=np.int64)
        self._institutions: dict[str, int] = {}
        self.languages = np.zeros((0, 0), dtype=bool)
        self._languages: dict[str, int] = {}
        self._add_all(list(experts))

    # -- building and updating the index -------------------------------------------------

    def _embed_missing(self, experts: Sequence[ExpertDoc]) -> list[np.ndarray | None]:
        """Each expert's vectors: the cached ones when valid, else embedded in one batch."""
        if self.embedder is None:
            return [None] * len(experts)
        result: list[np.ndarray | None] = []
        texts: list[str] = []
        todo: list[tuple[int, list[str]]] = []
        for i, doc in enumerate(experts):
            expected = (1 + len(doc.publications), self.embedder.dim)
            if doc.vectors is not None and np.shape(doc.vectors) == expected:
                result.append(np.asarray(doc.vectors, dtype=np.float32))
                continue
            if doc.vectors is not None:
                logger.warning("expert %s: cached vectors have the wrong shape", doc.id)
            result.append(None)
            own = expert_texts(doc, self.target_titles)
            todo.append((i, own))
            texts.extend(t for t in own if t)
        if texts:
            encoded = self.embedder.encode(texts)
            cursor = 0
            for i, own in todo:
                rows = np.zeros((len(own), self.embedder.dim), dtype=np.float32)
                for j, text in enumerate(own):
                    if text:
                        rows[j] = encoded[cursor]
                        cursor += 1
                result[i] = rows
                self._computed.add(experts[i].id)
        for i, _ in todo:
            if result[i] is None:
                result[i] = np.zeros((1 + len(experts[i].publications), self.embedder.dim))
        return result

    def _code(self, table: dict[str, int], key: str) -> int:
        return table.setdefault(key, len(table))

    def _language_row(self, languages: Iterable[str]) -> np.ndarray:
        codes = [self._code(self._languages, lang.casefold()) for lang in languages]
        if len(self._languages) > self.languages.shape[1]:
            grow = len(self._languages) - self.languages.shape[1]
            self.languages = np.pad(self.languages, ((0, 0), (0, grow)))
        row = np.zeros(self.languages.shape[1], dtype=bool)
        row[codes] = True
        return row

    def _add_all(self, experts: list[ExpertDoc]) -> None:
        vectors = self._embed_missing(experts)
        n = len(self.docs)
        for offset, doc in enumerate(experts):
            if doc.id in self._position:
                raise ValueError(f"duplicate expert id {doc.id!r}")
            self._position[doc.id] = n + offset
            self.docs.append(doc)
            self.fuzzy.set(n + offset, doc.tags)
        self.available = np.concatenate([self.available, [bool(d.available) for d in experts]])
        self.load = np.concatenate([self.load, [float(d.load or 0) for d in experts]])
        self.max_load = np.concatenate(
            [self.max_load, [math.inf if d.max_load is None else d.max_load for d in experts]]
        )
        institutions = [
            self._code(self._institutions, normalise_institution(d.institution))
            if normalise_institution(d.institution)
            else -1
            for d in experts
        ]
        self.institution = np.concatenate([self.institution, institutions]).astype(np.int64)
        rows = [self._language_row(d.languages) for d in experts]
        width = self.languages.shape[1]
        rows = np.array([np.pad(r, (0, width - len(r))) for r in rows], dtype=bool)
        self.languages = np.vstack([self.languages, rows.reshape(len(experts), width)])
        if self.embedder is not None:
            profiles = np.array([v[0] for v in vectors], dtype=np.float32)
            self.profiles = np.vstack([self.profiles, profiles.reshape(-1, self.embedder.dim)])
            self.has_profile = np.concatenate(
                [self.has_profile, [bool(np.any(v[0])) for v in vectors]]
            )
            pubs = [v[1:] for v in vectors]
            counts = np.array([len(p) for p in pubs], dtype=np.int64)
            stacked = np.vstack([*pubs, np.zeros((0, self.embedder.dim))]).astype(np.float32)
            self.publications = np.vstack([self.publications, stacked])
        else:
            counts = np.array([len(d.publications) for d in experts], dtype=np.int64)
        self.pub_ptr = np.concatenate([self.pub_ptr, self.pub_ptr[-1] + np.cumsum(counts)])
        self._group_cache = None

    def update_expert(self, expert: ExpertDoc) -> None:
        """Replace one expert's document (or add a new expert); only that expert is embedded."""
        position = self._position.get(expert.id)
        if position is None:
            self._add_all([expert])
            return
        self._computed.discard(expert.id)
        self.docs[position] = expert
        self.fuzzy.set(position, expert.tags)
        self.available[position] = bool(expert.available)
        self.load[position] = float(expert.load or 0)
        self.max_load[position] = math.inf if expert.max_load is None else expert.max_load
        institution = normalise_institution(expert.institution)
        code = self._code(self._institutions, institution) if institution else -1
        self.institution[position] = code
        row = self._language_row(expert.languages)
        self.languages[position] = row
        start, end = int(self.pub_ptr[position]), int(self.pub_ptr[position + 1])
        new_count = len(expert.publications)
        if self.embedder is not None:
            vectors = self._embed_missing([expert])[0]
            self.profiles[position] = vectors[0]
            self.has_profile[position] = bool(np.any(vectors[0]))
            if new_count == end - start:
                self.publications[start:end] = vectors[1:]
            else:
                self.publications = _splice(self.publications, start, end, vectors[1:])
        self.pub_ptr[position + 1 :] += new_count - (end - start)
        self._group_cache = None

    def remove_expert(self, expert_id: ExpertId) -> None:
        """Drop one expert from the pool."""
        position = self._position.pop(expert_id)
        self._computed.discard(expert_id)
        del self.docs[position]
        self.fuzzy.remove(position)
        for key, value in self._position.items():
            if value > position:
                self._position[key] = value - 1
        for name in ("available", "load", "max_load", "institution", "has_profile"):
            setattr(self, name, np.delete(getattr(self, name), position))
        self.languages = np.delete(self.languages, position, axis=0)
        start, end = int(self.pub_ptr[position]), int(self.pub_ptr[position + 1])
        if self.embedder is not None:
            self.profiles = np.delete(self.profiles, position, axis=0)
            self.publications = np.delete(self.publications, np.s_[start:end], axis=0)
        self.pub_ptr = np.delete(self.pub_ptr, position + 1)
        self.pub_ptr[position + 1 :] -= end - start
        self._group_cache = None

    def vectors(self, expert_id: ExpertId) -> np.ndarray | None:
        """The vectors of one expert (row 0 the profile, then each publication), or None."""
        if self.embedder is None:
            return None
        position = self._position[expert_id]
        start, end = self.pub_ptr[position], self.pub_ptr[position + 1]
        return np.vstack([self.profiles[position : position + 1], self.publications[start:end]])

    def computed_vectors(self) -> dict[ExpertId, np.ndarray]:
        """The vectors this matcher embedded itself (not given as `ExpertDoc.vectors`), by id.

        The app stores them under (`embedder.name`, `text_hash(text)`) for `expert_texts(doc)`.
        """
        return {expert_id: self.vectors(expert_id) for expert_id in sorted(self._computed, key=str)}

    def __len__(self) -> int:
        return len(self.docs)

    # -- scoring ----------------------------------------------------------------------------

    def _groups(self) -> _Groups:
        # Kept until the publications change.
        if self._group_cache is None:
            self._group_cache = _Groups(self.pub_ptr)
        return self._group_cache

    def _pool_publications(self, cosines: np.ndarray) -> np.ndarray:
        settings = self.settings
        groups = self._groups()
        if settings.pooling == "max":
            pooled = groups.top_k_mean(cosines, 1)
        elif settings.pooling == "topk":
            pooled = groups.top_k_mean(cosines, settings.top_k)
        elif settings.pooling == "mean":
            pooled = groups.mean(cosines)
        else:
            pooled = groups.mean(cosines, np.exp((cosines - 1.0) / settings.temperature))
        return np.where(groups.counts > 0, pooled, np.nan)

    def _embedding(self, request: RequestDoc) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        query = self.embedder.encode([request_text(request, self.target_titles)])[0]
        profile = self.profiles @ query
        publications = self.publications @ query
        pooled = self._pool_publications(publications)
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

    def _score(self, request: RequestDoc) -> Scored:
        notes: list[str] = []
        parts: dict[str, np.ndarray] = {}
        embedding = cosine = publications = None
        if self.embedder is not None:
            embedding, cosine, publications = self._embedding(request)
            parts["embedding"] = embedding
        else:
            cause = f" ({self.model_error})" if self.model_error else ""
            notes.append(f"No language model{cause}: matched on tags only (fuzzy).")
        queries = list(dict.fromkeys(request.tags))
        weights = [1.0] * len(queries)
        if request.tags or self.embedder is None:
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
        if not request.tags:
            notes.append("The request has no tags: scored on text similarity only.")
        total = sum(self.weights[name] for name in parts)
        if parts and total > 0:
            score = sum(self.weights[name] * value for name, value in parts.items()) / total
        else:
            score = np.zeros(len(self.docs))
            notes.append("Nothing to compare: no language model and no tags.")
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

    @property
    def expert_ids(self) -> list[ExpertId]:
        """The experts' ids in pool order (the order of `scores`)."""
        return [doc.id for doc in self.docs]

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

    def suggest_team(self, request: RequestDoc, size: int = 3, candidates: int = 30) -> list[Match]:
        """Complementary experts that together cover the request's tags; see `suggest_team`."""
        from .assignment import suggest_team

        return suggest_team(self, request, size=size, candidates=candidates)
