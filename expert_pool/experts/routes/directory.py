"""The public directory and the staff directory of experts."""

from flask import render_template, request

from ...database import utcnow
from ...taxonomy.choices import language_choices, party_choices
from ...taxonomy.services import list_targets
from ..models import AVAILABILITIES, STATUSES
from ..queries import ExpertFilters, current_loads, search_experts
from ..verification import is_verification_overdue
from . import bp


def _filters(staff: bool) -> ExpertFilters:
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


def _directory_choices() -> dict:
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
    filters = _filters(staff=False)
    pagination = search_experts(filters, public=True, page=request.args.get("page", 1, type=int))
    return render_template(
        "experts/directory.html", pagination=pagination, filters=filters, **_directory_choices()
    )


@bp.route("/staff/experts")
def staff_directory():
    """The staff directory: every profile, with filters, sorting, load and verification."""
    filters = _filters(staff=True)
    pagination = search_experts(filters, page=request.args.get("page", 1, type=int))
    loads = current_loads([expert.id for expert in pagination.items])
    now = utcnow()
    overdue = {e.id for e in pagination.items if is_verification_overdue(e, now)}
    return render_template(
        "experts/staff_directory.html",
        pagination=pagination,
        filters=filters,
        loads=loads,
        overdue=overdue,
        **_directory_choices(),
    )
