"""The staff queue."""

from flask import (
    flash,
    render_template,
    request,
)
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from ...taxonomy.choices import party_choices
from ...taxonomy.services import list_targets
from ..forms import (
    ANY,
    QueueFilterForm,
)
from ..queries import (
    count_by_status,
    list_requests,
)
from ..workflow import REQUEST_STATES
from . import bp, state_label


@bp.route("/queue")
def queue():
    """The staff queue: counts per status, filters, sorting and pages."""
    form = QueueFilterForm(request.args)
    form.party.choices = [ANY, *party_choices(served_first=True)]
    form.target.choices = [ANY] + [SelectChoice(str(t.number)) for t in list_targets()]
    form.status.choices = [ANY] + [
        SelectChoice(state, state_label(state).capitalize()) for state in REQUEST_STATES[1:]
    ]
    filters = {}
    if form.validate():
        filters = {
            name: form[name].data
            for name in ("status", "party", "type", "target", "tag", "urgency", "owner")
        }
        filters["overdue"] = form.overdue.data
    else:
        flash(_("Some filters were not understood and are ignored."), "warning")
    page = list_requests(
        current_user,
        filters,
        sort=form.sort.data or "newest",
        page=request.args.get("page", 1, type=int),
    )
    return render_template(
        "helpdesk/queue.html", form=form, page=page, counts=count_by_status(current_user)
    )
