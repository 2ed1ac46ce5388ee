"""The public directory of experts, and the filters the directories share (the staff's, which
shows each expert's load, is the help desk's page)."""

from flask import render_template, request

from ...taxonomy.choices import language_choices, party_choices
from ...taxonomy.services import list_targets
from ..models import AVAILABILITIES, STATUSES
from ..queries import ExpertFilters, count_by_value, search_experts
from . import bp


def directory_filters(staff: bool) -> ExpertFilters:
    """The directory search of this page's query string (staff filter by more)."""
    args = request.args
    return ExpertFilters(
        q=args.get("q", "")[:200],
        tag=args.get("tag", "")[:80],
        country=args.get("country", "")[:3],
        language=args.get("language", "")[:2],
        availability=args.get("availability", "") if staff else "",
        target=args.get("target", type=int) if staff else None,
        status=args.get("status", "active") if staff else "active",
        overdue=staff and args.get("overdue") == "1",
        sort=args.get("sort", "name"),
    )


def directory_choices() -> dict:
    """The choices the directories' search forms offer."""
    return {
        "parties": party_choices(),
        "language_options": language_choices(),
        "targets": list_targets(),
        "availabilities": AVAILABILITIES,
        "statuses": STATUSES,
    }


@bp.route("/experts")
def directory():
    """The public directory: active experts who consented, without contact details."""
    filters = directory_filters(staff=False)
    pagination = search_experts(filters, public=True, page=request.args.get("page", 1, type=int))
    return render_template(
        "experts/directory.html",
        pagination=pagination,
        filters=filters,
        counts=count_by_value(filters, public=True),
        **directory_choices(),
    )
