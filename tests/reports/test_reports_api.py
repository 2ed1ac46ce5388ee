"""API v1: the summary of a period and the capacity-building events (staff only)."""

from datetime import date

from expert_pool.dates import Period
from expert_pool.reports.figures import compute_figures
from tests.world import bearer


def test_the_summary_is_the_dashboards_figures(client, report_world):
    headers = bearer(client, "staff@example.org")
    response = client.get("/api/v1/reports/summary?from=2025-01-01&to=2025-12-31", headers=headers)
    assert response.status_code == 200
    body = response.get_json()
    expected = compute_figures(Period(date(2025, 1, 1), date(2025, 12, 31)))
    body.pop("as_of"), expected.pop("as_of")
    assert body == expected
    assert body["total"] == 5 and body["by_status"]["closed"] == 2
    assert "coverage_gaps" not in body


def test_the_summary_refuses_bad_periods_and_other_roles(client, report_world):
    headers = bearer(client, "staff@example.org")
    response = client.get("/api/v1/reports/summary?from=2026-01-01&to=2025-01-01", headers=headers)
    assert response.status_code == 422
    assert "to" in response.get_json()["error"]["fields"]
    response = client.get("/api/v1/reports/summary?from=someday", headers=headers)
    assert response.status_code == 422
    response = client.get("/api/v1/reports/summary?from=9999-12-31&to=9999-12-31", headers=headers)
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"from", "to"}
    party = bearer(client, "focal-khm@example.org")
    assert client.get("/api/v1/reports/summary", headers=party).status_code == 403
    assert client.get("/api/v1/events", headers=party).status_code == 403


def test_staff_record_list_read_and_change_events(client, report_world):
    headers = bearer(client, "staff@example.org")
    created = client.post(
        "/api/v1/events",
        headers=headers,
        json={
            "title": "Side event at SBSTTA",
            "type": "side_event",
            "start_date": "2025-10-20",
            "place": "Panama City",
            "parties": ["KHM", "npl"],
            "targets": [21],
            "requests": [report_world.requests["r3"].reference],
            "participants": [
                {"party": "NPL", "role": "official", "gender": "female", "count": 4},
                {"party": "NPL", "role": "official", "gender": "female", "count": 1},
            ],
        },
    )
    assert created.status_code == 201, created.get_json()
    event = created.get_json()
    assert created.headers["Location"].endswith(f"/api/v1/events/{event['id']}")
    assert event["parties"] == ["KHM", "NPL"]
    assert event["participants"] == [
        {"party": "NPL", "role": "official", "gender": "female", "count": 5}
    ]
    assert event["end_date"] == "2025-10-20"

    listed = client.get("/api/v1/events?from=2025-01-01&to=2025-12-31", headers=headers)
    assert [e["title"] for e in listed.get_json()["items"]] == [
        "Side event at SBSTTA",
        "Mangrove restoration workshop",
    ]
    assert client.get("/api/v1/events", headers=headers).get_json()["total"] == 3

    changed = client.patch(
        f"/api/v1/events/{event['id']}", headers=headers, json={"is_online": True, "place": ""}
    )
    assert changed.status_code == 200
    assert changed.get_json()["is_online"] is True
    assert changed.get_json()["title"] == "Side event at SBSTTA"
    assert client.get(f"/api/v1/events/{event['id']}", headers=headers).get_json()["is_online"]
    assert client.get("/api/v1/events/999", headers=headers).status_code == 404


def test_event_errors_come_back_on_their_fields(client, report_world):
    headers = bearer(client, "staff@example.org")
    response = client.post("/api/v1/events", headers=headers, json={"type": "party"})
    assert response.status_code == 422
    assert {"title", "type", "start_date"} <= set(response.get_json()["error"]["fields"])
    response = client.post(
        "/api/v1/events",
        headers=headers,
        json={
            "title": "Nowhere",
            "type": "training",
            "start_date": "2025-05-02",
            "end_date": "2025-05-01",
            "parties": ["ZZZ"],
            "requests": ["TSCC-1999-0001"],
            "experts": [999],
        },
    )
    fields = response.get_json()["error"]["fields"]
    assert response.status_code == 422
    assert {"place", "end_date", "parties", "requests", "experts"} <= set(fields)
