"""The staff queue."""

from urllib.parse import parse_qsl

from flask import (
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from ...errors import refusals_return_to
from ...extensions import db
from ...taxonomy.choices import party_choices
from ...taxonomy.services import list_targets
from ..forms import (
    ANY,
    BulkForm,
    QueueFilterForm,
)
from ..queries import (
    count_by_status,
    list_requests,
    list_staff,
)
from ..services import act_on_requests
from ..workflow import REQUEST_STATES
from . import bp, state_label

# The queue's own query arguments: its filters, sorting and page, kept across a bulk move.
QUEUE_ARGUMENTS = (
    *("status", "party", "type", "target", "tag", "urgency", "owner", "overdue"),
    *("answered", "from", "to", "sort", "page"),
)


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
        filters["answered"] = form.answered.data
        filters["from"] = form.submitted_from.data
        filters["to"] = form.submitted_to.data
    else:
        flash(_("Some filters were not understood and are ignored."), "warning")
    page = list_requests(
        current_user,
        filters,
        sort=form.sort.data or "newest",
        page=request.args.get("page", 1, type=int),
    )
    return render_template(
        "helpdesk/queue.html",
        form=form,
        page=page,
        counts=count_by_status(current_user),
        bulk_form=_bulk_form(),
    )


def _bulk_form() -> BulkForm:
    form = BulkForm()
    form.owner.choices = [
        SelectChoice("me", _("Me")),
        *(
            SelectChoice(str(u.id), u.name or u.email)
            for u in list_staff()
            if u.id != current_user.id
        ),
        SelectChoice("", _("Nobody")),
    ]
    return form


@bp.route("/queue/bulk", methods=["POST"])
def act_on_queue():
    """Assign an owner to the ticked requests, or close them: all of them, or none."""
    query = dict(parse_qsl(request.form.get("query", "")))
    back = url_for(".queue", **{k: v for k, v in query.items() if k in QUEUE_ARGUMENTS})
    form = _bulk_form()
    if not form.validate_on_submit():
        flash(_("That action was incomplete: reload the page and try again."), "danger")
        return redirect(back)
    refusals_return_to(back)
    choice = form.owner.data or ""
    owner_id = current_user.id if choice == "me" else int(choice) if choice.isdigit() else None
    move = "close" if form.close.data else "assign"
    done = act_on_requests(form.references.data or [], move, current_user, owner_id=owner_id)
    db.session.commit()
    references = ", ".join(sorted(r.reference for r in done))
    if move == "close":
        flash(_("Closed: %(references)s.", references=references), "success")
    elif owner_id is None:
        flash(_("Nobody owns these now: %(references)s.", references=references), "success")
    else:
        owner = done[0].owner
        flash(
            _(
                "%(name)s owns these now: %(references)s.",
                name=owner.name or owner.email,
                references=references,
            ),
            "success",
        )
    return redirect(back)
