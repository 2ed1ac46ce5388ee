"""The documents the engine works on: plain dataclasses, and the texts it embeds for them."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .reasons import Reason

ExpertId = Any


@dataclass
class ExpertDoc:
    """An expert as the matcher sees them.

    `vectors`, when given, are the cached normalised embeddings of `expert_texts(doc)`:
    row 0 the profile (all zeros when the profile text is empty), then one row per publication.
    """

    id: ExpertId
    name: str = ""
    tags: list[str] = field(default_factory=list)
    bio: str = ""
    publications: list[dict[str, str]] = field(default_factory=list)
    targets: list[int] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    country: str | None = None
    institution: str | None = None
    available: bool = True
    load: int = 0
    max_load: int | None = None
    vectors: np.ndarray | None = None


@dataclass
class RequestDoc:
    """A need to match: free text, tags, KMGBF targets, languages and the requester's institution.

    `excluded_expert_ids` and `conflicts` (expert id -> reason) are conflicts of interest
    declared by staff; both exclude the expert.
    """

    text: str = ""
    tags: list[str] = field(default_factory=list)
    targets: list[int] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    institution: str | None = None
    excluded_expert_ids: Collection[ExpertId] = field(default_factory=frozenset)
    conflicts: Mapping[ExpertId, str] = field(default_factory=dict)


@dataclass
class Match:
    """One ranked expert: an absolute score in [0, 1], its parts and the reasons behind it."""

    expert_id: ExpertId
    score: float
    components: dict[str, float] = field(default_factory=dict)
    reasons: list[Reason] = field(default_factory=list)
    filtered: bool = False
    filter_reasons: list[Reason] = field(default_factory=list)


def text_hash(text: str) -> str:
    """The SHA-256 hex digest of a text, the key under which its vector is cached."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _described(
    text: str | None,
    tags_heading: str,
    tags: Sequence[str],
    targets: Sequence[int],
    target_titles: Mapping[int, str] | None,
) -> str:
    """A free text, then its tags and the titles of its KMGBF targets, as one text to embed."""
    parts = [text.strip()] if text and text.strip() else []
    if tags:
        parts.append(f"{tags_heading}: " + ", ".join(tags) + ".")
    titles = [target_titles[t] for t in targets if target_titles and t in target_titles]
    if titles:
        parts.append("KMGBF targets: " + "; ".join(titles) + ".")
    return " ".join(parts)


def profile_text(expert: ExpertDoc, target_titles: Mapping[int, str] | None = None) -> str:
    """The text embedded for an expert's profile: bio, tags and the titles of their targets."""
    return _described(expert.bio, "Expertise", expert.tags, expert.targets, target_titles)


def publication_text(publication: Mapping[str, str]) -> str:
    """The text embedded for one publication: its title and abstract."""
    title = (publication.get("title") or "").strip()
    abstract = (publication.get("abstract") or "").strip()
    if title and abstract:
        return f"{title}. {abstract}"
    return title or abstract


def expert_texts(expert: ExpertDoc, target_titles: Mapping[int, str] | None = None) -> list[str]:
    """The texts behind the rows of `ExpertDoc.vectors`: the profile, then each publication."""
    return [profile_text(expert, target_titles)] + [
        publication_text(p) for p in expert.publications
    ]


def request_text(request: RequestDoc, target_titles: Mapping[int, str] | None = None) -> str:
    """The text embedded for a request: its text, tags and the titles of its targets."""
    return _described(request.text, "Topics", request.tags, request.targets, target_titles)


_LEGAL_FORMS = re.compile(r"\b(the|of|and|for|de|la|le|des|du)\b")


def normalise_institution(name: str | None) -> str:
    """A comparable form of an institution name: case, accents, punctuation and fillers removed."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode() or name
    text = re.sub(r"[^\w\s]", " ", text.casefold())
    text = _LEGAL_FORMS.sub(" ", text)
    return " ".join(text.split())


def filter_reasons(doc: ExpertDoc, request: RequestDoc) -> list[Reason]:
    """Why an expert is excluded for a request (availability, load, language, conflicts)."""
    reasons = []
    if not doc.available:
        reasons.append(Reason.of("unavailable"))
    if doc.max_load is not None and (doc.load or 0) >= doc.max_load:
        reasons.append(Reason.of("full_load", load=doc.load or 0, max_load=doc.max_load))
    wanted = {x.casefold() for x in request.languages}
    speaks = {x.casefold() for x in doc.languages}
    if wanted and speaks and not wanted & speaks:
        reasons.append(
            Reason.of("no_common_language", speaks=sorted(speaks), wanted=sorted(wanted))
        )
    institution = normalise_institution(request.institution)
    if institution and institution == normalise_institution(doc.institution):
        reasons.append(Reason.of("same_institution", institution=doc.institution))
    if request.conflicts.get(doc.id):
        reasons.append(Reason.of("declared_conflict", reason=request.conflicts[doc.id]))
    elif doc.id in request.conflicts or doc.id in set(request.excluded_expert_ids):
        reasons.append(Reason.of("declared_conflict_unexplained"))
    return reasons
