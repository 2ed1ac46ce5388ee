"""The needs assessment of a period, computed here and nowhere else: the page, its XLSX and HTML
exports and the API all show these figures.

Per Party and KMGBF target, three sources give a priority on one scale (high 3, medium 2, low 1;
a questionnaire may also say "not a priority", 0):

- the questionnaire: the Party's latest response submitted in the period, the highest rating
  it gave the target;
- the desk review: the highest priority of the Party's findings recorded in the period that
  name the target;
- the requests: the Party's requests submitted in the period that name the target (one is a
  medium priority, REQUESTS_FOR_HIGH or more a high one; none says nothing).

A cell's priority is the mean of the sources that speak of it; its agreement is "agree" when
they give the same level, "partly" when they are one level apart, "differ" when further, and
"single" when only one source speaks. A cell of priority medium or more is a need. A need of at
least COMMON_PARTIES of the served Parties is a common need; a need of only one Party is
country-specific. The gaps are the needed targets for which the pool has nobody: the coverage-gap
measure of the reports (reports/gaps.py) applied to a need made of the target's wording and the
topics and passages of its findings.
"""

import logging
from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..database import utcnow
from ..dates import Period
from ..extensions import db
from ..helpdesk.models import CooperationRequest
from ..matching.engine import RequestDoc
from ..reports.gaps import best_matches_of, expert_names, weak_threshold
from ..reports.period import requests_in
from ..taxonomy.models import Party, Target
from ..taxonomy.names import target_title
from .models import PRIORITIES, RATINGS, Finding, Response

logger = logging.getLogger(__name__)

REQUESTS_FOR_HIGH = 2
NEED_LEVEL = 2
COMMON_PARTIES = 2
SOURCES = ("questionnaire", "desk_review", "requests")


def _questionnaire(period: Period) -> tuple[dict, dict, int]:
    """The levels per (party, target) and per (party, thematic area) of each Party's latest
    response submitted in the period, and how many Parties answered."""
    responses = db.session.scalars(
        select(Response)
        .where(
            Response.status == "submitted",
            Response.submitted_at >= period.since,
            Response.submitted_at < period.until,
        )
        .options(selectinload(Response.answers))
        .order_by(Response.submitted_at, Response.id)
    ).all()
    latest = {response.party_code: response for response in responses}
    targets: dict[tuple[str, int], int] = {}
    areas: dict[tuple[str, str], int] = {}
    for party, response in latest.items():
        kinds = {q.id: q.kind for q in response.round.version.questions}
        for answer in response.answers:
            kind = kinds.get(answer.question_id)
            if kind == "target_priority":
                key = (party, int(answer.item))
                targets[key] = max(targets.get(key, 0), RATINGS[answer.value])
            elif kind == "area_priority":
                key = (party, answer.item)
                areas[key] = max(areas.get(key, 0), RATINGS[answer.value])
    return targets, areas, len(latest)


def _findings(period: Period) -> list[Finding]:
    return list(
        db.session.scalars(
            select(Finding)
            .where(Finding.created_at >= period.since, Finding.created_at < period.until)
            .options(selectinload(Finding.targets), selectinload(Finding.tags))
            .order_by(Finding.id)
        )
    )


def _desk_review(findings: list[Finding]) -> dict[tuple[str, int], int]:
    levels: dict[tuple[str, int], int] = {}
    for finding in findings:
        for target in finding.targets:
            key = (finding.party_code, target.number)
            levels[key] = max(levels.get(key, 0), PRIORITIES[finding.priority])
    return levels


def _requests(period: Period) -> tuple[dict[tuple[str, int], int], int]:
    """How many requests each Party submitted in the period per target, and how many in all."""
    requests = db.session.scalars(
        select(CooperationRequest)
        .where(requests_in(period))
        .options(selectinload(CooperationRequest.targets))
    ).all()
    counts: dict[tuple[str, int], int] = defaultdict(int)
    for request in requests:
        for target in request.targets:
            counts[(request.party_code, target.number)] += 1
    return dict(counts), len(requests)


def request_level(count: int) -> int | None:
    """The priority the requests received give a target: none, medium, or high."""
    if count <= 0:
        return None
    return PRIORITIES["high"] if count >= REQUESTS_FOR_HIGH else PRIORITIES["medium"]


def agreement(levels: list[int]) -> str:
    """How far the sources that speak of a cell agree: agree, partly, differ, or single."""
    if len(levels) < 2:
        return "single"
    spread = max(levels) - min(levels)
    return "agree" if spread == 0 else "partly" if spread == 1 else "differ"


def _gaps(
    needed: dict[int, list[str]], titles: dict[int, Target], findings: list[Finding], threshold
) -> dict[str, Any]:
    numbers = sorted(needed)
    docs = []
    for number in numbers:
        about = [f for f in findings if number in {t.number for t in f.targets}]
        target = titles[number]
        text = "\n".join([target.title, target.description, *(f.passage for f in about)])
        tags = list(dict.fromkeys(tag.name for f in about for tag in f.tags))
        docs.append(RequestDoc(text=text, tags=tags, targets=[number]))
    scores = best_matches_of(docs)
    names = expert_names(expert for _score, expert in scores)
    items = [
        {
            "target": number,
            "title": target_title(titles[number]),
            "parties": needed[number],
            "best_score": round(score, 3),
            "best_expert": names.get(expert, "") if expert else "",
        }
        for number, (score, expert) in zip(numbers, scores, strict=True)
        if score < threshold
    ]
    items.sort(key=lambda item: (-len(item["parties"]), item["best_score"], item["target"]))
    return {"threshold": threshold, "needs_checked": len(numbers), "items": items}


def compute_assessment(
    period: Period,
    *,
    gaps: bool = True,
    threshold: float | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Every figure of the needs assessment of a period (JSON-ready)."""
    questionnaire, areas, answered = _questionnaire(period)
    findings = _findings(period)
    desk = _desk_review(findings)
    counts, request_total = _requests(period)
    titles = {t.number: t for t in db.session.scalars(select(Target))}
    served = list(
        db.session.scalars(select(Party.code).where(Party.is_served.is_(True)).order_by(Party.code))
    )
    cells = []
    for party, number in sorted(set(questionnaire) | set(desk) | set(counts)):
        levels = {
            "questionnaire": questionnaire.get((party, number)),
            "desk_review": desk.get((party, number)),
            "requests": request_level(counts.get((party, number), 0)),
        }
        present = [level for level in levels.values() if level is not None]
        combined = round(sum(present) / len(present), 2)
        cells.append(
            {
                "party": party,
                "target": number,
                **levels,
                "request_count": counts.get((party, number), 0),
                "sources": len(present),
                "combined": combined,
                "agreement": agreement(present),
                "is_need": combined >= NEED_LEVEL,
            }
        )
    needed: dict[int, list[str]] = defaultdict(list)
    for cell in cells:
        if cell["is_need"]:
            needed[cell["target"]].append(cell["party"])
    by_cell = {(c["party"], c["target"]): c for c in cells}
    common = []
    specific = []
    for number, parties in sorted(needed.items()):
        served_parties = [p for p in parties if p in served]
        average = round(sum(by_cell[(p, number)]["combined"] for p in parties) / len(parties), 2)
        row = {
            "target": number,
            "title": target_title(titles[number]),
            "parties": parties,
            "average": average,
        }
        if len(served_parties) >= COMMON_PARTIES:
            common.append(row)
        elif len(parties) == 1:
            specific.append({**row, "party": parties[0]})
    common.sort(key=lambda r: (-len(r["parties"]), -r["average"], r["target"]))
    specific.sort(key=lambda r: (r["party"], -r["average"], r["target"]))
    tally = dict.fromkeys(("agree", "partly", "differ", "single"), 0)
    for cell in cells:
        tally[cell["agreement"]] += 1
    figures = {
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat()},
        "as_of": (now or utcnow()).replace(microsecond=0).isoformat(),
        "served_parties": served,
        "sources": {
            "responses": answered,
            "findings": len(findings),
            "requests": request_total,
        },
        "cells": cells,
        "agreement": tally,
        "common": common,
        "specific": specific,
        "areas": [
            {"party": party, "area": area, "level": level}
            for (party, area), level in sorted(areas.items())
        ],
        "gaps": _gaps(needed, titles, findings, weak_threshold(threshold)) if gaps else None,
    }
    logger.info(
        "needs assessment %s-%s: %d cells, %d needs",
        period.start,
        period.end,
        len(cells),
        sum(len(p) for p in needed.values()),
    )
    return figures
