"""The dashboard leads to the requests behind its numbers: each tile and each row and bar of the
status, Party, target and type charts opens the staff queue filtered to them, in the period;
the coverage gaps link each request they list."""

import re
from datetime import datetime

from sqlalchemy import select

from expert_pool.extensions import db
from expert_pool.helpdesk.models import CooperationRequest

PERIOD = "from=2025-01-01&to=2025-12-31"


def queue_references(client, href: str) -> set[str]:
    page = client.get(href.replace("&amp;", "&")).get_data(as_text=True)
    table = page[page.index("<tbody") : page.index("</tbody>")]
    return set(re.findall(r">(TSCC-\d{4}-\d{4})</a>", table))


def references_of(**where) -> set[str]:
    query = select(CooperationRequest.reference).where(
        CooperationRequest.submitted_at >= datetime(2025, 1, 1),
        CooperationRequest.submitted_at < datetime(2026, 1, 1),
    )
    for field, value in where.items():
        query = query.where(getattr(CooperationRequest, field) == value)
    return set(db.session.scalars(query))


def link_of(page: str, anchor: str) -> str:
    found = re.search(r'<a (?:class="[^"]*" )?href="([^"]+)">' + re.escape(anchor) + "<", page)
    assert found, anchor
    return found.group(1)


def test_the_tiles_open_the_queue_of_the_period(staff_client, report_world):
    page = staff_client.get(f"/reports?{PERIOD}").get_data(as_text=True)
    received = link_of(page, "Requests received")
    assert received.startswith("/queue?") and "from=2025-01-01" in received
    everything = references_of()
    assert queue_references(staff_client, received) == everything
    answered = queue_references(staff_client, link_of(page, "Answered"))
    assert answered == references_of(status="delivered") | references_of(status="closed")
    assert answered and answered < everything
    assert "overdue=y" in link_of(page, "Overdue now")


def test_each_party_row_and_bar_opens_the_queue_of_its_requests(staff_client, report_world):
    page = staff_client.get(f"/reports?{PERIOD}").get_data(as_text=True)
    parties = page[page.index('id="heading-parties"') : page.index('id="heading-types"')]
    nepal = link_of(parties, "Nepal")
    assert "party=NPL" in nepal
    assert queue_references(staff_client, nepal) == references_of(party_code="NPL")
    chart = parties[parties.index("<svg") : parties.index("</svg>")]
    assert f'<a href="{nepal}">' in chart  # the bar leads to the same list
    statuses = page[page.index('id="heading-status"') : page.index('id="heading-parties"')]
    assert "status=declined" in statuses
    targets = page[page.index('id="heading-targets"') : page.index('id="heading-response_times"')]
    assert "target=21" in targets


def test_the_coverage_gaps_link_their_requests(staff_client, report_world):
    page = staff_client.get(f"/reports/gaps?{PERIOD}&threshold=1").get_data(as_text=True)
    by_tag = page[page.index('id="table-coverage_gaps"') :].split("</table>")[0]
    linked = re.findall(r'href="/requests/(TSCC-\d{4}-\d{4})"', by_tag)
    assert linked and set(linked) <= references_of()
