"""Reuse of the catalogue from the help desk: a new request's form shows the closest products,
staff publish a delivery in one step, and answer a knowledge-product inquiry with products."""

from sqlalchemy import select

from expert_pool.audit.models import AuditEvent
from expert_pool.extensions import db
from expert_pool.knowledge.models import KnowledgeProduct


def test_the_new_request_form_asks_for_the_closest_products(browser, products, world):
    party = browser(world.party)
    form = party.get("/requests/new").get_data(as_text=True)
    assert 'data-closest-url="/knowledge/closest"' in form
    assert 'data-fields="title problem_statement"' in form
    answer = party.get(
        "/knowledge/closest", query_string={"text": "我们想在海岸种植红树林"}
    ).get_json()
    assert answer["items"][0]["title"] == "Restoring mangrove forests on eroding coasts"
    assert answer["items"][0]["link"] == f"/knowledge/{products['mangroves'].id}"


def test_the_closest_products_leave_out_those_kept_for_staff(client, products):
    answer = client.get("/knowledge/closest", query_string={"text": "eDNA of river fish"})
    assert "Monitoring freshwater fish" not in str(answer.get_json())


def test_staff_publish_a_delivery_from_the_request_page(browser, make_request, world):
    request = make_request("delivered")
    staff = browser(world.staff)
    page = staff.get(f"/requests/{request.reference}").get_data(as_text=True)
    publish = f"/knowledge/new?request={request.reference}"
    assert publish in page
    form = staff.get(publish).get_data(as_text=True)
    assert request.title in form and "Dara Sok" in form
    response = staff.post(
        publish,
        data={
            "title": request.title,
            "summary": "Noted.",
            "type": "report",
            "targets": ["2", "3"],
            "tags": "mangrove restoration",
            "parties": ["KHM"],
            "experts": [str(world.experts[0].id)],
            "visibility": "public",
        },
    )
    assert response.status_code == 302
    product = db.session.scalar(select(KnowledgeProduct))
    assert product.request_id == request.id
    page = staff.get(f"/requests/{request.reference}").get_data(as_text=True)
    assert f"/knowledge/{product.id}" in page and publish not in page


def test_staff_answer_an_inquiry_with_products_of_the_catalogue(
    browser, make_request, products, world
):
    request = make_request(
        "accepted",
        type="knowledge_product",
        title="Guidance on replanting mangroves",
        problem_statement="Is there a guide to replanting mangroves with communities?",
    )
    staff = browser(world.staff)
    page = staff.get(f"/requests/{request.reference}").get_data(as_text=True)
    mangroves = products["mangroves"]
    assert f'<option selected value="{mangroves.id}">' in page
    response = staff.post(
        f"/requests/{request.reference}/answer-from-catalogue",
        data={
            "products": [str(mangroves.id)],
            "note": "This guide answers it.",
            "version": str(request.version),
        },
    )
    assert response.status_code == 302
    db.session.refresh(request)
    assert request.status == "delivered"
    note = db.session.scalar(select(AuditEvent.note).where(AuditEvent.action == "request.deliver"))
    assert note.startswith("This guide answers it.")
    assert f"/knowledge/{mangroves.id}" in note and "https://example.org/mangroves.pdf" in note


def test_a_staff_only_product_does_not_answer_a_party(browser, make_request, products, world):
    request = make_request("accepted", type="knowledge_product")
    response = browser(world.staff).post(
        f"/requests/{request.reference}/answer-from-catalogue",
        data={"products": [str(products["fish"].id)], "version": str(request.version)},
    )
    assert response.status_code == 302
    db.session.refresh(request)
    assert request.status == "accepted"
