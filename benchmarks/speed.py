"""Speed and memory of ``analyze`` against the bare statistical parse, measured in one run.

Prints a table: words/s of the statistical pipeline alone (``load_pipeline(extractors=False)``),
words/s of ``backchannel.analyze`` (all extractors plus building the readouts), their ratio (the
target is ≥ 0.9), and the resident memory before and after a long batch (it should stay flat).

Texts: the bundled example articles, repeated to reach ``--words`` words (default 200,000).
Usage: python benchmarks/speed.py [--words N] [--rounds N] [--model PATH]

Where the difference goes, stage by stage: ``benchmarks/speed_stages.py``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # this folder: bench_common
import bench_common  # first: it sets one thread before spaCy loads numpy

# isort: split
import backchannel


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=200_000)
    ap.add_argument("--model", default=None)
    ap.add_argument("--rounds", type=int, default=3, help="alternating timing rounds; the best of each is kept")
    args = ap.parse_args()
    groups, reps, texts = bench_common.example_texts(args.words)
    n_words = sum(len(t.split()) for t in texts)
    bare = backchannel.load_pipeline(extractors=False, model=args.model)
    full = backchannel.load_pipeline(extractors=True, model=args.model)
    list(bare.pipe(texts[:20]))
    list(backchannel.analyze(texts[:20], full))
    rss = [bench_common.rss_mb()]
    best_bare, best_full = bench_common.best_alternating(
        args.rounds, lambda: bench_common.drain(bare.pipe(texts, batch_size=32)),
        lambda: bench_common.drain(backchannel.analyze(texts, full, batch_size=32)),
        after_round=lambda: rss.append(bench_common.rss_mb()))
    print(f"machine: {bench_common.machine_line(bare)}")
    print(f"data: {groups} bundled example articles (paragraph groups) repeated {reps}×: "
          f"{len(texts):,} texts, {n_words:,} words; best of {args.rounds} alternating rounds\n")
    print("| run | words/s | ratio to bare parse |")
    print("|---|---:|---:|")
    print(f"| statistical pipeline alone | {n_words / best_bare:,.0f} | 1.00 |")
    print(f"| analyze (extractors + readouts) | {n_words / best_full:,.0f} | {best_bare / best_full:.2f} |")
    print(f"\nresident memory after each round (MB): {', '.join(f'{m:.0f}' for m in rss)}")


if __name__ == "__main__":
    main()
