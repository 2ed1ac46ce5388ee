"""Charts drawn on the server as SVG: horizontal bars and monthly lines, drawn from a report
table. Each chart is an image with a title; the table beside it carries the numbers."""

from flask import url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape

from ..spreadsheets import Table

COLOURS = ("#198754", "#0d6efd")
BAR = 14
LABEL_WIDTH = 210
PLOT_WIDTH = 360


def _short(text: str, length: int = 32) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _number(value) -> float:
    return float(value or 0)


def _frame(
    table: Table, width: int, height: int, body: list[str], chart_id: str, linked: bool = False
) -> Markup:
    title = escape(table.title)
    legend = ", ".join(table.columns[i].label for i in table.chart.values)
    description = _("%(series)s; the numbers are in the table beside the chart.", series=legend)
    # An image's parts are not read; bars that are links make the chart a group of them.
    role = "group" if linked else "img"
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" role="{role}" '
        f'viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{title}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>{"".join(body)}</svg>'
    )


def _legend(table: Table, y: int) -> list[str]:
    parts = []
    for n, index in enumerate(table.chart.values):
        x = LABEL_WIDTH + n * 170
        parts.append(
            f'<rect x="{x}" y="{y}" width="10" height="10" fill="{COLOURS[n]}"/>'
            f'<text x="{x + 14}" y="{y + 9}" font-size="11">'
            f"{escape(table.columns[index].label)}</text>"
        )
    return parts


def bar_chart(table: Table, chart_id: str, links: list[str] | None = None) -> Markup:
    """Horizontal bars: one group per row of the table, one bar per value column; with
    `links`, each group leads to its row's link."""
    series = table.chart.values
    largest = max((_number(row[i]) for row in table.rows for i in series), default=0) or 1
    group = BAR * len(series) + 8
    height = 24 + group * max(len(table.rows), 1)
    body = _legend(table, 4)
    for r, row in enumerate(table.rows):
        top = 22 + r * group
        label = escape(_short(" ".join(str(c) for c in row[: min(series)])))
        if links:
            body.append(f'<a href="{escape(links[r])}">')
        body.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{top + BAR - 3}" font-size="11" '
            f'text-anchor="end">{label}</text>'
        )
        for n, index in enumerate(series):
            value = _number(row[index])
            width = PLOT_WIDTH * value / largest
            y = top + n * BAR
            body.append(
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width:.1f}" height="{BAR - 2}" '
                f'fill="{COLOURS[n]}"/>'
                f'<text x="{LABEL_WIDTH + width + 4:.1f}" y="{y + BAR - 4}" font-size="10">'
                f"{escape(row[index]) if row[index] is not None else ''}</text>"
            )
        if links:
            body.append("</a>")
    return _frame(table, LABEL_WIDTH + PLOT_WIDTH + 50, height, body, chart_id, bool(links))


def line_chart(table: Table, chart_id: str) -> Markup:
    """Lines over the rows of the table (months), one per value column."""
    series = table.chart.values
    largest = max((_number(row[i]) for row in table.rows for i in series), default=0) or 1
    width, height, left, top, plot_height = 640, 220, 36, 24, 150
    step = (width - left - 10) / max(len(table.rows) - 1, 1)
    body = _legend(table, 4)
    body.append(
        f'<line x1="{left}" y1="{top + plot_height}" x2="{width - 10}" '
        f'y2="{top + plot_height}" stroke="#6c757d"/>'
        f'<text x="{left - 4}" y="{top + 4}" font-size="10" text-anchor="end">{largest:g}</text>'
        f'<text x="{left - 4}" y="{top + plot_height}" font-size="10" text-anchor="end">0</text>'
    )
    for n, index in enumerate(series):
        points = " ".join(
            f"{left + r * step:.1f},{top + plot_height * (1 - _number(row[index]) / largest):.1f}"
            for r, row in enumerate(table.rows)
        )
        body.append(
            f'<polyline points="{points}" fill="none" stroke="{COLOURS[n]}" stroke-width="2"/>'
        )
    every = max(len(table.rows) // 8, 1)
    for r, row in enumerate(table.rows):
        if r % every == 0:
            body.append(
                f'<text x="{left + r * step:.1f}" y="{top + plot_height + 16}" font-size="10" '
                f'text-anchor="middle">{escape(row[0])}</text>'
            )
    return _frame(table, width, height, body, chart_id)


def chart_svg(table: Table, links: list[str] | None = None) -> Markup:
    """The table's chart as inline SVG (empty when the table has none); bars lead to `links`."""
    if table.chart is None:
        return Markup("")
    chart_id = f"chart-{table.name}"
    if table.chart.kind == "line":
        return line_chart(table, chart_id)
    return bar_chart(table, chart_id, links)


def queue_links(table: Table, period: dict[str, str] | None) -> list[str] | None:
    """For a table whose rows are filters of the staff queue, each row's link to the queue
    listing its requests of the period (`period`: {"from": ..., "to": ...})."""
    if table.filters is None or period is None:
        return None
    return [
        url_for("helpdesk.queue", **filters, **{"from": period["from"], "to": period["to"]})
        for filters in table.filters
    ]
