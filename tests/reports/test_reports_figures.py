"""The figures of the hand-counted world (tests/reports/conftest.py), counted by hand.

Requests submitted in 2025: R1 KHM technical (targets 2, 3) closed with rating 5; R2 KHM
capacity building (3) delivered; R3 NPL knowledge product (21) closed with rating 3; R4 NPL
technical (2) declined; R5 KHM other (2) still waiting for screening. A 2024 request and a draft
are not counted.
"""

from datetime import date

import pytest

from expert_pool.dates import Period
from expert_pool.exceptions import ValidationError
from expert_pool.reports.figures import compute_figures
from expert_pool.reports.period import percentile
from tests.reports.conftest import NOW

YEAR = Period(date(2025, 1, 1), date(2025, 12, 31))


@pytest.fixture
def figures(report_world):
    return compute_figures(YEAR, now=NOW)


def test_requests_by_status_party_target_and_type(figures):
    assert figures["total"] == 5
    assert figures["answered"] == 3
    assert figures["by_status"] == {
        "submitted": 1,
        "info_requested": 0,
        "accepted": 0,
        "in_progress": 0,
        "delivered": 1,
        "closed": 2,
        "declined": 1,
        "withdrawn": 0,
    }
    assert [(p["code"], p["total"], p["answered"]) for p in figures["by_party"]] == [
        ("KHM", 3, 2),
        ("NPL", 2, 1),
    ]
    assert [(t["number"], t["total"], t["answered"]) for t in figures["by_target"]] == [
        (2, 3, 1),
        (3, 2, 2),
        (21, 1, 1),
    ]
    assert {t["type"]: (t["total"], t["answered"]) for t in figures["by_type"]} == {
        "technical_consultation": (2, 1),
        "capacity_building": (1, 1),
        "knowledge_product": (1, 1),
        "technology_transfer": (0, 0),
        "other": (1, 0),
    }


def test_response_times_are_medians_and_90th_percentiles_in_days(figures):
    # screening 1, 2, 3, 4 days (R3's question counts as screened); first invitation 4 and 7;
    # an expert's acceptance 5 and 14; delivery 7, 10 and 30.
    assert figures["response_times"] == [
        {"step": "screening", "count": 4, "median_days": 2.5, "p90_days": 3.7},
        {"step": "first_invitation", "count": 2, "median_days": 5.5, "p90_days": 6.7},
        {"step": "expert_acceptance", "count": 2, "median_days": 9.5, "p90_days": 13.1},
        {"step": "delivery", "count": 3, "median_days": 10.0, "p90_days": 26.0},
    ]


def test_overdue_trend_and_satisfaction(figures):
    assert figures["overdue"] == {
        "screening": 1,
        "first_invitation": 0,
        "expert_answer": 0,
        "total": 1,
    }
    months = {m["month"]: (m["submitted"], m["delivered"]) for m in figures["by_month"]}
    assert len(months) == 12
    assert months["2025-01"] == (1, 1)
    assert months["2025-02"] == (1, 0)
    assert months["2025-03"] == (2, 2)
    assert months["2025-04"] == (1, 0)
    assert sum(s for s, _ in months.values()) == 5
    assert figures["satisfaction"] == {
        "rated": 2,
        "average": 4.0,
        "distribution": {"1": 0, "2": 0, "3": 1, "4": 0, "5": 1},
    }


def test_experts_engaged_and_load(figures):
    engaged = figures["experts_engaged"]
    rows = {
        e["name"]: (e["invited"], e["worked"], e["completed"], e["declined"])
        for e in engaged["rows"]
    }
    assert rows == {"Dara Sok": (2, 1, 1, 1), "Mei Lin": (1, 1, 0, 0)}
    assert [e["name"] for e in engaged["most_engaged"]] == ["Dara Sok", "Mei Lin"]
    assert [e["name"] for e in engaged["least_engaged"]] == ["Zoe Quiet", "Mei Lin", "Dara Sok"]
    assert (engaged["invited_experts"], engaged["working_experts"], engaged["never_invited"]) == (
        2,
        2,
        1,
    )
    load = figures["expert_load"]
    assert (load["experts"], load["assignments"], load["capacity"]) == (3, 1, 9)
    assert load["utilisation"] == 0.11
    assert load["at_capacity"] == 0
    assert [(e["name"], e["load"], e["max_load"]) for e in load["busiest"]] == [("Mei Lin", 1, 3)]


def test_capacity_building_events_and_participants(figures):
    events = figures["capacity_building"]
    assert events["events"] == 1
    assert events["participants"] == 17
    assert events["by_role"] == {"official": 10, "researcher": 5, "other": 2}
    assert events["by_gender"] == {"female": 10, "male": 5, "other": 2}
    assert [(p["code"], p["participants"]) for p in events["by_party"]] == [("KHM", 15), ("", 2)]
    assert {t["type"]: t["events"] for t in events["by_type"]}["workshop"] == 1
    assert [e["title"] for e in events["rows"]] == ["Mangrove restoration workshop"]


def test_a_period_without_requests_has_zeros_not_errors(report_world):
    figures = compute_figures(Period(date(2030, 1, 1), date(2030, 1, 31)), now=NOW)
    assert figures["total"] == 0
    assert all(step["median_days"] is None for step in figures["response_times"])
    assert figures["satisfaction"]["average"] is None
    assert figures["by_party"] == []


def test_periods_are_checked():
    assert Period.parse("2025-01-01", "2026-12-31") == Period(date(2025, 1, 1), date(2026, 12, 31))
    assert Period.parse(None, None, today=date(2026, 5, 1)) == Period(
        date(2025, 1, 1), date(2026, 12, 31)
    )
    with pytest.raises(ValidationError) as refused:
        Period.parse("2026-01-01", "2025-01-01")
    assert "to" in refused.value.fields
    with pytest.raises(ValidationError) as refused:
        Period.parse("yesterday", None)
    assert "from" in refused.value.fields


def test_percentile_interpolates_like_percentile_cont():
    assert percentile([], 0.5) is None
    assert percentile([3.0], 0.9) == 3.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert percentile([7.0, 10.0, 30.0], 0.9) == pytest.approx(26.0)
