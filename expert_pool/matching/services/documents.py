"""The engine's documents built from the database: experts (with their load and cached vectors)
and cooperation requests (with their declared conflicts of interest)."""

import logging
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ...experts.models import Expert
from ...extensions import db
from ...helpdesk.loads import current_loads
from ...helpdesk.models import CooperationRequest
from ...taxonomy.models import Tag, TagAlias, Target
from ..conflicts import conflicts_for
from ..engine import ExpertDoc, RequestDoc
from .vectors import attach_cached_vectors

logger = logging.getLogger(__name__)


def tag_aliases(session: Session) -> dict[str, list[str]]:
    aliases: dict[str, list[str]] = {}
    for name, alias in session.execute(select(Tag.name, TagAlias.alias).join(Tag.aliases)):
        aliases.setdefault(name, []).append(alias)
    return aliases


def get_target_titles(session: Session) -> dict[int, str]:
    return dict(session.execute(select(Target.number, Target.title)).all())


def active_experts(session: Session, ids: set[int] | None = None) -> list[Expert]:
    query = (
        select(Expert)
        .where(Expert.status == "active")
        .options(
            selectinload(Expert.tags),
            selectinload(Expert.targets),
            selectinload(Expert.publications),
            selectinload(Expert.language_rows),
        )
        .order_by(Expert.id)
    )
    if ids is not None:
        query = query.where(Expert.id.in_(ids))
    return list(session.scalars(query))


def build_expert_docs(
    experts: list[Expert], target_titles: dict[int, str], session: Session | None = None
) -> list[ExpertDoc]:
    """The engine's documents for these experts, with their cached vectors where stored."""
    session = session or db.session
    loads = current_loads([e.id for e in experts], session=session)
    docs = [
        ExpertDoc(
            id=expert.id,
            name=expert.name,
            tags=[tag.name for tag in expert.tags],
            bio=expert.bio,
            publications=[{"title": p.title, "abstract": p.abstract} for p in expert.publications],
            targets=[target.number for target in expert.targets],
            languages=expert.languages,
            country=expert.country_code,
            institution=expert.affiliation,
            available=expert.availability != "unavailable",
            load=loads.get(expert.id, 0),
            max_load=expert.max_assignments,
        )
        for expert in experts
    ]
    return attach_cached_vectors(docs, target_titles, session)


def scored_doc(request: CooperationRequest) -> RequestDoc:
    text = "\n".join(p for p in (request.title, request.problem_statement) if p)
    return RequestDoc(
        text=text,
        tags=[tag.name for tag in request.tags],
        targets=[target.number for target in request.targets],
        languages=request.languages,
        institution=request.institution or None,
    )


def request_doc(request: CooperationRequest) -> RequestDoc:
    """The engine's view of a cooperation request, with its declared conflicts of interest."""
    return replace(
        scored_doc(request), conflicts={c.expert_id: c.reason for c in conflicts_for(request)}
    )
