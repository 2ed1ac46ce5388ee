"""The API's tokens, its current-user endpoint, its vocabularies and its one error format."""

import re
from datetime import datetime, timedelta

import pytest

from expert_pool.accounts.services import set_user_active
from expert_pool.extensions import db
from expert_pool.routing import numbers_up_to
from expert_pool.taxonomy.services import ensure_tags, ensure_targets
from tests.conftest import PASSWORD
from tests.world import bearer


def error_of(response) -> dict:
    """The error envelope of a JSON answer (asserting it has the documented shape)."""
    assert response.is_json, response.data[:200]
    body = response.get_json()
    assert set(body) == {"error"}
    assert {"code", "message", "fields"} <= set(body["error"])
    return body["error"]


def token_for(client, email: str, password: str = PASSWORD) -> str:
    response = client.post("/api/v1/tokens", json={"email": email, "password": password})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["token"]


def test_good_credentials_give_a_token_that_identifies_the_user(client, make_user):
    user = make_user("focal@example.org", role="party", party="NPL")
    token = token_for(client, "Focal@Example.org")
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.get_json() == {
        "id": user.id,
        "email": "focal@example.org",
        "name": "",
        "role": "party",
        "party": "NPL",
        "expert_id": None,
    }


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"email": "staff1@example.org"}, "password"),
        ({"password": "x"}, "email"),
        ({"email": "staff1@example.org", "password": 12}, "password"),
    ],
)
def test_a_malformed_token_request_names_the_field(client, make_user, payload, field):
    make_user()
    response = client.post("/api/v1/tokens", json=payload)
    assert response.status_code == 422
    assert field in error_of(response)["fields"]


@pytest.mark.parametrize(
    ("email", "password"),
    [("staff1@example.org", "wrong password"), ("nobody@example.org", PASSWORD)],
)
def test_bad_credentials_are_refused_alike(client, make_user, email, password):
    make_user()
    response = client.post("/api/v1/tokens", json={"email": email, "password": password})
    assert response.status_code == 401
    error = error_of(response)
    assert error["code"] == "unauthorized"
    assert "token" not in response.get_json()


def test_a_deactivated_account_gets_no_token_and_its_tokens_stop_working(client, make_user):
    user = make_user()
    token = token_for(client, user.email)
    user.is_active = False
    db.session.commit()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    response = client.post("/api/v1/tokens", json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 401


def test_a_new_password_revokes_old_tokens(client, make_user):
    user = make_user()
    token = token_for(client, user.email)
    user.set_password("another long password")
    db.session.commit()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


@pytest.mark.parametrize("header", [None, "Bearer not-a-token", "Basic abc", "Bearer "])
def test_me_without_a_valid_token_is_401_json(client, header):
    headers = {"Authorization": header} if header else {}
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthorized"


def test_token_requests_are_rate_limited(client, make_user, app):
    make_user()
    limit = int(app.config["LOGIN_RATE_LIMIT"].split()[0])
    answers = [
        client.post(
            "/api/v1/tokens", json={"email": "staff1@example.org", "password": "guess"}
        ).status_code
        for _ in range(limit + 1)
    ]
    assert answers[:limit] == [401] * limit
    assert answers[-1] == 429
    assert error_of(client.post("/api/v1/tokens", json={}))["code"] == "too_many_requests"


def test_unknown_api_paths_and_methods_answer_json(client):
    assert error_of(client.get("/api/v1/nothing-here"))["code"] == "not_found"
    response = client.delete("/api/v1/taxonomy/tags")
    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"


def test_invalid_json_is_a_json_error(client):
    response = client.post(
        "/api/v1/tokens", data="{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code in (400, 422)
    error_of(response)


def test_taxonomy_endpoints_are_public(client, make_party):
    make_party()
    ensure_tags(
        [
            {
                "name": "wetland restoration",
                "category": "restoration",
                "aliases_en": ["restoration of wetlands"],
                "aliases_zh": ["湿地修复"],
            }
        ]
    )
    ensure_targets([{"number": 2, "title": "Restore 30% of all degraded ecosystems"}])
    db.session.commit()
    tags = client.get("/api/v1/taxonomy/tags").get_json()
    assert tags[0]["name"] == "wetland restoration"
    assert tags[0]["aliases_zh"] == ["湿地修复"]
    assert tags[0]["aliases_en"] == ["restoration of wetlands"]
    assert client.get("/api/v1/taxonomy/targets").get_json()[0]["number"] == 2
    parties = client.get("/api/v1/taxonomy/parties").get_json()
    assert len(parties) > 200
    served = client.get("/api/v1/taxonomy/parties?served=true").get_json()
    assert {p["code"] for p in served} == {"KHM", "CHN", "NPL", "PAK"}
    bad = client.get("/api/v1/taxonomy/parties?served=perhaps")
    assert bad.status_code == 422 and "served" in error_of(bad)["fields"]


def test_openapi_document_describes_the_api(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["info"]["title"] == "Expert Pool API"
    for path in ("/api/v1/tokens", "/api/v1/me", "/api/v1/taxonomy/tags"):
        assert path in spec["paths"]
    assert "bearerAuth" in spec["components"]["securitySchemes"]
    assert "ApiError" in spec["components"]["schemas"]


@pytest.mark.parametrize("raw", ["2147483648", "9223372036854775808", "%C2%B2", "%D9%A3", "0"])
def test_an_id_nobody_can_have_is_not_found(client, make_user, raw):
    make_user("staff@example.org", role="staff")
    token = client.post("/api/v1/tokens", json={"email": "staff@example.org", "password": PASSWORD})
    headers = {"Authorization": f"Bearer {token.get_json()['token']}"}
    paths = [f"/api/v1/{kind}/{raw}" for kind in ("experts", "events", "requests")]
    for path in [*paths, f"/experts/{raw}"]:
        response = client.get(path, headers=headers)
        assert response.status_code == 404, path
    patched = client.patch(f"/api/v1/events/{raw}", json={"title": "x"}, headers=headers)
    assert patched.status_code == 404 and patched.get_json()["error"]["code"] == "not_found"
    document = client.get("/api/v1/openapi.json").get_json()
    parameter = document["paths"]["/api/v1/experts/{expert_id}"]["parameters"][0]
    assert parameter["schema"] == {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}


def test_api_moments_carry_their_utc_offset(client, world):
    headers = bearer(client, "staff@example.org")
    expert = client.get(f"/api/v1/experts/{world.experts[0].id}", headers=headers).get_json()
    moment = datetime.fromisoformat(expert["updated_at"])
    assert moment.utcoffset() == timedelta(0)
    assert expert["updated_at"].endswith("+00:00")


@pytest.mark.parametrize("limit", [1, 9, 10, 57, 100, 305, 2**31 - 1])
def test_the_id_pattern_holds_exactly_the_numbers_up_to_its_limit(limit):
    pattern = re.compile(numbers_up_to(limit) + r"\Z")
    values = [*range(2000), limit - 1, limit, limit + 1, 10 * limit, 2**63]
    for value in values:
        assert bool(pattern.match(str(value))) == (1 <= value <= limit), value
    assert not pattern.match("01") and not pattern.match("²")


def test_tokens_and_sessions_made_before_a_deactivation_stay_dead_after_reactivation(
    app, client, make_user
):
    user = make_user()
    admin = make_user("admin@example.org", role="admin")
    token = {"Authorization": f"Bearer {token_for(client, user.email)}"}
    browser = app.test_client()
    browser.post("/login", data={"email": user.email, "password": PASSWORD})
    assert browser.get("/work").status_code == 200
    set_user_active(user, False, admin)
    db.session.commit()
    set_user_active(user, True, admin)
    db.session.commit()
    assert client.get("/api/v1/me", headers=token).status_code == 401
    assert browser.get("/work").status_code == 302
    fresh = {"Authorization": f"Bearer {token_for(client, user.email)}"}
    assert client.get("/api/v1/me", headers=fresh).status_code == 200


def test_the_document_declares_the_shared_answers_where_they_happen(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    experts = paths["/api/v1/experts"]["get"]
    assert {} in experts["security"] and {"bearerAuth": []} in experts["security"]
    assert "401" not in experts["responses"]
    tokens = paths["/api/v1/tokens"]["post"]["responses"]
    assert {"413", "422", "429"} <= set(tokens)
    events = paths["/api/v1/events"]["post"]
    assert events["security"] == [{"bearerAuth": []}]
    assert {"401", "403", "413", "422"} <= set(events["responses"])
    assert {"401", "404"} <= set(paths["/api/v1/requests/{reference}"]["get"]["responses"])
    assert "403" not in paths["/api/v1/me"]["get"]["responses"]
    assert not [
        (path, method)
        for path, operations in paths.items()
        for method, operation in operations.items()
        if method != "parameters" and "default" in operation.get("responses", {})
    ]
