"""The assessment's figures laid out as tables, once: the page, the XLSX workbook and the
printable HTML page show these tables (written by the biennial report's export helpers)."""

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..exceptions import ValidationError
from ..reports.exporting import write_html
from ..spreadsheets import Chart, Column, Table, write_xlsx
from ..taxonomy.names import country_name
from ..taxonomy.vocabulary import thematic_area_label

AGREEMENT_LABELS = {
    "agree": _l("The sources agree"),
    "partly": _l("One level apart"),
    "differ": _l("The sources differ"),
    "single": _l("One source only"),
}
EXPORT_FORMATS = ("xlsx", "html")


def _party(code: str) -> str:
    return f"{country_name(code)} ({code})"


def _scale() -> str:
    return _("Priorities: 3 high, 2 medium, 1 low, 0 not a priority; blank: the source is silent.")


def assessment_tables(figures: dict[str, Any]) -> list[Table]:
    """Every table of the assessment, in the order the page and the exports show them."""
    sources = figures["sources"]
    cells = figures["cells"]
    needs = [cell for cell in cells if cell["is_need"]]
    summary = Table(
        "summary",
        _("Summary"),
        [Column(_("Indicator")), Column(_("Value"))],
        [
            [_("Period start"), figures["period"]["from"]],
            [_("Period end"), figures["period"]["to"]],
            [_("Parties that answered the questionnaire"), sources["responses"]],
            [_("Desk-review findings"), sources["findings"]],
            [_("Requests received"), sources["requests"]],
            [_("Party and target pairs with a priority"), len(cells)],
            [_("Priority needs (medium or higher)"), len(needs)],
            [_("Needs common to the served Parties"), len(figures["common"])],
            [_("Country-specific needs"), len(figures["specific"])],
        ],
    )
    by_party: dict[str, int] = {}
    for cell in needs:
        by_party[cell["party"]] = by_party.get(cell["party"], 0) + 1
    tables = [
        summary,
        Table(
            "needs_by_party",
            _("Priority needs by Party"),
            [Column(_("Party")), Column(_("Needs"), "int")],
            [[_party(party), count] for party, count in sorted(by_party.items())],
            Chart("bar"),
        ),
        Table(
            "common",
            _("Needs common to the served Parties"),
            [
                Column(_("Target"), "int"),
                Column(_("Title")),
                Column(_("Parties"), "int"),
                Column(_("Average priority"), "rating"),
                Column(_("Which Parties")),
            ],
            [
                [r["target"], r["title"], len(r["parties"]), r["average"], ", ".join(r["parties"])]
                for r in figures["common"]
            ],
            Chart("bar", (2,)),
            _("Targets that at least two served Parties need."),
        ),
        Table(
            "specific",
            _("Country-specific needs"),
            [
                Column(_("Party")),
                Column(_("Target"), "int"),
                Column(_("Title")),
                Column(_("Priority"), "rating"),
            ],
            [
                [_party(r["party"]), r["target"], r["title"], r["average"]]
                for r in figures["specific"]
            ],
            description=_("Targets that only one Party needs."),
        ),
        Table(
            "agreement",
            _("Agreement between the sources"),
            [Column(_("Agreement")), Column(_("Party and target pairs"), "int")],
            [[str(AGREEMENT_LABELS[key]), count] for key, count in figures["agreement"].items()],
            Chart("bar"),
        ),
        Table(
            "cells",
            _("Priority per Party and KMGBF target"),
            [
                Column(_("Party")),
                Column(_("Target"), "int"),
                Column(_("Questionnaire"), "int"),
                Column(_("Desk review"), "int"),
                Column(_("Requests"), "int"),
                Column(_("Requests received"), "int"),
                Column(_("Priority"), "rating"),
                Column(_("Agreement")),
            ],
            [
                [
                    _party(c["party"]),
                    c["target"],
                    c["questionnaire"],
                    c["desk_review"],
                    c["requests"],
                    c["request_count"],
                    c["combined"],
                    str(AGREEMENT_LABELS[c["agreement"]]),
                ]
                for c in cells
            ],
            description=_scale(),
        ),
        Table(
            "areas",
            _("Priority per Party and thematic area (questionnaire)"),
            [Column(_("Party")), Column(_("Thematic area")), Column(_("Priority"), "int")],
            [
                [_party(r["party"]), thematic_area_label(r["area"]), r["level"]]
                for r in figures["areas"]
            ],
            description=_scale(),
        ),
    ]
    gaps = figures["gaps"]
    if gaps is not None:
        threshold = f"{gaps['threshold']:.2f}"  # outside _(): the extractor skips f-strings in it
        tables.append(
            Table(
                "gaps",
                _("Needs the expert pool does not cover"),
                [
                    Column(_("Target"), "int"),
                    Column(_("Title")),
                    Column(_("Parties")),
                    Column(_("Best score"), "score"),
                    Column(_("Best expert")),
                ],
                [
                    [
                        g["target"],
                        g["title"],
                        ", ".join(g["parties"]),
                        g["best_score"],
                        g["best_expert"],
                    ]
                    for g in gaps["items"]
                ],
                description=_(
                    "Needed targets whose best match in the pool scores below %(threshold)s, of "
                    "%(checked)s needed targets checked.",
                    threshold=threshold,
                    checked=gaps["needs_checked"],
                ),
            )
        )
    return tables


def export_assessment(figures: dict[str, Any], fmt: str) -> bytes:
    """The assessment of these figures as an XLSX workbook or a printable HTML page."""
    if fmt not in EXPORT_FORMATS:
        raise ValidationError.on("format", _("the format is xlsx or html"))
    tables = assessment_tables(figures)
    if fmt == "xlsx":
        return write_xlsx(tables)
    return write_html(figures, tables, "needs/assessment_report.html")


def assessment_filename(figures: dict[str, Any], fmt: str) -> str:
    """The download name of an assessment, after its period."""
    period = figures["period"]
    return f"needs-assessment-{period['from']}-{period['to']}.{fmt}"
