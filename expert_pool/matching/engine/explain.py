"""Explaining a ranking: the parts of each expert's score and the evidence behind it, as
`Reason`s (a code and its values, English when printed). Only the experts returned are
explained (never the whole pool)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import fuzz, process

from .documents import Match, RequestDoc, filter_reasons
from .reasons import Reason

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
    notes: list[Reason]


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
        reasons.append(Reason.of("shared_targets", targets=shared))
    wanted = {x.casefold() for x in request.languages}
    common = sorted({x.casefold() for x in doc.languages} & wanted)
    if common:
        reasons.append(Reason.of("common_languages", languages=common))
    if doc.max_load is not None:
        reasons.append(Reason.of("load", load=doc.load, max_load=doc.max_load))
    else:
        reasons.append(Reason.of("load_unlimited", load=doc.load))
    excluded_because = filter_reasons(doc, request) if scored.filtered[position] else []
    return Match(
        expert_id=doc.id,
        score=float(scored.score[position]),
        components=components,
        reasons=reasons,
        filtered=bool(scored.filtered[position]),
        filter_reasons=excluded_because,
    )


def _evidence(matcher: Matcher, position: int, scored: Scored, request: RequestDoc) -> list[Reason]:
    """The publication closest in meaning to the request, and the closest bio sentence."""
    doc = matcher.docs[position]
    start, end = int(matcher.pub_ptr[position]), int(matcher.pub_ptr[position + 1])
    lines = []
    if end > start:
        cosines = scored.publication_cosines[start:end]
        best_pub = int(np.argmax(cosines))
        title = doc.publications[best_pub].get("title")
        similarity = round(float(cosines[best_pub]), 2)
        if title:
            lines.append(Reason.of("closest_publication", title=title, similarity=similarity))
        else:
            lines.append(Reason.of("closest_untitled_publication", similarity=similarity))
    sentences = [s for s in _SENTENCE.split(doc.bio or "") if s.strip()]
    if sentences and request.text:
        best = process.extractOne(
            request.text, sentences, scorer=fuzz.token_set_ratio, score_cutoff=40
        )
        if best is not None:
            lines.append(Reason.of("closest_bio_sentence", sentence=best[0].strip()))
    return lines
