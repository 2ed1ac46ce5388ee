"""The figures laid out as tables: one layout shared by the dashboard, the printable report, the
CSV and the XLSX export, so that every place shows the same numbers the same way."""

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..events.models import EVENT_TYPE_LABELS, GENDER_LABELS, PARTICIPANT_ROLE_LABELS
from ..helpdesk.forms import TYPE_LABELS
from ..helpdesk.workflow import REQUEST_STATES, STATE_LABELS
from ..knowledge.forms import TYPE_LABELS as PRODUCT_TYPE_LABELS
from ..spreadsheets import Chart, Column, Table
from ..taxonomy.names import country_name, tag_label, target_title_of

STEP_LABELS = {
    "screening": _l("Submission to screening"),
    "first_invitation": _l("Submission to first invitation"),
    "expert_acceptance": _l("Submission to an expert's acceptance"),
    "delivery": _l("Submission to delivery"),
}
SERVICE_LEVELS = {
    "screening": _l("Screening"),
    "first_invitation": _l("First invitation"),
    "expert_answer": _l("Expert's answer"),
}
# Dicts keep their order in Python but not through JSON (the API sorts keys): tables follow these.
STATES = [state for state in REQUEST_STATES if state != "draft"]
def summary_table(figures: dict[str, Any]) -> Table:
    """The headline figures of the period."""
    by_status = figures["by_status"]
    engaged = figures["experts_engaged"]
    events = figures["capacity_building"]
    rows = [
        [_("Period start"), figures["period"]["from"]],
        [_("Period end"), figures["period"]["to"]],
        [_("Requests received"), figures["total"]],
        [_("Requests answered (delivered or closed)"), figures["answered"]],
        [_("Requests declined"), by_status["declined"]],
        [_("Requests withdrawn"), by_status["withdrawn"]],
        [_("Items overdue now"), figures["overdue"]["total"]],
        [_("Average rating by the Parties (1-5)"), figures["satisfaction"]["average"]],
        [_("Experts invited"), engaged["invited_experts"]],
        [_("Experts who worked on requests"), engaged["working_experts"]],
        [_("Capacity-building events"), events["events"]],
        [_("Participants in events"), events["participants"]],
        [_("Knowledge products developed"), figures["knowledge_products"]["developed"]],
        [_("Downloads of knowledge products"), figures["knowledge_products"]["downloads"]],
    ]
    return Table(
        "summary", _("Summary"), [Column(_("Indicator")), Column(_("Value"))], [[*r] for r in rows]
    )


def gap_tables(gaps: dict[str, Any]) -> list[Table]:
    """The coverage gaps: by tag, by target, and the weak requests themselves."""

    def references(items: list[dict]) -> str:
        return "; ".join(item["reference"] for item in items)

    columns = [
        Column(_("Weak requests"), "int"),
        Column(_("Average best score"), "score"),
        Column(_("Requests"), "references"),
    ]
    threshold = f"{gaps['threshold']:.2f}"  # outside _(): the extractor skips f-strings in it
    description = _(
        "Requests whose best match in the pool scores below %(threshold)s, of %(checked)s "
        "requests checked.",
        threshold=threshold,
        checked=gaps["requests_checked"],
    )
    return [
        Table(
            "coverage_gaps",
            _("Coverage gaps by tag"),
            [Column(_("Tag")), *columns],
            [
                [tag_label(g["tag"]), g["requests"], g["average_best"], references(g["items"])]
                for g in gaps["by_tag"]
            ],
            description=description,
        ),
        Table(
            "gaps_by_target",
            _("Coverage gaps by KMGBF target"),
            [Column(_("Target"), "int"), Column(_("Title")), *columns],
            [
                [
                    g["number"],
                    target_title_of(g["number"], g["title"]),
                    g["requests"],
                    g["average_best"],
                    references(g["items"]),
                ]
                for g in gaps["by_target"]
            ],
        ),
        Table(
            "weak_requests",
            _("Requests the pool covers poorly"),
            [
                Column(_("Reference"), "references"),
                Column(_("Title")),
                Column(_("Party")),
                Column(_("Best score"), "score"),
                Column(_("Best expert")),
            ],
            [
                [r["reference"], r["title"], r["party"], r["best_score"], r["best_expert"]]
                for r in gaps["requests"]
            ],
        ),
    ]


def report_tables(figures: dict[str, Any]) -> list[Table]:
    """Every table of the report, in the order the pages and the exports show them."""
    requests, answered = Column(_("Requests"), "int"), Column(_("Answered"), "int")
    engaged = figures["experts_engaged"]
    expert_columns = [
        Column(_("Expert")),
        Column(_("Country")),
        Column(_("Invitations"), "int"),
        Column(_("Worked on"), "int"),
        Column(_("Completed"), "int"),
        Column(_("Declined"), "int"),
    ]

    def expert_rows(rows: list[dict]) -> list[list]:
        keys = ("name", "country", "invited", "worked", "completed", "declined")
        return [[row[key] for key in keys] for row in rows]

    load = figures["expert_load"]
    events = figures["capacity_building"]
    satisfaction = figures["satisfaction"]
    tables = [
        summary_table(figures),
        Table(
            "status",
            _("Requests by status"),
            [Column(_("Status")), requests],
            [[_(STATE_LABELS[state]), figures["by_status"][state]] for state in STATES],
            Chart("bar"),
            filters=[{"status": state} for state in STATES],
        ),
        Table(
            "parties",
            _("Requests by Party"),
            [Column(_("Party")), requests, answered],
            [[country_name(p["code"]), p["total"], p["answered"]] for p in figures["by_party"]],
            Chart("bar", (1, 2)),
            filters=[{"party": p["code"]} for p in figures["by_party"]],
        ),
        Table(
            "targets",
            _("Requests by KMGBF target"),
            [Column(_("Target")), Column(_("Title")), requests, answered],
            [
                [t["number"], target_title_of(t["number"], t["title"]), t["total"], t["answered"]]
                for t in figures["by_target"]
            ],
            Chart("bar", (2, 3)),
            _("A request naming several targets counts under each of them."),
            filters=[{"target": t["number"]} for t in figures["by_target"]],
        ),
        Table(
            "types",
            _("Requests by type of support"),
            [Column(_("Type of support")), requests, answered],
            [[str(TYPE_LABELS[t["type"]]), t["total"], t["answered"]] for t in figures["by_type"]],
            Chart("bar", (1, 2)),
            filters=[{"type": t["type"]} for t in figures["by_type"]],
        ),
        Table(
            "response_times",
            _("Response times (days)"),
            [
                Column(_("Step")),
                requests,
                Column(_("Median (days)"), "days"),
                Column(_("90th percentile (days)"), "days"),
            ],
            [
                [str(STEP_LABELS[r["step"]]), r["count"], r["median_days"], r["p90_days"]]
                for r in figures["response_times"]
            ],
            Chart("bar", (2, 3)),
            _("Calendar days from submission to the first time each step happened."),
        ),
        Table(
            "overdue",
            _("Overdue now, by service level"),
            [Column(_("Service level")), Column(_("Items overdue"), "int")],
            [[str(label), figures["overdue"][key]] for key, label in SERVICE_LEVELS.items()],
        ),
        Table(
            "months",
            _("Trend per month"),
            [Column(_("Month")), Column(_("Submitted"), "int"), Column(_("Delivered"), "int")],
            [[m["month"], m["submitted"], m["delivered"]] for m in figures["by_month"]],
            Chart("line", (1, 2)),
        ),
        Table(
            "expert_load",
            _("Expert load: the busiest experts"),
            [
                Column(_("Expert")),
                Column(_("Active assignments"), "int"),
                Column(_("Maximum"), "int"),
            ],
            [[e["name"], e["load"], e["max_load"]] for e in load["busiest"]],
            description=_(
                "%(assignments)s active assignments for a capacity of %(capacity)s "
                "(%(experts)s active experts, %(full)s at their maximum).",
                assignments=load["assignments"],
                capacity=load["capacity"],
                experts=load["experts"],
                full=load["at_capacity"],
            ),
        ),
        Table(
            "most_engaged",
            _("Most engaged experts"),
            expert_columns,
            expert_rows(engaged["most_engaged"]),
        ),
        Table(
            "least_engaged",
            _("Least engaged experts"),
            expert_columns,
            expert_rows(engaged["least_engaged"]),
        ),
        Table(
            "experts_engaged",
            _("Experts engaged"),
            expert_columns,
            expert_rows(engaged["rows"]),
        ),
        Table(
            "satisfaction",
            _("Satisfaction ratings"),
            [Column(_("Rating")), requests],
            [[rating, satisfaction["distribution"][rating]] for rating in "12345"],
            Chart("bar"),
        ),
        Table(
            "events",
            _("Capacity-building events"),
            [
                Column(_("Title")),
                Column(_("Type")),
                Column(_("Start")),
                Column(_("Place")),
                Column(_("Participants"), "int"),
            ],
            [
                [
                    e["title"],
                    str(EVENT_TYPE_LABELS[e["type"]]),
                    e["start_date"],
                    e["place"] if e["place"] != "online" else _("online"),
                    e["participants"],
                ]
                for e in events["rows"]
            ],
        ),
        Table(
            "participants",
            _("Participants in capacity-building events"),
            [Column(_("Breakdown")), Column(_("Group")), Column(_("Participants"), "int")],
            [
                *(
                    [_("Role"), str(label), events["by_role"][k]]
                    for k, label in PARTICIPANT_ROLE_LABELS.items()
                ),
                *(
                    [_("Gender"), str(label), events["by_gender"][k]]
                    for k, label in GENDER_LABELS.items()
                ),
                *(
                    [_("Party"), country_name(p["code"]) or _("No Party"), p["participants"]]
                    for p in events["by_party"]
                ),
            ],
        ),
    ]
    tables.extend(knowledge_tables(figures["knowledge_products"]))
    if "coverage_gaps" in figures:
        tables.extend(gap_tables(figures["coverage_gaps"]))
    return tables


def knowledge_tables(products: dict[str, Any]) -> list[Table]:
    """The knowledge products developed and downloaded in the period."""
    developed = Column(_("Products developed"), "int")
    downloads = Column(_("Downloads"), "int")
    return [
        Table(
            "products_types",
            _("Knowledge products by type"),
            [Column(_("Type")), developed, downloads],
            [
                [str(PRODUCT_TYPE_LABELS[t["type"]]), t["developed"], t["downloads"]]
                for t in products["by_type"]
            ],
            Chart("bar", (1, 2)),
            _(
                "Products recorded in the period, and the downloads of any product's files "
                "made in the period."
            ),
        ),
        Table(
            "products_targets",
            _("Knowledge products by KMGBF target"),
            [Column(_("Target")), Column(_("Title")), developed, downloads],
            [
                [t["number"], t["title"], t["developed"], t["downloads"]]
                for t in products["by_target"]
            ],
            Chart("bar", (2, 3)),
            _("A product naming several targets counts under each of them."),
        ),
        Table(
            "products_parties",
            _("Knowledge products by Party"),
            [Column(_("Party")), developed, downloads],
            [
                [country_name(p["code"]), p["developed"], p["downloads"]]
                for p in products["by_party"]
            ],
            Chart("bar", (1, 2)),
        ),
        Table(
            "products_downloaded",
            _("Most downloaded knowledge products"),
            [Column(_("Title")), Column(_("Type")), Column(_("Year")), downloads],
            [
                [p["title"], str(PRODUCT_TYPE_LABELS[p["type"]]), p["year"], p["downloads"]]
                for p in products["most_downloaded"]
            ],
        ),
    ]
