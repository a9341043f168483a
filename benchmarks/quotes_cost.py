"""What the quotes layer costs: ``find_quotes`` time as a share of the bare statistical parse, one run.

``speed.py`` compares the whole ``analyze`` with the bare parse; on a shared, busy machine its ratio
moves by several points between runs, more than the quotes layer costs. This script isolates the
layer: the bundled example articles are parsed once by the full pipeline (so ``doc._.actors`` is set),
then, in alternating rounds, the bare statistical pipeline parses the same texts and ``find_quotes``
runs again on every parsed document. The best round of each is kept; the share is
``find_quotes`` seconds / bare-parse seconds (the issue's bar: within about 3 %).

Usage: python benchmarks/quotes_cost.py [--copies N] [--rounds N] [--model PATH]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # this folder: bench_common
import bench_common  # first: it sets one thread before spaCy loads numpy

# isort: split
import backchannel
from backchannel.quotes import find_quotes, load_lexicon


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=3, help="how many times the example articles are repeated")
    ap.add_argument("--rounds", type=int, default=5, help="alternating timing rounds; the best of each is kept")
    ap.add_argument("--model", default=None)
    args = ap.parse_args()
    paragraphs = [p for f in sorted((bench_common.ROOT / "examples/articles").glob("*.txt"))
                  for p in f.read_text("utf-8").split("\n\n") if p.strip()]
    articles = ["\n\n".join(paragraphs[i:i + 6]) for i in range(0, len(paragraphs), 6)]
    texts = [f"{t}\n\n(Copy {r}.)" for r in range(args.copies) for t in articles]
    n_words = sum(len(t.split()) for t in texts)
    bare = backchannel.load_pipeline(extractors=False, model=args.model)
    full = backchannel.load_pipeline(extractors=True, model=args.model)
    docs = list(full.pipe(texts, batch_size=32))
    lexicon = load_lexicon()
    list(bare.pipe(texts[:10]))
    quotes = sum(len(find_quotes(doc, lexicon)[0]) for doc in docs)
    best_bare, best_quotes = bench_common.best_alternating(
        args.rounds, lambda: bench_common.drain(bare.pipe(texts, batch_size=32)),
        lambda: [find_quotes(doc, lexicon) for doc in docs])
    print(f"machine: {bench_common.machine_line(bare)}")
    print(f"data: {len(articles)} bundled example articles (paragraph groups) repeated {args.copies}×: "
          f"{len(texts):,} texts, {n_words:,} words, {quotes:,} quotes; best of {args.rounds} alternating rounds\n")
    print("| run | seconds | share of the bare parse |")
    print("|---|---:|---:|")
    print(f"| statistical pipeline alone | {best_bare:.3f} | 100 % |")
    print(f"| find_quotes on the parsed documents | {best_quotes:.3f} | {100 * best_quotes / best_bare:.1f} % |")


if __name__ == "__main__":
    main()
