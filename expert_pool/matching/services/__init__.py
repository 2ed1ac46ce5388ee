"""The glue between the database and the pure matching engine: the embedding model
(`embedders`), the vector cache (`vectors`), the documents built from the database
(`documents`), the process's matcher kept current from the change log (`pool`), best scores in
batches (`scores`) and matching put to work (`proposals`)."""

from .documents import (
    active_experts,
    build_expert_docs,
    get_target_titles,
    request_doc,
    scored_doc,
    tag_aliases,
)
from .embedders import channel_columns, embedder_key, embedder_problem, get_embedder, model_failure
from .pool import (
    Pool,
    document_matcher,
    forget_matchers,
    get_matcher,
    index_stale_experts,
    new_matcher,
    pool_version,
    prune_changes,
    rebuild_matcher,
    warm_matcher,
)
from .proposals import (
    BatchRow,
    invite_candidate,
    match_request,
    match_text,
    open_requests_needing_experts,
    propose_batch,
    suggest_team_for,
)
from .scores import best_matches, score_keys, scores_version
from .vectors import (
    attach_cached_vectors,
    cached_vectors,
    clear_stale,
    request_vectors,
    store_computed_vectors,
)

__all__ = [
    "BatchRow",
    "Pool",
    "active_experts",
    "attach_cached_vectors",
    "best_matches",
    "build_expert_docs",
    "cached_vectors",
    "channel_columns",
    "clear_stale",
    "document_matcher",
    "embedder_key",
    "embedder_problem",
    "forget_matchers",
    "get_embedder",
    "get_matcher",
    "get_target_titles",
    "index_stale_experts",
    "invite_candidate",
    "match_request",
    "match_text",
    "model_failure",
    "new_matcher",
    "open_requests_needing_experts",
    "pool_version",
    "propose_batch",
    "prune_changes",
    "rebuild_matcher",
    "request_doc",
    "request_vectors",
    "score_keys",
    "scored_doc",
    "scores_version",
    "store_computed_vectors",
    "suggest_team_for",
    "tag_aliases",
    "warm_matcher",
]
