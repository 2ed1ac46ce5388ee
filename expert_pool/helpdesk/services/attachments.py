"""Files attached to a request: limited in type and size, stored under instance/attachments/ by
a generated name (the original name is kept only for display)."""

import logging
import secrets
from pathlib import Path
from typing import IO, TYPE_CHECKING

from flask import current_app
from flask_babel import gettext as _
from werkzeug.utils import secure_filename

from ...audit.services import record_event
from ...exceptions import PermissionDenied, ValidationError
from ...extensions import db
from ..models import Attachment, Comment, CooperationRequest
from ..policy import ensure_visible, works_on

if TYPE_CHECKING:
    from ...accounts.models import User

logger = logging.getLogger(__name__)

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "csv": "text/csv",
    "txt": "text/plain",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
}


def attachments_dir() -> Path:
    """The folder of the stored files: ATTACHMENT_FOLDER, by default instance/attachments."""
    configured = current_app.config["ATTACHMENT_FOLDER"]
    path = Path(configured) if configured else Path(current_app.instance_path) / "attachments"
    path.mkdir(parents=True, exist_ok=True)
    return path


def attachment_path(attachment: Attachment) -> Path:
    """Where an attachment's content is stored."""
    return attachments_dir() / attachment.stored_name


def _ensure_may_attach(request: CooperationRequest, actor: "User") -> None:
    ensure_visible(request, actor)
    if actor.role == "expert" and not works_on(request, actor):
        raise PermissionDenied(_("only an expert working on this request may attach files"))


def add_attachment(
    request: CooperationRequest,
    filename: str,
    stream: IO[bytes],
    actor: "User",
    *,
    comment: Comment | None = None,
) -> Attachment:
    """Store an uploaded file with the request (or with one of its comments, which then carries
    it), if its type is allowed and it is not too big."""
    _ensure_may_attach(request, actor)
    allowed = current_app.config["ATTACHMENT_EXTENSIONS"].split()
    name = secure_filename(filename or "") or "file"
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in allowed:
        raise ValidationError.on(
            "attachments",
            _(
                "%(file)s: only these file types are accepted: %(types)s",
                file=filename,
                types=", ".join(allowed),
            ),
        )
    limit = current_app.config["ATTACHMENT_MAX_BYTES"]
    content = stream.read(limit + 1)
    if len(content) > limit:
        raise ValidationError.on(
            "attachments",
            _(
                "%(file)s: a file may have at most %(megabytes)d MB",
                file=filename,
                megabytes=limit // (1024 * 1024),
            ),
        )
    if not content:
        raise ValidationError.on("attachments", _("%(file)s: the file is empty", file=filename))
    attachment = Attachment(
        request=request,
        comment=comment,
        filename=name,
        stored_name=secrets.token_hex(16),
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
        size=len(content),
        uploaded_by_id=actor.id,
    )
    db.session.add(attachment)
    db.session.flush()
    attachment_path(attachment).write_bytes(content)
    record_event(
        "attachment.added",
        attachment,
        actor,
        request_id=request.id,
        data={
            "filename": name,
            "size": len(content),
            "internal": comment is not None and comment.is_internal,
        },
    )
    logger.info("%s attached %s to request %s", actor, name, request.id)
    return attachment


def remove_attachment(attachment: Attachment, actor: "User") -> None:
    """Remove a file: the uploader while the request is a draft, or staff."""
    request = attachment.request
    ensure_visible(request, actor)
    if not actor.is_staff and not (
        request.status == "draft" and attachment.uploaded_by_id == actor.id
    ):
        raise PermissionDenied(_("only staff remove files once a request is submitted"))
    record_event(
        "attachment.removed",
        attachment,
        actor,
        request_id=request.id,
        data={"filename": attachment.filename},
    )
    path = attachment_path(attachment)
    db.session.delete(attachment)
    db.session.flush()
    path.unlink(missing_ok=True)
    logger.info("%s removed attachment %s of request %s", actor, attachment.filename, request.id)
