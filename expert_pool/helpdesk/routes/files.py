"""Files attached to requests: upload, download, removal."""

from flask import (
    flash,
    redirect,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from ...exceptions import NotFound, ServiceError
from ...extensions import db
from ...forms import flash_refusal
from ..forms import (
    AttachmentForm,
)
from ..models import Attachment, CooperationRequest
from ..policy import can_see
from ..services import (
    attachment_path,
    remove_attachment,
)
from . import _attach_uploads, _back_to, bp


@bp.route("/requests/<int:request_id>/attachments", methods=["POST"])
def upload_attachments(request_id: int):
    """Attach files to a request."""
    item = db.session.get(CooperationRequest, request_id)
    if item is None or not can_see(item, current_user):
        raise NotFound(_("there is no such request for you"))
    form = AttachmentForm()
    back = (
        url_for(".edit_draft", request_id=item.id)
        if item.status == "draft"
        else url_for(".view_request", reference=item.reference)
    )
    if not form.validate_on_submit() or not any(f and f.filename for f in form.files.data):
        flash(_("Choose one or more files to upload."), "danger")
        return redirect(back)
    try:
        _attach_uploads(form, item)
        db.session.commit()
    except ServiceError as error:
        db.session.rollback()
        flash_refusal(error)
        return redirect(back)
    flash(_("The files are attached."), "success")
    return redirect(back)


def _visible_attachment(attachment_id: int) -> Attachment:
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or not can_see(attachment.request, current_user):
        raise NotFound(_("there is no such file for you"))
    return attachment


@bp.route("/attachments/<int:attachment_id>")
def download_attachment(attachment_id: int):
    """Download an attached file (for those who may see its request)."""
    attachment = _visible_attachment(attachment_id)
    path = attachment_path(attachment)
    if not path.exists():
        raise NotFound(_("the file %(name)s is missing from the storage", name=attachment.filename))
    return send_file(
        path,
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=attachment.filename,
    )


@bp.route("/attachments/<int:attachment_id>/delete", methods=["POST"])
def delete_attachment(attachment_id: int):
    """Remove an attached file."""
    attachment = _visible_attachment(attachment_id)
    item = attachment.request
    try:
        remove_attachment(attachment, current_user)
        db.session.commit()
    except ServiceError as error:
        db.session.rollback()
        flash_refusal(error)
    else:
        flash(_("The file is removed."), "success")
    if item.status == "draft":
        return redirect(url_for(".edit_draft", request_id=item.id))
    return _back_to(item)
