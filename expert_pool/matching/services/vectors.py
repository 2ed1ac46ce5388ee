"""The vector cache: embeddings kept in `embedding_vectors` by (model, text hash), attached to
the engine's documents, stored once computed."""

import logging

import numpy as np
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ...database import insert_missing
from ...experts.models import Expert
from ...extensions import db
from ..engine import Embedder, ExpertDoc, Matcher, expert_texts, text_hash
from ..models import EmbeddingVector
from .embedders import channel_columns, get_embedder

logger = logging.getLogger(__name__)


def cached_vectors(
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
        (cached_vectors(session, model, cols.stop - cols.start, hashes), cols)
        for model, cols in channel_columns(embedder)
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
    for model, cols in channel_columns(matcher.embedder):
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


def request_vectors(embedder: Embedder, texts: list[str]) -> np.ndarray:
    """One row per text (zeros for an empty one), from the vector cache or embedded at once."""
    hashes = [text_hash(t) if t else None for t in texts]
    wanted = {h for h in hashes if h}
    channels = [
        (model, cols, cached_vectors(db.session, model, cols.stop - cols.start, wanted))
        for model, cols in channel_columns(embedder)
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


def clear_stale(matcher: Matcher) -> None:
    # A bulk update: the vectors are what every process computed already, so no change row,
    # and updated_at stays the profile's.
    if matcher.embedder is not None and matcher.expert_ids:
        db.session.execute(
            update(Expert)
            .where(Expert.id.in_(matcher.expert_ids), Expert.embedding_stale.is_(True))
            .values(embedding_stale=False, updated_at=Expert.updated_at)
        )
