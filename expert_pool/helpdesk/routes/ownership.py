"""Staff work on a request page: taking ownership, and correcting the fields that drive the
matching."""

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...errors import refusals_return_to
from ...extensions import db
from ...routing import id_from
from ..forms import CorrectionForm, OwnerForm
from ..queries import get_request
from ..services import correct_request, set_owner
from . import _back_to, bp


@bp.route("/requests/<reference>/owner", methods=["POST"])
def set_request_owner(reference: str):
    """Give the request to a staff member ("me" for oneself, "" for nobody)."""
    item = get_request(reference, current_user)
    form = OwnerForm()
    if not form.validate_on_submit():
        flash(_("That change was incomplete: reload the page and try again."), "danger")
        return _back_to(item)
    refusals_return_to(url_for(".view_request", reference=reference))
    choice = form.owner.data or ""
    owner_id = current_user.id if choice == "me" else id_from(choice)
    set_owner(item, owner_id, current_user, version=form.version.data)
    db.session.commit()
    if item.owner is None:
        flash(_("%(reference)s has no owner now.", reference=reference), "success")
    else:
        flash(
            _(
                "%(reference)s is owned by %(name)s.",
                reference=reference,
                name=item.owner.name or item.owner.email,
            ),
            "success",
        )
    return redirect(url_for(".view_request", reference=reference))


@bp.route("/requests/<reference>/corrections", methods=["POST"])
def correct_request_fields(reference: str):
    """Correct the topics, targets, type and languages of a request."""
    item = get_request(reference, current_user)
    form = CorrectionForm()
    form.targets.choices = [(n, str(n)) for n in range(1, 24)]
    if not form.validate_on_submit():
        flash(_("That correction was incomplete: reload the page and try again."), "danger")
        return _back_to(item)
    refusals_return_to(url_for(".view_request", reference=reference))
    correct_request(item, form.service_data(), current_user, version=form.version.data)
    db.session.commit()
    flash(_("The corrections are saved and the Party is told."), "success")
    return _back_to(item)
