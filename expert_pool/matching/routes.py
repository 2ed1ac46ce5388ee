"""Staff pages of matching: a request's candidates, ad-hoc matching and batch proposals."""

import logging

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from ..errors import refusals_return_to
from ..exceptions import ServiceError
from ..experts.models import Expert
from ..extensions import db
from ..forms import ask_confirmation, is_confirmed, show_service_error
from ..helpdesk.policy import can_invite
from ..helpdesk.queries import get_request, list_invitable_experts
from ..helpdesk.services import TOP_CANDIDATES
from ..routing import id_from
from .candidates import language_notice
from .conflicts import (
    conflict_scope,
    conflicts_for,
    declare_conflict,
    get_conflict,
    remove_conflict,
)
from .engine import MAX_K
from .forms import (
    AdhocMatchForm,
    BatchInviteForm,
    ConflictForm,
    InviteCandidateForm,
    InviteForm,
    RemoveConflictForm,
)
from .services import (
    embedder_problem,
    invite_candidate,
    match_request,
    match_text,
    propose_batch,
    suggest_team_for,
)
from .wording import availability_label, component_label, fit_label, fit_level, reason_text

bp = Blueprint("matching", __name__, template_folder="templates")
# The request page shows candidates too, so the filters are the application's.
bp.add_app_template_filter(reason_text)
bp.add_app_template_filter(component_label)
bp.add_app_template_filter(availability_label)
bp.add_app_template_filter(fit_label)
bp.add_app_template_filter(fit_level)
logger = logging.getLogger(__name__)

PAGE_STEP = 10


@bp.route("/requests/<reference>/candidates")
def candidates(reference: str):
    """The experts best suited to a request, why, and who was filtered out."""
    cooperation_request = get_request(reference, current_user)
    k = request.args.get("k", PAGE_STEP, type=int)
    k = max(PAGE_STEP, min(k, MAX_K))
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
        can_invite=can_invite(cooperation_request, current_user),
        conflicts=conflicts_for(cooperation_request),
        conflict_scope=conflict_scope,
        conflict_form=_conflict_form(cooperation_request),
        remove_conflict_form=RemoveConflictForm(),
    )


def _problems(form) -> str:
    """A form's problems in one line, for a form posted from a page that is not shown again."""
    return "; ".join(str(m) for messages in form.errors.values() for m in messages)


def _conflict_form(item) -> ConflictForm:
    form = ConflictForm()
    form.expert_id.choices = [
        SelectChoice(e.id, f"{e.name} ({e.country_code}, {e.affiliation})")
        for e in db.session.scalars(
            select(Expert).where(Expert.status == "active").order_by(Expert.name)
        )
    ]
    if not item.institution:
        form.scope.choices = [c for c in form.scope.choices if c.value != "institution"]
    return form


@bp.route("/requests/<reference>/conflicts", methods=["POST"])
def declare_request_conflict(reference: str):
    """Declare that an expert is in conflict with a request, its Party or its institution."""
    item = get_request(reference, current_user)
    back = url_for("matching.candidates", reference=reference)
    form = _conflict_form(item)
    if not form.validate_on_submit():
        flash(
            _("The conflict of interest was not declared: %(why)s", why=_problems(form)), "danger"
        )
        return redirect(back)
    refusals_return_to(
        back, lambda why: _("The conflict of interest was not declared: %(why)s", why=why)
    )
    expert = db.session.get(Expert, form.expert_id.data)
    declare_conflict(item, expert, current_user, form.reason.data, scope=form.scope.data)
    db.session.commit()
    flash(
        _(
            "%(name)s is no longer proposed for this: %(reason)s",
            name=expert.name,
            reason=form.reason.data.strip(),
        ),
        "success",
    )
    return redirect(back)


@bp.route("/requests/<reference>/conflicts/<int:conflict_id>/remove", methods=["POST"])
def remove_request_conflict(reference: str, conflict_id: int):
    """Remove a declared conflict of interest, once confirmed."""
    item = get_request(reference, current_user)
    back = url_for("matching.candidates", reference=reference)
    conflict = get_conflict(item, conflict_id)
    if not RemoveConflictForm().validate_on_submit():
        flash(_("That action was incomplete: reload the page and try again."), "danger")
        return redirect(back)
    if not is_confirmed():
        return ask_confirmation(
            _("Remove the conflict of interest of %(name)s?", name=conflict.expert.name),
            _(
                "%(name)s may be proposed again where it applied. It was declared because: "
                "%(reason)s",
                name=conflict.expert.name,
                reason=conflict.reason,
            ),
            _("Yes, remove the conflict of interest"),
            back,
        )
    refusals_return_to(back)
    name = conflict.expert.name
    remove_conflict(item, conflict, current_user)
    db.session.commit()
    flash(_("%(name)s may be proposed for this again.", name=name), "success")
    return redirect(back)


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
        flash(_("The invitation could not be sent: %(why)s", why=_problems(form)), "danger")
        return redirect(back)
    refusals_return_to(
        back, lambda why: _("%(name)s was not invited: %(why)s", name=expert.name, why=why)
    )
    invite_candidate(cooperation_request, expert, current_user, reason=form.reason.data or "")
    db.session.commit()
    flash(
        _("%(name)s is invited to %(reference)s.", name=expert.name, reference=reference), "success"
    )
    return redirect(back)


def candidates_panel(item) -> dict:
    """What the request page's candidates section shows: the top candidates, and a form to
    invite any active expert not invited yet."""
    invite_form = InviteForm(version=item.version)
    invite_form.expert_id.choices = [
        SelectChoice(e.id, f"{e.name} ({e.country_code}, {e.affiliation})")
        for e in list_invitable_experts(item)
    ]
    top = match_request(item, k=TOP_CANDIDATES)
    return {
        "top_candidates": top,
        "notice": language_notice(top),
        "candidate_form": InviteCandidateForm(),
        "invite_form": invite_form,
        "warning": embedder_problem(),
    }


@bp.app_context_processor
def request_page_panel() -> dict:
    """The request page (the help desk's) asks matching for its candidates section."""
    return {"candidates_panel": candidates_panel}


@bp.route("/requests/<reference>/assignments", methods=["POST"])
def invite_chosen(reference: str):
    """Invite an expert chosen by name on the request's page (staff)."""
    item = get_request(reference, current_user)
    back = refusals_return_to(url_for("helpdesk.view_request", reference=item.reference))
    form = InviteForm()
    form.expert_id.choices = [SelectChoice(e.id, e.name) for e in list_invitable_experts(item)]
    if not form.validate_on_submit():
        flash(_("Choose an expert to invite."), "danger")
        return redirect(back)
    expert = db.session.get(Expert, form.expert_id.data)
    invite_candidate(item, expert, current_user, reason=form.reason.data, version=form.version.data)
    db.session.commit()
    flash(_("%(name)s is invited and told by email.", name=expert.name), "success")
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
    refusals_return_to(
        url_for("matching.batch"), lambda why: _("No invitation was sent: %(why)s", why=why)
    )
    invited = []
    for pair in pairs:
        reference, _colon, expert_id = pair.partition(":")
        number = id_from(expert_id)
        expert = db.session.get(Expert, number) if number is not None else None
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
    flash(
        _("%(n)s invitations sent: %(list)s.", n=len(invited), list="; ".join(invited)), "success"
    )
    return redirect(url_for("matching.batch"))
