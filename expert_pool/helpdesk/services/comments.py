"""Comments on a request: shared with the Party, or internal to staff."""

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import IO, TYPE_CHECKING

from flask_babel import gettext as _

from ...audit.services import record_event
from ...database import max_length
from ...exceptions import PermissionDenied, ValidationError
from ...extensions import db
from ..models import Comment, CooperationRequest
from ..notices import announce_comment
from ..policy import ensure_visible
from .attachments import add_attachment

if TYPE_CHECKING:
    from ...accounts.models import User

logger = logging.getLogger(__name__)

MAX_COMMENT_LENGTH = max_length(Comment.body)


def add_comment(
    request: CooperationRequest,
    author: "User",
    body: str | None,
    *,
    internal: bool = False,
    files: Sequence[tuple[str, IO[bytes]]] = (),
    at: datetime | None = None,
) -> Comment:
    """Add a comment that everyone who sees the request reads, or (staff only) an internal one,
    with the files it carries (the rules of the request's files); shared comments are emailed
    to the other side, quoting the conversation before them."""
    body = (body or "").strip()
    if not body:
        raise ValidationError.on("body", _("write something"))
    if len(body) > MAX_COMMENT_LENGTH:
        raise ValidationError.on(
            "body", _("a comment has at most %(limit)d characters", limit=MAX_COMMENT_LENGTH)
        )
    if internal and not author.is_staff:
        raise PermissionDenied(_("only staff write internal comments"))
    ensure_visible(request, author)
    if request.status == "draft":
        raise ValidationError.on("body", _("comments start once the request is submitted"))
    comment = Comment(request=request, author=author, body=body, is_internal=internal)
    if at is not None:
        comment.created_at = at
    db.session.add(comment)
    db.session.flush()
    for filename, stream in files:
        add_attachment(request, filename, stream, author, comment=comment)
    record_event(
        "comment.added",
        comment,
        author,
        request_id=request.id,
        data={"internal": internal, "files": [a.filename for a in comment.attachments]},
        at=at,
    )
    logger.info("comment on %s by %s (internal: %s)", request.reference, author, internal)
    announce_comment(comment)
    return comment
