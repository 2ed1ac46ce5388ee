"""The API of staff work on a request: owner and corrections by PATCH, the owner filter."""

from expert_pool.extensions import db
from tests.world import bearer


def test_staff_own_and_correct_a_request_by_patch(world, make_request, client):
    request = make_request(tags=["mangrove restoration"], targets=[2])
    staff = bearer(client, world.staff.email)
    path = f"/api/v1/requests/{request.reference}"
    assert client.get(path, headers=staff).get_json()["owner"] is None

    owned = client.patch(
        path,
        headers=staff,
        json={"version": request.version, "owner": world.staff.id, "tags": ["coastal wetlands"]},
    )
    assert owned.status_code == 200, owned.get_json()
    body = owned.get_json()
    assert body["owner"] == {"id": world.staff.id, "name": "Ana Staff"}
    assert body["tags"] == ["coastal wetlands"]
    mine = client.get("/api/v1/requests?owner=mine", headers=staff).get_json()
    assert [item["reference"] for item in mine["items"]] == [request.reference]
    unowned = client.get("/api/v1/requests?owner=unassigned", headers=staff).get_json()
    assert unowned["total"] == 0

    stale = client.patch(path, headers=staff, json={"version": 1, "type": "other"})
    assert stale.status_code == 409
    released = client.patch(path, headers=staff, json={"version": body["version"], "owner": None})
    assert released.status_code == 200 and released.get_json()["owner"] is None


def test_a_patch_names_the_refused_field_and_is_for_staff_only(world, make_request, client):
    request = make_request()
    path = f"/api/v1/requests/{request.reference}"
    staff = bearer(client, world.staff.email)
    refused = client.patch(
        path, headers=staff, json={"version": request.version, "owner": world.party.id}
    )
    assert refused.status_code == 422 and "owner" in refused.get_json()["error"]["fields"]
    bad_tag = client.patch(
        path, headers=staff, json={"version": request.version, "tags": ["no such topic"]}
    )
    assert bad_tag.status_code == 422 and "tags" in bad_tag.get_json()["error"]["fields"]
    party = client.patch(
        path, headers=bearer(client, world.party.email), json={"version": request.version}
    )
    assert party.status_code == 403
    db.session.expire_all()
    assert request.owner_id is None and request.version == 2


def test_a_page_number_past_what_the_database_counts_is_an_empty_page(world, client, browser):
    huge = "10745203220592353280"
    queue = browser(world.staff).get(f"/queue?page={huge}")
    assert queue.status_code == 200
    staff = bearer(client, world.staff.email)
    assert client.get(f"/api/v1/requests?page={huge}", headers=staff).status_code == 422
    assert client.get("/api/v1/requests?page=2147483647", headers=staff).get_json()["items"] == []


def test_a_nul_character_in_a_filter_is_refused_not_a_server_error(world, client, browser):
    queue = browser(world.staff).get("/queue?tag=a%00b")
    assert queue.status_code == 200 and "Some filters were not understood" in queue.get_data(
        as_text=True
    )
    staff = bearer(client, world.staff.email)
    answer = client.get("/api/v1/requests?tag=a%00b", headers=staff)
    assert answer.status_code == 422 and "tag" in answer.get_json()["error"]["fields"]
