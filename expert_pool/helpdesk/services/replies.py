"""The staff's saved replies: reusable texts, one language each, that staff insert when they ask
the Party a question, record a delivery or decline a request."""

import logging
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from ...accounts.models import User
from ...audit.services import record_event
from ...extensions import db
from ...roles import ensure_staff
from ...validation import Problems, is_language_code
from ..models import SavedReply

logger = logging.getLogger(__name__)

TITLE_LIMIT = 120
BODY_LIMIT = 5000


def _checked(data: dict[str, Any], reply: SavedReply | None) -> dict[str, str]:
    problems = Problems()
    title = problems.text("title", data.get("title"), TITLE_LIMIT, required=_("name the reply"))
    body = problems.text("body", data.get("body"), BODY_LIMIT, required=_("write the reply"))
    language = str(data.get("language") or "").strip().lower()
    if not is_language_code(language):
        problems.add("language", _("choose the language the reply is written in"))
    elif title:
        same = db.session.scalar(select(SavedReply).filter_by(language=language, title=title))
        if same is not None and same is not reply:
            problems.add("title", _("a reply in this language already has that name"))
    problems.raise_if_any(_("the saved reply was not saved"))
    return {"title": title, "body": body, "language": language}


def save_reply(data: dict[str, Any], actor: User, reply: SavedReply | None = None) -> SavedReply:
    """Add a saved reply (staff), or change one: a name, a language and the text."""
    ensure_staff(actor, _("only the centre's staff keep saved replies"))
    values = _checked(data, reply)
    if reply is None:
        reply = SavedReply(created_by_id=actor.id, **values)
        db.session.add(reply)
    else:
        for field, value in values.items():
            setattr(reply, field, value)
    db.session.flush()
    record_event("saved_reply.saved", reply, actor, data={"title": reply.title})
    logger.info("saved reply %s saved by %s", reply.id, actor)
    return reply


def delete_reply(reply: SavedReply, actor: User) -> None:
    """Remove a saved reply (staff)."""
    ensure_staff(actor, _("only the centre's staff keep saved replies"))
    record_event("saved_reply.deleted", reply, actor, data={"title": reply.title})
    db.session.delete(reply)
    db.session.flush()
    logger.info("saved reply %s deleted by %s", reply.id, actor)
