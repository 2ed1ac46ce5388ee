"""A profile's page, the expert's own editing and confirmation, and staff adding, editing and
vetting profiles."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from ...exceptions import NotFound, ValidationError
from ...extensions import db
from ...forms import show_service_error
from ...taxonomy.names import tag_label, target_title
from ...taxonomy.services import list_targets
from ..forms import STATUS_LABELS, ProfileForm
from ..models import STATUSES, Expert
from ..queries import get_visible_expert
from ..services import (
    can_edit,
    confirm_profile_current,
    create_expert,
    set_expert_status,
    update_expert,
)
from ..verification import is_verification_overdue
from . import bp


@bp.route("/experts/<int:expert_id>")
def profile(expert_id: int):
    """An expert's profile: public fields for everyone, contact and vetting for staff."""
    viewer = current_user if current_user.is_authenticated else None
    expert = get_visible_expert(expert_id, viewer)
    staff = viewer is not None and viewer.is_staff
    return render_template(
        "experts/profile.html",
        expert=expert,
        show_private=staff or (viewer is not None and viewer.expert_id == expert.id),
        staff=staff,
        editable=can_edit(expert, viewer),
        overdue=is_verification_overdue(expert),
        statuses=STATUSES,
    )


def _own_expert() -> Expert:
    expert = db.session.get(Expert, current_user.expert_id) if current_user.expert_id else None
    if expert is None:
        raise NotFound(_("your account has no expert profile: ask the help desk to link one"))
    return expert


def _profile_form(expert: Expert | None) -> ProfileForm:
    data = {}
    if expert is not None:
        data = expert.profile_fields()
        data.update(orcid=data["orcid"] or "", tags="; ".join(map(tag_label, data["tags"])))
    form = ProfileForm(data=data)
    form.targets.choices = [
        SelectChoice(t.number, f"{t.number}. {target_title(t)}") for t in list_targets()
    ]
    if not current_user.is_staff:
        del form.email
    return form


def _edit_page(expert: Expert, own: bool):
    """Both edit pages: the expert's own, and staff editing any profile."""
    form = _profile_form(expert)
    if form.validate_on_submit():
        try:
            changed = update_expert(expert, form.to_data(), current_user)
        except ValidationError as error:
            show_service_error(form, error)
        else:
            db.session.commit()
            flash(
                _("Your profile is saved and confirmed as current.")
                if own
                else (
                    _("Saved: %(fields)s.", fields=", ".join(changed))
                    if changed
                    else _("Nothing changed.")
                ),
                "success",
            )
            target = "experts.edit_own_profile" if own else "experts.profile"
            return redirect(url_for(target, **({} if own else {"expert_id": expert.id})))
    elif form.is_submitted():
        flash(_("Please correct the marked fields."), "danger")
    return render_template(
        "experts/edit.html",
        form=form,
        expert=expert,
        own=own,
        overdue=is_verification_overdue(expert),
    )


@bp.route("/profile", methods=["GET", "POST"])
def edit_own_profile():
    """The expert's own profile: saving it also confirms that it is current."""
    return _edit_page(_own_expert(), own=True)


@bp.route("/profile/confirm", methods=["POST"])
def confirm_current():
    """The expert confirms, without changes, that the profile is current."""
    confirm_profile_current(_own_expert(), current_user)
    db.session.commit()
    flash(_("Thank you: your profile is confirmed as current."), "success")
    return redirect(url_for("experts.edit_own_profile"))


@bp.route("/experts/<int:expert_id>/edit", methods=["GET", "POST"])
def edit_profile(expert_id: int):
    """Staff edit any profile."""
    return _edit_page(db.get_or_404(Expert, expert_id), own=False)


@bp.route("/staff/experts/new", methods=["GET", "POST"])
def new_expert():
    """Staff add a profile by hand; it is pending until activated."""
    form = _profile_form(None)
    if form.validate_on_submit():
        try:
            expert = create_expert(form.to_data(), current_user)
        except ValidationError as error:
            show_service_error(form, error)
        else:
            db.session.commit()
            flash(_("%(name)s is added, pending until activated.", name=expert.name), "success")
            return redirect(url_for("experts.profile", expert_id=expert.id))
    return render_template("experts/edit.html", form=form, expert=None, own=False, overdue=False)


@bp.route("/experts/<int:expert_id>/status", methods=["POST"])
def set_status(expert_id: int):
    """Vetting: staff activate, deactivate or return a profile to pending."""
    expert = db.get_or_404(Expert, expert_id)
    set_expert_status(expert, request.form.get("status", ""), current_user)
    db.session.commit()
    flash(
        _("%(name)s is now %(status)s.", name=expert.name, status=STATUS_LABELS[expert.status]),
        "success",
    )
    return redirect(url_for("experts.profile", expert_id=expert.id))
