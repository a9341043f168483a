"""What the events layer costs, as a share of the bare statistical parse, measured in one process.

``speed.py`` compares the whole of ``analyze`` with the bare parse; on a shared machine its two timings drift
apart with the load. This script isolates the events component: it parses the bundled example articles once
with every component but ``bc_events``, then, in alternating rounds, times the bare statistical pipeline
(``load_pipeline(extractors=False)``) on the texts and ``find_events`` on the parsed documents; the best of each
is kept, and the events time is reported as a percentage of the bare parse (the budget is about 2 %).

It uses only the public ``find_events`` / ``load_lexicon``, so it can time an older checkout of the package too
(``PYTHONPATH=/path/to/old/src``) in the same sitting.

Usage: python benchmarks/events_speed.py [--words N] [--rounds N] [--model PATH]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # this folder: bench_common
import bench_common  # first: it sets one thread before spaCy loads numpy

# isort: split
import backchannel
from backchannel.events import find_events, load_lexicon


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=30_000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--model", default=None)
    args = ap.parse_args()
    paragraphs = [p for f in sorted((bench_common.ROOT / "examples/articles").glob("*.txt"))
                  for p in f.read_text("utf-8").split("\n\n") if p.strip()]
    base_words = sum(len(p.split()) for p in paragraphs)
    articles = ["\n\n".join(paragraphs[i:i + 6]) for i in range(0, len(paragraphs), 6)]
    texts = [f"{t}\n\n(Copy {r}.)" for r in range(max(1, args.words // base_words)) for t in articles]
    n_words = sum(len(t.split()) for t in texts)
    bare = backchannel.load_pipeline(extractors=False, model=args.model)
    full = backchannel.load_pipeline(extractors=True, model=args.model)
    with full.select_pipes(disable=["bc_events"]):
        docs = list(full.pipe(texts, batch_size=32))
    lexicon = load_lexicon()
    events = sum(len(find_events(doc, lexicon)) for doc in docs)
    best_bare, best_events = bench_common.best_alternating(
        args.rounds, lambda: bench_common.drain(bare.pipe(texts, batch_size=32)),
        lambda: [find_events(doc, lexicon) for doc in docs])
    print(f"machine: {bench_common.machine_line(bare)}; package {Path(backchannel.__file__).parent}")
    print(f"data: {len(texts):,} texts, {n_words:,} words (bundled example articles); best of {args.rounds} "
          f"alternating rounds; {events} events\n")
    print("| run | seconds | share of the bare parse |")
    print("|---|---:|---:|")
    print(f"| statistical pipeline alone | {best_bare:.2f} | 100 % |")
    print(f"| events layer (find_events on parsed documents) | {best_events:.3f} | "
          f"{100 * best_events / best_bare:.2f} % |")


if __name__ == "__main__":
    main()
