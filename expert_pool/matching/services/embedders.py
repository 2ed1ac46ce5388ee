"""The process's embedding model: loaded once per configuration, and why matching runs without
one when it cannot."""

import logging
import threading
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from ..engine import Embedder, load_channels
from ..engine.embedding import DEFAULT_BACKEND, default_model_path

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_embedders: dict[tuple, Embedder | None] = {}
_embedder_errors: dict[tuple, str] = {}


def embedder_key() -> tuple:
    config = current_app.config
    model = config.get("EMBEDDING_MODEL") or str(default_model_path())
    cache = config.get("EMBEDDING_CACHE_DIR") or str(Path(current_app.instance_path) / "models")
    return (model, config.get("EMBEDDING_BACKEND") or DEFAULT_BACKEND, cache)


def get_embedder() -> Embedder | None:
    """The process's embedder for the configured model, loaded once; None when it cannot load."""
    key = embedder_key()
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
    return _embedder_errors.get(embedder_key())


def channel_columns(embedder: Embedder) -> list[tuple[str, slice]]:
    """Each channel's model id and its columns in the embedder's rows (each cached apart)."""
    channels = getattr(embedder, "channels", None) or [embedder]
    columns, start = [], 0
    for channel in channels:
        columns.append((channel.name, slice(start, start + channel.dim)))
        start += channel.dim
    return columns
