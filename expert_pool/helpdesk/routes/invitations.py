"""An expert's invitations and the actions on them."""

from flask import (
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from ...errors import refusals_return_to
from ...extensions import db
from ...forms import ask_confirmation, is_confirmed
from ..forms import (
    AssignmentActionForm,
)
from ..policy import assignment_actions
from ..queries import (
    get_assignment,
    list_invitations,
)
from ..services import (
    apply_assignment_action,
)
from ..workflow import ASSIGNMENT_LABELS, CONFIRMED_ASSIGNMENT_ACTIONS
from . import bp


@bp.route("/invitations")
def my_invitations():
    """An expert's invitations, to accept or decline, and the work they accepted."""
    return render_template(
        "helpdesk/my_invitations.html",
        invitations=list_invitations(current_user),
        assignment_actions=assignment_actions,
        assignment_labels=ASSIGNMENT_LABELS,
        form=AssignmentActionForm(),
    )


@bp.route("/assignments/<int:assignment_id>/actions", methods=["POST"])
def act_on_assignment(assignment_id: int):
    """Accept, decline, complete or withdraw an invitation."""
    assignment = get_assignment(assignment_id, current_user)
    form = AssignmentActionForm()
    back = refusals_return_to(
        url_for(".view_request", reference=assignment.request.reference)
        if current_user.is_staff
        else url_for(".my_invitations")
    )
    if not form.validate_on_submit():
        flash(_("That action was incomplete: try again."), "danger")
        return redirect(back)
    action = form.action.data
    if action in CONFIRMED_ASSIGNMENT_ACTIONS and not is_confirmed():
        return ask_confirmation(
            _(
                "Withdraw the invitation of %(expert)s to %(reference)s?",
                expert=assignment.expert.name,
                reference=assignment.request.reference,
            ),
            _(
                "%(expert)s will no longer work on “%(title)s”; a withdrawn invitation "
                "cannot be taken up again.",
                expert=assignment.expert.name,
                title=assignment.request.title,
            ),
            _("Yes, withdraw the invitation"),
            back,
        )
    apply_assignment_action(assignment, action, current_user, reason=form.reason.data)
    db.session.commit()
    flash(
        _("Done: %(action)s.", action=_(ASSIGNMENT_LABELS.get(action, action)).lower()), "success"
    )
    return redirect(back)
