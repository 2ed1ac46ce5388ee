"""`flask report biennial`: the report of a period as a file."""

from openpyxl import load_workbook


def test_the_command_writes_the_report(runner, report_world, tmp_path):
    out = tmp_path / "report.xlsx"
    result = runner.invoke(
        args=[
            "report",
            "biennial",
            "--from",
            "2025-01-01",
            "--to",
            "2025-12-31",
            "--out",
            str(out),
            "--no-gaps",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "5 requests, 1 events, 2025-01-01 to 2025-12-31" in result.output
    workbook = load_workbook(out)
    assert workbook["summary"]["B4"].value == 5
    assert "coverage_gaps" not in workbook.sheetnames

    page = tmp_path / "report.html"
    result = runner.invoke(
        args=[
            "report",
            "biennial",
            "--from",
            "2025-01-01",
            "--to",
            "2025-12-31",
            "--format",
            "html",
            "--out",
            str(page),
            "--no-gaps",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "<svg" in page.read_text(encoding="utf-8")


def test_the_command_refuses_a_bad_period(runner, report_world, tmp_path):
    result = runner.invoke(
        args=[
            "report",
            "biennial",
            "--from",
            "2026-01-01",
            "--to",
            "2025-01-01",
            "--out",
            str(tmp_path / "r.csv"),
        ]
    )
    assert result.exit_code == 2
    assert "--to: the end comes before the start" in result.output
    assert not (tmp_path / "r.csv").exists()
