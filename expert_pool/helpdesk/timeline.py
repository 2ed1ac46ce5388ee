"""A request's history in words: each audit event keeps its action code and data, and is said in
the interface language when it is shown, one whole sentence per action (the actor's name is part
of the sentence, so that each language puts it where it belongs)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

SENTENCES = {
    "request.created": _l("%(who)s created the draft"),
    "request.edited": _l("%(who)s edited the draft"),
    "request.submit": _l("%(who)s submitted the request"),
    "request.accept": _l("%(who)s accepted the request"),
    "request.decline": _l("%(who)s declined the request"),
    "request.request_info": _l("%(who)s asked the Party for information"),
    "request.answer": _l("%(who)s answered the question"),
    "request.withdraw": _l("%(who)s withdrew the request"),
    "request.deliver": _l("%(who)s recorded the delivery"),
    "request.confirm": _l("%(who)s confirmed the delivery"),
    "request.close": _l("%(who)s closed the request"),
    "request.reopen": _l("%(who)s reopened the request"),
    "request.start": _l("%(who)s started the work"),
    "request.owner": _l("%(who)s gave the request to %(owner)s"),
    "request.corrected": _l("%(who)s corrected the request's %(fields)s"),
    "assignment.invited": _l("%(who)s invited %(expert)s"),
    "assignment.accept": _l("%(who)s accepted the invitation of %(expert)s"),
    "assignment.decline": _l("%(who)s declined the invitation of %(expert)s"),
    "assignment.expire": _l("%(who)s let the invitation of %(expert)s expire"),
    "assignment.complete": _l("%(who)s completed the work of %(expert)s"),
    "assignment.withdraw": _l("%(who)s withdrew the invitation of %(expert)s"),
    "assignment.resume": _l("%(who)s put %(expert)s back to work on the reopened request"),
    "attachment.added": _l("%(who)s attached %(filename)s"),
    "attachment.removed": _l("%(who)s removed the attachment %(filename)s"),
    "comment.added": _l("%(who)s commented"),
    "declare_conflict": _l("%(who)s declared a conflict of interest of %(expert)s"),
    "remove_conflict": _l("%(who)s removed the conflict of interest of %(expert)s"),
}
# Steps that only staff see on a request's timeline.
STAFF_ONLY_ACTIONS = frozenset({"declare_conflict", "remove_conflict"})
# An expert's own answer to their invitation, said without naming them twice.
OWN_SENTENCES = {
    "assignment.accept": _l("%(who)s accepted the invitation"),
    "assignment.decline": _l("%(who)s declined the invitation"),
    "assignment.complete": _l("%(who)s completed their work"),
    "assignment.withdraw": _l("%(who)s withdrew from the work"),
}
# The fields named in a correction's sentence.
CORRECTED_FIELDS = {
    "tags": _l("topics"),
    "targets": _l("KMGBF targets"),
    "type": _l("type"),
    "languages": _l("working languages"),
}
# A request given back to nobody.
NO_OWNER = _l("%(who)s left the request without an owner")
# The same actions said with more of their data.
RATED_CONFIRMATION = _l("%(who)s confirmed the delivery with a rating of %(rating)s out of 5")
INTERNAL_COMMENT = _l("%(who)s wrote an internal comment")
# An action recorded by a later version of the application than this one knows.
OTHER_ACTION = _l("%(who)s: %(action)s")


@dataclass
class TimelineEntry:
    """One step of a request's history: its action code and data, said in words on demand."""

    at: datetime
    action: str
    actor: str | None
    note: str
    to_state: str | None
    data: dict[str, Any] = field(default_factory=dict)
    # The actor is the expert the step is about (an expert answering their own invitation).
    by_the_expert: bool = False

    @property
    def who(self) -> str:
        """The actor's name, or the system's in the interface language."""
        return self.actor or gettext("The system")

    @property
    def text(self) -> str:
        """The step as one sentence in the interface language."""
        return self._sentence(str)

    @property
    def html(self) -> Markup:
        """The sentence for a page: escaped, with the actor's name in bold."""
        return Markup(self._sentence(escape, lambda who: Markup("<strong>%s</strong>") % who))

    def _sentence(self, quote: Callable[[Any], str], mark: Callable[[str], str] = str) -> str:
        values = {
            "expert": self.data.get("expert") or gettext("an expert"),
            "filename": self.data.get("filename") or gettext("a file"),
            "rating": self.data.get("rating"),
            "action": self.action,
            "owner": self.data.get("owner") or "",
            "fields": ", ".join(
                str(CORRECTED_FIELDS.get(name, name)) for name in self.data.get("changes", {})
            ),
        }
        values = {key: quote(value) for key, value in values.items()}
        values["who"] = mark(quote(self.who))
        if self.action == "request.confirm" and self.data.get("rating"):
            sentence = RATED_CONFIRMATION
        elif self.action == "request.owner" and not self.data.get("owner"):
            sentence = NO_OWNER
        elif self.action == "comment.added" and self.data.get("internal"):
            sentence = INTERNAL_COMMENT
        elif self.by_the_expert and self.action in OWN_SENTENCES:
            sentence = OWN_SENTENCES[self.action]
        else:
            sentence = SENTENCES.get(self.action, OTHER_ACTION)
        return str(sentence) % values
