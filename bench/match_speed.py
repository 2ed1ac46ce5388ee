"""Speed of Matcher.rank on pools of 160 to 100,000 experts, next to the floor of the same run.

The floor is what any embedding + tag matcher must do per request: embed the request (with both
channels of the default embedder, English and multilingual), one matrix-vector product over all
the pool's vectors, a top-k (argpartition), and one rapidfuzz cdist of the request's tags against
the pool's distinct tags. Also: the time and memory to
build the index for 160 experts, and the two embedding backends (load, encode, memory).

    python bench/match_speed.py [--sizes 160 1000 10000 100000] [--backends]
"""

from __future__ import annotations

import argparse
import functools
import gc
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from expert_pool.matching import (  # noqa: E402
    ExpertDoc,
    Matcher,
    RequestDoc,
    limit_blas_threads,
    load_embedder,
)
from expert_pool.matching.engine.channels import load_channels  # noqa: E402
from expert_pool.matching.engine.documents import request_text  # noqa: E402

TOPICS = [
    ("wetland restoration", "Restoring hydrology and vegetation of degraded wetlands"),
    ("invasive alien species", "Early detection and eradication of invasive species on islands"),
    ("marine protected areas", "Design and management effectiveness of marine protected areas"),
    ("agricultural biodiversity", "Crop wild relatives and community seed banks"),
    ("biodiversity finance", "Biodiversity finance plans and payments for ecosystem services"),
    ("spatial planning", "Spatial planning to retain intact ecosystems and connectivity"),
    ("protected area management", "Governance and equity of protected and conserved areas"),
    ("species recovery", "Recovery plans for threatened species and ex situ conservation"),
    ("pollution reduction", "Reducing nutrient loss and pesticide risk to biodiversity"),
    ("traditional knowledge", "Customary sustainable use and traditional knowledge"),
    ("access and benefit-sharing", "Access to genetic resources and benefit-sharing"),
    ("biosafety", "Risk assessment of living modified organisms"),
    ("mangroves", "Mangrove restoration and blue carbon in coastal zones"),
    ("coral reefs", "Coral reef monitoring and reef fisheries management"),
    ("forest restoration", "Assisted natural regeneration of tropical forests"),
    ("national reporting", "Indicators for national reports under the KMGBF monitoring framework"),
]
LANGUAGES = ["en", "zh", "fr", "es", "ru", "ar", "km", "ne", "ur"]
REQUESTS = [
    RequestDoc(
        text="Cambodia asks for help to restore a drained floodplain wetland and its fisheries.",
        tags=["wetland restoration", "fisheries"],
        languages=["en"],
        targets=[2],
    ),
    RequestDoc(
        text="Nepal needs a plan to control invasive plants spreading in community forests.",
        tags=["invasive speceis", "forest management"],
        languages=["en", "ne"],
        targets=[6],
    ),
    RequestDoc(
        text="如何设计海洋保护区网络以保护珊瑚礁",
        tags=["海洋保护区"],
        languages=["zh"],
        targets=[3],
    ),
]


def seed_experts(count: int = 160) -> list[ExpertDoc]:
    """The seed experts when the seed files exist, else generated profiles."""
    files = sorted((ROOT / "seeds" / "experts").glob("*.json"))
    experts: list[ExpertDoc] = []
    for file in files:
        data = json.loads(file.read_text())
        for item in data if isinstance(data, list) else [data]:
            experts.append(
                ExpertDoc(
                    id=item.get("id") or item.get("email") or len(experts),
                    name=item.get("name", ""),
                    tags=list(item.get("tags", [])),
                    bio=item.get("bio", ""),
                    publications=list(item.get("publications", [])),
                    targets=list(item.get("targets", [])),
                    languages=list(item.get("languages", ["en"])),
                    country=item.get("country"),
                    institution=item.get("institution") or item.get("affiliation"),
                    available=item.get("availability", "available") != "unavailable",
                    max_load=item.get("max_load") or item.get("max_assignments"),
                )
            )
    if len(experts) >= count:
        return experts[:count]
    rng = np.random.default_rng(42)
    for i in range(len(experts), count):
        picks = rng.choice(len(TOPICS), size=3, replace=False)
        tags = [TOPICS[p][0] for p in picks]
        experts.append(
            ExpertDoc(
                id=i,
                name=f"Expert {i}",
                tags=tags,
                bio=f"Expert {i} works on {', '.join(tags)}. " + TOPICS[picks[0]][1] + ".",
                publications=[
                    {"title": TOPICS[p][1], "abstract": f"Case study {i} on {TOPICS[p][0]}."}
                    for p in picks[:2]
                ],
                targets=[int(t) for t in rng.choice(23, size=2, replace=False) + 1],
                languages=["en", *rng.choice(LANGUAGES[1:], size=1)],
                load=int(rng.integers(0, 3)),
                max_load=3,
            )
        )
    return experts


def synthetic(seeds: list[ExpertDoc], vectors: dict, size: int, dim: int) -> list[ExpertDoc]:
    """`size` experts: the seeds with their real vectors, then copies with random vectors."""
    rng = np.random.default_rng(size)
    out = [ExpertDoc(**{**s.__dict__, "vectors": vectors[s.id]}) for s in seeds[:size]]
    for i in range(len(out), size):
        seed = seeds[i % len(seeds)]
        rows = rng.standard_normal((1 + len(seed.publications), dim)).astype(np.float32)
        rows /= np.linalg.norm(rows, axis=1, keepdims=True)
        fields = {**seed.__dict__, "id": f"s{i}", "vectors": rows}
        out.append(ExpertDoc(**fields))
    return out


def timed(function, repeat: int) -> float:
    """The median wall time of `function()` in milliseconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def floor_for(matcher: Matcher, embedder, request: RequestDoc, k: int = 10):
    """The floor: request embedding, one product over all vectors, top-k, one tag cdist.

    It embeds the same text as the matcher (the request's text, tags and targets).
    """
    text = request_text(request)
    stacked = np.vstack([matcher.profiles, matcher.publications])
    tags = sorted({t for doc in matcher.docs for t in doc.tags})

    def run():
        query = embedder.encode([text])[0]
        scores = stacked @ query
        top = np.argpartition(-scores, k)[:k]
        process.cdist(request.tags, tags, scorer=fuzz.token_sort_ratio)
        return top

    return run


def rss_mb() -> float:
    """Current resident memory of this process, MiB."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 2**20


def bench_backend(backend: str, cache_dir: str) -> dict:
    """Load time, encode time and memory of one backend (run in a fresh process)."""
    before = rss_mb()
    start = time.perf_counter()
    embedder = load_embedder(backend=backend, cache_dir=cache_dir)
    load = time.perf_counter() - start
    text = REQUESTS[0].text + " Topics: wetland restoration, fisheries."
    embedder.encode([text])
    per_request = timed(lambda: embedder.encode([text]), 30)
    batch = [f"{t[1]}. Case study {i}." for i, t in enumerate(TOPICS * 4)]
    per_64 = timed(lambda: embedder.encode(batch), 3)
    return {
        "backend": backend,
        "load_s": round(load, 2),
        "encode_one_ms": round(per_request, 1),
        "encode_64_ms": round(per_64, 1),
        "rss_mb": round(rss_mb() - before, 0),
    }


def backends() -> None:
    """Compare the backends, each in its own process (cold and warm ONNX export cache)."""
    cache = Path(os.environ.get("TMPDIR", "/tmp")) / f"expert_pool_onnx_{os.getpid()}"
    for backend, label in (
        ("onnx", "onnx, first use (export)"),
        ("onnx", "onnx"),
        ("torch", "torch"),
    ):
        code = (
            f"import json, sys; sys.path.insert(0, {str(ROOT)!r});"
            "from bench.match_speed import bench_backend;"
            f"print(json.dumps(bench_backend({backend!r}, {str(cache)!r})))"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        row = json.loads(result.stdout.strip().splitlines()[-1])
        print(
            f"| {label} | {row['load_s']} s | {row['encode_one_ms']} ms | "
            f"{row['encode_64_ms']} ms | {row['rss_mb']:.0f} MiB |"
        )
    shutil.rmtree(cache, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[160, 1000, 10000, 100000])
    parser.add_argument("--backend", default="onnx")
    parser.add_argument("--backends", action="store_true", help="compare the two backends")
    parser.add_argument(
        "--blas-threads", type=int, default=1, help="as limit_blas_threads in the web process"
    )
    args = parser.parse_args()
    limiter = limit_blas_threads(args.blas_threads) if args.blas_threads else None
    print(
        f"# {time.strftime('%Y-%m-%d')} {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"BLAS threads: {args.blas_threads or 'unlimited'}"
    )
    if args.backends:
        print("| backend | load | encode 1 request | encode 64 texts | memory (RSS) |")
        print("| --- | --- | --- | --- | --- |")
        backends()
    # The default embedder, as Matcher(experts) and the app use it: both channels.
    embedder = load_channels(backend=args.backend, cache_dir=Path.home() / ".cache/expert_pool")
    seeds = seed_experts()
    gc.collect()
    before = rss_mb()
    start = time.perf_counter()
    matcher = Matcher(seeds, embedder=embedder)
    build = time.perf_counter() - start
    index_mb = (matcher.profiles.nbytes + matcher.publications.nbytes) / 2**20
    print(
        f"index of {len(seeds)} experts: built in {build:.2f} s, vectors {index_mb:.2f} MiB, "
        f"RSS growth {rss_mb() - before:.0f} MiB"
    )
    vectors = matcher.computed_vectors()
    print("| pool | build (cached vectors) | rank k=10 | floor | ratio |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for size in args.sizes:
        experts = synthetic(seeds, vectors, size, embedder.dim)
        start = time.perf_counter()
        pool = Matcher(experts, embedder=embedder)
        build = time.perf_counter() - start
        del experts
        repeat = 30 if size <= 10000 else 10
        ranks, floors = [], []
        for request in REQUESTS:
            pool.rank(request, k=10)
            ranks.append(timed(functools.partial(pool.rank, request, k=10), repeat))
            floors.append(timed(floor_for(pool, embedder, request), repeat))
        rank, floor = statistics.mean(ranks), statistics.mean(floors)
        print(f"| {size:,} | {build:.2f} s | {rank:.1f} ms | {floor:.1f} ms | {rank / floor:.2f} |")
        del pool
        gc.collect()
    if limiter is not None:
        limiter.restore_original_limits()


if __name__ == "__main__":
    main()
