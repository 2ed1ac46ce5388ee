"""Adding, changing and removing the publications of a profile (the expert or staff)."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...exceptions import PermissionDenied, ValidationError
from ...extensions import db
from ...forms import show_service_error
from ..forms import PublicationForm
from ..models import Expert, Publication
from ..services import add_publication, can_edit, remove_publication, update_publication
from . import bp


def _editable_expert(expert_id: int) -> Expert:
    expert = db.get_or_404(Expert, expert_id)
    if not can_edit(expert, current_user):
        raise PermissionDenied(_("you can only change your own profile"))
    return expert


def _publication_or_404(expert: Expert, publication_id: int) -> Publication:
    publication = db.session.get(Publication, publication_id)
    if publication is None or publication.expert_id != expert.id:
        abort(404)
    return publication


def _after_publication(expert: Expert):
    own = current_user.expert_id == expert.id
    if own:
        return redirect(url_for("experts.edit_own_profile") + "#publications")
    return redirect(url_for("experts.edit_profile", expert_id=expert.id) + "#publications")


@bp.route("/experts/<int:expert_id>/publications/new", methods=["GET", "POST"])
def new_publication(expert_id: int):
    """Add a publication to a profile."""
    expert = _editable_expert(expert_id)
    form = PublicationForm()
    if form.validate_on_submit():
        try:
            add_publication(expert, form.data, current_user)
        except ValidationError as error:
            show_service_error(form, error)
        else:
            db.session.commit()
            flash(_("The publication is added."), "success")
            return _after_publication(expert)
    return render_template("experts/publication.html", form=form, expert=expert, publication=None)


@bp.route("/experts/<int:expert_id>/publications/<int:publication_id>", methods=["GET", "POST"])
def edit_publication(expert_id: int, publication_id: int):
    """Change a publication of a profile."""
    expert = _editable_expert(expert_id)
    publication = _publication_or_404(expert, publication_id)
    form = PublicationForm(obj=publication)
    if form.validate_on_submit():
        try:
            update_publication(publication, form.data, current_user)
        except ValidationError as error:
            show_service_error(form, error)
        else:
            db.session.commit()
            flash(_("The publication is saved."), "success")
            return _after_publication(expert)
    return render_template(
        "experts/publication.html", form=form, expert=expert, publication=publication
    )


@bp.route("/experts/<int:expert_id>/publications/<int:publication_id>/remove", methods=["POST"])
def remove_publication_page(expert_id: int, publication_id: int):
    """Take a publication off a profile."""
    expert = _editable_expert(expert_id)
    remove_publication(_publication_or_404(expert, publication_id), current_user)
    db.session.commit()
    flash(_("The publication is removed."), "success")
    return _after_publication(expert)
