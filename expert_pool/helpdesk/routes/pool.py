"""The staff directory: the registry's search with each expert's load against their limit, the
help desk's fact that staff weigh before inviting anyone."""

from flask import render_template, request

from ...database import utcnow
from ...experts.queries import count_by_value, search_experts
from ...experts.routes.directory import directory_choices, directory_filters
from ...experts.verification import is_verification_overdue
from ..loads import current_loads, load_subquery
from . import bp


@bp.route("/staff/experts")
def staff_directory():
    """The staff directory: every profile, with filters, sorting, load and verification."""
    filters = directory_filters(staff=True)
    pagination = search_experts(
        filters, page=request.args.get("page", 1, type=int), loads=load_subquery()
    )
    loads = current_loads([expert.id for expert in pagination.items])
    now = utcnow()
    overdue = {e.id for e in pagination.items if is_verification_overdue(e, now)}
    return render_template(
        "experts/staff_directory.html",
        pagination=pagination,
        filters=filters,
        loads=loads,
        overdue=overdue,
        counts=count_by_value(filters),
        **directory_choices(),
    )


@bp.app_template_global()
def expert_load(expert_id: int) -> int:
    """An expert's current load, for the staff's view of a profile."""
    return current_loads([expert_id])[expert_id]
