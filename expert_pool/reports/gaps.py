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
from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from ..database import INSERT_BATCH, insert_missing, utcnow
from ..dates import Period
from ..experts.models import Expert
from ..extensions import db
from ..helpdesk.models import CooperationRequest
from ..matching.engine import RequestDoc
from ..matching.services import best_matches, get_matcher, score_keys
from .models import GapScore
from .period import requests_in

logger = logging.getLogger(__name__)


def best_matches_of(docs: list[RequestDoc]) -> list[tuple[float, int | None]]:
    """Each document's best match score against the whole pool and that expert's id (0.0 and
    None when nobody can be scored): the measure of the needs' coverage gaps, as
    `best_matches` is of the requests'."""
    return get_matcher().best_of(docs) if docs else []


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
    """Every request submitted in the period with its best match score and that expert's id.

    Scores are kept in `gap_scores` under their key (the request's text, tags and targets, the
    pool's profiles and taxonomy, the model and weights): only the requests whose key changed
    are scored, all in one batch, and stored in a session of their own, for every process."""
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
    if not requests:
        return []
    keys = dict(zip((r.id for r in requests), score_keys(requests), strict=True))
    kept = {
        row.request_id: (row.best_score, row.expert_id)
        for row in db.session.scalars(
            select(GapScore).join(CooperationRequest).where(requests_in(period))
        )
        if row.key == keys[row.request_id]
    }
    stale = [r for r in requests if r.id not in kept]
    if stale:
        scored = best_matches(stale)
        kept.update(zip((r.id for r in stale), scored, strict=True))
        _keep(stale, scored, keys)
        logger.info("coverage gaps: %d of %d requests scored", len(stale), len(requests))
    return [(r, *kept[r.id]) for r in requests]


def _keep(requests: list[CooperationRequest], scored, keys: dict[int, str]) -> None:
    rows = [
        {"request_id": r.id, "key": keys[r.id], "best_score": score, "expert_id": expert}
        for r, (score, expert) in zip(requests, scored, strict=True)
    ]
    with Session(db.engine) as writer:
        ids = [row["request_id"] for row in rows]
        for start in range(0, len(ids), INSERT_BATCH):
            chunk = ids[start : start + INSERT_BATCH]
            writer.execute(delete(GapScore).where(GapScore.request_id.in_(chunk)))
        insert_missing(writer, GapScore, rows)
        writer.commit()


def refresh_gap_scores(today: date | None = None) -> int:
    """Score the requests of the default period whose kept score is out of date (the worker's
    job, so that the page finds them ready); how many requests the period holds."""
    return len(best_scores(Period.biennium(today or utcnow().date())))


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
