"""What a request's best score depends on, and the best scores of many requests in one batch
(the coverage gaps)."""

import hashlib
import json
import logging

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ...extensions import db
from ...helpdesk.models import CooperationRequest
from ..models import MatcherChange
from .documents import scored_doc
from .embedders import embedder_key
from .pool import get_matcher
from .vectors import request_vectors

logger = logging.getLogger(__name__)


def scores_version(session: Session | None = None) -> int:
    """What every score against the pool depends on, as one growing number: the change log's
    last profile or taxonomy row (an assignment moves a load, which filters, never a score),
    or, once the log is pruned past it, the row before the log's first."""
    newest, oldest = (
        (session or db.session)
        .execute(
            select(
                func.max(case((MatcherChange.kind != "load", MatcherChange.id))),
                func.min(MatcherChange.id),
            )
        )
        .one()
    )
    return max(newest or 0, (oldest or 1) - 1)


def score_keys(requests: list[CooperationRequest]) -> list[str]:
    """For each request, a digest of everything its best score depends on: its text, tags and
    targets, the pool's `scores_version`, the model and the weights. Equal digests, equal
    scores: what a cache of scores is keyed on."""
    version = scores_version()
    matcher = get_matcher()
    pool = [version, *embedder_key(), matcher.embedder is None, sorted(matcher.weights.items())]
    pool.append(repr(matcher.settings))
    keys = []
    for request in requests:
        doc = scored_doc(request)
        own = [doc.text, sorted(doc.tags), sorted(doc.targets)]
        keys.append(hashlib.sha256(json.dumps([pool, own]).encode()).hexdigest())
    return keys


def best_matches(requests: list[CooperationRequest]) -> list[tuple[float, int | None]]:
    """Each request's best score against the whole pool (experts filtered out for the moment
    included) and that expert's id. The requests' vectors come from the vector cache; those
    missing are embedded in one batch and stored, in a session of their own (the caller's
    transaction stays a reader's)."""
    matcher = get_matcher()
    docs = [scored_doc(r) for r in requests]
    if matcher.embedder is None or not docs:
        return matcher.best_of(docs)
    texts = [matcher.embedded_text(doc) for doc in docs]
    return matcher.best_of(docs, request_vectors(matcher.embedder, texts))
