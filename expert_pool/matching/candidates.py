"""Candidates: the matcher's ranked experts with what staff need to decide (the expert's
situation), and their reasons said in the interface language for the pages and the API."""

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from ..experts.models import Expert
from ..extensions import db
from ..helpdesk.loads import current_loads
from .engine import Match, Reason
from .wording import reason_text


@dataclass
class Candidate:
    """A ranked expert with what staff need to decide: the match and the expert's situation."""

    rank: int
    expert_id: int
    name: str
    affiliation: str
    country: str
    score: float
    components: dict[str, float]
    reasons: list[Reason]
    load: int
    max_load: int
    availability: str
    filtered: bool = False
    filter_reasons: list[Reason] = field(default_factory=list)
    invited: bool = False

    def as_dict(self) -> dict[str, Any]:
        """The API's shape of a match, its reasons in the interface language and as codes."""
        return {
            "expert_id": self.expert_id,
            "name": self.name,
            "score": round(self.score, 4),
            "components": {k: round(float(v), 4) for k, v in self.components.items()},
            "reasons": [reason_text(r) for r in self.reasons],
            "reason_codes": [r.code for r in self.reasons],
            "rank": self.rank,
            "affiliation": self.affiliation,
            "country": self.country,
            "load": self.load,
            "max_load": self.max_load,
            "availability": self.availability,
            "filtered": self.filtered,
            "filter_reasons": [reason_text(r) for r in self.filter_reasons],
            "filter_reason_codes": [r.code for r in self.filter_reasons],
        }


def candidates_from(matches: list[Match], invited: set[int] = frozenset()) -> list[Candidate]:
    """The engine's matches with each expert's situation, ranked 1, 2 ... in their order."""
    experts = {
        e.id: e
        for e in db.session.scalars(
            select(Expert).where(Expert.id.in_([m.expert_id for m in matches]))
        )
    }
    loads = current_loads()
    return [
        Candidate(
            rank=position,
            expert_id=match.expert_id,
            name=experts[match.expert_id].name,
            affiliation=experts[match.expert_id].affiliation,
            country=experts[match.expert_id].country_code,
            score=float(match.score),
            components=dict(match.components),
            reasons=list(match.reasons),
            load=loads.get(match.expert_id, 0),
            max_load=experts[match.expert_id].max_assignments,
            availability=experts[match.expert_id].availability,
            filtered=match.filtered,
            filter_reasons=list(match.filter_reasons),
            invited=match.expert_id in invited,
        )
        for position, match in enumerate(matches, start=1)
    ]


def language_notice(candidates: list[Candidate] | None) -> str | None:
    """The ranking's warning that no model reads the request's language, in the interface
    language; None when the text was read."""
    for candidate in candidates or []:
        for reason in candidate.reasons:
            if reason.code == "unsupported_language":
                return reason_text(reason)
    return None
