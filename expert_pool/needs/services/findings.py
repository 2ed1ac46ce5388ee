"""The desk review: needs staff find in the Parties' national documents."""

import logging
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from flask_babel import gettext as _

from ...accounts.models import User
from ...audit.services import record_event
from ...exceptions import NotFound, ValidationError
from ...extensions import db
from ...roles import ensure_staff
from ...taxonomy.models import Party
from ...taxonomy.services import get_tags_by_name, get_targets
from ...validation import Problems
from ..models import (
    DOCUMENT_TYPES,
    PRIORITIES,
    Finding,
)
from .questionnaires import TEXT_LIMIT, TITLE_LIMIT

logger = logging.getLogger(__name__)


def _check_finding(data: dict) -> dict:
    problems = Problems()
    values: dict[str, Any] = {}
    code = str(data.get("party") or "").upper()
    if not code or db.session.get(Party, code) is None:
        problems.add("party", _("choose the Party whose document it is"))
    values["party_code"] = code
    values["document_type"] = problems.one_of(
        "document_type",
        data.get("document_type"),
        DOCUMENT_TYPES,
        _("the document type is one of %(types)s", types=", ".join(DOCUMENT_TYPES)),
    )
    values["document_title"] = problems.text(
        "document_title", data.get("document_title"), TITLE_LIMIT
    )
    year = data.get("document_year")
    if isinstance(year, str) and year.strip().isdigit():
        year = int(year)
    if not isinstance(year, int) or isinstance(year, bool) or not 1992 <= year <= 2100:
        problems.add("document_year", _("the year is a number from 1992 to 2100"))
    values["document_year"] = year
    link = problems.text("document_link", data.get("document_link"), 500)
    if link and not link.startswith(("https://", "http://")):
        problems.add("document_link", _("a link starts with https:// or http://"))
    values["document_link"] = link
    values["priority"] = problems.one_of(
        "priority",
        data.get("priority"),
        PRIORITIES,
        _("the priority is one of %(values)s", values=", ".join(PRIORITIES)),
    )
    values["passage"] = problems.text(
        "passage",
        data.get("passage"),
        TEXT_LIMIT,
        required=_("quote the passage that states the need"),
    )
    values["note"] = problems.text("note", data.get("note"), TEXT_LIMIT)
    if not data.get("targets"):
        problems.add("targets", _("name at least one KMGBF target"))
    with problems.catching():
        values["targets"] = get_targets(_numbers(data.get("targets")))
    with problems.catching():
        values["tags"] = get_tags_by_name(data.get("tags") or [])
    problems.raise_if_any(_("the finding has errors"))
    return values


def _numbers(values: Iterable[Any] | None) -> list[int]:
    numbers = []
    for value in values or []:
        try:
            numbers.append(int(value))
        except (TypeError, ValueError) as error:
            raise ValidationError.on("targets", _("KMGBF targets are numbered 1 to 23")) from error
    return numbers


def create_finding(data: dict, actor: User, at: datetime | None = None) -> Finding:
    """Record a desk-review finding (staff): a Party's need stated in a national document."""
    ensure_staff(actor)
    finding = Finding(**_check_finding(data), created_by_id=actor.id)
    if at is not None:
        finding.created_at = at
    db.session.add(finding)
    db.session.flush()
    record_event("needs.finding_created", finding, actor, data=finding_data(finding), at=at)
    return finding


def update_finding(finding: Finding, data: dict, actor: User) -> Finding:
    """Change a desk-review finding (staff); the audit event keeps what it said before."""
    ensure_staff(actor)
    before = finding_data(finding)
    for key, value in _check_finding(data).items():
        setattr(finding, key, value)
    db.session.flush()
    record_event(
        "needs.finding_updated",
        finding,
        actor,
        data={"before": before, "after": finding_data(finding)},
    )
    return finding


def finding_data(finding: Finding) -> dict[str, Any]:
    """A finding's fields as the form, the API and the audit log take them."""
    return {
        "party": finding.party_code,
        "document_type": finding.document_type,
        "document_title": finding.document_title,
        "document_year": finding.document_year,
        "document_link": finding.document_link,
        "priority": finding.priority,
        "passage": finding.passage,
        "note": finding.note,
        "targets": [t.number for t in finding.targets],
        "tags": [t.name for t in finding.tags],
    }


def get_finding(finding_id: int) -> Finding:
    """One finding, or NotFound."""
    finding = db.session.get(Finding, finding_id)
    if finding is None:
        raise NotFound(_("there is no finding %(id)s", id=finding_id))
    return finding
