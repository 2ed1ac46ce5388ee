"""Matching put to work: the candidates of a request or a text, teams, invitations with the
matcher's rank, and proposals for every open request at once."""

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy import select

from ...exceptions import ValidationError
from ...experts.models import Expert
from ...extensions import db
from ...helpdesk.models import Assignment, CooperationRequest
from ...helpdesk.services import invite_expert
from ...helpdesk.workflow import LOAD_STATES
from ...validation import bad_language_codes, language_codes_message
from ..candidates import Candidate, candidates_from
from ..engine import RequestDoc, assign_batch, suggest_team
from .documents import request_doc
from .pool import get_matcher

if TYPE_CHECKING:
    from ...accounts.models import User

logger = logging.getLogger(__name__)


def match_request(
    request: CooperationRequest, k: int | None = 10, include_filtered: bool = False
) -> list[Candidate]:
    """The experts best suited to a request, best first, with why (and who was filtered)."""
    invited = {a.expert_id for a in request.assignments if a.status in LOAD_STATES}
    matches = get_matcher().rank(request_doc(request), k=k, include_filtered=include_filtered)
    return candidates_from(matches, invited)


def suggest_team_for(request: CooperationRequest, size: int = 3) -> list[Candidate]:
    """Complementary experts who together cover the request's tags."""
    return candidates_from(suggest_team(get_matcher(), request_doc(request), size=size))


def match_text(
    text: str,
    tags: list[str] | None = None,
    languages: list[str] | None = None,
    targets: list[int] | None = None,
    k: int | None = 10,
    include_filtered: bool = False,
) -> list[Candidate]:
    """Ad-hoc matching of a free text (and tags, languages, targets) against the pool."""
    if not (text or "").strip() and not tags:
        raise ValidationError.on("text", _("give a text or at least one tag to match"))
    if bad := bad_language_codes(languages or []):
        raise ValidationError.on("languages", language_codes_message(bad))
    doc = RequestDoc(
        text=text or "",
        tags=list(tags or []),
        languages=list(languages or []),
        targets=list(targets or []),
    )
    return candidates_from(get_matcher().rank(doc, k=k, include_filtered=include_filtered))


def invite_candidate(
    request: CooperationRequest,
    expert: Expert,
    actor: "User",
    reason: str = "",
    version: int | None = None,
) -> Assignment:
    """Invite an expert, keeping the rank and score the matcher gives them with the invitation
    (the workflow asks for a reason outside the top candidates)."""
    rank, score = get_matcher().standing(request_doc(request), expert.id)
    return invite_expert(
        request,
        expert,
        actor,
        reason=reason,
        match_score=score,
        match_rank=rank,
        version=version,
    )


@dataclass
class BatchRow:
    """One open request of the batch proposal, with the proposed experts and alternates."""

    request: CooperationRequest
    proposed: list[Candidate]
    alternates: list[Candidate]


def open_requests_needing_experts() -> list[CooperationRequest]:
    """Accepted requests with nobody invited or working on them yet, oldest first."""
    busy = select(Assignment.request_id).where(Assignment.status.in_((*LOAD_STATES, "completed")))
    return list(
        db.session.scalars(
            select(CooperationRequest)
            .where(CooperationRequest.status == "accepted", CooperationRequest.id.not_in(busy))
            .order_by(CooperationRequest.submitted_at)
        )
    )


def propose_batch(per_request: int = 1) -> list[BatchRow]:
    """Propose experts for every open request at once, within each expert's load limit."""
    requests = open_requests_needing_experts()
    if not requests:
        return []
    proposals = assign_batch(
        [request_doc(r) for r in requests], get_matcher(), per_request=per_request
    )
    rows = []
    for proposal in proposals:
        request = requests[proposal.request_index]
        ranked = candidates_from([*proposal.experts, *proposal.alternates])
        rows.append(
            BatchRow(
                request=request,
                proposed=ranked[: len(proposal.experts)],
                alternates=ranked[len(proposal.experts) :],
            )
        )
    return rows
