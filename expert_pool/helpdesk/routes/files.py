"""Files attached to requests: upload, download, removal."""

from flask import (
    flash,
    redirect,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from ...errors import refusals_return_to
from ...exceptions import NotFound
from ...extensions import db
from ..forms import (
    AttachmentForm,
)
from ..models import Attachment, CooperationRequest
from ..policy import can_see, may_see_attachment
from ..services import (
    attachment_path,
    remove_attachment,
)
from . import _attach_uploads, bp


@bp.route("/requests/<int:request_id>/attachments", methods=["POST"])
def upload_attachments(request_id: int):
    """Attach files to a request."""
    item = db.session.get(CooperationRequest, request_id)
    if item is None or not can_see(item, current_user):
        raise NotFound(_("there is no such request for you"))
    form = AttachmentForm()
    back = refusals_return_to(_page_of(item))
    if not form.validate_on_submit() or not any(f and f.filename for f in form.files.data or []):
        flash(_("Choose one or more files to upload."), "danger")
        return redirect(back)
    _attach_uploads(form, item)
    db.session.commit()
    flash(_("The files are attached."), "success")
    return redirect(back)


def _page_of(item: CooperationRequest) -> str:
    """Where a request's files are handled: its draft form, or its page once submitted."""
    if item.status == "draft":
        return url_for(".edit_draft", request_id=item.id)
    return url_for(".view_request", reference=item.reference)


def _visible_attachment(attachment_id: int) -> Attachment:
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or not may_see_attachment(attachment, current_user):
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
    back = refusals_return_to(_page_of(attachment.request))
    remove_attachment(attachment, current_user)
    db.session.commit()
    flash(_("The file is removed."), "success")
    return redirect(back)
