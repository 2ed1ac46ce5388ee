"""What no client may send, answered a 4xx in the error envelope with nothing written: a body
too large, JSON nested too deep, a NUL character or a lone surrogate."""

import io
import json

import pytest
from sqlalchemy import func, select

from expert_pool.extensions import db
from expert_pool.helpdesk.models import CooperationRequest
from tests.api.test_tokens_and_errors import error_of
from tests.world import bearer, request_data, sign_in

NESTED = "[" * 1000 + "]" * 1000


def post_json(client, path: str, text: str, headers: dict | None = None):
    return client.post(
        path, data=text, headers={"Content-Type": "application/json", **(headers or {})}
    )


def requests_stored() -> int:
    return db.session.scalar(select(func.count(CooperationRequest.id)))


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (NESTED, ""),
        ('{"email": ' + NESTED + ', "password": "x"}', ""),
        ('{"email": "a@example.org", "password": "\\ud800"}', "password"),
        ('{"email": "a\\u0000@example.org", "password": "x"}', "email"),
    ],
)
def test_an_anonymous_token_request_with_unreadable_json_is_refused(client, body, field):
    response = post_json(client, "/api/v1/tokens", body)
    assert response.status_code == 422
    assert field in error_of(response)["fields"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", '"Mangrove\\u0000 maps"'), ("title", '"\\ud800"'), ("", NESTED)],
)
def test_a_request_with_an_unstorable_or_too_deep_field_is_refused(client, world, field, value):
    data = request_data(**{field or "tags": "PLACEHOLDER"})
    text = json.dumps(data).replace('"PLACEHOLDER"', value)
    response = post_json(client, "/api/v1/requests", text, bearer(client, world.party.email))
    assert response.status_code == 422
    assert list(error_of(response)["fields"]) == [field]
    assert requests_stored() == 0


@pytest.mark.parametrize("query", ["q=%00", "q=a%00b", "tag=x&country=K%00H"])
def test_a_nul_character_in_an_api_query_is_refused_on_its_field(client, query):
    response = client.get(f"/api/v1/experts?{query}")
    assert response.status_code == 422
    assert set(error_of(response)["fields"]) <= {"q", "country"}


def test_a_json_body_larger_than_its_limit_is_413_in_the_envelope(app, client, world):
    limit = app.config["JSON_MAX_BYTES"]
    assert limit < app.config["ATTACHMENT_MAX_BYTES"]
    data = request_data(problem_statement="x" * limit)
    response = client.post("/api/v1/requests", json=data, headers=bearer(client, world.party.email))
    assert response.status_code == 413
    assert error_of(response)["code"] == "request_entity_too_large"
    anonymous = client.post(
        "/api/v1/tokens", json={"email": "a@example.org", "password": "x" * limit}
    )
    assert anonymous.status_code == 413
    assert requests_stored() == 0


def test_a_page_upload_larger_than_the_body_limit_is_413(app, world, make_request):
    item = make_request("submitted")
    app.config["MAX_CONTENT_LENGTH"] = 1024
    client = app.test_client()
    sign_in(client, world.party.email)
    response = client.post(
        f"/requests/{item.id}/attachments",
        data={"files": [(io.BytesIO(b"x" * 2048), "notes.txt")]},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert "What was sent is too large" in response.get_data(as_text=True)
