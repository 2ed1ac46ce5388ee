"""With the seeded sample requests, the dashboard, the API summary and the three export formats
(XLSX, CSV, printable HTML) show the same figures: one module computes them, and every place
lays them out through the same tables."""

import csv
import io
import json
from datetime import date
from html.parser import HTMLParser

from openpyxl import load_workbook

from expert_pool.dates import Period
from expert_pool.reports.figures import compute_figures
from expert_pool.reports.tables import gap_tables, report_tables
from expert_pool.seeding import seed
from expert_pool.spreadsheets import cell_text
from tests.conftest import PASSWORD
from tests.world import bearer

PERIOD = "from=2025-01-01&to=2026-12-31"


class TableReader(HTMLParser):
    """The body rows of every <table id="table-NAME"> of a page, as cell texts."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.current = None
        self.in_body = False
        self.cell: list[str] | None = None
        self.skip = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and (attrs.get("id") or "").startswith("table-"):
            self.current = self.tables.setdefault(attrs["id"].removeprefix("table-"), [])
        elif self.current is not None and tag == "tbody":
            self.in_body = True
        elif self.in_body and tag == "tr":
            self.current.append([])
        elif self.in_body and tag in ("td", "th"):
            self.cell, self.skip = [], "colspan" in attrs

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            if not self.skip:
                self.current[-1].append("".join(self.cell).strip())
            self.cell = None
        elif tag == "tbody":
            self.in_body = False
        elif tag == "table":
            self.current = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def html_tables(page: str) -> dict[str, list[list[str]]]:
    reader = TableReader()
    reader.feed(page)
    return {name: [row for row in rows if row] for name, rows in reader.tables.items()}


def texts(table) -> list[list[str]]:
    return [
        [cell_text(value, column.kind) for value, column in zip(row, table.columns, strict=True)]
        for row in table.rows
    ]


def csv_tables(data: bytes, titles: dict[str, str]) -> dict[str, list[list[str]]]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    by_title, index = {}, 0
    while index < len(rows):
        title = rows[index][0]
        end = rows.index([], index)
        by_title[title] = rows[index + 2 : end]
        index = end + 1
    return {name: by_title[title] for name, title in titles.items()}


def test_dashboard_api_and_exports_agree_on_the_seeded_data(
    app, client, runner, make_user, tmp_path
):
    # Tags-only matching keeps the gaps fast here; the threshold's choice is in bench/README.md.
    app.config["EMBEDDING_BACKEND"] = "none"
    seed()
    make_user("reporter@example.org", "staff")
    client.post("/login", data={"email": "reporter@example.org", "password": PASSWORD})
    period = Period(date(2025, 1, 1), date(2026, 12, 31))
    figures = compute_figures(period, gaps=True)
    assert figures["total"] == 52
    tables = report_tables(figures)
    expected = {table.name: texts(table) for table in tables}
    assert expected["parties"] and expected["response_times"] and expected["coverage_gaps"]

    summary = client.get(
        f"/api/v1/reports/summary?{PERIOD}&gaps=true",
        headers=bearer(client, "reporter@example.org"),
    ).get_json()
    as_json = json.loads(json.dumps(figures))
    summary.pop("as_of"), as_json.pop("as_of")
    assert summary == as_json
    assert {t.name: texts(t) for t in report_tables({**summary, "as_of": ""})} == expected

    dashboard = html_tables(client.get(f"/reports?{PERIOD}").get_data(as_text=True))
    gaps_page = html_tables(client.get(f"/reports/gaps?{PERIOD}").get_data(as_text=True))
    gap_names = {t.name for t in gap_tables(figures["coverage_gaps"])}
    for name, rows in expected.items():
        assert (gaps_page if name in gap_names else dashboard)[name] == rows, name

    download = client.get(f"/reports/biennial/download?{PERIOD}&format=html&gaps=1")
    assert html_tables(download.get_data(as_text=True)) == expected

    workbook = load_workbook(
        io.BytesIO(client.get(f"/reports/biennial/download?{PERIOD}&format=xlsx&gaps=1").data)
    )
    assert workbook.sheetnames == [table.name for table in tables]
    for table in tables:
        sheet = workbook[table.name]
        assert [c.value for c in sheet[1]] == [column.label for column in table.columns]
        cells = [
            [cell_text(v, c.kind) for v, c in zip(row, table.columns, strict=True)]
            for row in sheet.iter_rows(min_row=2, values_only=True)
        ]
        assert cells == expected[table.name], table.name

    out = tmp_path / "report.csv"
    result = runner.invoke(
        args=[
            "report",
            "biennial",
            "--from",
            "2025-01-01",
            "--to",
            "2026-12-31",
            "--format",
            "csv",
            "--out",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.output
    assert "52 requests" in result.output
    assert csv_tables(out.read_bytes(), {t.name: t.title for t in tables}) == expected
