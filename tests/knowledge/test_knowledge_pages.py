"""The knowledge pages: the public catalogue and a product's page in both languages, staff's
forms (a refusal on its field, files), downloads counted, and the navigation."""

import io

from sqlalchemy import func, select

from expert_pool.extensions import db
from expert_pool.knowledge.models import KnowledgeProduct, ProductDownload


def test_a_visitor_searches_the_catalogue_in_chinese_and_finds_an_english_guide(client, products):
    page = client.get("/knowledge", query_string={"q": "红树林恢复"}).get_data(as_text=True)
    assert "Restoring mangrove forests on eroding coasts" in page
    assert "Monitoring freshwater fish" not in page  # kept for staff


def test_the_catalogue_in_chinese_shows_a_product_by_its_chinese_title(client, products):
    client.post("/language", data={"locale": "zh"})
    page = client.get("/knowledge").get_data(as_text=True)
    assert "知识产品" in page and "城市生物多样性规划指南" in page


def test_a_bad_filter_is_a_400_with_the_form(client, products):
    response = client.get("/knowledge", query_string={"year": "1200"})
    assert response.status_code == 400


def test_a_staff_only_product_is_a_404_for_visitors_and_shown_to_staff(
    client, browser, products, world
):
    hidden = products["fish"].id
    assert client.get(f"/knowledge/{hidden}").status_code == 404
    page = browser(world.staff).get(f"/knowledge/{hidden}").get_data(as_text=True)
    assert "Monitoring freshwater fish with environmental DNA" in page


def test_staff_record_a_product_with_a_file_and_visitors_download_it(client, browser, world):
    staff = browser(world.staff)
    response = staff.post(
        "/knowledge/new",
        data={
            "title": "Seagrass meadows of the Gulf of Thailand",
            "summary": "Where they grow and how to protect them.",
            "type": "case_study",
            "year": "2026",
            "tags": "coastal wetlands",
            "links": "https://example.org/seagrass\nhttps://example.org/maps",
            "visibility": "public",
            "files": (io.BytesIO(b"%PDF-1.4 seagrass"), "seagrass.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    product = db.session.scalar(select(KnowledgeProduct))
    assert product.links == ["https://example.org/seagrass", "https://example.org/maps"]
    (file,) = product.files
    download = client.get(f"/knowledge/files/{file.id}")
    assert download.data == b"%PDF-1.4 seagrass"
    download.close()
    assert db.session.scalar(select(func.count(ProductDownload.id))) == 1


def test_a_refused_field_is_shown_on_the_form_and_nothing_is_saved(browser, world):
    response = browser(world.staff).post(
        "/knowledge/new", data={"type": "report", "links": "not-a-link", "visibility": "public"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "a title in English or in Chinese is required" in page
    assert "not web addresses" in page
    assert db.session.scalar(select(KnowledgeProduct)) is None


def test_staff_edit_a_product(browser, products, world):
    product = products["mangroves"]
    staff = browser(world.staff)
    form = staff.get(f"/knowledge/{product.id}/edit").get_data(as_text=True)
    assert "Restoring mangrove forests on eroding coasts" in form
    response = staff.post(
        f"/knowledge/{product.id}/edit",
        data={"title": "Mangroves again", "type": "guideline", "visibility": "staff"},
    )
    assert response.status_code == 302
    db.session.refresh(product)
    assert (product.title, product.visibility) == ("Mangroves again", "staff")


def test_the_navigation_leads_everyone_to_the_catalogue(client, products):
    assert 'href="/knowledge"' in client.get("/").get_data(as_text=True)


def test_staff_remove_a_file_from_the_edit_page(browser, products, world):
    staff = browser(world.staff)
    product = products["mangroves"]
    staff.post(
        f"/knowledge/{product.id}/edit",
        data={
            **{"title": product.title, "type": product.type, "visibility": "public"},
            "files": (io.BytesIO(b"notes"), "notes.txt"),
        },
        content_type="multipart/form-data",
    )
    (file,) = product.files
    page = staff.get(f"/knowledge/{product.id}/edit").get_data(as_text=True)
    assert f"/knowledge/files/{file.id}/delete" in page
    assert staff.post(f"/knowledge/files/{file.id}/delete").status_code == 302
    db.session.expire_all()
    assert db.session.get(KnowledgeProduct, product.id).files == []
