"""Each role's work page: what waits for the signed-in user, each item linked to where it is
acted on; the navigation shows how many."""

from itertools import groupby

from flask import render_template
from flask_login import current_user

from ..work import count_waiting, kind_labels, list_work
from . import bp


@bp.app_context_processor
def nav_counts() -> dict:
    """How many items wait on the signed-in user's work page, for the navigation."""
    if not current_user.is_authenticated:
        return {"nav_counts": {}}
    return {"nav_counts": {"helpdesk.work": count_waiting(list_work(current_user))}}


@bp.route("/work")
def work():
    """What waits for the signed-in user, by kind, the most pressing first."""
    items = list_work(current_user)
    groups = [(kind, list(group)) for kind, group in groupby(items, key=lambda i: i.kind)]
    return render_template(
        "helpdesk/work.html", groups=groups, kind_labels=kind_labels(), waiting=count_waiting(items)
    )
