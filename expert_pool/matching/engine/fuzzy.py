"""Fuzzy tag matching with rapidfuzz: typo-, word-order- and plural-tolerant, aliases included.

Every distinct term of the pool (tags and the taxonomy aliases of those tags) is compared with
the request's terms once per request (`rapidfuzz.process.cdist`); the best similarity of each
expert is then gathered with numpy through an inverted index, so no Python loop runs over
expert-tag pairs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process
from scipy import sparse

from .reasons import Reason

# A term that only contains the other (e.g. "wetlands" in "wetland restoration") counts, less.
SUBSET_FACTOR = 0.8
# Similarities below this (0-100) are noise, not evidence ("wetland restoration" and
# "river restoration" score 72).
CUTOFF = 80.0
# Query terms whose similarity rows an index keeps (a row is 4 bytes per vocabulary term).
TERM_ROWS_KEPT = 4096
# From here a near-identical wording is called a typo; below, only similar wording.
TYPO = 85.0
# Two tags that share words but not their meaning ("bird conservation", "bat conservation":
# 0.62 with the multilingual model) are false friends; from this cosine on they mean the same
# ("invasive species", "invasive alien species": 0.83).
SAME_MEANING = 0.7
# Each word of a typo'd tag is this close (0-100) to the word it stands for ("wetand").
TYPO_WORD = 75.0
# Key phrases found in the request text weigh less than the tags the requester chose.
KEY_PHRASE_WEIGHT = 0.5
MAX_KEY_PHRASES = 5

_STOPWORDS = frozenset(["a", "an", "and", "for", "in", "of", "on", "the", "to", "with"])
_INVARIANT = frozenset(["species", "series", "biodiversity", "analysis"])
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


def _singular(word: str) -> str:
    if len(word) <= 3 or not word.isascii() or word in _INVARIANT:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ss", "us", "is")):
        return word
    return word[:-1] if word.endswith("s") else word


def normalise_term(term: str) -> str:
    """The comparable form of a tag: case, punctuation, filler words and plurals removed."""
    text = unicodedata.normalize("NFKC", term).casefold()
    words = re.sub(r"[^\w]+", " ", text).split()
    kept = [_singular(w) for w in words if w not in _STOPWORDS] or words
    return " ".join(kept)


def similarity(queries: Sequence[str], choices: Sequence[str]) -> np.ndarray:
    """Similarity (0-100, float32) of each normalised query to each normalised choice."""
    if not queries or not choices:
        return np.zeros((len(queries), len(choices)), dtype=np.float32)
    ordered = process.cdist(queries, choices, scorer=fuzz.token_sort_ratio, dtype=np.float32)
    subset = process.cdist(queries, choices, scorer=fuzz.token_set_ratio, dtype=np.float32)
    scores = np.maximum(ordered, subset * SUBSET_FACTOR)
    scores[scores < CUTOFF] = 0.0
    return scores


def is_typo(query: str, choice: str) -> bool:
    """Whether two normalised terms are the same words, some misspelt ("wetand restoration")."""
    if _CJK.search(query) or _CJK.search(choice):
        return False
    left, right = sorted(query.split()), sorted(choice.split())
    return len(left) == len(right) and all(
        fuzz.ratio(a, b) >= TYPO_WORD for a, b in zip(left, right, strict=True)
    )


def differs_by_words(query: str, choice: str) -> bool:
    """Whether each of two normalised terms has a word the other lacks, typos aside ("bird
    conservation", "bat conservation"): without their meanings to compare, no match."""
    if _CJK.search(query) or _CJK.search(choice):
        return False
    left, right = query.split(), choice.split()

    def lacks(words: list[str], others: list[str]) -> bool:
        return any(max(fuzz.ratio(w, o) for o in others) < TYPO_WORD for w in words)

    return lacks(left, right) and lacks(right, left)


@dataclass(frozen=True)
class Term:
    """One term an expert can be matched on: the expert's own tag, or an alias of it."""

    vocab: int
    tag: str
    alias: str | None = None


class AliasTable:
    """The taxonomy's tags and aliases (English, Chinese ...), grouped by canonical tag."""

    def __init__(self, aliases: Mapping[str, Iterable[str]] | None = None):
        self.groups: dict[str, list[str]] = {}
        self.group_of: dict[str, str] = {}
        for canonical, names in (aliases or {}).items():
            members = [canonical, *names]
            self.groups[canonical] = members
            for name in members:
                self.group_of.setdefault(normalise_term(name), canonical)
        # Longest first, so that 外来入侵物种 is found before the 入侵 inside it.
        self.cjk_terms = sorted((n for n in self.group_of if _CJK.search(n)), key=len, reverse=True)
        self.longest = max((len(n.split()) for n in self.group_of), default=0)

    def expand(self, tag: str) -> list[tuple[str, str | None]]:
        """The tag itself, then each other name of its taxonomy group as (name, alias)."""
        canonical = self.group_of.get(normalise_term(tag))
        names = [(tag, None)]
        if canonical is not None:
            names += [(n, n) for n in self.groups[canonical] if n != tag]
        return names

    def key_phrases(self, text: str) -> list[str]:
        """Taxonomy names (tags or aliases) that occur in `text`, longest first."""
        normal = normalise_term(text)
        found: dict[str, None] = {}
        words = normal.split()
        for size in range(min(self.longest, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                gram = " ".join(words[start : start + size])
                if gram in self.group_of and len(gram) > 3:
                    found[gram] = None
        # Chinese is written without spaces: find each name inside the text, and let a longer
        # name hide the shorter ones it contains.
        rest = normal
        for term in self.cjk_terms:
            if term in rest:
                found[term] = None
                rest = rest.replace(term, " ")
        return sorted(found, key=len, reverse=True)[:MAX_KEY_PHRASES]


class FuzzyIndex:
    """The pool's terms: a vocabulary of normalised terms and each expert's list of them."""

    def __init__(
        self,
        aliases: AliasTable,
        encode: Callable[[Sequence[str]], np.ndarray] | None = None,
    ):
        self.aliases = aliases
        # The meaning of each vocabulary term (and of request terms seen), embedded once.
        self.encode = encode
        self._meanings: dict[str, np.ndarray] = {}
        self._rows: dict[str, np.ndarray] = {}
        self.vocab: list[str] = []
        self._vocab_index: dict[str, int] = {}
        self.terms: list[list[Term]] = []
        self._inverted: sparse.csc_matrix | None = None

    def _vocab_id(self, term: str) -> int:
        normal = normalise_term(term)
        index = self._vocab_index.get(normal)
        if index is None:
            index = self._vocab_index[normal] = len(self.vocab)
            self.vocab.append(normal)
        return index

    def expert_terms(self, tags: Iterable[str]) -> list[Term]:
        """An expert's terms: each tag, and the taxonomy aliases of each tag."""
        terms: dict[int, Term] = {}
        for tag in tags:
            for name, alias in self.aliases.expand(tag):
                vocab = self._vocab_id(name)
                if vocab not in terms or (terms[vocab].alias and alias is None):
                    terms[vocab] = Term(vocab, tag, alias)
        return list(terms.values())

    def set(self, position: int, tags: Iterable[str]) -> None:
        """Set (or append, at position == len) one expert's terms."""
        terms = self.expert_terms(tags)
        if position == len(self.terms):
            self.terms.append(terms)
        else:
            self.terms[position] = terms
        self._inverted = None

    def remove(self, position: int) -> None:
        """Drop one expert; later positions shift down by one."""
        del self.terms[position]
        self._inverted = None

    def _matrix(self) -> sparse.csc_matrix:
        # Experts x vocabulary incidence, by column: the experts holding each term.
        if self._inverted is None:
            counts = np.fromiter(
                (len(t) for t in self.terms), dtype=np.int64, count=len(self.terms)
            )
            indptr = np.concatenate([[0], np.cumsum(counts)])
            columns = np.fromiter(
                (term.vocab for terms in self.terms for term in terms),
                dtype=np.int64,
                count=int(indptr[-1]),
            )
            data = np.ones(len(columns), dtype=np.float32)
            shape = (len(self.terms), len(self.vocab))
            self._inverted = sparse.csr_matrix((data, columns, indptr), shape=shape).tocsc()
        return self._inverted

    def best(self, queries: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """For each query term, each expert's best similarity (0-100): (queries x experts).

        Also returns the (queries x vocabulary) similarities, for explaining the top experts.
        """
        normal = [normalise_term(q) for q in queries]
        per_term = self._term_rows(normal)
        matrix = self._matrix()
        best = np.zeros((len(normal), matrix.shape[0]), dtype=np.float32)
        for row, column in zip(*np.nonzero(per_term), strict=True):
            holders = matrix.indices[matrix.indptr[column] : matrix.indptr[column + 1]]
            np.maximum.at(best[row], holders, per_term[row, column])
        return best, per_term

    def _term_rows(self, normal: list[str]) -> np.ndarray:
        """Each term's similarities to the vocabulary, false friends removed: computed once per
        term and vocabulary (the requests of a report share most of their tags)."""
        size = len(self.vocab)
        missing = [
            t for t in dict.fromkeys(normal) if t not in self._rows or len(self._rows[t]) != size
        ]
        if missing:
            if len(self._rows) + len(missing) > TERM_ROWS_KEPT:
                self._rows.clear()
                missing = list(dict.fromkeys(normal))
            rows = self._without_false_friends(missing, similarity(missing, self.vocab))
            self._rows.update(zip(missing, rows, strict=True))
        if not normal:
            return np.zeros((0, size), dtype=np.float32)
        return np.vstack([self._rows[t] for t in normal])

    def warm(self) -> None:
        """Embed the vocabulary's meanings now rather than in the first request that needs them
        (the whole taxonomy: seconds)."""
        if self.encode is not None and self.vocab:
            self._meaning(self.vocab)

    def _meaning(self, terms: Sequence[str]) -> dict[str, np.ndarray]:
        missing = [t for t in dict.fromkeys(terms) if t not in self._meanings]
        if missing:
            self._meanings.update(zip(missing, self.encode(missing), strict=True))
        return self._meanings

    def _without_false_friends(self, normal: list[str], per_term: np.ndarray) -> np.ndarray:
        """Spelling similarity kept only where it is a typo or the two terms mean the same (with
        no embedder: where neither has a word the other lacks)."""
        rows, columns = np.nonzero((per_term > 0) & (per_term < 100))
        pairs = [
            (r, c)
            for r, c in zip(rows.tolist(), columns.tolist(), strict=True)
            if not is_typo(normal[r], self.vocab[c])
        ]
        if not pairs:
            return per_term
        if self.encode is None:
            for r, c in pairs:
                if differs_by_words(normal[r], self.vocab[c]):
                    per_term[r, c] = 0.0
            return per_term
        # The whole vocabulary at once, the first time: the taxonomy's tags, computed once.
        meanings = self._meaning([*self.vocab, *normal])
        for r, c in pairs:
            if float(meanings[normal[r]] @ meanings[self.vocab[c]]) < SAME_MEANING:
                per_term[r, c] = 0.0
        return per_term

    def explain(self, position: int, queries: Sequence[str], per_term: np.ndarray) -> list[Reason]:
        """Why one expert matched: each query term with the expert term it matched and how."""
        lines = []
        for row, query in enumerate(queries):
            candidates = [(per_term[row, t.vocab], t) for t in self.terms[position]]
            if not candidates:
                continue
            score, term = max(candidates, key=lambda pair: (pair[0], pair[1].alias is None))
            if score <= 0:
                continue
            lines.append(describe(query, term, float(score)))
        return lines


def describe(query: str, term: Term, score: float) -> Reason:
    """One matched tag: "'invasive speceis' ≈ invasive species (typo-tolerant, 88)"."""
    matched = term.alias or term.tag
    rounded = round(score)
    if term.alias:
        if score >= 100:
            return Reason.of("tag_alias", query=query, matched=matched, tag=term.tag)
        return Reason.of(
            "tag_alias_similar", query=query, matched=matched, tag=term.tag, score=rounded
        )
    if query.casefold() == matched.casefold():
        return Reason.of("tag_exact", query=query, matched=matched)
    if score >= 100:
        return Reason.of("tag_reordered", query=query, matched=matched)
    if fuzz.token_sort_ratio(normalise_term(query), normalise_term(matched)) < score:
        return Reason.of("tag_partial", query=query, matched=matched, score=rounded)
    if score >= TYPO:
        return Reason.of("tag_typo", query=query, matched=matched, score=rounded)
    return Reason.of("tag_similar", query=query, matched=matched, score=rounded)
