"""What the actor components cost, as a share of the statistical parse, measured document by document.

``speed.py`` compares whole runs (the bare pipeline, then ``analyze``); on a machine shared with other jobs
the load changes between runs and the ratio with it. Here each document is parsed by the statistical
components and then given to ``bc_actors`` and ``bc_actor_linker``, timing each step right after the
other, so a change of load touches the parse and the actors alike and their ratio holds. Reported: the
summed seconds of each step over the best of ``--rounds`` rounds (fewest total seconds) and each actor
component's cost as a share of the parse.

Texts: the bundled example articles as in ``speed.py`` (paragraph groups), repeated to ``--words`` words.
Usage: python benchmarks/actors_cost.py [--words N] [--rounds N]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_common  # first: it sets one thread before spaCy loads numpy

# isort: split
import backchannel

STEPS = ("parse", "bc_actors", "bc_actor_linker")


def texts(words: int) -> list[str]:
    """The example articles in groups of six paragraphs, repeated to about ``words`` words."""
    paragraphs = [p for f in sorted((bench_common.ROOT / "examples/articles").glob("*.txt"))
                  for p in f.read_text("utf-8").split("\n\n") if p.strip()]
    articles = ["\n\n".join(paragraphs[i:i + 6]) for i in range(0, len(paragraphs), 6)]
    per_round = sum(len(a.split()) for a in articles)
    return articles * max(1, round(words / per_round))


def one_round(nlp: object, items: list[str]) -> dict[str, float]:
    """Seconds of each step, summed over ``items``."""
    pipeline = dict(nlp.pipeline)  # type: ignore[attr-defined]
    statistical = [proc for name, proc in nlp.pipeline if not name.startswith("bc_") or name == "bc_paragraphs"]  # type: ignore[attr-defined]
    totals = dict.fromkeys(STEPS, 0.0)
    for text in items:
        t0 = time.perf_counter()
        doc = nlp.make_doc(text)  # type: ignore[attr-defined]
        for proc in statistical:
            doc = proc(doc)
        t1 = time.perf_counter()
        doc = pipeline["bc_actors"](doc)
        t2 = time.perf_counter()
        doc = pipeline["bc_actor_linker"](doc)
        t3 = time.perf_counter()
        totals["parse"] += t1 - t0
        totals["bc_actors"] += t2 - t1
        totals["bc_actor_linker"] += t3 - t2
    return totals


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=30_000)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    t0 = time.perf_counter()
    nlp = backchannel.load_pipeline()
    bench_common.print_machine(nlp, t0)
    items = texts(args.words)
    one_round(nlp, items[:4])  # warm the caches (vocabularies, knowledge base)
    rounds = [one_round(nlp, items) for _ in range(args.rounds)]
    best = min(rounds, key=lambda r: sum(r.values()))
    n_words = sum(len(t.split()) for t in items)
    print(f"data: {len(items)} texts, {n_words:,} words; best of {args.rounds} rounds\n")
    print("| step | seconds | share of the parse |")
    print("|---|---:|---:|")
    for step in STEPS:
        print(f"| {step} | {best[step]:.2f} | {best[step] / best['parse']:.3f} |")
    print("\nall rounds (actors share, linker share): " + ", ".join(
        f"{r['bc_actors'] / r['parse']:.3f}/{r['bc_actor_linker'] / r['parse']:.3f}" for r in rounds))


if __name__ == "__main__":
    main()
