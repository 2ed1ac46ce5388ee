"""The needs assessment's API: questionnaires, rounds (staff), a Party's own response until it is
submitted, findings (staff) and the assessment (staff)."""

from expert_pool.extensions import db
from expert_pool.needs.models import Response
from tests.needs.conftest import ids
from tests.world import bearer


def test_a_focal_point_reads_the_questionnaires(world, client, template):
    answer = client.get("/api/v1/needs/templates", headers=bearer(client, world.party.email))
    assert answer.status_code == 200
    (item,) = answer.get_json()["items"]
    questions = item["version"]["sections"][0]["questions"]
    assert questions[0]["items"] == ["2", "3", "21"]
    assert questions[0]["text_zh"] == "贵方在每个目标上需要多少支持？"


def test_staff_send_a_round_and_others_may_not(world, client, template):
    body = {
        "template_id": template.id,
        "title": "API round",
        "deadline": "2099-05-01",
        "parties": ["KHM"],
    }
    refused = client.post(
        "/api/v1/needs/rounds", json=body, headers=bearer(client, world.party.email)
    )
    assert refused.status_code == 403
    staff = bearer(client, world.staff.email)
    created = client.post("/api/v1/needs/rounds", json=body, headers=staff)
    assert created.status_code == 201
    assert created.get_json()["responses"][0]["party"] == "KHM"
    assert client.get(created.headers["Location"], headers=staff).get_json()["title"] == "API round"
    late = client.post(
        "/api/v1/needs/rounds", json={**body, "deadline": "2001-01-01"}, headers=staff
    )
    assert late.status_code == 422 and "deadline" in late.get_json()["error"]["fields"]


def test_a_party_saves_and_submits_its_own_response_then_it_is_fixed(world, client, round_):
    khm = next(r for r in round_.responses if r.party_code == "KHM")
    npl = next(r for r in round_.responses if r.party_code == "NPL")
    q = ids(round_.version)
    headers = bearer(client, world.party.email)
    url = f"/api/v1/needs/responses/{khm.id}"
    assert client.get(f"/api/v1/needs/responses/{npl.id}", headers=headers).status_code == 404
    shown = client.get(url, headers=headers).get_json()
    assert shown["status"] == "open" and shown["answers"] == {}
    bad = client.put(url, json={"answers": {str(q["choice"]): "money"}}, headers=headers)
    assert bad.status_code == 422
    assert list(bad.get_json()["error"]["fields"]) == [f"answers.{q['choice']}"]
    answers = {str(q["target_priority"]): {"2": "high"}, str(q["choice"]): "training"}
    saved = client.put(url, json={"answers": answers, "version": shown["version"]}, headers=headers)
    assert saved.status_code == 200 and saved.get_json()["answers"] == answers
    stale = client.put(url, json={"answers": answers, "version": shown["version"]}, headers=headers)
    assert stale.status_code == 409
    done = client.put(url, json={"answers": answers, "submit": True}, headers=headers)
    assert done.get_json()["status"] == "submitted"
    again = client.put(url, json={"answers": {}}, headers=headers)
    assert again.status_code == 409
    assert db.session.get(Response, khm.id).status == "submitted"
    staff = client.put(url, json={"answers": {}}, headers=bearer(client, world.staff.email))
    assert staff.status_code == 403


def test_staff_record_a_finding_and_read_the_assessment(world, client):
    staff = bearer(client, world.staff.email)
    body = {
        "party": "KHM",
        "document_type": "cartagena_report",
        "document_year": 2026,
        "targets": [17],
        "priority": "high",
        "passage": "Fictional: biosafety labs lack staff.",
    }
    created = client.post("/api/v1/needs/findings", json=body, headers=staff)
    assert created.status_code == 201
    assert client.get(created.headers["Location"], headers=staff).get_json()["targets"] == [17]
    figures = client.get("/api/v1/needs/assessment?from=2000-01-01", headers=staff).get_json()
    assert figures["cells"][0]["party"] == "KHM" and figures["cells"][0]["desk_review"] == 3
    assert figures["gaps"] is None
    party = bearer(client, world.party.email)
    assert client.get("/api/v1/needs/assessment", headers=party).status_code == 403
    bad = client.get("/api/v1/needs/assessment?from=2026-05-01&to=2026-01-01", headers=staff)
    assert bad.status_code == 422
