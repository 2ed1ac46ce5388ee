"""Coverage gaps: the matcher runs on every request of the period, and the requests nobody in
the pool fits are grouped by tag and target (a small pool, embedded for real)."""

import pytest
from sqlalchemy import select

from expert_pool.dates import Period
from expert_pool.experts.services import update_expert
from expert_pool.extensions import db
from expert_pool.helpdesk.models import CooperationRequest
from expert_pool.helpdesk.services import (
    apply_action,
    correct_request,
    create_request,
    invite_expert,
)
from expert_pool.matching import services as matching_services
from expert_pool.reports.gaps import find_coverage_gaps
from expert_pool.taxonomy.services import ensure_tags
from tests.world import build_matching_world, sign_in


@pytest.fixture
def gap_world(app):
    """The matching world (an eDNA request its experts fit) and two requests on a topic nobody
    in the pool works on."""
    world = build_matching_world()
    ensure_tags([{"name": "deep-sea ecosystems", "category": "ecosystems"}])
    for title, statement in (
        (
            "Deep-sea mining and hydrothermal vents",
            "We need an assessment of deep-sea mining impacts on hydrothermal vent fauna.",
        ),
        (
            "Seabed mining permits",
            "Advice on environmental conditions for permits to mine the seabed.",
        ),
    ):
        request = create_request(
            {
                "title": title,
                "type": "technical_consultation",
                "problem_statement": statement,
                "targets": [21],
                "tags": ["deep-sea ecosystems"],
                "languages": ["en"],
            },
            world.party,
        )
        apply_action(request, "submit", world.party)
    db.session.commit()
    return world


def test_requests_nobody_fits_are_the_gaps_grouped_by_tag_and_target(gap_world):
    gaps = find_coverage_gaps(Period.parse(None, None))
    assert gaps["requests_checked"] == 3
    assert gaps["threshold"] == 0.70
    weak = {row["title"] for row in gaps["requests"]}
    assert weak == {"Deep-sea mining and hydrothermal vents", "Seabed mining permits"}
    assert all(row["best_score"] < 0.70 for row in gaps["requests"])
    by_target = {g["number"]: g["requests"] for g in gaps["by_target"]}
    assert by_target == {21: 2}
    assert [(g["tag"], g["requests"]) for g in gaps["by_tag"]] == [("deep-sea ecosystems", 2)]
    strict = find_coverage_gaps(Period.parse(None, None), threshold=0.0)
    assert strict["weak_requests"] == 0


def test_the_gaps_page_ranks_the_gaps_with_their_requests(app, client, gap_world):
    sign_in(client, "staff@example.org")
    page = client.get("/reports/gaps").get_data(as_text=True)
    assert "2 of 3 requests are weakly covered" in page
    assert "Seabed mining permits" in page and 'id="table-gaps_by_target"' in page
    page = client.get("/reports/gaps?threshold=2").get_data(as_text=True)
    assert "The threshold is a number between 0 and 1" in page
    page = client.get("/reports/gaps?threshold=0").get_data(as_text=True)
    assert "0 of 3 requests are weakly covered" in page


def scored_counts(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if "requests scored" in r.getMessage()]


def test_the_gaps_are_scored_again_only_for_what_changed(gap_world, caplog):
    period = Period.parse(None, None)
    caplog.set_level("INFO", logger="expert_pool.reports.gaps")
    first = find_coverage_gaps(period)
    assert scored_counts(caplog) == ["coverage gaps: 3 of 3 requests scored"]

    caplog.clear()
    invite_expert(gap_world.request, gap_world.experts["bee.keeper"], gap_world.staff, reason="x")
    db.session.commit()  # a load changes: no score does
    assert find_coverage_gaps(period) == first
    assert scored_counts(caplog) == []

    seabed = db.session.scalar(
        select(CooperationRequest).where(CooperationRequest.title == "Seabed mining permits")
    )
    correct_request(seabed, {"tags": ["eDNA metabarcoding"]}, gap_world.staff)
    db.session.commit()  # one request's topics change: that request alone is scored again
    find_coverage_gaps(period)
    assert scored_counts(caplog) == ["coverage gaps: 1 of 3 requests scored"]

    caplog.clear()
    update_expert(
        gap_world.experts["bee.keeper"],
        {
            "bio": "Mira Shah assesses deep-sea mining impacts on hydrothermal vent fauna and "
            "advises on permits to mine the seabed.",
            "tags": ["deep-sea ecosystems"],
        },
        gap_world.staff,
    )
    db.session.commit()  # the pool now covers the topic: every score is computed again
    gaps = find_coverage_gaps(period)
    assert scored_counts(caplog) == ["coverage gaps: 3 of 3 requests scored"]
    assert "Deep-sea mining and hydrothermal vents" not in {r["title"] for r in gaps["requests"]}


def test_scores_kept_by_one_process_serve_another(gap_world, app_config, caplog):
    period = Period.parse(None, None)
    first = find_coverage_gaps(period)
    matching_services.forget_matchers()  # as a process that never matched
    caplog.set_level("INFO", logger="expert_pool.reports.gaps")
    assert find_coverage_gaps(period) == first
    assert scored_counts(caplog) == []
