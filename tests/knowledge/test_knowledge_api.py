"""The knowledge products API: the catalogue for anyone (staff see all), by meaning with `q`,
filters, staff's create (201 + Location) and edit, refusals on their fields."""

from sqlalchemy import select

from expert_pool.extensions import db
from expert_pool.knowledge.models import KnowledgeProduct
from tests.world import bearer


def test_anyone_lists_the_public_products_and_staff_all(client, products, world):
    anonymous = client.get("/api/v1/knowledge-products").get_json()
    assert anonymous["total"] == 2 and {i["visibility"] for i in anonymous["items"]} == {"public"}
    staff = client.get("/api/v1/knowledge-products", headers=bearer(client, world.staff.email))
    assert staff.get_json()["total"] == 3


def test_a_query_in_chinese_answers_the_english_product_first_with_its_score(client, products):
    answer = client.get("/api/v1/knowledge-products", query_string={"q": "红树林恢复"}).get_json()
    first = answer["items"][0]
    assert first["title"] == "Restoring mangrove forests on eroding coasts"
    assert first["score"] > 0.5 and first["link"] == f"/knowledge/{first['id']}"


def test_filters_apply(client, products):
    answer = client.get(
        "/api/v1/knowledge-products", query_string={"type": "policy_brief", "language": "zh"}
    ).get_json()
    assert [i["title_zh"] for i in answer["items"]] == ["城市生物多样性规划指南"]
    refused = client.get("/api/v1/knowledge-products", query_string={"type": "poem"})
    assert refused.status_code == 422 and "type" in refused.get_json()["error"]["fields"]


def test_staff_create_a_product_and_read_it_at_its_location(client, world):
    headers = bearer(client, world.staff.email)
    response = client.post(
        "/api/v1/knowledge-products",
        json={
            "title": "Tracking pollinators",
            "type": "dataset",
            "targets": [11],
            "parties": ["npl"],
            "experts": [world.experts[1].id],
            "links": ["https://example.org/bees.csv"],
        },
        headers=headers,
    )
    assert response.status_code == 201
    body = response.get_json()
    assert response.headers["Location"].endswith(f"/api/v1/knowledge-products/{body['id']}")
    assert body["parties"] == ["NPL"] and body["languages"] == ["en"]
    assert client.get(response.headers["Location"]).get_json()["title"] == "Tracking pollinators"


def test_a_refused_product_names_its_fields_and_writes_nothing(client, world):
    response = client.post(
        "/api/v1/knowledge-products",
        json={"type": "report", "tags": ["no such topic"]},
        headers=bearer(client, world.staff.email),
    )
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"title", "tags"}
    assert db.session.scalar(select(KnowledgeProduct)) is None


def test_others_may_not_write(client, products, world):
    for user in (world.party, world.expert_users[0]):
        headers = bearer(client, user.email)
        created = client.post("/api/v1/knowledge-products", json={}, headers=headers)
        patched = client.patch(
            f"/api/v1/knowledge-products/{products['mangroves'].id}", json={}, headers=headers
        )
        assert (created.status_code, patched.status_code) == (403, 403)


def test_staff_patch_the_fields_sent_and_others_see_a_hidden_product_as_missing(
    client, products, world
):
    product_id = products["mangroves"].id
    response = client.patch(
        f"/api/v1/knowledge-products/{product_id}",
        json={"visibility": "staff"},
        headers=bearer(client, world.staff.email),
    )
    assert response.status_code == 200 and response.get_json()["licence"] == "CC BY 4.0"
    assert client.get(f"/api/v1/knowledge-products/{product_id}").status_code == 404
