"""Importing and exporting the registry: the CLI, the staff pages, duplicates, round trips."""

import csv
import io
import json
import random

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from expert_pool.audit.models import AuditEvent
from expert_pool.experts.exporting import export_experts
from expert_pool.experts.importing import import_experts
from expert_pool.experts.models import Expert
from expert_pool.experts.spreadsheet import COLUMN_NAMES
from expert_pool.extensions import db
from tests.conftest import PASSWORD
from tests.forms import form_fields

COUNTRIES = ["CHN", "NPL", "KHM", "PAK", "IND", "BRA", "KEN", "FRA", "PER", "VNM"]
SYLLABLES = [
    "an",
    "bo",
    "chen",
    "da",
    "fu",
    "gan",
    "hui",
    "jin",
    "ka",
    "lo",
    "mei",
    "nor",
    "pa",
    "qi",
    "ru",
    "sa",
    "tu",
    "vo",
    "wen",
    "xi",
    "ya",
    "zo",
]
BAD_ROWS = {
    # row index in the data (0-based) -> (column, value, words in the message)
    20: ("email", "not-an-address", "email"),
    60: ("name", "", "a name is required"),
    100: ("country", "ZZZ", "ISO 3166"),
    140: ("languages", "en; xx", "ISO 639-1"),
    180: ("tags", "underwater basket weaving", "not in the taxonomy"),
    220: ("orcid", "0000-0002-1825-0098", "ORCID"),
    260: ("targets", "two", "target numbers"),
    300: ("max_assignments", "50", "between 0 and 20"),
    340: ("availability", "sometimes", "availability"),
    380: ("publications", "not json", "JSON"),
}


def person(rng: random.Random, index: int) -> dict:
    """One valid row with a made-up name unlike any other."""
    given = "".join(rng.choice(SYLLABLES) for _ in range(3)).title()
    family = "".join(rng.choice(SYLLABLES) for _ in range(2)).title()
    return {
        "email": f"person{index:03d}@example.org",
        "name": f"{given} {family} {index:03d}",
        "country": COUNTRIES[index % len(COUNTRIES)],
        "languages": "en; zh" if index % 2 else "en",
        "tags": "wetland ecology; free, prior and informed consent",
        "targets": "2; 11",
        "availability": "available",
        "max_assignments": "3",
        "public": "yes",
        "bio": f"Expert number {index}.",
        "publications": json.dumps([{"title": f"Paper {index}", "year": 2020}]),
    }


def spreadsheet_rows() -> list[dict]:
    """500 rows: 10 bad ones and 5 likely duplicates of earlier rows, the rest valid."""
    rng = random.Random(3)
    rows = [person(rng, index) for index in range(500)]
    for index, (column, value, _words) in BAD_ROWS.items():
        rows[index][column] = value
    rows[400]["email"] = rows[1]["email"].upper()  # same email, another name
    rows[401]["email"] = rows[2]["email"]
    rows[10]["name"], rows[10]["country"] = "Zhang Wei", "CHN"
    rows[410].update(name="Wei Zhang", country="CHN")  # the same person, name in another order
    rows[11]["name"], rows[11]["country"] = "María José Pérez", "PER"
    rows[411].update(name="Maria Jose Perez", country="PER")  # without the accents
    rows[12]["orcid"] = rows[412]["orcid"] = "0000-0002-1825-0097"
    return rows


def write_xlsx(path, rows: list[dict]) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMN_NAMES))
    for row in rows:
        sheet.append([row.get(column, "") for column in COLUMN_NAMES])
    workbook.save(path)


@pytest.fixture
def big_file(tmp_path, vocabularies):
    path = tmp_path / "experts.xlsx"
    write_xlsx(path, spreadsheet_rows())
    return path


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_500_rows_with_10_bad_and_5_duplicates_import_only_when_asked(runner, big_file):
    dry = runner.invoke(args=["experts", "import", str(big_file), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    expected_bad = sorted(index + 2 for index in BAD_ROWS)  # spreadsheet rows: header is row 1
    reported_bad = sorted(
        {
            int(line.split(",")[0][4:])
            for line in dry.output.splitlines()
            if line.startswith("row ") and ", column " in line
        }
    )
    assert reported_bad == expected_bad
    for index, (column, _value, words) in BAD_ROWS.items():
        assert f"row {index + 2}, column {column}:" in dry.output
        line = next(x for x in dry.output.splitlines() if x.startswith(f"row {index + 2}, "))
        assert words.lower() in line.lower(), line
    duplicate_rows = sorted(
        int(line.split()[1])
        for line in dry.output.splitlines()
        if "duplicate" in line and line.startswith("row ")
    )
    assert duplicate_rows == [402, 403, 412, 413, 414]
    assert "same name in CHN (Wei Zhang): likely the same person as row 12" in dry.output
    assert "500 rows: 10 with errors, 5 likely duplicates, 485 new" in dry.output
    assert count(Expert) == 0

    refused = runner.invoke(args=["experts", "import", str(big_file)])
    assert refused.exit_code != 0 and "nothing imported" in refused.output
    assert count(Expert) == 0

    done = runner.invoke(args=["experts", "import", str(big_file), "--skip-invalid"])
    assert done.exit_code == 0, done.output
    assert "Written: 485 created" in done.output
    assert count(Expert) == 485
    assert set(db.session.scalars(select(Expert.status))) == {"pending"}

    again = runner.invoke(args=["experts", "import", str(big_file), "--skip-invalid"])
    assert "485 likely duplicates" in again.output or "490 likely duplicates" in again.output
    assert count(Expert) == 485


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_with_update_changes_nothing(runner, tmp_path, expert_factory, fmt):
    expert_factory(
        orcid="0000-0002-1825-0097",
        native_name="李伟",
        bio="=SUM(A1) is not a formula, and\nthis bio has two lines.",
        tags=["free, prior and informed consent", "wetland ecology"],
        publications=[
            {"title": "Old", "year": 1999, "abstract": "-dash", "url": ""},
            {"title": "New", "year": 2024, "url": "https://example.org/p"},
        ],
    )
    expert_factory(
        "nima@example.org",
        name="Nima Sherpa",
        country="NPL",
        public=False,
        availability="unavailable",
        unavailable_until="2030-05-01",
        languages=["ne"],
    )
    path = tmp_path / f"experts.{fmt}"
    result = runner.invoke(args=["experts", "export", str(path)])
    assert result.exit_code == 0, result.output
    events_before = count(AuditEvent)
    result = runner.invoke(args=["experts", "import", str(path), "--update"])
    assert result.exit_code == 0, result.output
    assert "Written: 0 created, 0 updated, 2 unchanged" in result.output
    assert count(AuditEvent) == events_before
    if fmt == "xlsx":
        cell = load_workbook(path)["experts"]["P2"]
        assert cell.value.startswith("=SUM") and cell.data_type == "s"
    else:
        text = path.read_bytes().decode("utf-8-sig")
        assert "'=SUM(A1)" in text


def test_update_matches_the_same_person_and_keeps_their_address(runner, tmp_path, expert_factory):
    zhang = expert_factory("zhang.wei@example.org", name="Zhang Wei", bio="Old bio.")
    path = tmp_path / "update.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["email", "name", "country", "bio"])
        writer.writerow(["wei.zhang@other.example.org", "Wei Zhang", "CHN", "New bio."])
    plain = runner.invoke(args=["experts", "import", str(path)])
    assert (
        "likely the same person as expert" in plain.output
        and "zhang.wei@example.org" in plain.output
    )
    assert "Written: 0 created" in plain.output
    updated = runner.invoke(args=["experts", "import", str(path), "--update"])
    assert "1 updated" in updated.output, updated.output
    db.session.refresh(zhang)
    assert zhang.bio == "New bio." and zhang.email == "zhang.wei@example.org"
    assert zhang.tags and zhang.embedding_stale  # columns not in the file are left alone


def test_a_wrong_header_or_file_is_refused_whole(runner, tmp_path, vocabularies):
    path = tmp_path / "wrong.csv"
    path.write_text("email,nmae,country\na@example.org,A,CHN\n")
    result = runner.invoke(args=["experts", "import", str(path)])
    assert result.exit_code != 0
    assert (
        "missing required columns: name" in result.output
        and "unknown columns: nmae" in result.output
    )
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    assert "not a readable XLSX" in runner.invoke(args=["experts", "import", str(broken)]).output


def test_the_template_has_the_documented_columns(runner, tmp_path):
    path = tmp_path / "template.csv"
    assert runner.invoke(args=["experts", "template", str(path)]).exit_code == 0
    header = path.read_bytes().decode("utf-8-sig").strip().split(",")
    assert header == list(COLUMN_NAMES)
    xlsx = tmp_path / "template.xlsx"
    runner.invoke(args=["experts", "template", str(xlsx)])
    workbook = load_workbook(xlsx)
    assert [c.value for c in workbook["experts"][1]] == list(COLUMN_NAMES)
    assert workbook["columns"]["A2"].value == "email"


def test_staff_import_from_the_page_with_a_preview_then_confirm(client, make_user, vocabularies):
    make_user("staff@example.org", role="staff")
    client.post("/login", data={"email": "staff@example.org", "password": PASSWORD})
    rows = spreadsheet_rows()[:30]
    rows[5]["country"] = "ZZZ"  # and row 20 has a bad email
    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active.append(list(COLUMN_NAMES))
    for row in rows:
        workbook.active.append([row.get(column, "") for column in COLUMN_NAMES])
    workbook.save(buffer)

    def upload(**options):
        data = {"file": (io.BytesIO(buffer.getvalue()), "experts.xlsx"), **options}
        return client.post("/staff/experts/import", data=data, content_type="multipart/form-data")

    preview = upload().get_data(as_text=True)
    assert "30 rows: 2 with errors" in preview and "Nothing can be imported" in preview
    assert count(Expert) == 0
    preview = upload(skip_invalid="y").get_data(as_text=True)
    assert "Import now" in preview
    token = preview.split('name="upload" type="hidden" value="')[1].split('"')[0]
    done = client.post(
        "/staff/experts/import/confirm", data={"upload": token, "skip_invalid": "1", "update": ""}
    )
    assert done.status_code == 302
    assert count(Expert) == 28
    again = client.post(
        "/staff/experts/import/confirm", data={"upload": token, "skip_invalid": "1"}
    )
    assert again.status_code == 302 and count(Expert) == 28  # an upload is used once

    download = client.get("/staff/experts/export?format=csv&status=pending")
    assert download.status_code == 200 and download.mimetype == "text/csv"
    assert download.get_data().decode("utf-8-sig").count("@example.org") == 28
    assert client.get("/staff/experts/export?format=pdf").status_code == 400
    template = client.get("/staff/experts/import/template?format=xlsx")
    assert template.status_code == 200 and template.data[:2] == b"PK"


def test_importing_through_the_service_reports_without_writing_on_a_dry_run(expert_factory):
    content = export_experts("csv")
    assert content.startswith("\ufeff".encode())
    expert_factory()
    report = import_experts(export_experts("csv"), "x.csv", None, dry_run=True, update=True)
    assert report.to_update == 1 and not report.written


def test_the_options_ticked_on_the_page_are_the_ones_the_confirmation_applies(
    client, make_user, expert_factory
):
    make_user("staff@example.org", role="staff")
    client.post("/login", data={"email": "staff@example.org", "password": PASSWORD})
    expert_factory("known@example.org", name="Known Person", bio="old bio")
    rows = spreadsheet_rows()[:3]
    rows[0].update(email="known@example.org", name="Known Person", bio="new bio")
    rows[1]["country"] = "ZZZ"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMN_NAMES)
    writer.writeheader()
    writer.writerows({column: row.get(column, "") for column in COLUMN_NAMES} for row in rows)
    data = {
        "file": (io.BytesIO(buffer.getvalue().encode()), "experts.csv"),
        "update": "y",  # what the ticked checkboxes send
        "skip_invalid": "y",
    }
    preview = client.post("/staff/experts/import", data=data, content_type="multipart/form-data")
    confirm = form_fields(preview.get_data(as_text=True), "/staff/experts/import/confirm")
    done = client.post("/staff/experts/import/confirm", data=confirm, follow_redirects=True)
    assert "Written: 1 created, 1 updated" in done.get_data(as_text=True)
    assert count(Expert) == 2
    known = db.session.scalar(select(Expert).filter_by(email="known@example.org"))
    assert known.bio == "new bio"
