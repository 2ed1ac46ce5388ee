"""Matching quality on the reviewer-expertise gold standard (see bench/README.md).

Each participant becomes an ExpertDoc whose publications are their profile papers; each paper
they rated becomes a RequestDoc (title and abstract, no tags); the prediction is Match.score.
Loss as in the paper (weighted pairwise disagreement, 0 perfect, 0.5 constant), pooled over
the participants of the split, averaged over the dataset versions.

    python bench/match_quality.py --source /tmp/gold [--versions 10] [--grid]
    python bench/match_quality.py --source /tmp/gold --zh-titles FILE

--zh-titles FILE ([{id, title_zh}], the benchmark's titles_zh_dev.json) scores the papers in
that file twice, by their English title alone and by their Chinese title alone.

--source is a folder holding evaluation_datasets/d_20_<x>/ from the upstream repository
(niharshah/goldstandard-reviewer-paper-match at the commit named in the benchmark's README).
The paper texts are read from there and never copied into this project.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from itertools import combinations
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from expert_pool.matching import (  # noqa: E402
    ChannelEmbedder,
    Embedder,
    EmbeddingSettings,
    ExpertDoc,
    Matcher,
    MultilingualEmbedder,
    RequestDoc,
    load_embedder,
)
from expert_pool.matching.engine.documents import publication_text  # noqa: E402

GOLD = Path("/work/shared/benchmarks/reviewer-gold")
PUBLISHED = [
    ("ELMo", 0.34),
    ("ACL reviewer matching", 0.30),
    ("TPMS", 0.28),
    ("SPECTER", 0.27),
    ("SPECTER + MFR", 0.24),
    ("SPECTER2 (OpenReview)", 0.22),
    ("SciNCL (OpenReview)", 0.22),
    ("SPECTER2 + SciNCL (OpenReview)", 0.21),
]


RESULTS = ROOT / "bench" / "results"


class CachingEmbedder(Embedder):
    """Embeds each distinct text once (the versions share most papers), kept between runs in
    bench/results/ (git-ignored), per model id."""

    def __init__(self, inner: Embedder):
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.file = RESULTS / f"vectors-{inner.name.replace('/', '_')}.npz"
        self.cache: dict[str, np.ndarray] = {}
        if self.file.is_file():
            stored = np.load(self.file, allow_pickle=False)
            self.cache = dict(zip(stored["texts"].tolist(), stored["vectors"], strict=True))
        self.new = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed the texts not seen before, in one batch; return all rows."""
        missing = list(dict.fromkeys(t for t in texts if t not in self.cache))
        if missing:
            self.new += len(missing)
            for text, row in zip(missing, self.inner.encode(missing), strict=True):
                self.cache[text] = row
        return np.array([self.cache[t] for t in texts], dtype=np.float32).reshape(-1, self.dim)

    def save(self) -> None:
        """Write the cache when it grew."""
        if self.new:
            RESULTS.mkdir(parents=True, exist_ok=True)
            texts = list(self.cache)
            vectors = np.array([self.cache[t] for t in texts], dtype=np.float32)
            np.savez(self.file, texts=np.array(texts), vectors=vectors)


def read_ratings(split: str) -> dict[str, dict[str, float]]:
    """Participant -> {paper id: expertise}, for the participants of the split."""
    dev = set((GOLD / "dev_participants.txt").read_text().split())
    ratings: dict[str, dict[str, float]] = {}
    with open(GOLD / "evaluations.csv", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            participant = row["ParticipantID"]
            if (participant in dev) != (split == "dev"):
                continue
            ratings[participant] = {
                row[f"Paper{i}"]: float(row[f"Expertise{i}"])
                for i in range(1, 11)
                if row.get(f"Paper{i}")
            }
    return ratings


def loss(predictions: dict, ratings: dict) -> float:
    """The paper's main metric: lost weight over total weight, pooled over participants."""
    lost = total = 0.0
    for participant, papers in ratings.items():
        for p1, p2 in combinations(papers, 2):
            true = papers[p1] - papers[p2]
            predicted = predictions[participant][p1] - predictions[participant][p2]
            total += abs(true)
            if predicted * true == 0:
                lost += abs(true) / 2
            elif predicted * true < 0:
                lost += abs(true)
    return lost / total


def load_version(source: Path, version: int, participants) -> tuple[list, dict]:
    """The ExpertDocs of the participants and the rated papers' texts, for one version."""
    folder = source / "evaluation_datasets" / f"d_20_{version}"
    submissions = json.loads((folder / "submissions.json").read_text())
    experts = []
    for participant in participants:
        lines = (folder / "archives" / f"~{participant}.jsonl").read_text().splitlines()
        papers = [json.loads(line)["content"] for line in lines if line.strip()]
        publications = [
            {"title": p.get("title") or "", "abstract": p.get("abstract") or ""} for p in papers
        ]
        experts.append(ExpertDoc(id=participant, name=participant, publications=publications))
    papers = {
        paper_id: publication_text(entry["content"]) for paper_id, entry in submissions.items()
    }
    return experts, papers


def with_title_profiles(experts: list[ExpertDoc]) -> list[ExpertDoc]:
    """A variant where each expert's bio is the list of their paper titles (a profile proxy)."""
    return [
        replace(e, bio="; ".join(p["title"] for p in e.publications if p["title"])) for e in experts
    ]


def evaluate(source, versions, ratings, embedder, variants, texts=None) -> dict[str, list[float]]:
    """The loss of each variant on each version (`texts`: paper id -> the request's text)."""
    results: dict[str, list[float]] = {name: [] for name in variants}
    for version in versions:
        experts, papers = load_version(source, version, list(ratings))
        papers = texts or papers
        rated = sorted({p for r in ratings.values() for p in r})
        for name, (settings, profiles, channel) in variants.items():
            pool = with_title_profiles(experts) if profiles else experts
            matcher = Matcher(pool, embedder=embedder[channel], settings=settings, aliases={})
            column = {expert_id: i for i, expert_id in enumerate(matcher.expert_ids)}
            predictions: dict[str, dict[str, float]] = {p: {} for p in ratings}
            for paper in rated:
                scores, _ = matcher.scores(RequestDoc(text=papers[paper]))
                for participant, papers_rated in ratings.items():
                    if paper in papers_rated:
                        predictions[participant][paper] = float(scores[column[participant]])
            results[name].append(loss(predictions, ratings))
    return results


def variants_for(grid: bool) -> dict[str, tuple[EmbeddingSettings, bool, str]]:
    """The default settings (both channels), the English model alone (the default before the
    multilingual channel), the reference (max), and with --grid the alternatives tried."""
    default = EmbeddingSettings()
    variants = {
        "default": (default, False, "channels"),
        "default, titles as profile": (default, True, "channels"),
        "all-MiniLM-L6-v2 alone": (default, False, "english"),
        "all-MiniLM-L6-v2 alone, titles as profile": (default, True, "english"),
        "reference: max cosine over papers": (
            EmbeddingSettings(pooling="max", profile_weight=0.0),
            False,
            "english",
        ),
    }
    for weight in (0.0, 0.5, 0.7, 0.85) if grid else ():
        settings = replace(default, english_weight=weight)
        variants[f"channels, english_weight={weight}"] = (settings, False, "channels")
        variants[f"channels, english_weight={weight}, titles as profile"] = (
            settings,
            True,
            "channels",
        )
    if grid:
        for pooling, extra in [
            ("mean", {}),
            ("topk", {"top_k": 2}),
            ("topk", {"top_k": 3}),
            ("topk", {"top_k": 4}),
            ("topk", {"top_k": 5}),
            ("topk", {"top_k": 7}),
            ("softmax", {"temperature": 0.02}),
            ("softmax", {"temperature": 0.05}),
            ("softmax", {"temperature": 0.1}),
            ("softmax", {"temperature": 0.2}),
            ("softmax", {"temperature": 0.3}),
            ("softmax", {"temperature": 0.5}),
        ]:
            label = f"{pooling} " + " ".join(f"{k}={v}" for k, v in extra.items())
            settings = EmbeddingSettings(pooling=pooling, profile_weight=0.0, **extra)
            variants[label.strip()] = (settings, False, "english")
        for pooling in ("max", "topk"):
            for weight in (0.0, 0.2, 0.3, 0.5):
                label = f"titles as profile, {pooling}, profile_weight={weight}"
                settings = replace(default, pooling=pooling, profile_weight=weight)
                variants[label] = (settings, True, "english")
    return variants


def evaluate_zh_titles(source, versions, ratings, embedders, file) -> dict[str, list[float]]:
    """English title alone against Chinese title alone, on the papers of `file` only."""
    chinese = {row["id"]: row["title_zh"] for row in json.loads(Path(file).read_text())}
    kept = {p: {k: v for k, v in r.items() if k in chinese} for p, r in ratings.items()}
    kept = {p: r for p, r in kept.items() if len(r) > 1}
    folder = source / "evaluation_datasets" / "d_20_1"
    submissions = json.loads((folder / "submissions.json").read_text())
    titles = {k: submissions[k]["content"].get("title") or "" for k in chinese}
    results: dict[str, list[float]] = {}
    for channel, label in (("english", "all-MiniLM-L6-v2 alone"), ("channels", "default")):
        variants = {label: (EmbeddingSettings(), False, channel)}
        for language, texts in (("English", titles), ("Chinese", chinese)):
            found = evaluate(source, versions, kept, embedders, variants, texts)
            results[f"{label}, {language} title"] = found[label]
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, required=True)
    parser.add_argument("--versions", type=int, default=10, help="how many of the 10 versions")
    parser.add_argument("--backend", default="onnx")
    parser.add_argument("--grid", action="store_true", help="also the alternatives tried")
    parser.add_argument(
        "--split",
        choices=["dev", "held-out"],
        default="dev",
        help="held-out is for the independent check only: never tune on it",
    )
    parser.add_argument("--zh-titles", type=Path, help="[{id, title_zh}]: the Chinese mode")
    args = parser.parse_args()
    ratings = read_ratings(args.split)
    english = CachingEmbedder(
        load_embedder(backend=args.backend, cache_dir=Path.home() / ".cache/expert_pool", threads=2)
    )
    multilingual = CachingEmbedder(MultilingualEmbedder(threads=2))
    embedders = {"english": english, "channels": ChannelEmbedder(english, multilingual)}
    start = time.perf_counter()
    versions = range(1, args.versions + 1)
    if args.zh_titles:
        results = evaluate_zh_titles(args.source, versions, ratings, embedders, args.zh_titles)
    else:
        results = evaluate(args.source, versions, ratings, embedders, variants_for(args.grid))
    english.save()
    multilingual.save()
    print(
        f"# {args.split} split: {len(ratings)} participants, versions 1-{args.versions}, "
        f"{english.new + multilingual.new} texts embedded, {time.perf_counter() - start:.0f} s"
    )
    print("| scorer | loss (mean over versions) | min-max |")
    print("| --- | ---: | ---: |")
    for name, losses in results.items():
        print(f"| {name} | {np.mean(losses):.4f} | {min(losses):.3f}-{max(losses):.3f} |")
    for name, published in PUBLISHED:
        print(f"| {name} (published, all 58) | {published:.2f} | |")


if __name__ == "__main__":
    main()
