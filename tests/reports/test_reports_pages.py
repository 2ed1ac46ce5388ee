"""The staff pages: the dashboard, the biennial report download, the coverage gaps page."""

import csv
import io

import pytest
from openpyxl import load_workbook

from expert_pool.extensions import db
from tests.conftest import PASSWORD
from tests.forms import form_fields


def test_the_dashboard_shows_the_figures_with_charts_and_tables(staff_client):
    response = staff_client.get("/reports?from=2025-01-01&to=2025-12-31")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<caption" in page and 'scope="col"' in page
    assert 'id="table-parties"' in page and "Cambodia" in page
    assert page.count("<svg") >= 6
    assert 'role="img"' in page and "<title id=" in page
    assert "Mangrove restoration workshop" in page
    assert 'href="/reports/gaps?from=2025-01-01&amp;to=2025-12-31"' in page


PERIOD_PAGES = [
    "/reports",
    "/reports/gaps",
    "/reports/biennial",
    "/reports/biennial/download?format=csv&",
    "/events",
    "/events/export?format=csv&",
]


@pytest.mark.parametrize("path", PERIOD_PAGES)
@pytest.mark.parametrize(
    ("dates", "english", "chinese"),
    [
        ("from=2026-02-30&to=2026-12-31", "Not a valid date value", "不是有效的日期"),
        ("from=2026-01-01&to=2025-01-01", "the end comes before the start", "结束日期早于开始日期"),
        (
            "from=9999-12-31&to=9999-12-31",
            "a date between 1900-01-01 and 2999-12-31",
            "1900-01-01 至 2999-12-31 之间的日期",
        ),
    ],
)
def test_an_unreadable_or_reversed_period_is_refused_on_its_field_not_replaced(
    staff_client, report_world, path, dates, english, chinese
):
    url = f"{path}{'' if path.endswith('&') else '?'}{dates}"
    response = staff_client.get(url)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and response.mimetype == "text/html"
    assert english in page and 'class="invalid-feedback"' in page
    assert "Requests received" not in page and "Mangrove restoration workshop" not in page
    assert "showing this biennium" not in page
    report_world.staff.locale = "zh"
    db.session.commit()
    assert chinese in staff_client.get(url).get_data(as_text=True)


def test_the_biennial_page_starts_with_the_coverage_gaps_ticked(staff_client):
    page = staff_client.get("/reports/biennial").get_data(as_text=True)
    assert form_fields(page, "/reports/biennial/download")["gaps"] == "y"
    assert 'name="from" type="date" value="' in page


def test_other_roles_do_not_see_reports(app, client, report_world):
    client.post("/login", data={"email": "focal-khm@example.org", "password": PASSWORD})
    assert client.get("/reports").status_code == 403
    assert client.get("/events").status_code == 403
    assert client.get("/reports/biennial/download?format=csv").status_code == 403


def test_staff_download_the_biennial_report_in_three_formats(staff_client):
    args = "from=2025-01-01&to=2025-12-31"
    page = staff_client.get(f"/reports/biennial?{args}").get_data(as_text=True)
    assert 'for="format"' in page and "Download the report" in page

    xlsx = staff_client.get(f"/reports/biennial/download?{args}&format=xlsx")
    assert xlsx.status_code == 200
    assert "biennial-report-2025-01-01-2025-12-31.xlsx" in xlsx.headers["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(xlsx.data))
    for sheet in (
        "summary",
        "parties",
        "targets",
        "types",
        "response_times",
        "experts_engaged",
        "events",
        "participants",
        "satisfaction",
    ):
        assert sheet in workbook.sheetnames
    parties = workbook["parties"]
    assert [c.value for c in parties[1]] == ["Party", "Requests", "Answered"]
    assert [c.value for c in parties[2]] == ["Cambodia", 3, 2]
    assert parties["B2"].number_format == "0"
    assert workbook["response_times"]["C2"].number_format == "0.0"
    assert parties["A1"].font.bold

    text = staff_client.get(f"/reports/biennial/download?{args}&format=csv").data
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    assert ["Requests by Party"] in rows
    assert ["Cambodia", "3", "2"] in rows

    html = staff_client.get(f"/reports/biennial/download?{args}&format=html")
    assert html.mimetype == "text/html"
    body = html.get_data(as_text=True)
    assert "<svg" in body and "Requests by Party" in body and "@media print" in body


def test_the_parties_are_named_in_the_language_of_whoever_reads_or_downloads(
    staff_client, report_world
):
    report_world.staff.locale = "zh"
    db.session.commit()
    args = "from=2025-01-01&to=2025-12-31"
    page = staff_client.get(f"/reports?{args}").get_data(as_text=True)
    parties = page[page.index('id="table-parties"') :]
    assert "柬埔寨" in parties[: parties.index("</table>")] and "Cambodia" not in page

    workbook = load_workbook(
        io.BytesIO(staff_client.get(f"/reports/biennial/download?{args}&format=xlsx").data)
    )
    assert [c.value for c in workbook["parties"][2]] == ["柬埔寨", 3, 2]
    by_party = list(workbook["participants"].iter_rows(values_only=True))[-2:]
    assert by_party == [("缔约方", "柬埔寨", 15), ("缔约方", "无缔约方", 2)]
    text = staff_client.get(f"/reports/biennial/download?{args}&format=csv").data
    assert ["柬埔寨", "3", "2"] in list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))

    form = staff_client.get("/events/new").get_data(as_text=True)
    assert '<option value="KHM">柬埔寨</option>' in form
