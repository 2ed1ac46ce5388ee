"""A Party's request form and drafts, the request page and its actions, comments and invitations."""

from flask import (
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectChoice

from ...database import utcnow
from ...errors import refusals_return_to
from ...exceptions import ServiceError
from ...extensions import db
from ...forms import ask_confirmation, is_confirmed, show_service_error
from ...notifications.inbox import mark_seen
from ...taxonomy.names import tag_label, target_title
from ...taxonomy.services import list_targets
from ..forms import (
    ActionForm,
    AssignmentActionForm,
    AttachmentForm,
    CommentForm,
    CorrectionForm,
    OwnerForm,
    RequestForm,
)
from ..models import CooperationRequest
from ..policy import (
    assignment_actions,
    can_add_files,
    can_invite,
    request_actions,
    visible_attachments,
)
from ..queries import (
    conversation,
    get_draft,
    get_request,
    list_replies,
    list_requests,
    list_staff,
    timeline,
)
from ..services import (
    add_comment,
    apply_action,
    create_request,
    submit_request,
    update_draft,
)
from ..sla import is_late
from ..workflow import ACTION_LABELS, ASSIGNMENT_LABELS, CONFIRMED_REQUEST_ACTIONS
from . import _attach_uploads, _back_to, bp

# What the note of each action is, on the request page.
NOTE_LABELS = {
    "decline": _l("Reason (required)"),
    "request_info": _l("Your question to the Party (required)"),
    "answer": _l("Your answer (required)"),
    "deliver": _l("What was delivered (required)"),
    "confirm": _l("Your comment on the delivery"),
}


# The moves whose note a saved reply may start.
REPLY_ACTIONS = ("request_info", "deliver", "decline")


def _request_form(obj: CooperationRequest | None = None) -> RequestForm:
    form = RequestForm(obj=obj)
    form.targets.choices = [
        SelectChoice(t.number, f"{t.number}. {target_title(t)}") for t in list_targets()
    ]
    if obj is not None and request.method == "GET":
        form.targets.data = [t.number for t in obj.targets]
        form.tags.data = "; ".join(map(tag_label, obj.tags))
        form.thematic_areas.data = obj.thematic_areas
    return form


def _save_request_form(form: RequestForm, draft: CooperationRequest | None):
    """Create or update the draft, attach the files, submit when asked; commit once."""
    try:
        if draft is None:
            draft = create_request(form.service_data(), current_user)
        else:
            update_draft(draft, form.service_data(), current_user)
        _attach_uploads(form, draft)
        if form.submit_request.data:
            submit_request(draft, current_user)
    except ServiceError as error:
        show_service_error(form, error, aliases={"attachments": "files"})
        return None
    db.session.commit()
    if draft.status == "draft":
        flash(_("Your draft is saved. Submit it when it is ready."), "success")
        return redirect(url_for(".edit_draft", request_id=draft.id))
    flash(
        _(
            "Your request is submitted as %(reference)s. A confirmation is on its way by email.",
            reference=draft.reference,
        ),
        "success",
    )
    return redirect(url_for(".view_request", reference=draft.reference))


@bp.route("/requests/new", methods=["GET", "POST"])
def new_request():
    """The request form of a Party's focal point: save a draft or submit."""
    form = _request_form()
    if form.validate_on_submit():
        done = _save_request_form(form, None)
        if done is not None:
            return done
    return render_template("helpdesk/request_form.html", form=form, draft=None)


@bp.route("/drafts/<int:request_id>", methods=["GET", "POST"])
def edit_draft(request_id: int):
    """Edit a draft, add files to it, and submit it."""
    draft = get_draft(request_id, current_user)
    form = _request_form(draft)
    if form.validate_on_submit():
        done = _save_request_form(form, draft)
        if done is not None:
            return done
    return render_template("helpdesk/request_form.html", form=form, draft=draft)


@bp.route("/requests/mine")
def my_requests():
    """The requests of the focal point's Party, drafts included."""
    page = list_requests(current_user, page=request.args.get("page", 1, type=int))
    return render_template("helpdesk/my_requests.html", page=page)


@bp.route("/requests/<reference>")
def view_request(reference: str):
    """A request: its state, details, timeline, comments, assignments, and the viewer's actions."""
    item = get_request(reference, current_user)
    if mark_seen(current_user.email, request_id=item.id):
        db.session.commit()
    now = utcnow()
    assignments = [
        a
        for a in item.assignments
        if current_user.role != "expert" or a.expert_id == current_user.expert_id
    ]
    return render_template(
        "helpdesk/request.html",
        item=item,
        actions=request_actions(item, current_user),
        action_labels=ACTION_LABELS,
        note_labels=NOTE_LABELS,
        late_assignments={
            a.id for a in item.assignments if a.status == "invited" and is_late(a.respond_by, now)
        },
        action_form=ActionForm(version=item.version),
        comment_form=CommentForm(),
        can_invite=can_invite(item, current_user),
        can_add_files=can_add_files(item, current_user),
        attachment_form=AttachmentForm(),
        files=visible_attachments(item, current_user),
        assignments=assignments,
        assignment_actions=assignment_actions,
        assignment_labels=ASSIGNMENT_LABELS,
        assignment_form=AssignmentActionForm(),
        thread=conversation(item, current_user),
        reply_actions=REPLY_ACTIONS,
        saved_replies=list_replies(item.languages) if current_user.is_staff else [],
        timeline=timeline(item, current_user),
        **_staff_forms(item),
    )


def _staff_forms(item: CooperationRequest) -> dict:
    """The owner and correction forms of the request page, for staff."""
    if not current_user.is_staff:
        return {}
    owner_form = OwnerForm(version=item.version, owner=str(item.owner_id or ""))
    owner_form.owner.choices = [
        SelectChoice("", _("Nobody")),
        *(SelectChoice(str(u.id), u.name or u.email) for u in list_staff()),
    ]
    correction_form = CorrectionForm(
        version=item.version,
        type=item.type,
        targets=[t.number for t in item.targets],
        tags="; ".join(map(tag_label, item.tags)),
        languages=item.languages,
    )
    correction_form.targets.choices = [
        SelectChoice(t.number, f"{t.number}. {target_title(t)}") for t in list_targets()
    ]
    return {"owner_form": owner_form, "correction_form": correction_form}


@bp.route("/requests/<reference>/actions", methods=["POST"])
def act_on_request(reference: str):
    """Take one workflow action on the version of the request the viewer saw."""
    item = get_request(reference, current_user)
    form = ActionForm()
    if not form.validate_on_submit():
        flash(_("That action was incomplete: reload the page and try again."), "danger")
        return _back_to(item)
    action = form.action.data
    if action in CONFIRMED_REQUEST_ACTIONS and not is_confirmed():
        return ask_confirmation(
            _("Withdraw the request %(reference)s?", reference=item.reference),
            _(
                "“%(title)s” will no longer be handled by the centre, and the experts invited "
                "to it are told. A withdrawn request cannot be reopened.",
                title=item.title,
            ),
            _("Yes, withdraw the request"),
            url_for(".view_request", reference=reference),
        )
    refusals_return_to(url_for(".view_request", reference=reference))
    apply_action(
        item,
        action,
        current_user,
        note=form.note.data,
        rating=int(form.rating.data) if form.rating.data else None,
        version=form.version.data,
    )
    db.session.commit()
    flash(_("Done: %(action)s.", action=_(ACTION_LABELS.get(action, action)).lower()), "success")
    return _back_to(item)


@bp.route("/requests/<reference>/comments", methods=["POST"])
def comment_on_request(reference: str):
    """Add a shared or (staff) internal comment."""
    item = get_request(reference, current_user)
    form = CommentForm()
    if not form.validate_on_submit():
        flash(_("Write a comment first (at most 5000 characters)."), "danger")
        return _back_to(item)
    refusals_return_to(url_for(".view_request", reference=item.reference))
    files = [(f.filename, f.stream) for f in form.files.data or [] if f and f.filename]
    add_comment(item, current_user, form.body.data, internal=form.internal.data, files=files)
    db.session.commit()
    flash(_("Your comment is added."), "success")
    return _back_to(item)
