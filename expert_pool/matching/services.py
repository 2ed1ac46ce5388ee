"""The glue between the database and the pure matching engine.

Builds `ExpertDoc`s from the active experts, caches their vectors in `embedding_vectors` by
(model, text hash), and keeps one `Matcher` per process and database. The in-process matrix is
only a cache: the change log (`matcher_changes`, written by every flush that touches a profile,
an assignment or the taxonomy) tells each process which experts to refresh, so several web
and worker processes on one PostgreSQL stay current without rebuilding the whole pool.
"""

import hashlib
import json
import logging
import threading
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import case, delete, func, select, update
from sqlalchemy.orm import Session, selectinload

from ..database import insert_missing, utcnow
from ..exceptions import ValidationError
from ..experts.models import Expert
from ..extensions import db
from ..helpdesk.loads import current_loads
from ..helpdesk.models import Assignment, CooperationRequest
from ..helpdesk.services import invite_expert
from ..helpdesk.workflow import LOAD_STATES
from ..taxonomy.models import Tag, TagAlias, Target
from ..validation import bad_language_codes, language_codes_message
from .candidates import Candidate, candidates_from
from .conflicts import conflicts_for
from .engine import (
    Embedder,
    ExpertDoc,
    Matcher,
    RequestDoc,
    assign_batch,
    expert_texts,
    load_channels,
    suggest_team,
    text_hash,
)
from .engine.embedding import DEFAULT_BACKEND, default_model_path
from .models import EmbeddingVector, MatcherChange

if TYPE_CHECKING:
    from ..accounts.models import User

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_embedders: dict[tuple, Embedder | None] = {}
_embedder_errors: dict[tuple, str] = {}
_pools: dict[tuple, "Pool"] = {}
_pool_lock = threading.Lock()


def _embedder_key() -> tuple:
    config = current_app.config
    model = config.get("EMBEDDING_MODEL") or str(default_model_path())
    cache = config.get("EMBEDDING_CACHE_DIR") or str(Path(current_app.instance_path) / "models")
    return (model, config.get("EMBEDDING_BACKEND") or DEFAULT_BACKEND, cache)


def get_embedder() -> Embedder | None:
    """The process's embedder for the configured model, loaded once; None when it cannot load."""
    key = _embedder_key()
    model, backend, cache = key
    with _lock:
        if key not in _embedders:
            _embedders[key] = None
            if backend != "none":
                try:
                    # One thread per web process, for each channel as for numpy.
                    _embedders[key] = load_channels(
                        model, backend=backend, cache_dir=cache, threads=1
                    )
                except Exception as error:  # the engine answers by tags alone, and says why
                    logger.exception("embedding model %s could not be loaded", model)
                    _embedder_errors[key] = str(error)
        return _embedders[key]


def embedder_problem() -> str | None:
    """Why matching runs without embeddings, in the interface language; None when it does not."""
    if get_embedder() is not None:
        return None
    failure = model_failure()
    if failure is None:
        return _("embeddings are switched off (EMBEDDING_BACKEND=none)")
    return _("the embedding model could not be loaded (%(error)s)", error=failure)


def model_failure() -> str | None:
    """Why the configured model could not be loaded; None when it loaded or is switched off."""
    get_embedder()
    return _embedder_errors.get(_embedder_key())


def _channels(embedder: Embedder) -> list[tuple[str, slice]]:
    """Each channel's model id and its columns in the embedder's rows (each cached apart)."""
    channels = getattr(embedder, "channels", None) or [embedder]
    columns, start = [], 0
    for channel in channels:
        columns.append((channel.name, slice(start, start + channel.dim)))
        start += channel.dim
    return columns


def _cached_vectors(
    session: Session, model: str, dim: int, hashes: set[str]
) -> dict[str, np.ndarray]:
    return {
        row.text_hash: np.frombuffer(row.vector, dtype=np.float32)
        for row in session.scalars(
            select(EmbeddingVector).where(
                EmbeddingVector.model == model, EmbeddingVector.text_hash.in_(hashes)
            )
        )
        if row.dim == dim
    }


def _aliases(session: Session) -> dict[str, list[str]]:
    aliases: dict[str, list[str]] = {}
    for name, alias in session.execute(select(Tag.name, TagAlias.alias).join(Tag.aliases)):
        aliases.setdefault(name, []).append(alias)
    return aliases


def _target_titles(session: Session) -> dict[int, str]:
    return dict(session.execute(select(Target.number, Target.title)).all())


def _active_experts(session: Session, ids: set[int] | None = None) -> list[Expert]:
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


def attach_cached_vectors(
    docs: list[ExpertDoc], target_titles: dict[int, str], session: Session | None = None
) -> list[ExpertDoc]:
    """Give each document the vectors cached for all its texts (the others are embedded by the
    matcher that indexes them)."""
    session = session or db.session
    embedder = get_embedder()
    if embedder is None:
        return docs
    texts = {doc.id: expert_texts(doc, target_titles) for doc in docs}
    hashes = {text_hash(t) for own in texts.values() for t in own if t}
    channels = [
        (_cached_vectors(session, model, cols.stop - cols.start, hashes), cols)
        for model, cols in _channels(embedder)
    ]
    for doc in docs:
        own = [text_hash(t) if t else None for t in texts[doc.id]]
        if all(h is None or h in cached for h in own for cached, _cols in channels):
            rows = np.zeros((len(own), embedder.dim), dtype=np.float32)
            for cached, cols in channels:
                for row, digest in enumerate(own):
                    if digest is not None:
                        rows[row, cols] = cached[digest]
            doc.vectors = rows
    return docs


def store_computed_vectors(matcher: Matcher) -> int:
    """Keep the vectors the matcher had to compute, keyed by (model, text hash)."""
    computed = matcher.computed_vectors()
    if not computed or matcher.embedder is None:
        return 0
    by_id = {doc.id: doc for doc in matcher.docs}
    rows: dict[str, np.ndarray] = {}
    for expert_id, vectors in computed.items():
        for text, vector in zip(
            expert_texts(by_id[expert_id], matcher.target_titles), vectors, strict=True
        ):
            if text:
                rows[text_hash(text)] = np.asarray(vector, dtype=np.float32)
    missing = []
    for model, cols in _channels(matcher.embedder):
        known = set(
            db.session.scalars(
                select(EmbeddingVector.text_hash).where(
                    EmbeddingVector.model == model, EmbeddingVector.text_hash.in_(list(rows))
                )
            )
        )
        for digest, vector in rows.items():
            if digest not in known:
                part = np.ascontiguousarray(vector[cols])
                missing.append(
                    {
                        "model": model,
                        "text_hash": digest,
                        "dim": part.shape[0],
                        "vector": part.tobytes(),
                    }
                )
    insert_missing(db.session, EmbeddingVector, missing)
    added = len(missing)
    db.session.flush()
    return added


@dataclass
class Pool:
    """A process's matcher and the last change-log row it has applied."""

    matcher: Matcher
    version: int


def pool_version(session: Session | None = None) -> int:
    """The last row of the matchers' change log (0 when empty): the pool's data version."""
    return (session or db.session).scalar(select(func.max(MatcherChange.id))) or 0


def _new_matcher(session: Session, docs: list[ExpertDoc], titles: dict[int, str]) -> Matcher:
    return Matcher(
        docs,
        embedder=get_embedder(),
        weights=current_app.config.get("MATCH_WEIGHTS"),
        aliases=_aliases(session),
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
        experts = _active_experts(session, profiles)
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
    key = (str(db.engine.url), *_embedder_key())
    with Session(db.engine) as session, _pool_lock:
        version = pool_version(session)
        pool = _pools.get(key)
        if pool is not None and pool.version == version:
            return pool.matcher
        if pool is not None and _apply_changes(session, pool, version):
            return pool.matcher
        titles = _target_titles(session)
        docs = build_expert_docs(_active_experts(session), titles, session)
        _pools[key] = Pool(_new_matcher(session, docs, titles), version)
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
    titles = _target_titles(session)
    return _new_matcher(session, attach_cached_vectors(docs, titles, session), titles)


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
    titles = _target_titles(db.session)
    docs = build_expert_docs(_active_experts(db.session), titles)
    matcher = _new_matcher(db.session, [], titles)
    for doc in progress(docs) if progress else docs:
        matcher.update_expert(doc)
    store_computed_vectors(matcher)
    _clear_stale(matcher)
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
    titles = _target_titles(db.session)
    matcher = _new_matcher(
        db.session, build_expert_docs(_active_experts(db.session, set(stale)), titles), titles
    )
    store_computed_vectors(matcher)
    _clear_stale(matcher)
    return len(stale)


def _clear_stale(matcher: Matcher) -> None:
    # A bulk update: the vectors are what every process computed already, so no change row,
    # and updated_at stays the profile's.
    if matcher.embedder is not None and matcher.expert_ids:
        db.session.execute(
            update(Expert)
            .where(Expert.id.in_(matcher.expert_ids), Expert.embedding_stale.is_(True))
            .values(embedding_stale=False, updated_at=Expert.updated_at)
        )


def _scored_doc(request: CooperationRequest) -> RequestDoc:
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
        _scored_doc(request), conflicts={c.expert_id: c.reason for c in conflicts_for(request)}
    )


def scores_version(session: Session | None = None) -> int:
    """What every score against the pool depends on, as one growing number: the change log's
    last profile or taxonomy row (an assignment moves a load, which filters, never a score),
    or, once the log is pruned past it, the row before the log's first."""
    newest, oldest = (session or db.session).execute(
        select(
            func.max(case((MatcherChange.kind != "load", MatcherChange.id))),
            func.min(MatcherChange.id),
        )
    ).one()
    return max(newest or 0, (oldest or 1) - 1)


def score_keys(requests: list[CooperationRequest]) -> list[str]:
    """For each request, a digest of everything its best score depends on: its text, tags and
    targets, the pool's `scores_version`, the model and the weights. Equal digests, equal
    scores: what a cache of scores is keyed on."""
    version = scores_version()
    matcher = get_matcher()
    pool = [version, *_embedder_key(), matcher.embedder is None, sorted(matcher.weights.items())]
    pool.append(repr(matcher.settings))
    keys = []
    for request in requests:
        doc = _scored_doc(request)
        own = [doc.text, sorted(doc.tags), sorted(doc.targets)]
        keys.append(hashlib.sha256(json.dumps([pool, own]).encode()).hexdigest())
    return keys


def best_matches(requests: list[CooperationRequest]) -> list[tuple[float, int | None]]:
    """Each request's best score against the whole pool (experts filtered out for the moment
    included) and that expert's id. The requests' vectors come from the vector cache; those
    missing are embedded in one batch and stored, in a session of their own (the caller's
    transaction stays a reader's)."""
    matcher = get_matcher()
    docs = [_scored_doc(r) for r in requests]
    if matcher.embedder is None or not docs:
        return matcher.best_of(docs)
    texts = [matcher.embedded_text(doc) for doc in docs]
    return matcher.best_of(docs, _request_vectors(matcher.embedder, texts))


def _request_vectors(embedder: Embedder, texts: list[str]) -> np.ndarray:
    """One row per text (zeros for an empty one), from the vector cache or embedded at once."""
    hashes = [text_hash(t) if t else None for t in texts]
    wanted = {h for h in hashes if h}
    channels = [
        (model, cols, _cached_vectors(db.session, model, cols.stop - cols.start, wanted))
        for model, cols in _channels(embedder)
    ]
    known = {h: t for h, t in zip(hashes, texts, strict=True) if h}
    missing = {h: t for h, t in known.items() if any(h not in c for _m, _c, c in channels)}
    if missing:
        rows = []
        for digest, vector in zip(missing, embedder.encode(list(missing.values())), strict=True):
            for model, cols, cached in channels:
                part = np.ascontiguousarray(vector[cols], dtype=np.float32)
                cached[digest] = part
                row = {"model": model, "text_hash": digest, "dim": len(part)}
                rows.append({**row, "vector": part.tobytes()})
        with Session(db.engine) as writer:
            insert_missing(writer, EmbeddingVector, rows)
            writer.commit()
    vectors = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    for row, digest in enumerate(hashes):
        if digest:
            for _model, cols, cached in channels:
                vectors[row, cols] = cached[digest]
    return vectors


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
