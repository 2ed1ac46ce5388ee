"""Drafts through the requests API: created with `"submit": false`, read and submitted by their
id, invisible to everyone but their Party until then."""

import pytest
from sqlalchemy import select

from expert_pool.audit.models import AuditEvent
from expert_pool.extensions import db
from expert_pool.helpdesk.models import CooperationRequest
from tests.conftest import PASSWORD
from tests.world import request_data, world  # noqa: F401


@pytest.fixture
def api(client):
    """Call the API as a user: api(user).post(path, json=...)."""

    def caller(user):
        token = client.post(
            "/api/v1/tokens", json={"email": user.email, "password": PASSWORD}
        ).get_json()["token"]
        headers = {"Authorization": f"Bearer {token}"}

        class Caller:
            def get(self, path):
                return client.get(path, headers=headers)

            def post(self, path, **kw):
                return client.post(path, headers=headers, **kw)

        return Caller()

    return caller


def actions_of(caller, path):
    return caller.post(f"{path}/actions", json={"action": "submit", "version": 1})


def test_a_party_saves_a_draft_and_submits_it_later(world, api):  # noqa: F811
    party = api(world.party)
    created = party.post("/api/v1/requests", json=request_data(submit=False))
    assert created.status_code == 201, created.get_json()
    draft = created.get_json()
    assert draft["status"] == "draft" and draft["reference"] is None
    assert draft["submitted_at"] is None and draft["allowed_actions"] == ["submit"]
    path = f"/api/v1/requests/{draft['id']}"
    assert created.headers["Location"].endswith(path)
    assert party.get(path).get_json()["title"] == request_data()["title"]
    stored = db.session.get(CooperationRequest, draft["id"])
    assert stored.status == "draft" and stored.reference is None

    submitted = actions_of(party, path)
    assert submitted.status_code == 200, submitted.get_json()
    body = submitted.get_json()
    assert body["status"] == "submitted" and body["reference"].startswith("TSCC-")
    assert body["id"] == draft["id"] and body["due_at"] is not None
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.request_id == draft["id"])
    ).all()
    assert actions == ["request.created", "request.submit"]
    assert party.get(f"/api/v1/requests/{body['reference']}").status_code == 200
    assert party.get(path).status_code == 404  # a submitted request goes by its reference


@pytest.mark.parametrize("fields", [{}, {"submit": True}], ids=["default", "explicit"])
def test_a_request_is_submitted_at_once_unless_asked_otherwise(world, api, fields):  # noqa: F811
    created = api(world.party).post("/api/v1/requests", json=request_data(**fields))
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["status"] == "submitted"
    assert created.headers["Location"].endswith(f"/api/v1/requests/{body['reference']}")


def test_only_the_party_sees_its_draft(world, api):  # noqa: F811
    draft = api(world.party).post("/api/v1/requests", json=request_data(submit=False)).get_json()
    path = f"/api/v1/requests/{draft['id']}"
    for user in (world.staff, world.other_party, world.expert_users[0]):
        assert api(user).get(path).status_code == 404, user.role
        assert actions_of(api(user), path).status_code == 404, user.role
    listed = api(world.party).get("/api/v1/requests?status=draft").get_json()["items"]
    assert [item["id"] for item in listed] == [draft["id"]]
    assert api(world.staff).get("/api/v1/requests").get_json()["total"] == 0
    assert db.session.get(CooperationRequest, draft["id"]).status == "draft"


def test_a_draft_is_submitted_only_from_the_version_read(world, api):  # noqa: F811
    party = api(world.party)
    draft = party.post("/api/v1/requests", json=request_data(submit=False)).get_json()
    stale = party.post(
        f"/api/v1/requests/{draft['id']}/actions", json={"action": "submit", "version": 0}
    )
    assert stale.status_code == 409
    assert stale.get_json()["error"]["fields"]["version"]
    assert db.session.get(CooperationRequest, draft["id"]).status == "draft"


def test_submit_must_be_true_or_false(world, api):  # noqa: F811
    response = api(world.party).post("/api/v1/requests", json=request_data(submit="later"))
    assert response.status_code == 422
    assert "submit" in response.get_json()["error"]["fields"]
    assert db.session.scalar(select(CooperationRequest)) is None
