"""Batch assignment under load limits, and complementary teams."""

from collections import Counter

import numpy as np

from expert_pool.matching import ExpertDoc, Matcher, RequestDoc, assign_batch, suggest_team


def greedy_total(matcher, requests, capacity):
    left = dict(capacity)
    total = 0.0
    for request in requests:
        for match in matcher.rank(request, k=None):
            if left[match.expert_id] > 0 and match.score > 0:
                left[match.expert_id] -= 1
                total += match.score
                break
    return total


def test_batch_beats_greedy_on_a_contested_expert(make_expert):
    experts = [
        make_expert("x", ["wetland restoration", "peatlands", "mangroves"], max_load=1),
        make_expert("y", ["wetland restoration"], max_load=1),
    ]
    matcher = Matcher(experts, embedder=None)
    requests = [
        RequestDoc(tags=["wetland restoration", "peatlands"]),
        RequestDoc(tags=["mangroves"]),
    ]
    proposals = assign_batch(requests, matcher, per_request=1)
    assert [[m.expert_id for m in p.experts] for p in proposals] == [["y"], ["x"]]
    batch = sum(p.total for p in proposals)
    assert batch == 1.5
    assert batch > greedy_total(matcher, requests, {"x": 1, "y": 1}) == 1.0
    assert [m.expert_id for m in proposals[0].alternates] == ["x"]


def test_batch_respects_every_load_limit(make_expert):
    rng = np.random.default_rng(3)
    topics = ["coral reefs", "seed banks", "wetland restoration", "invasive species", "forests"]
    experts = [
        make_expert(
            i,
            list(rng.choice(topics, size=2, replace=False)),
            load=int(rng.integers(0, 2)),
            max_load=int(rng.integers(1, 4)),
        )
        for i in range(12)
    ]
    requests = [RequestDoc(tags=list(rng.choice(topics, size=2, replace=False))) for _ in range(15)]
    wants = [int(w) for w in rng.integers(1, 3, size=len(requests))]
    matcher = Matcher(experts, embedder=None)
    proposals = assign_batch(requests, matcher, per_request=wants, max_load=None)
    used = Counter(m.expert_id for p in proposals for m in p.experts)
    for doc in experts:
        assert used[doc.id] <= doc.max_load - doc.load
    for proposal, want in zip(proposals, wants, strict=True):
        ids = [m.expert_id for m in proposal.experts]
        assert len(ids) <= want and len(set(ids)) == len(ids)
    capacity = {doc.id: doc.max_load - doc.load for doc in experts}
    one_each = assign_batch(requests, matcher, per_request=1)
    assert sum(p.total for p in one_each) >= greedy_total(matcher, requests, capacity) - 1e-9
    capped = assign_batch(requests, matcher, per_request=wants, max_load=1)
    assert max(Counter(m.expert_id for p in capped for m in p.experts).values()) == 1


def test_suggest_team_covers_the_request_tags(pool):
    matcher = Matcher(pool, embedder=None)
    request = RequestDoc(tags=["coral reefs", "invasive species", "seed banks"])
    team = suggest_team(matcher, request, size=3)
    assert {m.expert_id for m in team} == {2, 3, 4}
    assert all(str(m.reasons[0]).startswith("Covers for the team: ") for m in team)
    pair = suggest_team(matcher, request, size=2)
    assert str(pair[-1].reasons[-1]).startswith("Not covered by this team: ")


def test_an_empty_pool_proposes_nobody_and_then_grows(embedder):
    """A centre that has not registered its first expert yet gets empty answers, not an error,
    and the first expert added is found."""
    matcher = Matcher([], embedder=embedder)
    request = RequestDoc(
        text="Restoring mangroves", tags=["mangrove restoration"], languages=["en"]
    )
    assert matcher.rank(request, include_filtered=True) == []
    assert suggest_team(matcher, request) == []
    assert [p.experts for p in assign_batch([request], matcher, embedder=embedder)] == [[]]
    matcher.update_expert(
        ExpertDoc(id=7, name="First", tags=["mangrove restoration"], languages=["en"])
    )
    assert [m.expert_id for m in matcher.rank(request)] == [7]
