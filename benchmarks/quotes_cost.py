"""What the quotes layer costs: ``find_quotes`` time as a share of the bare statistical parse, one run.

``speed.py`` compares the whole ``analyze`` with the bare parse; on a shared, busy machine its ratio
moves by several points between runs, more than the quotes layer costs. This script isolates the
layer: the bundled example articles are parsed once by the full pipeline (so ``doc._.actors`` is set),
then, in alternating rounds, the bare statistical pipeline parses the same texts and ``find_quotes``
runs again on every parsed document. The best round of each is kept; the share is
``find_quotes`` seconds / bare-parse seconds (the layer's budget: 2.2 %).

``--baseline SRC`` times an older checkout's quotes layer in the same rounds (``SRC`` is that checkout's
``src`` folder; its ``backchannel/quotes`` package is imported under another name, beside this one, and runs
on the same parsed documents with this checkout's data files), so that before and after share one bare parse.

Usage: python benchmarks/quotes_cost.py [--copies N] [--rounds N] [--model PATH] [--baseline SRC]
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # this folder: bench_common
import bench_common  # first: it sets one thread before spaCy loads numpy

# isort: split
import backchannel
from backchannel.quotes import find_quotes, load_lexicon


def baseline_find_quotes(src: Path) -> Callable[..., Any]:
    """``find_quotes`` of the quotes package under ``src/backchannel/quotes``, imported as
    ``backchannel._baseline_quotes`` (its relative imports of other layers resolve to this checkout's). Its
    pipeline factory is not registered: ``Language.factory`` is a no-op while it loads."""
    from spacy.language import Language

    folder = src / "backchannel" / "quotes"
    name = "backchannel._baseline_quotes"
    spec = importlib.util.spec_from_file_location(name, folder / "__init__.py",
                                                  submodule_search_locations=[str(folder)])
    if spec is None or spec.loader is None:
        raise SystemExit(f"no quotes package under {src}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    factory = Language.__dict__["factory"]
    Language.factory = classmethod(lambda cls, *a, **k: (lambda make: make))  # type: ignore[method-assign,assignment]
    try:
        spec.loader.exec_module(module)
    finally:
        Language.factory = factory  # type: ignore[method-assign]
    return module.find_quotes  # type: ignore[no-any-return]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=3, help="how many times the example articles are repeated")
    ap.add_argument("--rounds", type=int, default=5, help="alternating timing rounds; the best of each is kept")
    ap.add_argument("--model", default=None)
    ap.add_argument("--baseline", type=Path, default=None, help="an older checkout's src folder, timed alongside")
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
    runs: list[Callable[[], object]] = [lambda: bench_common.drain(bare.pipe(texts, batch_size=32)),
                                        lambda: [find_quotes(doc, lexicon) for doc in docs]]
    if args.baseline is not None:
        old = baseline_find_quotes(args.baseline.resolve())
        old_quotes = sum(len(old(doc)[0]) for doc in docs)
        runs.append(lambda: [old(doc) for doc in docs])
        # The run right after the parse pays for the parse's garbage and cold caches: half the rounds
        # time this checkout's layer first, half the baseline's.
        first = bench_common.best_alternating((args.rounds + 1) // 2, *runs)
        second = bench_common.best_alternating(args.rounds // 2 or 1, runs[0], runs[2], runs[1])
        best = [min(first[0], second[0]), min(first[1], second[2]), min(first[2], second[1])]
    else:
        best = bench_common.best_alternating(args.rounds, *runs)
    best_bare, best_quotes = best[0], best[1]
    print(f"machine: {bench_common.machine_line(bare)}")
    print(f"data: {len(articles)} bundled example articles (paragraph groups) repeated {args.copies}×: "
          f"{len(texts):,} texts, {n_words:,} words, {quotes:,} quotes; best of {args.rounds} alternating rounds\n")
    print("| run | seconds | share of the bare parse |")
    print("|---|---:|---:|")
    print(f"| statistical pipeline alone | {best_bare:.3f} | 100 % |")
    print(f"| find_quotes on the parsed documents | {best_quotes:.3f} | {100 * best_quotes / best_bare:.2f} % |")
    if args.baseline is not None:
        print(f"| baseline find_quotes ({args.baseline}; {old_quotes:,} quotes) | {best[2]:.3f} | "
              f"{100 * best[2] / best_bare:.2f} % |")


if __name__ == "__main__":
    main()
