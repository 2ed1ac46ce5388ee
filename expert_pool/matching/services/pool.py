"""One `Matcher` per process and database, kept current from the change log (`matcher_changes`,
written by every flush that touches a profile, an assignment or the taxonomy): several web and
worker processes on one PostgreSQL stay current without rebuilding the whole pool."""

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ...database import utcnow
from ...experts.models import Expert
from ...extensions import db
from ...helpdesk.loads import current_loads
from ..engine import ExpertDoc, Matcher
from ..models import MatcherChange
from .documents import active_experts, build_expert_docs, get_target_titles, tag_aliases
from .embedders import embedder_key, get_embedder
from .vectors import attach_cached_vectors, clear_stale, store_computed_vectors

logger = logging.getLogger(__name__)

_pools: dict[tuple, "Pool"] = {}
_pool_lock = threading.Lock()


@dataclass
class Pool:
    """A process's matcher and the last change-log row it has applied."""

    matcher: Matcher
    version: int


def pool_version(session: Session | None = None) -> int:
    """The last row of the matchers' change log (0 when empty): the pool's data version."""
    return (session or db.session).scalar(select(func.max(MatcherChange.id))) or 0


def new_matcher(session: Session, docs: list[ExpertDoc], titles: dict[int, str]) -> Matcher:
    return Matcher(
        docs,
        embedder=get_embedder(),
        weights=current_app.config.get("MATCH_WEIGHTS"),
        aliases=tag_aliases(session),
        target_titles=titles,
    )


def _apply_changes(session: Session, pool: Pool, version: int) -> bool:
    """Bring the pool from its version to `version` expert by expert; False when only a
    rebuild will do (the taxonomy changed, or the log was pruned past the pool's version)."""
    oldest = session.scalar(select(func.min(MatcherChange.id))) or 0
    if oldest > pool.version + 1:  # rows this pool never read may have been pruned
        return False
    changes = session.execute(
        select(MatcherChange.id, MatcherChange.expert_id, MatcherChange.kind).where(
            MatcherChange.id > pool.version, MatcherChange.id <= version
        )
    ).all()
    if not changes or any(kind == "all" for _id, _expert, kind in changes):
        return False
    profiles = {expert for _id, expert, kind in changes if kind == "profile"}
    loads = {expert for _id, expert, kind in changes if kind == "load"} - profiles
    matcher = pool.matcher
    if profiles:
        experts = active_experts(session, profiles)
        for doc in build_expert_docs(experts, matcher.target_titles, session):
            matcher.update_expert(doc)
        for gone in profiles - {e.id for e in experts}:
            if gone in matcher:
                matcher.remove_expert(gone)
    for expert_id, load in current_loads(sorted(loads), session=session).items():
        matcher.set_load(expert_id, load)
    pool.version = version
    return True


def get_matcher() -> Matcher:
    """The process's matcher for this database, kept current from the change log: a profile
    change re-embeds that expert only (in memory; the worker stores the vectors), an assignment
    changes that expert's load. It reads committed data in a session of its own and writes
    nothing, so a page that matches never commits."""
    key = (str(db.engine.url), *embedder_key())
    with Session(db.engine) as session, _pool_lock:
        version = pool_version(session)
        pool = _pools.get(key)
        if pool is not None and pool.version == version:
            return pool.matcher
        if pool is not None and _apply_changes(session, pool, version):
            return pool.matcher
        titles = get_target_titles(session)
        docs = build_expert_docs(active_experts(session), titles, session)
        _pools[key] = Pool(new_matcher(session, docs, titles), version)
        logger.info("matcher built: %d experts at change %d", len(docs), version)
        return _pools[key].matcher


def prune_changes(max_age_seconds: int, now: datetime | None = None) -> int:
    """Delete the change log's rows from its start up to the first row younger than
    `max_age_seconds`, never its newest row, so what is left runs without a hole to the pools'
    version (the caller commits). A process whose pool is older than every row left rebuilds
    it on its next match. Returns how many rows were deleted."""
    cutoff = (now or utcnow()) - timedelta(seconds=max_age_seconds)
    session = db.session
    keep_from = session.scalar(
        select(func.min(MatcherChange.id)).where(MatcherChange.changed_at >= cutoff)
    ) or session.scalar(select(func.max(MatcherChange.id)))
    if keep_from is None:
        return 0
    return session.execute(delete(MatcherChange).where(MatcherChange.id < keep_from)).rowcount


def document_matcher(docs: list[ExpertDoc], session: Session | None = None) -> Matcher:
    """A matcher over documents of another kind than the pool's experts (knowledge products,
    say): the same embedders, weights and taxonomy, the vectors cached for their texts."""
    session = session or db.session
    titles = get_target_titles(session)
    return new_matcher(session, attach_cached_vectors(docs, titles, session), titles)


def warm_matcher() -> None:
    """Build this process's matcher and embed the taxonomy's terms it compares tags with, so
    that no request waits for them (a web process calls it before serving)."""
    get_matcher().fuzzy.warm()


def forget_matchers() -> None:
    """Drop this process's cached matchers (the next match builds its own again)."""
    with _pool_lock:
        _pools.clear()


def rebuild_matcher(progress=None) -> Matcher:
    """Build the matcher from the database, embedding the texts not cached yet and storing
    their vectors (the caller commits): `flask index rebuild`."""
    titles = get_target_titles(db.session)
    docs = build_expert_docs(active_experts(db.session), titles)
    matcher = new_matcher(db.session, [], titles)
    for doc in progress(docs) if progress else docs:
        matcher.update_expert(doc)
    store_computed_vectors(matcher)
    clear_stale(matcher)
    return matcher


def index_stale_experts(limit: int = 50) -> int:
    """Embed and store the vectors of up to `limit` active profiles changed since their last
    embedding (the worker's job; the caller commits). Returns how many were indexed."""
    stale = list(
        db.session.scalars(
            select(Expert.id)
            .where(Expert.status == "active", Expert.embedding_stale.is_(True))
            .order_by(Expert.id)
            .limit(limit)
        )
    )
    if not stale or get_embedder() is None:
        return 0
    titles = get_target_titles(db.session)
    matcher = new_matcher(
        db.session, build_expert_docs(active_experts(db.session, set(stale)), titles), titles
    )
    store_computed_vectors(matcher)
    clear_stale(matcher)
    return len(stale)
