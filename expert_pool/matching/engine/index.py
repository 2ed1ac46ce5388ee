"""The pool's index: each expert's document and the arrays the ranker scores with (vectors,
availability, load, institution, languages), kept in step as experts come, change and go.

Vectors given as `ExpertDoc.vectors` are used as they are; the others are embedded in one batch.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

import numpy as np

from .documents import ExpertDoc, ExpertId, expert_texts, normalise_institution
from .embedding import Embedder
from .fuzzy import AliasTable, FuzzyIndex
from .language import LATIN, text_script

logger = logging.getLogger(__name__)


def _splice(array: np.ndarray, start: int, end: int, rows: np.ndarray) -> np.ndarray:
    return np.concatenate([array[:start], rows.astype(array.dtype, copy=False), array[end:]])


class PoolIndex:
    """The experts of a pool and their arrays, in pool order (`Matcher` ranks them).

    aliases: canonical tag name -> aliases (English, Chinese ...), from the taxonomy.
    """

    def __init__(
        self,
        experts: Iterable[ExpertDoc],
        embedder: Embedder | None,
        aliases: Mapping[str, Iterable[str]] | None = None,
        target_titles: Mapping[int, str] | None = None,
    ):
        self.embedder: Embedder | None = embedder
        self.target_titles = dict(target_titles or {})
        self.aliases = AliasTable(aliases)
        # Tag-to-tag meaning: the multilingual channel reads tags in any language.
        meaning = getattr(embedder, "multilingual", embedder)
        self.fuzzy = FuzzyIndex(self.aliases, meaning.encode if meaning else None)
        self.docs: list[ExpertDoc] = []
        self._position: dict[ExpertId, int] = {}
        self._computed: set[ExpertId] = set()
        dim = embedder.dim if embedder else 0
        self.profiles = np.zeros((0, dim), dtype=np.float32)
        self.has_profile = np.zeros(0, dtype=bool)
        # Publications of expert i are rows pub_ptr[i]:pub_ptr[i+1] (the owner index).
        self.publications = np.zeros((0, dim), dtype=np.float32)
        self.pub_ptr = np.zeros(1, dtype=np.int64)
        # Whether each profile / publication text is in Latin script (the English channel's).
        self.profile_latin = np.zeros(0, dtype=bool)
        self.pub_latin = np.zeros(0, dtype=bool)
        self.available = np.zeros(0, dtype=bool)
        self.load = np.zeros(0, dtype=np.float64)
        self.max_load = np.zeros(0, dtype=np.float64)
        self.institution = np.zeros(0, dtype=np.int64)
        self._institutions: dict[str, int] = {}
        self.languages = np.zeros((0, 0), dtype=bool)
        self._languages: dict[str, int] = {}
        self._add_all(list(experts))

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

    def _latin(self, doc: ExpertDoc) -> np.ndarray:
        return np.array(
            [text_script(t) == LATIN for t in expert_texts(doc, self.target_titles)], dtype=bool
        )

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
        if not experts:
            # Nothing to add; an empty list would turn the typed arrays into floats.
            return
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
            latin = [self._latin(d) for d in experts]
            self.profile_latin = np.concatenate([self.profile_latin, [x[0] for x in latin]]).astype(
                bool
            )
            self.pub_latin = np.concatenate([self.pub_latin, *[x[1:] for x in latin]]).astype(bool)
        else:
            counts = np.array([len(d.publications) for d in experts], dtype=np.int64)
        self.pub_ptr = np.concatenate([self.pub_ptr, self.pub_ptr[-1] + np.cumsum(counts)])
        self._layout_changed()

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
            latin = self._latin(expert)
            self.profile_latin[position] = latin[0]
            self.pub_latin = _splice(self.pub_latin, start, end, latin[1:])
            if new_count == end - start:
                self.publications[start:end] = vectors[1:]
            else:
                self.publications = _splice(self.publications, start, end, vectors[1:])
        self.pub_ptr[position + 1 :] += new_count - (end - start)
        self._layout_changed()

    def set_load(self, expert_id: ExpertId, load: int) -> None:
        """Change one expert's current load (nothing else of them changes)."""
        position = self._position.get(expert_id)
        if position is not None:
            self.load[position] = float(load)
            self.docs[position] = replace(self.docs[position], load=load)

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
            self.profile_latin = np.delete(self.profile_latin, position)
            self.pub_latin = np.delete(self.pub_latin, np.s_[start:end])
        self.pub_ptr = np.delete(self.pub_ptr, position + 1)
        self.pub_ptr[position + 1 :] -= end - start
        self._layout_changed()

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

    def __contains__(self, expert_id: object) -> bool:
        return expert_id in self._position

    def __len__(self) -> int:
        return len(self.docs)

    @property
    def expert_ids(self) -> list[ExpertId]:
        """The experts' ids in pool order (the order of `Matcher.scores`)."""
        return [doc.id for doc in self.docs]

    def _layout_changed(self) -> None:
        """Called when experts or publication rows were added, removed or moved."""
