"""The pure matching engine: documents, embeddings, fuzzy tags, ranking and assignment."""

from .assignment import Proposal, assign_batch, suggest_team
from .documents import (
    ExpertDoc,
    Match,
    RequestDoc,
    expert_texts,
    normalise_institution,
    profile_text,
    publication_text,
    request_text,
    text_hash,
)
from .embedding import (
    DEFAULT_BACKEND,
    Embedder,
    OnnxEmbedder,
    SentenceTransformerEmbedder,
    default_model_path,
    limit_blas_threads,
    load_embedder,
    model_id,
)
from .ranker import EmbeddingSettings, Matcher
from .reasons import Reason

__all__ = [
    "DEFAULT_BACKEND",
    "Embedder",
    "EmbeddingSettings",
    "ExpertDoc",
    "Match",
    "Matcher",
    "OnnxEmbedder",
    "Proposal",
    "Reason",
    "RequestDoc",
    "SentenceTransformerEmbedder",
    "assign_batch",
    "default_model_path",
    "expert_texts",
    "limit_blas_threads",
    "load_embedder",
    "model_id",
    "normalise_institution",
    "profile_text",
    "publication_text",
    "request_text",
    "suggest_team",
    "text_hash",
]
