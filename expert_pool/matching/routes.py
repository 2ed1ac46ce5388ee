"""Staff pages of matching: a request's candidates, ad-hoc matching and batch proposals."""

import logging

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..exceptions import ServiceError
from ..experts.models import Expert
from ..extensions import db
from ..forms import show_service_error
from ..helpdesk.queries import get_request
from .candidates import language_notice
from .forms import AdhocMatchForm, BatchInviteForm, InviteCandidateForm
from .services import (
    embedder_problem,
    invite_candidate,
    match_request,
    match_text,
    propose_batch,
    suggest_team_for,
)
from .wording import availability_label, component_label, reason_text

bp = Blueprint("matching", __name__, template_folder="templates")
# The request page shows candidates too, so the filters are the application's.
bp.add_app_template_filter(reason_text)
bp.add_app_template_filter(component_label)
bp.add_app_template_filter(availability_label)
logger = logging.getLogger(__name__)

PAGE_STEP = 10


@bp.route("/requests/<reference>/candidates")
def candidates(reference: str):
    """The experts best suited to a request, why, and who was filtered out."""
    cooperation_request = get_request(reference, current_user)
    k = request.args.get("k", PAGE_STEP, type=int)
    k = max(PAGE_STEP, min(k, 500))
    show_filtered = request.args.get("filtered") == "1"
    ranked = match_request(cooperation_request, k=k, include_filtered=show_filtered)
    return render_template(
        "matching/candidates.html",
        cooperation_request=cooperation_request,
        candidates=[c for c in ranked if not c.filtered],
        filtered=[c for c in ranked if c.filtered],
        show_filtered=show_filtered,
        k=k,
        step=PAGE_STEP,
        team=suggest_team_for(cooperation_request) if len(cooperation_request.tags) > 1 else [],
        warning=embedder_problem(),
        notice=language_notice(ranked),
        form=InviteCandidateForm(),
    )


@bp.route("/requests/<reference>/candidates/<int:expert_id>/invite", methods=["POST"])
def invite(reference: str, expert_id: int):
    """Invite a ranked expert to a request."""
    cooperation_request = get_request(reference, current_user)
    if request.args.get("back") == "request":
        back = url_for("helpdesk.view_request", reference=reference)
    else:
        back = url_for("matching.candidates", reference=reference, **request.args)
    form = InviteCandidateForm()
    expert = db.session.get(Expert, expert_id)
    if expert is None:
        flash(_("There is no such expert."), "danger")
        return redirect(back)
    if not form.validate_on_submit():
        flash(
            _(
                "The invitation could not be sent: %(why)s",
                why="; ".join(str(m) for messages in form.errors.values() for m in messages),
            ),
            "danger",
        )
        return redirect(back)
    try:
        invite_candidate(cooperation_request, expert, current_user, reason=form.reason.data or "")
        db.session.commit()
    except ServiceError as error:
        db.session.rollback()
        flash(_("%(name)s was not invited: %(why)s", name=expert.name, why=error.message), "danger")
        return redirect(back)
    flash(
        _("%(name)s is invited to %(reference)s.", name=expert.name, reference=reference), "success"
    )
    return redirect(back)


@bp.route("/matching")
def adhoc():
    """Paste a text and tags, see the ranking of the whole pool."""
    form = AdhocMatchForm(request.args)
    results = None
    if request.args and form.validate():
        try:
            results = match_text(**form.service_data(), include_filtered=True)
        except ServiceError as refused:
            show_service_error(form, refused)
    return render_template(
        "matching/adhoc.html",
        form=form,
        results=results,
        warning=embedder_problem(),
        notice=language_notice(results),
    )


@bp.route("/matching/batch", methods=["GET", "POST"])
def batch():
    """Proposals for all open requests at once; staff review, adjust and send the invitations."""
    form = BatchInviteForm()
    if form.validate_on_submit():
        return _send_batch(request.form.getlist("pair"))
    per_request = max(1, min(request.args.get("per_request", 1, type=int), 5))
    return render_template(
        "matching/batch.html",
        rows=propose_batch(per_request=per_request),
        per_request=per_request,
        form=form,
        warning=embedder_problem(),
    )


def _send_batch(pairs: list[str]):
    """Invite every ticked (reference, expert) pair, in one transaction."""
    if not pairs:
        flash(_("Tick at least one proposal to invite."), "warning")
        return redirect(url_for("matching.batch"))
    invited = []
    try:
        for pair in pairs:
            reference, _colon, expert_id = pair.partition(":")
            expert = db.session.get(Expert, int(expert_id)) if expert_id.isdigit() else None
            if expert is None:
                raise ServiceError(_("%(pair)s does not name an expert", pair=pair))
            invite_candidate(
                get_request(reference, current_user),
                expert,
                current_user,
                reason=_("proposed by the batch assignment"),
            )
            invited.append(_("%(name)s to %(reference)s", name=expert.name, reference=reference))
        db.session.commit()
    except ServiceError as error:
        db.session.rollback()
        flash(_("No invitation was sent: %(why)s", why=error.message), "danger")
        return redirect(url_for("matching.batch"))
    flash(
        _("%(n)s invitations sent: %(list)s.", n=len(invited), list="; ".join(invited)), "success"
    )
    return redirect(url_for("matching.batch"))
