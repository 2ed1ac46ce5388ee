"""Recording knowledge products: staff only, every field checked on its own field, every change
audited, files under the attachments' rules, publishing a delivered request."""

import io

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from expert_pool.audit.models import AuditEvent
from expert_pool.exceptions import Conflict, NotFound, PermissionDenied, ValidationError
from expert_pool.extensions import db
from expert_pool.helpdesk.services.attachments import stored_path
from expert_pool.knowledge.models import KnowledgeProduct
from expert_pool.knowledge.services import (
    add_product_file,
    create_product,
    delivery_data,
    get_product,
    update_product,
)
from tests.knowledge.conftest import PRODUCTS


def test_staff_record_a_product_with_its_links_to_the_taxonomy_and_the_pool(world):
    data = {**PRODUCTS["mangroves"], "experts": [world.experts[0].id], "authors": "A. Writer"}
    product = create_product(data, world.staff)
    db.session.commit()

    stored = db.session.get(KnowledgeProduct, product.id)
    assert [t.name for t in stored.tags] == ["mangrove restoration"]
    assert [t.number for t in stored.targets] == [2]
    assert [p.code for p in stored.parties] == ["KHM"]
    assert [e.name for e in stored.experts] == ["Dara Sok"]
    assert stored.links == ["https://example.org/mangroves.pdf"]
    assert stored.languages == ["en"] and stored.visibility == "public"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "knowledge.created"))
    assert event.actor_id == world.staff.id and event.object_id == str(product.id)


@pytest.mark.parametrize("role", ["party", "expert"])
def test_only_staff_record_products(world, role):
    with pytest.raises(PermissionDenied):
        create_product(PRODUCTS["mangroves"], world.by_role(role))
    assert db.session.scalar(select(KnowledgeProduct)) is None


def test_every_bad_field_is_refused_on_its_field_and_nothing_is_written(world):
    data = {
        "type": "poem",
        "year": 1492,
        "languages": ["english"],
        "targets": [24],
        "tags": ["no such topic"],
        "parties": ["ATL"],  # no Party has this code
        "experts": [999],
        "links": ["ftp://example.org/x", "not a link"],
        "visibility": "secret",
    }
    with pytest.raises(ValidationError) as refused:
        create_product(data, world.staff)
    assert set(refused.value.fields) == {
        "title",
        "type",
        "year",
        "languages",
        "targets",
        "tags",
        "parties",
        "experts",
        "links",
        "visibility",
    }
    db.session.rollback()
    assert db.session.scalar(select(KnowledgeProduct)) is None


def test_a_chinese_title_alone_is_enough_and_its_language_is_chinese(world):
    product = create_product({"title_zh": "湿地指南", "type": "report"}, world.staff)
    assert product.languages == ["zh"]


def test_an_edit_changes_the_fields_given_and_audits_which(products, world):
    product = products["mangroves"]
    update_product(product, {"visibility": "staff", "year": 2026}, world.staff)
    db.session.commit()
    assert (product.visibility, product.year, product.title) == (
        "staff",
        2026,
        PRODUCTS["mangroves"]["title"],
    )
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "knowledge.updated"))
    assert event.data["changed"] == ["visibility", "year"]


def test_a_staff_only_product_is_not_found_by_others(products, world):
    hidden = products["fish"]
    assert get_product(hidden.id, world.staff) is hidden
    for viewer in (None, world.party, world.expert_users[0]):
        with pytest.raises(NotFound):
            get_product(hidden.id, viewer)


def test_files_follow_the_attachment_rules(products, world):
    product = products["mangroves"]
    file = add_product_file(product, "guide.pdf", io.BytesIO(b"%PDF-1.4 guide"), world.staff)
    db.session.commit()
    assert stored_path(file.stored_name).read_bytes() == b"%PDF-1.4 guide"
    with pytest.raises(ValidationError) as refused:
        add_product_file(product, "virus.exe", io.BytesIO(b"MZ"), world.staff)
    assert "files" in refused.value.fields
    with pytest.raises(PermissionDenied):
        add_product_file(product, "guide.pdf", io.BytesIO(b"x"), world.party)


def test_a_delivered_request_is_published_once_prefilled_from_it(world, make_request):
    request = make_request("delivered")
    data = delivery_data(request)
    assert data["title"] == request.title and data["summary"].startswith("Noted.")
    assert data["targets"] == [2, 3] and data["tags"] == ["mangrove restoration"]
    assert data["parties"] == ["KHM"] and data["experts"] == [world.experts[0].id]
    product = create_product(data, world.staff, request=request)
    db.session.commit()
    assert product.request_id == request.id and product.visibility == "staff"
    with pytest.raises(Conflict):
        create_product(data, world.staff, request=request)


def test_a_request_not_delivered_is_not_published(world, make_request):
    request = make_request("accepted")
    with pytest.raises(ValidationError):
        create_product(delivery_data(request), world.staff, request=request)


@pytest.mark.parametrize(
    "fields",
    [{"title": "", "title_zh": ""}, {"type": "poem"}, {"visibility": "secret"}, {"year": 1200}],
    ids=["no title", "type", "visibility", "year"],
)
def test_the_schema_refuses_what_the_services_refuse(app, fields):
    values = {"title": "A title", "type": "report", "visibility": "public", **fields}
    db.session.add(KnowledgeProduct(**values))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
