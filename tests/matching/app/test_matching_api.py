"""Matching through the API: a request's candidates and ad-hoc matching."""

from tests.world import bearer


def test_staff_see_the_candidates_of_a_request_best_first(client, world):
    headers = bearer(client, "staff@example.org")
    url = f"/api/v1/requests/{world.request.reference}/matches?k=5"
    response = client.get(url, headers=headers)
    assert response.status_code == 200, response.get_json()
    matches = response.get_json()
    assert matches[0]["name"] == "Sok Dara"
    assert len(matches) == 5
    scores = [m["score"] for m in matches]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 1 for s in scores)
    assert {"embedding", "fuzzy"} <= set(matches[0]["components"])
    assert any("eDNA" in reason for reason in matches[0]["reasons"])
    names = [m["name"] for m in matches]
    assert "Lin Hao" not in names  # unavailable
    assert "Keo Vannak" not in names  # works for the requesting institution


def test_filtered_experts_come_with_the_reason(client, world):
    headers = bearer(client, "staff@example.org")
    url = f"/api/v1/requests/{world.request.reference}/matches?k=20&include_filtered=true"
    matches = {m["name"]: m for m in client.get(url, headers=headers).get_json()}
    assert matches["Lin Hao"]["filtered"]
    assert any("available" in r for r in matches["Lin Hao"]["filter_reasons"])
    assert matches["Keo Vannak"]["filtered"]
    assert any("institution" in r for r in matches["Keo Vannak"]["filter_reasons"])
    assert not matches["Sok Dara"]["filtered"]


def test_only_staff_match(client, world):
    url = f"/api/v1/requests/{world.request.reference}/matches"
    assert client.get(url, headers=bearer(client, "focal@example.org")).status_code == 403
    assert client.get(url).status_code == 401
    body = {"text": "coral reef monitoring"}
    answer = client.post("/api/v1/match", json=body, headers=bearer(client, "focal@example.org"))
    assert answer.status_code == 403


def test_an_unknown_request_is_404(client, world):
    headers = bearer(client, "staff@example.org")
    response = client.get("/api/v1/requests/TSCC-1999-0001/matches", headers=headers)
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_adhoc_matching_tolerates_typos_and_chinese_aliases(client, world):
    headers = bearer(client, "staff@example.org")
    typo = client.post(
        "/api/v1/match", json={"text": "", "tags": ["edna metabarcodng"], "k": 3}, headers=headers
    ).get_json()
    assert typo[0]["name"] in ("Sok Dara", "Keo Vannak")
    chinese = client.post(
        "/api/v1/match", json={"tags": ["珊瑚礁"], "k": 3}, headers=headers
    ).get_json()
    assert chinese[0]["name"] == "Ana Reyes"
    text = client.post(
        "/api/v1/match",
        json={"text": "wild bees pollinating apple orchards", "k": 3},
        headers=headers,
    ).get_json()
    assert text[0]["name"] == "Mira Shah"


def test_bad_adhoc_input_names_the_field(client, world):
    headers = bearer(client, "staff@example.org")
    response = client.post(
        "/api/v1/match", json={"text": "x", "languages": ["english"]}, headers=headers
    )
    assert response.status_code == 422
    assert "languages" in response.get_json()["error"]["fields"]
    response = client.post("/api/v1/match", json={"text": "  ", "tags": []}, headers=headers)
    assert response.status_code == 422
    assert "text" in response.get_json()["error"]["fields"]
    response = client.post("/api/v1/match", json={"text": "x", "k": 0}, headers=headers)
    assert response.status_code == 422 and "k" in response.get_json()["error"]["fields"]


def test_an_api_invitation_outside_the_top_five_needs_a_reason(client, world):
    headers = bearer(client, "staff@example.org")
    path = f"/api/v1/requests/{world.request.reference}/assignments"
    bees = world.experts["bee.keeper"].id  # far from eDNA: ranked low by the matcher
    refused = client.post(path, json={"expert_id": bees}, headers=headers)
    assert refused.status_code == 422
    assert "reason" in refused.get_json()["error"]["fields"]
    explained = client.post(
        path, json={"expert_id": bees, "reason": "ran our pilot survey"}, headers=headers
    )
    assert explained.status_code == 201, explained.get_json()
    assignment = explained.get_json()
    assert assignment["invite_reason"] == "ran our pilot survey"
    assert assignment["match_rank"] > 5
    top = world.experts["mekong.edna"].id
    first = client.post(path, json={"expert_id": top}, headers=headers).get_json()
    assert first["match_rank"] == 1 and first["invite_reason"] == ""
