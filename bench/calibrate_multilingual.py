"""Fit the multilingual channel's calibration (EmbeddingSettings.multilingual_center/scale).

A request the English model cannot read (Chinese, say) is compared in the multilingual space
alone, whose cosines run on another scale than the English model's: left unmapped, a Chinese
request scores 20-30 % against experts who fit it, and the coverage gaps flag it. This puts
the two on one scale with the pairs of the reviewer-gold dev split that exist in both
languages: each paper's English title and its Chinese title, against the same participants.
The English title's cosine (the Latin path) is the scale wanted; the Chinese title's cosine
(the multilingual path) is mapped onto it by matching their mean and spread.

    python bench/calibrate_multilingual.py --source /tmp/gold [--versions 3]

Prints the fitted center and scale, and the mean score of the rated pairs before and after.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from match_quality import GOLD, CachingEmbedder, load_version, read_ratings  # noqa: E402

from expert_pool.matching import (  # noqa: E402
    ChannelEmbedder,
    EmbeddingSettings,
    Matcher,
    MultilingualEmbedder,
    RequestDoc,
    load_embedder,
)


def paired_cosines(source, versions, ratings, embedder, settings, chinese, english_titles):
    """(English-title cosine, Chinese-title cosine) of every rated (paper, participant) pair."""
    pairs = []
    for version in versions:
        experts, _ = load_version(source, version, list(ratings))
        matcher = Matcher(experts, embedder=embedder, settings=settings, aliases={})
        column = {expert_id: i for i, expert_id in enumerate(matcher.expert_ids)}
        for paper, title_zh in chinese.items():
            raters = [p for p, rated in ratings.items() if paper in rated]
            if not raters or not english_titles.get(paper):
                continue
            english = matcher._score(RequestDoc(text=english_titles[paper])).cosine
            zh = matcher._score(RequestDoc(text=title_zh)).cosine
            pairs += [(english[column[p]], zh[column[p]]) for p in raters]
    return np.array(pairs, dtype=np.float64)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, required=True)
    parser.add_argument("--versions", type=int, default=3)
    parser.add_argument("--zh-titles", type=Path, default=GOLD / "titles_zh_dev.json")
    args = parser.parse_args()
    ratings = read_ratings("dev")
    chinese = {r["id"]: r["title_zh"] for r in json.loads(args.zh_titles.read_text())}
    folder = args.source / "evaluation_datasets" / "d_20_1"
    submissions = json.loads((folder / "submissions.json").read_text())
    titles = {k: submissions[k]["content"].get("title") or "" for k in chinese if k in submissions}
    english = CachingEmbedder(
        load_embedder(backend="onnx", cache_dir=Path.home() / ".cache/expert_pool", threads=2)
    )
    multilingual = CachingEmbedder(MultilingualEmbedder(threads=2))
    embedder = ChannelEmbedder(english, multilingual)
    current = EmbeddingSettings()
    # Unmapped: the multilingual cosine is read as if it were on the English scale.
    identity = EmbeddingSettings(
        multilingual_center=current.center, multilingual_scale=current.scale
    )
    versions = range(1, args.versions + 1)
    pairs = paired_cosines(args.source, versions, ratings, embedder, identity, chinese, titles)
    english.save()
    multilingual.save()
    en, zh = pairs[:, 0], pairs[:, 1]
    slope = en.std() / zh.std()
    offset = en.mean() - slope * zh.mean()
    center = (current.center - offset) / slope
    scale = current.scale / slope

    def score(cosine):
        return 1.0 / (1.0 + np.exp(-(cosine - current.center) / current.scale))

    def mapped(cosine, settings):
        ratio = settings.scale / settings.multilingual_scale
        return settings.center + (cosine - settings.multilingual_center) * ratio

    fitted = EmbeddingSettings(multilingual_center=center, multilingual_scale=scale)
    print(
        f"{len(pairs)} pairs; English title cosine {en.mean():.3f} ± {en.std():.3f}, "
        f"Chinese title cosine (multilingual) {zh.mean():.3f} ± {zh.std():.3f}"
    )
    print(f"fitted multilingual_center = {center:.3f}, multilingual_scale = {scale:.3f}")
    print(
        f"mean score: English title {score(en).mean():.3f}; Chinese title unmapped "
        f"{score(zh).mean():.3f}, mapped as fitted {score(mapped(zh, fitted)).mean():.3f}, "
        f"as the defaults map it now {score(mapped(zh, current)).mean():.3f}"
    )
    print(f"correlation of the two cosines over the pairs: {np.corrcoef(en, zh)[0, 1]:.3f}")


if __name__ == "__main__":
    main()
