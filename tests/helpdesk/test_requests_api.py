"""The requests API: the full journey, role scoping, and the documented 403/404/409/422."""

import pytest

from expert_pool.audit.models import AuditEvent
from expert_pool.extensions import db
from expert_pool.helpdesk.models import CooperationRequest
from expert_pool.helpdesk.services import add_comment
from expert_pool.notifications.delivery import deliver_due
from tests.conftest import PASSWORD
from tests.world import request_data


@pytest.fixture
def api(client):
    """Call the API as a user: api(user).post(path, json=...)."""

    class Caller:
        def __init__(self, user):
            token = client.post(
                "/api/v1/tokens", json={"email": user.email, "password": PASSWORD}
            ).get_json()["token"]
            self.headers = {"Authorization": f"Bearer {token}"}

        def get(self, path, **kw):
            return client.get(path, headers=self.headers, **kw)

        def post(self, path, **kw):
            return client.post(path, headers=self.headers, **kw)

    return Caller


def act(caller, reference, action, version, **fields):
    return caller.post(
        f"/api/v1/requests/{reference}/actions",
        json={"action": action, "version": version, **fields},
    )


def test_the_full_journey_through_the_api(world, api, smtp_server):
    party, staff = api(world.party), api(world.staff)
    first, second = (api(user) for user in world.expert_users)

    created = party.post("/api/v1/requests", json=request_data())
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    reference = body["reference"]
    assert reference.startswith("TSCC-") and body["status"] == "submitted"
    assert created.headers["Location"].endswith(f"/api/v1/requests/{reference}")
    assert body["party"] == "KHM" and body["targets"] == [2, 3]
    assert body["tags"] == ["mangrove restoration"] and body["languages"] == ["en", "km"]

    accepted = act(staff, reference, "accept", body["version"])
    assert accepted.status_code == 200, accepted.get_json()
    assert accepted.get_json()["status"] == "accepted"

    invitations = []
    for expert in world.experts:
        response = staff.post(
            f"/api/v1/requests/{reference}/assignments",
            json={"expert_id": expert.id, "reason": "Knows the coast of Koh Kong."},
        )
        assert response.status_code == 201, response.get_json()
        invitations.append(response.get_json())
    assert [i["status"] for i in invitations] == ["invited", "invited"]

    declined = second.post(
        f"/api/v1/assignments/{invitations[1]['id']}/actions",
        json={"action": "decline", "reason": "I am on leave until June."},
    )
    assert declined.status_code == 200 and declined.get_json()["status"] == "declined"
    accepted_by_expert = first.post(
        f"/api/v1/assignments/{invitations[0]['id']}/actions", json={"action": "accept"}
    )
    assert accepted_by_expert.get_json()["status"] == "accepted"

    state = staff.get(f"/api/v1/requests/{reference}").get_json()
    assert state["status"] == "in_progress"
    delivered = act(first, reference, "deliver", state["version"], note="Map and report sent.")
    assert delivered.status_code == 200 and delivered.get_json()["status"] == "delivered"

    confirmed = act(
        party, reference, "confirm", delivered.get_json()["version"], rating=5, note="Very useful."
    )
    assert confirmed.get_json()["status"] == "closed" and confirmed.get_json()["rating"] == 5
    reopened = act(staff, reference, "reopen", confirmed.get_json()["version"])
    assert reopened.get_json()["status"] == "in_progress"
    delivered = act(staff, reference, "deliver", reopened.get_json()["version"], note="Annex.")
    closed = act(staff, reference, "close", delivered.get_json()["version"])
    assert closed.status_code == 200 and closed.get_json()["status"] == "closed"

    timeline = [
        entry["text"] for entry in party.get(f"/api/v1/requests/{reference}").get_json()["timeline"]
    ]
    for step in (
        "created the draft",
        "submitted the request",
        "accepted the request",
        "invited Dara Sok",
        "invited Mei Lin",
        "declined the invitation",
        "accepted the invitation",
        "started the work",
        "recorded the delivery",
        "confirmed the delivery with a rating of 5 out of 5",
        "reopened the request",
        "closed the request",
    ):
        assert any(text.endswith(f" {step}") for text in timeline), step
    assert {"Mei Lin declined the invitation", "Dara Sok accepted the invitation"} <= set(timeline)

    assert deliver_due().sent >= 8
    inbox = smtp_server.inbox
    assert any("We received your request" in s for s in inbox.subjects(world.party.email))
    assert any("accepted" in s for s in inbox.subjects(world.party.email))
    assert any("delivered" in s for s in inbox.subjects(world.party.email))
    for expert in world.experts:
        assert any("Invitation" in s for s in inbox.subjects(expert.email))
    staff_subjects = inbox.subjects(world.staff.email)
    assert any("New request" in s for s in staff_subjects)
    assert any("Mei Lin is declined" in s for s in staff_subjects)
    assert any("confirmed the delivery" in s for s in staff_subjects)


def test_a_stale_version_is_a_conflict_and_nothing_changes(world, api, make_request):
    request = make_request("submitted")
    staff, seen = api(world.staff), request.version
    first = act(staff, request.reference, "accept", seen)
    assert first.status_code == 200
    again = act(staff, request.reference, "decline", seen, note="Out of scope.")
    assert again.status_code == 409
    error = again.get_json()["error"]
    assert error["code"] == "conflict" and "reload" in error["message"]
    db.session.expire_all()
    assert db.session.get(CooperationRequest, request.id).status == "accepted"


def test_a_role_the_table_does_not_allow_is_forbidden(world, api, make_request):
    request = make_request("submitted")
    response = act(api(world.party), request.reference, "accept", request.version)
    assert response.status_code == 403
    assert "staff" in response.get_json()["error"]["message"]


def test_an_action_not_possible_from_the_state_is_unprocessable(world, api, make_request):
    request = make_request("submitted")
    response = act(api(world.staff), request.reference, "close", request.version)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "transition_not_allowed"
    assert "submitted" in error["message"] and "possible now: accept" in error["message"]


def test_a_missing_reason_is_unprocessable_on_its_field(world, api, make_request):
    request = make_request("submitted")
    response = act(api(world.staff), request.reference, "decline", request.version)
    assert response.status_code == 422
    assert "note" in response.get_json()["error"]["fields"]


def test_a_malformed_request_names_its_fields(world, api):
    response = api(world.party).post(
        "/api/v1/requests", json=request_data(targets=[], type="miracle", languages=["xx"])
    )
    assert response.status_code == 422
    assert "type" in response.get_json()["error"]["fields"]
    no_target = api(world.party).post("/api/v1/requests", json=request_data(targets=[]))
    assert no_target.status_code == 422 and "targets" in no_target.get_json()["error"]["fields"]
    languages = api(world.party).post("/api/v1/requests", json=request_data(languages=["xx"]))
    assert languages.status_code == 422 and "languages" in languages.get_json()["error"]["fields"]
    missing = api(world.party).post("/api/v1/requests", json={"title": "No type"})
    assert missing.status_code == 422 and "type" in missing.get_json()["error"]["fields"]
    assert db.session.query(CooperationRequest).count() == 0


def test_only_a_party_creates_requests(world, api):
    response = api(world.staff).post("/api/v1/requests", json=request_data())
    assert response.status_code == 403


def test_each_role_sees_its_own_requests(world, api, make_request):
    ours = make_request("submitted")
    make_request("accepted", title="Training on wetland inventories")
    other = api(world.other_party)
    assert other.get("/api/v1/requests").get_json()["total"] == 0
    assert other.get(f"/api/v1/requests/{ours.reference}").status_code == 404
    listing = api(world.party).get("/api/v1/requests").get_json()
    assert listing["total"] == 2 and listing["page"] == 1
    assert api(world.staff).get("/api/v1/requests?status=accepted").get_json()["total"] == 1
    assert api(world.staff).get("/api/v1/requests?party=NPL").get_json()["total"] == 0
    assert api(world.expert_users[0]).get("/api/v1/requests").get_json()["total"] == 0
    bad = api(world.staff).get("/api/v1/requests?status=lost")
    assert bad.status_code == 422 and "status" in bad.get_json()["error"]["fields"]


def test_internal_comments_never_reach_the_party(world, api, make_request):
    request = make_request("submitted")
    add_comment(request, world.staff, "Looks like a duplicate of last year's.", internal=True)
    add_comment(request, world.staff, "Could you name the provinces?")
    db.session.commit()
    path = f"/api/v1/requests/{request.reference}"
    party_view = api(world.party).get(path).get_json()
    assert [c["body"] for c in party_view["comments"]] == ["Could you name the provinces?"]
    assert "internal comment" not in str(party_view["timeline"])
    staff_view = api(world.staff).get(path).get_json()
    assert len(staff_view["comments"]) == 2
    assert any(e["text"] == f"{e['who']} wrote an internal comment" for e in staff_view["timeline"])


def test_inviting_needs_an_accepted_request(world, api, make_request):
    staff = api(world.staff)
    submitted = make_request("submitted")
    path = f"/api/v1/requests/{submitted.reference}/assignments"
    early = staff.post(path, json={"expert_id": world.experts[0].id})
    assert early.status_code == 422
    accepted = make_request("accepted", title="Second request")
    path = f"/api/v1/requests/{accepted.reference}/assignments"
    explained = staff.post(path, json={"expert_id": world.experts[0].id, "reason": "Speaks Khmer."})
    assert explained.status_code == 201
    assert explained.get_json()["invite_reason"] == "Speaks Khmer."
    assert explained.headers["Location"].endswith(f"/api/v1/requests/{accepted.reference}")
    twice = staff.post(path, json={"expert_id": world.experts[0].id})
    assert twice.status_code == 409
    nobody = staff.post(path, json={"expert_id": 9999})
    assert nobody.status_code == 404
    assert api(world.party).post(path, json={"expert_id": world.experts[1].id}).status_code == 403


def test_an_expert_answers_only_their_own_invitation(world, api, make_request):
    request = make_request("accepted")
    invitation = (
        api(world.staff)
        .post(
            f"/api/v1/requests/{request.reference}/assignments",
            json={"expert_id": world.experts[0].id},
        )
        .get_json()
    )
    path = f"/api/v1/assignments/{invitation['id']}/actions"
    assert api(world.expert_users[1]).post(path, json={"action": "accept"}).status_code == 404
    no_reason = api(world.expert_users[0]).post(path, json={"action": "decline"})
    assert no_reason.status_code == 422 and "reason" in no_reason.get_json()["error"]["fields"]
    expire = api(world.staff).post(path, json={"action": "expire"})
    assert expire.status_code == 403
    assert db.session.query(AuditEvent).filter_by(action="assignment.expire").count() == 0
