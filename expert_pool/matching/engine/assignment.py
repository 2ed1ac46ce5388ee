"""Beyond one request: batch assignment under load limits, and complementary teams.

Batch: propose experts for many open requests at once, maximising the total score.

This is a transportation (min-cost flow) problem: request r wants up to `per_request[r]`
experts, expert e can take `capacity[e]` more requests, and a pair (r, e) is used at most once.
Its constraint matrix is totally unimodular, so SciPy's HiGHS (`scipy.optimize.milp`) solves it
exactly. (`linear_sum_assignment` on a matrix of expanded slots could give one request the
same expert twice.) Only each request's best `candidates` unfiltered experts are considered.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from .documents import ExpertDoc, Match, RequestDoc
from .embedding import Embedder
from .explain import explain
from .ranker import Matcher
from .reasons import Reason

logger = logging.getLogger(__name__)


@dataclass
class Proposal:
    """The experts proposed for one request (best first) and the next best as alternates."""

    request_index: int
    experts: list[Match] = field(default_factory=list)
    alternates: list[Match] = field(default_factory=list)

    @property
    def total(self) -> float:
        """The sum of the proposed experts' scores."""
        return sum(m.score for m in self.experts)


def assign_batch(
    requests: Sequence[RequestDoc],
    experts: Matcher | Sequence[ExpertDoc],
    per_request: int | Sequence[int] = 1,
    max_load: int | None = None,
    *,
    embedder: Embedder | str | None = "default",
    alternates: int = 2,
    candidates: int = 30,
    min_score: float = 0.0,
) -> list[Proposal]:
    """Propose experts for many requests at once, maximising the total score.

    Each expert gets at most (max_load, or their own max_load) minus their current load new
    requests; filtered experts (unavailable, no common language, conflicts) are never proposed.
    """
    matcher = experts if isinstance(experts, Matcher) else Matcher(experts, embedder=embedder)
    wants = [per_request] * len(requests) if isinstance(per_request, int) else list(per_request)
    if len(wants) != len(requests):
        raise ValueError("per_request needs one number per request")
    ranked = [matcher.rank(r, k=candidates) for r in requests]
    pairs = [(r, m) for r, matches in enumerate(ranked) for m in matches if m.score > min_score]
    chosen = _solve(pairs, wants, _capacities(matcher, pairs, len(requests), max_load))
    proposals = [Proposal(request_index=r) for r in range(len(requests))]
    for (r, match), is_chosen in zip(pairs, chosen, strict=True):
        if is_chosen:
            proposals[r].experts.append(match)
    for r, matches in enumerate(ranked):
        taken = {m.expert_id for m in proposals[r].experts}
        proposals[r].alternates = [m for m in matches if m.expert_id not in taken][:alternates]
    logger.info(
        "batch assignment: %d requests, %d pairs proposed",
        len(requests),
        int(chosen.sum()),
    )
    return proposals


def _capacities(
    matcher: Matcher, pairs: list[tuple[int, Match]], requests: int, max_load: int | None
) -> dict[str, int]:
    """How many more requests each expert of `pairs` may take (their limit minus their load)."""
    capacity = {}
    for _, match in pairs:
        doc = matcher.docs[matcher._position[match.expert_id]]
        limit = doc.max_load if max_load is None else max_load
        capacity[match.expert_id] = requests if limit is None else max(limit - (doc.load or 0), 0)
    return capacity


def _solve(
    pairs: list[tuple[int, Match]], wants: list[int], capacity: dict[str, int]
) -> np.ndarray:
    """Which (request, match) pairs to choose: the integer programme maximising the total score
    with at most `wants[r]` experts per request and `capacity[e]` requests per expert."""
    from scipy.optimize import Bounds, LinearConstraint, milp  # slow to import; only here

    if not pairs:
        return np.zeros(0, dtype=bool)
    experts = list(capacity)
    column = {expert_id: i for i, expert_id in enumerate(experts)}
    n = len(pairs)
    rows = np.arange(n)
    by_request = sparse.csr_matrix(
        (np.ones(n), ([r for r, _ in pairs], rows)), shape=(len(wants), n)
    )
    by_expert = sparse.csr_matrix(
        (np.ones(n), ([column[m.expert_id] for _, m in pairs], rows)), shape=(len(experts), n)
    )
    result = milp(
        c=-np.array([m.score for _, m in pairs]),
        constraints=[
            LinearConstraint(by_request, -math.inf, np.array(wants, dtype=float)),
            LinearConstraint(by_expert, -math.inf, np.array(list(capacity.values()), dtype=float)),
        ],
        integrality=np.ones(n),
        bounds=Bounds(0, 1),
    )
    if result.x is None:
        raise RuntimeError(f"assignment solver failed: {result.message}")
    return result.x > 0.5


def suggest_team(
    matcher: Matcher, request: RequestDoc, size: int = 3, candidates: int = 30
) -> list[Match]:
    """Complementary experts that together cover the request's tags (greedy, score-weighted).

    Each step adds the candidate whose score times the coverage it adds is largest; when no
    candidate adds coverage (or the request has no tags) the best remaining score wins.
    """
    scored = matcher._score(request)
    pool = Matcher._top(scored.score, ~scored.filtered, candidates)
    tags = list(dict.fromkeys(request.tags))
    coverage = np.zeros((len(pool), 0))
    if tags:
        coverage = scored.per_query[: len(tags)][:, pool].T / 100.0
    covered = np.zeros(len(tags))
    chosen: list[int] = []
    for _ in range(min(size, len(pool))):
        gains = np.maximum(coverage - covered, 0.0).sum(axis=1)
        gains[chosen] = -1.0
        value = gains * scored.score[pool]
        if len(tags) and value.max() > 0:
            pick = int(np.argmax(value))
        else:
            remaining = [i for i in range(len(pool)) if i not in chosen]
            pick = remaining[0]
        chosen.append(pick)
        covered = np.maximum(covered, coverage[pick])
    team = []
    for pick in chosen:
        match = explain(matcher, pool[pick], scored, request)
        covers = [tag for tag, value in zip(tags, coverage[pick], strict=True) if value > 0]
        if covers:
            match.reasons.insert(0, Reason.of("team_covers", tags=covers))
        team.append(match)
    uncovered = [tag for tag, value in zip(tags, covered, strict=True) if value == 0]
    if uncovered and team:
        team[-1].reasons.append(Reason.of("team_uncovered", tags=uncovered))
    return team
