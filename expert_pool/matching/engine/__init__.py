"""The pure matching engine: documents, embeddings, fuzzy tags, ranking and assignment."""

from .assignment import Proposal, assign_batch, suggest_team
from .channels import ChannelEmbedder, MultilingualEmbedder, load_channels
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
from .language import is_readable, text_script
from .ranker import MAX_K, EmbeddingSettings, Matcher
from .reasons import Reason

__all__ = [
    "DEFAULT_BACKEND",
    "MAX_K",
    "ChannelEmbedder",
    "Embedder",
    "EmbeddingSettings",
    "ExpertDoc",
    "Match",
    "Matcher",
    "MultilingualEmbedder",
    "OnnxEmbedder",
    "Proposal",
    "Reason",
    "RequestDoc",
    "SentenceTransformerEmbedder",
    "assign_batch",
    "default_model_path",
    "expert_texts",
    "is_readable",
    "limit_blas_threads",
    "load_channels",
    "load_embedder",
    "model_id",
    "normalise_institution",
    "profile_text",
    "publication_text",
    "request_text",
    "suggest_team",
    "text_hash",
    "text_script",
]
