"""Coverage gaps: the topics Parties ask for that the expert pool covers poorly.

The matcher scores every request of the period against the whole pool. Match scores are
absolute (they do not depend on who else is in the pool), so a request whose best score stays
below MATCH_WEAK_SCORE has nobody in the pool who fits it. Experts filtered out for the moment
(busy, unavailable, another language) still count as covering the topic: a gap is about
expertise the centre lacks, not about this week's load. The weak requests are grouped by tag and
by KMGBF target, the groups with the most weak requests first.
"""

import logging
from collections.abc import Iterable
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..experts.models import Expert
from ..extensions import db
from ..helpdesk.models import CooperationRequest
from ..matching.engine import RequestDoc
from ..matching.services import get_matcher, request_doc
from .period import Period, requests_in

logger = logging.getLogger(__name__)


def best_matches(docs: list[RequestDoc]) -> list[tuple[float, int | None]]:
    """Each need's best match score against the whole pool and that expert's id (0.0 and None
    when nobody can be scored): the measure of every coverage gap, of requests and of needs."""
    if not docs:
        return []
    matcher = get_matcher()
    ids = matcher.expert_ids
    results: list[tuple[float, int | None]] = []
    for doc in docs:
        scores, _filtered = matcher.scores(doc)
        if len(scores):
            best = int(scores.argmax())
            results.append((float(scores[best]), ids[best]))
        else:
            results.append((0.0, None))
    return results


def weak_threshold(threshold: float | None = None) -> float:
    """The best score below which nobody in the pool fits: MATCH_WEAK_SCORE unless given."""
    return float(current_app.config["MATCH_WEAK_SCORE"]) if threshold is None else threshold


def expert_names(ids: Iterable[int | None]) -> dict[int, str]:
    """The names of the experts with these ids."""
    wanted = {i for i in ids if i}
    return dict(
        db.session.execute(select(Expert.id, Expert.name).where(Expert.id.in_(wanted))).all()
    )


def best_scores(period: Period) -> list[tuple[CooperationRequest, float, int | None]]:
    """Every request submitted in the period with its best match score and that expert's id."""
    requests = db.session.scalars(
        select(CooperationRequest)
        .where(requests_in(period))
        .options(
            selectinload(CooperationRequest.tags),
            selectinload(CooperationRequest.targets),
            selectinload(CooperationRequest.language_rows),
            selectinload(CooperationRequest.party),
        )
        .order_by(CooperationRequest.submitted_at, CooperationRequest.id)
    ).all()
    scores = best_matches([request_doc(request) for request in requests])
    return [
        (request, score, expert) for request, (score, expert) in zip(requests, scores, strict=True)
    ]


def _row(request: CooperationRequest, score: float, expert: str) -> dict[str, Any]:
    return {
        "reference": request.reference,
        "title": request.title,
        "party": request.party_code,
        "best_score": round(score, 3),
        "best_expert": expert,
    }


def _ranked(groups: dict, key_fields) -> list[dict[str, Any]]:
    ranked = []
    for key, rows in groups.items():
        ranked.append(
            {
                **key_fields(key),
                "requests": len(rows),
                "average_best": round(sum(r["best_score"] for r in rows) / len(rows), 3),
                "items": rows,
            }
        )
    ranked.sort(
        key=lambda g: (-g["requests"], g["average_best"], str(g.get("tag", g.get("number"))))
    )
    return ranked


def find_coverage_gaps(period: Period, threshold: float | None = None) -> dict[str, Any]:
    """The requests of the period whose best match is below the threshold (MATCH_WEAK_SCORE by
    default), grouped by tag and by target, biggest gaps first."""
    threshold = weak_threshold(threshold)
    scored = best_scores(period)
    weak = [(r, s, e) for r, s, e in scored if s < threshold]
    names = expert_names(e for _, _, e in weak)
    by_tag: dict[str, list] = {}
    by_target: dict[tuple[int, str], list] = {}
    rows = []
    for request, score, expert_id in weak:
        row = _row(request, score, names.get(expert_id, ""))
        rows.append(row)
        for tag in request.tags:
            by_tag.setdefault(tag.name, []).append(row)
        for target in request.targets:
            by_target.setdefault((target.number, target.title), []).append(row)
    rows.sort(key=lambda r: r["best_score"])
    logger.info(
        "coverage gaps %s-%s: %d weak of %d", period.start, period.end, len(rows), len(scored)
    )
    return {
        "threshold": threshold,
        "requests_checked": len(scored),
        "weak_requests": len(rows),
        "requests": rows,
        "by_tag": _ranked(by_tag, lambda name: {"tag": name}),
        "by_target": _ranked(by_target, lambda key: {"number": key[0], "title": key[1]}),
    }
