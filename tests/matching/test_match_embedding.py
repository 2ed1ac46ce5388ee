"""The two embedding backends give the same vectors; BLAS threads can be limited."""

import numpy as np
from threadpoolctl import threadpool_info

from expert_pool.matching import limit_blas_threads, load_embedder

TEXTS = [
    "Wetland restoration in the Mekong delta",
    "湿地修复",
    "Eradication of invasive rats on oceanic islands. " * 40,
    "",
]


def test_onnx_and_torch_backends_agree(embedder):
    torch_embedder = load_embedder(backend="torch")
    onnx_vectors = embedder.encode(TEXTS)
    torch_vectors = torch_embedder.encode(TEXTS)
    assert onnx_vectors.dtype == torch_vectors.dtype == np.float32
    assert onnx_vectors.shape == torch_vectors.shape == (len(TEXTS), 384)
    np.testing.assert_allclose(np.linalg.norm(onnx_vectors, axis=1), 1.0, rtol=1e-5)
    assert (onnx_vectors * torch_vectors).sum(axis=1).min() >= 0.9999
    assert embedder.name == torch_embedder.name
    assert embedder.name.startswith("all-MiniLM-L6-v2@")


def test_batching_does_not_change_a_vector(embedder):
    alone = embedder.encode(TEXTS[:1])
    together = embedder.encode(TEXTS)
    assert float(alone[0] @ together[0]) >= 0.99999


def test_limit_blas_threads():
    limiter = limit_blas_threads(1)
    try:
        assert all(pool["num_threads"] == 1 for pool in threadpool_info())
    finally:
        limiter.restore_original_limits()
