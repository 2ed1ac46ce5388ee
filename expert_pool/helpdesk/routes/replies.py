"""The staff's saved replies: the list, adding, changing and removing one."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ...exceptions import ServiceError
from ...extensions import db
from ...forms import show_service_error
from ..forms import ReplyForm
from ..queries import get_reply, list_replies
from ..services import delete_reply, save_reply
from . import bp


def _save(form: ReplyForm, reply=None):
    """Save the form's reply and go back to the list, or None with the refusal on its fields."""
    try:
        save_reply(
            {"title": form.title.data, "language": form.language.data, "body": form.body.data},
            current_user,
            reply,
        )
    except ServiceError as error:
        show_service_error(form, error)
        return None
    db.session.commit()
    flash(_("The reply “%(title)s” is saved.", title=form.title.data.strip()), "success")
    return redirect(url_for(".saved_replies"))


@bp.route("/replies", methods=["GET", "POST"])
def saved_replies():
    """The saved replies of the staff, and the form to add one."""
    form = ReplyForm(language=current_user.locale or "en")
    if form.validate_on_submit():
        done = _save(form)
        if done is not None:
            return done
    return render_template("helpdesk/replies.html", replies=list_replies(), form=form, reply=None)


@bp.route("/replies/<int:reply_id>", methods=["GET", "POST"])
def edit_saved_reply(reply_id: int):
    """Change a saved reply."""
    reply = get_reply(reply_id)
    form = ReplyForm(obj=reply)
    if form.validate_on_submit():
        done = _save(form, reply)
        if done is not None:
            return done
    return render_template("helpdesk/replies.html", replies=[], form=form, reply=reply)


@bp.route("/replies/<int:reply_id>/delete", methods=["POST"])
def delete_saved_reply(reply_id: int):
    """Remove a saved reply (the app's CSRF protection guards this form-less POST)."""
    reply = get_reply(reply_id)
    title = reply.title
    delete_reply(reply, current_user)
    db.session.commit()
    flash(_("The reply “%(title)s” is removed.", title=title), "success")
    return redirect(url_for(".saved_replies"))
