"""Files attached to a request: limited in type and size, stored under instance/attachments/ by
a generated name (the original name is kept only for display). The same rules and storage serve
every feature that keeps uploaded files (`check_upload`, `stored_path`)."""

import logging
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

import puremagic
from flask import current_app
from flask_babel import gettext as _
from werkzeug.utils import secure_filename

from ...audit.services import record_event
from ...exceptions import PermissionDenied, ValidationError
from ...extensions import db
from ..models import Attachment, Comment, CooperationRequest, StoredFile
from ..policy import can_add_files, ensure_visible, works_on

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


def stored_path(stored_name: str) -> Path:
    """Where a stored file's content is kept, by its generated name."""
    return attachments_dir() / stored_name


def attachment_path(attachment: "StoredFile") -> Path:
    """Where a stored file's content is (an attachment, or any record with a `stored_name`)."""
    return stored_path(attachment.stored_name)


@dataclass(frozen=True)
class Upload:
    """An uploaded file that passed the rules: its safe name, content, type and storage name."""

    filename: str
    content: bytes
    content_type: str
    stored_name: str

    @property
    def size(self) -> int:
        """Its size in bytes."""
        return len(self.content)

    def columns(self) -> dict:
        """The columns every stored-file row keeps of it."""
        return {
            "filename": self.filename,
            "stored_name": self.stored_name,
            "content_type": self.content_type,
            "size": self.size,
        }

    def save(self) -> None:
        """Write the content under its storage name."""
        stored_path(self.stored_name).write_bytes(self.content)


def _is_content_of(extension: str, content: bytes) -> bool:
    """Whether the bytes are a file of the type the extension names: a text type has no NUL
    byte (UTF-16 aside), any other type is recognised by its magic numbers."""
    if CONTENT_TYPES.get(extension, "").startswith("text/"):
        return content.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" not in content
    try:
        found = puremagic.magic_string(content)
    except puremagic.PureError:
        return False
    return any(match.extension.lower() == f".{extension}" for match in found)


def check_upload(filename: str, stream: IO[bytes], field: str = "attachments") -> Upload:
    """The upload, if its type is allowed, it is not too big, not empty and its content is of
    its type (refused on `field` otherwise)."""
    allowed = current_app.config["ATTACHMENT_EXTENSIONS"].split()
    name = secure_filename(filename or "") or "file"
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in allowed:
        raise ValidationError.on(
            field,
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
            field,
            _(
                "%(file)s: a file may have at most %(megabytes)d MB",
                file=filename,
                megabytes=limit // (1024 * 1024),
            ),
        )
    if not content:
        raise ValidationError.on(field, _("%(file)s: the file is empty", file=filename))
    if not _is_content_of(extension, content):
        raise ValidationError.on(
            field,
            _(
                "%(file)s: its content is not a %(type)s file",
                file=filename,
                type=extension.upper(),
            ),
        )
    return Upload(
        filename=name,
        content=content,
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
        stored_name=secrets.token_hex(16),
    )


def _ensure_may_attach(request: CooperationRequest, actor: "User") -> None:
    ensure_visible(request, actor)
    if actor.role == "expert" and not works_on(request, actor):
        raise PermissionDenied(_("only an expert working on this request may attach files"))
    if not can_add_files(request, actor):
        raise ValidationError.on(
            "attachments", _("this request has ended: no file can be added to it any more")
        )


def add_attachment(
    request: CooperationRequest,
    filename: str,
    stream: IO[bytes],
    actor: "User",
    *,
    comment: Comment | None = None,
) -> Attachment:
    """Store an uploaded file with the request (or with one of its comments, which then carries
    it), if it passes the rules of every uploaded file (`check_upload`)."""
    _ensure_may_attach(request, actor)
    upload = check_upload(filename, stream)
    attachment = Attachment(
        request=request, comment=comment, uploaded_by_id=actor.id, **upload.columns()
    )
    db.session.add(attachment)
    db.session.flush()
    upload.save()
    record_event(
        "attachment.added",
        attachment,
        actor,
        request_id=request.id,
        data={
            "filename": upload.filename,
            "size": upload.size,
            "internal": comment is not None and comment.is_internal,
        },
    )
    logger.info("%s attached %s to request %s", actor, upload.filename, request.id)
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
