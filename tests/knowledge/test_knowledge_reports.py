"""The reports count knowledge products developed and their downloads per period, type, target
and Party (a hand-counted world), in the dashboard and the biennial export."""

import io
from datetime import date, datetime

from openpyxl import load_workbook

from expert_pool.dates import Period
from expert_pool.extensions import db
from expert_pool.knowledge.services import add_product_file, create_product, record_download
from expert_pool.reports.knowledge import knowledge_products
from tests.knowledge.conftest import PRODUCTS

PERIOD = Period(date(2025, 1, 1), date(2025, 12, 31))


def build(world) -> dict:
    """Mangroves (KHM, target 2) and fish (KHM, NPL, target 21) recorded in 2025, cities
    (CHN, target 12) in 2024; downloads: mangroves 3 in 2025, cities 1 in 2025 and 2 in 2024,
    fish none."""
    at = {
        "mangroves": datetime(2025, 3, 1),
        "fish": datetime(2025, 9, 1),
        "cities": datetime(2024, 5, 1),
    }
    made = {k: create_product(PRODUCTS[k], world.staff, at=at[k]) for k in PRODUCTS}
    files = {
        k: add_product_file(made[k], f"{k}.pdf", io.BytesIO(b"%PDF"), world.staff) for k in made
    }
    for key, moments in {
        "mangroves": ["2025-04-01", "2025-05-01", "2025-12-31T23:00"],
        "cities": ["2025-02-01", "2024-06-01", "2024-07-01"],
    }.items():
        for moment in moments:
            record_download(files[key], at=datetime.fromisoformat(moment))
    db.session.commit()
    return made


def test_products_and_downloads_are_counted_by_type_target_and_party(world):
    build(world)
    figures = knowledge_products(PERIOD)
    assert (figures["developed"], figures["downloads"]) == (2, 4)
    by_type = {row["type"]: (row["developed"], row["downloads"]) for row in figures["by_type"]}
    assert by_type["guideline"] == (1, 3)
    assert by_type["training_material"] == (1, 0)
    assert by_type["policy_brief"] == (0, 1)
    assert by_type["report"] == (0, 0)
    assert [(t["number"], t["developed"], t["downloads"]) for t in figures["by_target"]] == [
        (2, 1, 3),
        (12, 0, 1),
        (21, 1, 0),
    ]
    assert [(p["code"], p["developed"], p["downloads"]) for p in figures["by_party"]] == [
        ("KHM", 2, 3),
        ("NPL", 1, 0),
        ("CHN", 0, 1),
    ]
    assert [(p["title"], p["downloads"]) for p in figures["most_downloaded"]] == [
        ("Restoring mangrove forests on eroding coasts", 3),
        ("城市生物多样性规划指南", 1),
    ]


def test_the_dashboard_and_the_biennial_workbook_show_them(browser, world):
    build(world)
    staff = browser(world.staff)
    page = staff.get("/reports?from=2025-01-01&to=2025-12-31").get_data(as_text=True)
    assert "Knowledge products by Party" in page and 'id="table-products_parties"' in page
    download = staff.get(
        "/reports/biennial/download?from=2025-01-01&to=2025-12-31&format=xlsx&gaps=n"
    )
    workbook = load_workbook(io.BytesIO(download.data))
    rows = list(workbook["products_parties"].iter_rows(values_only=True))
    assert ("Cambodia", 2, 3) in rows
    summary = dict(row[:2] for row in workbook["summary"].iter_rows(values_only=True))
    assert summary["Knowledge products developed"] == 2
    assert summary["Downloads of knowledge products"] == 4
