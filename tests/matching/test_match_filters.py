"""Constraints: availability, load, language and conflicts of interest, each with its reason."""

import pytest

from expert_pool.matching import Matcher, RequestDoc


def said(reasons):
    return [str(reason) for reason in reasons]


def rank_ids(experts, request, include_filtered=False):
    matcher = Matcher(experts, embedder=None)
    return matcher.rank(request, k=None, include_filtered=include_filtered)


def test_unavailable_expert_is_filtered_with_reason(make_expert):
    experts = [make_expert(1, ["coral reefs"], available=False), make_expert(2, ["coral reefs"])]
    request = RequestDoc(tags=["coral reefs"])
    assert [m.expert_id for m in rank_ids(experts, request)] == [2]
    matches = rank_ids(experts, request, include_filtered=True)
    assert [(m.expert_id, m.filtered) for m in matches] == [(2, False), (1, True)]
    assert said(matches[1].filter_reasons) == ["Not available."]


def test_overloaded_expert_is_filtered_with_reason(make_expert):
    experts = [
        make_expert(1, ["coral reefs"], load=3, max_load=3),
        make_expert(2, ["coral reefs"], load=2, max_load=3),
    ]
    matches = rank_ids(experts, RequestDoc(tags=["coral reefs"]), include_filtered=True)
    assert [m.expert_id for m in matches if not m.filtered] == [2]
    assert said(matches[-1].filter_reasons) == ["At full load (3 of 3)."]
    assert "Current load: 2 of 3." in said(matches[0].reasons)


def test_language_mismatch_is_filtered(make_expert):
    experts = [
        make_expert(1, ["seed banks"], languages=["fr"]),
        make_expert(2, ["seed banks"], languages=["zh", "en"]),
        make_expert(3, ["seed banks"], languages=[]),
    ]
    matches = rank_ids(experts, RequestDoc(tags=["seed banks"], languages=["zh"]), True)
    assert {m.expert_id: m.filtered for m in matches} == {1: True, 2: False, 3: False}
    french = next(m for m in matches if m.expert_id == 1)
    assert said(french.filter_reasons) == ["No language in common (speaks fr; request in zh)."]
    assert "Languages in common: zh." in said(next(m for m in matches if m.expert_id == 2).reasons)


def test_a_language_nobody_speaks_filters_everyone_who_lists_languages(make_expert):
    experts = [
        make_expert(1, ["seed banks"], languages=["fr"]),
        make_expert(2, ["seed banks"], languages=[]),
    ]
    matches = rank_ids(experts, RequestDoc(tags=["seed banks"], languages=["km"]), True)
    assert {m.expert_id: m.filtered for m in matches} == {1: True, 2: False}
    assert said(next(m for m in matches if m.expert_id == 1).filter_reasons) == [
        "No language in common (speaks fr; request in km)."
    ]


@pytest.mark.parametrize(
    ("requester", "is_conflict"),
    [
        ("Mekong Wetlands Institute", True),
        ("the mekong wetlands institute.", True),
        ("Mekong-Wetlands  Institute", True),
        ("Mekong Wetlands Institute of Technology", False),
    ],
)
def test_same_institution_is_a_conflict_of_interest(make_expert, requester, is_conflict):
    experts = [
        make_expert(1, ["wetland restoration"], institution="Mekong Wetlands Institute"),
        make_expert(2, ["wetland restoration"], institution="Royal University of Phnom Penh"),
    ]
    request = RequestDoc(tags=["wetland restoration"], institution=requester)
    matches = rank_ids(experts, request, include_filtered=True)
    conflicted = [m for m in matches if m.filtered]
    if is_conflict:
        assert [m.expert_id for m in matches] == [2, 1]
        assert [m.expert_id for m in conflicted] == [1]
        assert said(conflicted[0].filter_reasons) == [
            "Conflict of interest: same institution as the requester (Mekong Wetlands Institute)."
        ]
    else:
        assert conflicted == []


def test_conflicts_declared_by_staff_exclude(make_expert):
    experts = [make_expert(i, ["coral reefs"]) for i in (1, 2, 3)]
    request = RequestDoc(
        tags=["coral reefs"], excluded_expert_ids={1}, conflicts={2: "co-author of the proposal"}
    )
    matches = rank_ids(experts, request, include_filtered=True)
    assert [m.expert_id for m in matches if not m.filtered] == [3]
    reasons = {m.expert_id: said(m.filter_reasons) for m in matches if m.filtered}
    assert reasons == {
        1: ["Conflict of interest declared by staff."],
        2: ["Conflict of interest declared by staff: co-author of the proposal"],
    }
