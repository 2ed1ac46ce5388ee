"""The assessment against a world counted by hand, its page and XLSX showing the same figures,
and the needs the pool does not cover."""

import io
import re
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from expert_pool.dates import Period
from expert_pool.extensions import db
from expert_pool.helpdesk.services import apply_action, create_request
from expert_pool.needs.assessment import compute_assessment
from expert_pool.needs.services import create_finding, save_response
from expert_pool.spreadsheets import cell_text
from tests.needs.conftest import ids
from tests.world import request_data, sign_in

PERIOD = Period(date(2026, 1, 1), date(2026, 12, 31))


def _request(party, targets: list[int], when: str) -> None:
    moment = datetime.fromisoformat(when)
    request = create_request(request_data(targets=targets), party, at=moment)
    apply_action(request, "submit", party, at=moment)


def _finding(staff, party: str, kind: str, priority: str, targets: list[int]) -> None:
    create_finding(
        {
            "party": party,
            "document_type": kind,
            "document_year": 2026,
            "targets": targets,
            "tags": ["mangrove restoration"],
            "priority": priority,
            "passage": "Fictional passage: capacity is lacking.",
        },
        staff,
        at=datetime(2026, 4, 1, 9, 0),
    )


@pytest.fixture
def counted(world, round_):
    """The hand-counted world (levels: high 3, medium 2, low 1, not a priority 0):

    | cell   | questionnaire | desk review | requests  | priority | agreement | need |
    | KHM 2  | 3             | 3           | 2 req: 3  | 3.0      | agree     | yes  |
    | KHM 3  | 1             | 2           | 1 req: 2  | 1.67     | partly    | no   |
    | KHM 8  |               | 2           |           | 2.0      | single    | yes  |
    | KHM 21 | 0             |             | 1 req: 2  | 1.0      | differ    | no   |
    | NPL 2  | 2             |             |           | 2.0      | single    | yes  |
    | NPL 8  |               |             | 1 req: 2  | 2.0      | single    | yes  |
    | NPL 21 | 3             | 3           |           | 3.0      | agree     | yes  |

    Common needs: 2 (KHM, NPL; average 2.5), 8 (KHM, NPL; 2.0). Country-specific: 21 (NPL).
    Left out: a KHM request of 2025 on target 3."""
    khm, npl = sorted(round_.responses, key=lambda r: r.party_code)
    q = ids(round_.version)
    ratings, areas = str(q["target_priority"]), str(q["area_priority"])
    save_response(
        khm,
        {ratings: {"2": "high", "3": "low", "21": "none"}, areas: {"forest": "high"}},
        world.party,
        submit=True,
        at=datetime(2026, 3, 1, 9, 0),
    )
    save_response(
        npl,
        {ratings: {"2": "medium", "21": "high"}},
        world.other_party,
        submit=True,
        at=datetime(2026, 3, 2, 9, 0),
    )
    _finding(world.staff, "KHM", "national_report_7", "high", [2])
    _finding(world.staff, "KHM", "nbsap", "medium", [3, 8])
    _finding(world.staff, "NPL", "nagoya_report", "high", [21])
    _request(world.party, [2, 3], "2026-02-01T09:00")
    _request(world.party, [2], "2026-02-02T09:00")
    _request(world.party, [21], "2026-02-03T09:00")
    _request(world.other_party, [8], "2026-02-04T09:00")
    _request(world.party, [3], "2025-06-01T09:00")
    db.session.commit()
    return world


def test_the_assessment_matches_the_hand_count(counted):
    figures = compute_assessment(PERIOD, gaps=False)
    cells = {
        (c["party"], c["target"]): (
            c["questionnaire"],
            c["desk_review"],
            c["requests"],
            c["request_count"],
            c["combined"],
            c["agreement"],
            c["is_need"],
        )
        for c in figures["cells"]
    }
    assert cells == {
        ("KHM", 2): (3, 3, 3, 2, 3.0, "agree", True),
        ("KHM", 3): (1, 2, 2, 1, 1.67, "partly", False),
        ("KHM", 8): (None, 2, None, 0, 2.0, "single", True),
        ("KHM", 21): (0, None, 2, 1, 1.0, "differ", False),
        ("NPL", 2): (2, None, None, 0, 2.0, "single", True),
        ("NPL", 8): (None, None, 2, 1, 2.0, "single", True),
        ("NPL", 21): (3, 3, None, 0, 3.0, "agree", True),
    }
    assert figures["agreement"] == {"agree": 2, "partly": 1, "differ": 1, "single": 3}
    assert [(r["target"], r["parties"], r["average"]) for r in figures["common"]] == [
        (2, ["KHM", "NPL"], 2.5),
        (8, ["KHM", "NPL"], 2.0),
    ]
    assert [(r["party"], r["target"]) for r in figures["specific"]] == [("NPL", 21)]
    assert figures["areas"] == [{"party": "KHM", "area": "forest", "level": 3}]
    assert figures["sources"] == {"responses": 2, "findings": 3, "requests": 4}


def _page_rows(html: str, table: str) -> list[list[str]]:
    body = re.search(rf'id="table-{table}".*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [
        [
            re.sub(r"\s+", " ", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)
        ]
        for r in rows
    ]


def _same(text: str) -> str | float:
    """A cell as a number when it is one (3, 3.0 and 3.00 alike), else its text."""
    try:
        return round(float(text), 2)
    except ValueError:
        return text


def test_the_page_and_its_xlsx_show_the_same_figures(counted, client):
    sign_in(client, counted.staff.email)
    query = "from=2026-01-01&to=2026-12-31&gaps=false"
    page = client.get(f"/needs/assessment?{query}")
    assert page.status_code == 200
    html = page.get_data(as_text=True).replace("&#39;", "'")
    download = client.get(f"/needs/assessment/download?{query}&format=xlsx")
    assert download.status_code == 200
    workbook = load_workbook(io.BytesIO(download.data))
    for name in ("cells", "common", "specific", "agreement", "summary"):
        xlsx = [
            [_same(cell_text(value)) for value in row]
            for row in workbook[name].iter_rows(min_row=2, values_only=True)
        ]
        assert [[_same(c) for c in row] for row in _page_rows(html, name)] == xlsx, name
    assert _page_rows(html, "cells")[0][:7] == ["Cambodia (KHM)", "2", "3", "3", "3", "2", "3.00"]


def test_the_printable_page_has_the_tables_and_charts(counted, client):
    sign_in(client, counted.staff.email)
    page = client.get(
        "/needs/assessment/download?from=2026-01-01&to=2026-12-31&gaps=false&format=html"
    )
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "priority needs for capacity building" in html
    assert 'id="table-common"' in html and "<svg" in html


def test_needed_targets_nobody_in_the_pool_covers_are_gaps(counted):
    figures = compute_assessment(PERIOD, threshold=1.0)
    gaps = figures["gaps"]
    assert gaps["needs_checked"] == 3
    assert [(g["target"], g["parties"]) for g in gaps["items"]] == [
        (2, ["KHM", "NPL"]),
        (8, ["KHM", "NPL"]),
        (21, ["NPL"]),
    ]
    assert compute_assessment(PERIOD, threshold=0.0)["gaps"]["items"] == []
