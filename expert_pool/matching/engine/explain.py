"""Explaining a ranking: the parts of each expert's score and the evidence behind it, in
sentences a person can read. Only the experts returned are explained (never the whole pool)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import fuzz, process

from .documents import Match, RequestDoc, filter_reasons

if TYPE_CHECKING:
    from .ranker import Matcher

_SENTENCE = re.compile(r"(?<=[.!?。！？])\s+")


@dataclass
class Scored:
    """The whole pool's scores for one request (numpy arrays, one entry per expert)."""

    score: np.ndarray
    embedding: np.ndarray | None
    cosine: np.ndarray | None
    fuzzy: np.ndarray | None
    per_query: np.ndarray | None
    per_term: np.ndarray | None
    queries: list[str]
    filtered: np.ndarray
    publication_cosines: np.ndarray | None
    notes: list[str]


def explain(matcher: Matcher, position: int, scored: Scored, request: RequestDoc) -> Match:
    """The `Match` of the expert at `position`: score, its parts and the reasons."""
    doc = matcher.docs[position]
    components = {}
    if scored.embedding is not None:
        components["embedding"] = round(float(scored.embedding[position]), 6)
        components["cosine"] = round(float(scored.cosine[position]), 6)
    if scored.fuzzy is not None:
        components["fuzzy"] = round(float(scored.fuzzy[position]), 6)
    reasons = list(scored.notes)
    if scored.per_query is not None:
        reasons += matcher.fuzzy.explain(position, scored.queries, scored.per_term)
    if scored.embedding is not None:
        reasons += _evidence(matcher, position, scored, request)
    shared = sorted(set(doc.targets) & set(request.targets))
    if shared:
        reasons.append("Shared KMGBF targets: " + ", ".join(str(t) for t in shared) + ".")
    wanted = {x.casefold() for x in request.languages}
    common = sorted({x.casefold() for x in doc.languages} & wanted)
    if common:
        reasons.append("Languages in common: " + ", ".join(common) + ".")
    if doc.max_load is not None:
        reasons.append(f"Current load: {doc.load} of {doc.max_load}.")
    else:
        reasons.append(f"Current load: {doc.load}.")
    excluded_because = filter_reasons(doc, request) if scored.filtered[position] else []
    return Match(
        expert_id=doc.id,
        score=float(scored.score[position]),
        components=components,
        reasons=reasons,
        filtered=bool(scored.filtered[position]),
        filter_reasons=excluded_because,
    )


def _evidence(matcher: Matcher, position: int, scored: Scored, request: RequestDoc) -> list[str]:
    """The publication closest in meaning to the request, and the closest bio sentence."""
    doc = matcher.docs[position]
    start, end = int(matcher.pub_ptr[position]), int(matcher.pub_ptr[position + 1])
    lines = []
    if end > start:
        cosines = scored.publication_cosines[start:end]
        best_pub = int(np.argmax(cosines))
        title = doc.publications[best_pub].get("title") or "(untitled)"
        lines.append(f"Closest publication: '{title}' (similarity {cosines[best_pub]:.2f}).")
    sentences = [s for s in _SENTENCE.split(doc.bio or "") if s.strip()]
    if sentences and request.text:
        best = process.extractOne(
            request.text, sentences, scorer=fuzz.token_set_ratio, score_cutoff=40
        )
        if best is not None:
            lines.append(f"Closest bio sentence: '{best[0].strip()}'")
    return lines
