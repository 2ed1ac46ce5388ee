"""Conflicts of interest declared by staff: which ones concern a request, declaring one and
removing it.

A conflict names an expert and what they must not be proposed for: one request, every request
of a Party, or every request from an institution. The matcher leaves the expert out of those
requests' candidates, saying the reason (`request_doc` reads `conflicts_for`)."""

import logging
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy import or_, select

from ..audit.services import record_event
from ..exceptions import NotFound, ValidationError
from ..experts.models import ConflictOfInterest, Expert
from ..extensions import db
from ..helpdesk.models import CooperationRequest
from ..roles import ensure_staff
from ..validation import Problems

if TYPE_CHECKING:
    from ..accounts.models import User

logger = logging.getLogger(__name__)

# What a conflict declared from a request names: the request itself, its Party, its institution.
SCOPES = ("request", "party", "institution")
REASON_LIMIT = 1_000


def _concerning(request: CooperationRequest):
    return or_(
        ConflictOfInterest.request_id == request.id,
        ConflictOfInterest.party_code == request.party_code,
        (ConflictOfInterest.institution != "")
        & (ConflictOfInterest.institution == request.institution),
    )


def conflicts_for(request: CooperationRequest) -> list[ConflictOfInterest]:
    """The conflicts of interest that keep experts off a request, the latest first."""
    return list(
        db.session.scalars(
            select(ConflictOfInterest)
            .where(_concerning(request))
            .order_by(ConflictOfInterest.created_at.desc(), ConflictOfInterest.id.desc())
        )
    )


def declare_conflict(
    request: CooperationRequest,
    expert: Expert | None,
    actor: "User",
    reason: str,
    scope: str = "request",
) -> ConflictOfInterest:
    """Declare (staff) that an expert is not to be proposed for a request, for every request of
    its Party, or for every request from its institution, and why."""
    ensure_staff(actor, _("only the centre's staff can declare a conflict of interest"))
    problems = Problems()
    if expert is None:
        problems.add("expert_id", _("choose an expert of the pool"))
    reason = problems.text(
        "reason", reason, REASON_LIMIT, required=_("say why the expert is in conflict")
    )
    problems.one_of("scope", scope, SCOPES, _("choose this request, its Party or its institution"))
    if scope == "institution" and not request.institution:
        problems.add("scope", _("this request names no institution"))
    problems.raise_if_any(_("the conflict of interest was not declared"))
    names = {
        "request_id": request.id if scope == "request" else None,
        "party_code": request.party_code if scope == "party" else None,
        "institution": request.institution if scope == "institution" else "",
    }
    already = db.session.scalar(select(ConflictOfInterest).filter_by(expert_id=expert.id, **names))
    if already is not None:
        raise ValidationError(
            _("the conflict of interest was not declared"),
            {"expert_id": [_("%(name)s is already excluded for this", name=expert.name)]},
        )
    conflict = ConflictOfInterest(expert=expert, reason=reason, declared_by_id=actor.id, **names)
    db.session.add(conflict)
    record_event(
        "declare_conflict",
        conflict,
        actor,
        request_id=request.id,
        note=reason,
        data={"expert_id": expert.id, "expert": expert.name, "scope": scope, **names},
    )
    logger.info("conflict of %s (%s) declared on %s by %s", expert.id, scope, request, actor)
    return conflict


def get_conflict(request: CooperationRequest, conflict_id: int) -> ConflictOfInterest:
    """A conflict of interest that concerns the request, by id (else NotFound)."""
    conflict = db.session.scalar(
        select(ConflictOfInterest).where(ConflictOfInterest.id == conflict_id, _concerning(request))
    )
    if conflict is None:
        raise NotFound(_("this request has no such conflict of interest"))
    return conflict


def remove_conflict(
    request: CooperationRequest, conflict: ConflictOfInterest, actor: "User"
) -> None:
    """Remove (staff) a declared conflict of interest, from the request it was seen on: the
    expert may be proposed again where it applied."""
    ensure_staff(actor, _("only the centre's staff can remove a conflict of interest"))
    record_event(
        "remove_conflict",
        conflict,
        actor,
        request_id=request.id,
        note=conflict.reason,
        data={
            "expert_id": conflict.expert_id,
            "expert": conflict.expert.name,
            "scope": conflict_scope(conflict),
        },
    )
    db.session.delete(conflict)
    db.session.flush()
    logger.info(
        "conflict %s of %s removed on %s by %s", conflict.id, conflict.expert_id, request, actor
    )


def conflict_scope(conflict: ConflictOfInterest) -> str:
    """Which of SCOPES a conflict names."""
    if conflict.request_id is not None:
        return "request"
    return "party" if conflict.party_code else "institution"
