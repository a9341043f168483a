"""Where ``analyze`` spends its time beyond the bare statistical parse, stage by stage, in one run.

``speed.py`` gives one ratio (``analyze`` against the bare parse); this script says which stage the difference
goes to. In alternating rounds it times the bare statistical pipeline (``load_pipeline(extractors=False)``) on
the texts, then runs what ``analyze`` runs, batch by batch, with a timer around each stage:

* making the documents and tokenising them (``as_document`` / ``make_doc``),
* each component of the full pipeline, the statistical ones and then each extractor (``bc_actors``,
  ``bc_actor_linker``, ``bc_quotes``, ``bc_events``), called the way ``Language.pipe`` calls them,
* building the readouts (``build_readout``),
* and, outside ``analyze``, writing each readout as a JSON line (``Readout.to_json``), which the CLI and
  the store do next.

Each stage's best round is printed as a share of the bare parse's best round. The stages after the
statistical ones add up to what ``analyze`` costs beyond the parse: the ratio they imply is
bare / (bare + extraction), the number ``speed.py`` measures directly (target ≥ 0.9).

It uses only ``load_pipeline`` and ``analysis.as_document`` / ``make_doc`` / ``build_readout``, so it can time
an older checkout in the same sitting (``PYTHONPATH=/path/to/old/src``).

Texts: the bundled example articles, repeated to reach ``--words`` words (as in ``speed.py``).
Usage: python benchmarks/speed_stages.py [--words N] [--rounds N] [--batch-size N] [--model PATH] [--json FILE]
"""

from __future__ import annotations

import argparse
import inspect
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # this folder: bench_common
import bench_common  # first: it sets one thread before spaCy loads numpy

# isort: split
from spacy.language import Language

import backchannel
from backchannel import analysis
from backchannel.analysis import as_document, build_readout, make_doc

DOCUMENTS = "documents + tokenizer"
READOUTS = "readouts (build_readout)"
JSON_LINES = "JSON lines (Readout.to_json)"


class Stages:
    """Seconds per stage, summed: ``lap(stage)`` charges the time since the previous lap to ``stage``."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - self.last
        self.last = now


def staged_run(nlp: Language, texts: list[str], batch_size: int) -> dict[str, float]:
    """What ``analyze(texts, nlp)`` does, batch by batch, each stage's seconds summed over the batches."""
    # ``analyze`` hands build_readout the pipeline block once per call where build_readout takes it.
    block = (analysis.pipeline_info(nlp),) if len(inspect.signature(build_readout).parameters) > 3 else ()
    # ``analyze`` clears each Doc's layer results once its readout is built (``analysis.release``, where the
    # checkout has it), so that the Doc is freed at once: charged to the readouts, as there.
    release = getattr(analysis, "release", None)
    stages = Stages()
    for first, batch in enumerate_batches(texts, batch_size):
        documents = [as_document(t, i) for i, t in enumerate(batch, first)]
        docs = [make_doc(nlp, d) for d in documents]
        stages.lap(DOCUMENTS)
        for name, proc in nlp.pipeline:
            docs = list(run_component(proc, docs, batch_size))
            stages.lap(name)
        readouts = [build_readout(doc, d, nlp, *block) for doc, d in zip(docs, documents, strict=True)]
        if release is not None:
            for doc in docs:
                release(doc)
        del docs
        stages.lap(READOUTS)
        for readout in readouts:
            readout.to_json()
        stages.lap(JSON_LINES)
    return stages.seconds


def enumerate_batches(texts: list[str], batch_size: int) -> Iterator[tuple[int, list[str]]]:
    """(index of the batch's first text, the batch) for consecutive batches of ``batch_size`` texts."""
    for first in range(0, len(texts), batch_size):
        yield first, texts[first:first + batch_size]


def run_component(proc: Any, docs: list[Any], batch_size: int) -> Iterator[Any]:
    """The component over ``docs`` as ``Language.pipe`` runs it: its ``pipe`` method where it has one."""
    if hasattr(proc, "pipe"):
        yield from proc.pipe(docs, batch_size=batch_size)
    else:
        for doc in docs:
            yield proc(doc)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=60_000)
    ap.add_argument("--rounds", type=int, default=3, help="alternating timing rounds; the best of each is kept")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--model", default=None)
    ap.add_argument("--json", type=Path, default=None, help="also write the numbers to this file")
    args = ap.parse_args()
    groups, reps, texts = bench_common.example_texts(args.words)
    n_words = sum(len(t.split()) for t in texts)
    since = time.perf_counter()
    bare = backchannel.load_pipeline(extractors=False, model=args.model)
    full = backchannel.load_pipeline(extractors=True, model=args.model)
    machine = bench_common.print_machine(bare, since, f"; package {Path(backchannel.__file__).parent}")
    list(bare.pipe(texts[:20]))
    staged_run(full, texts[:20], args.batch_size)  # loads the lexicons and knowledge base
    best_bare = float("inf")
    best: dict[str, float] = {}
    rss = [bench_common.rss_mb()]
    for _ in range(args.rounds):
        start = time.perf_counter()
        for _doc in bare.pipe(texts, batch_size=args.batch_size):
            pass
        best_bare = min(best_bare, time.perf_counter() - start)
        for stage, seconds in staged_run(full, texts, args.batch_size).items():
            best[stage] = min(best.get(stage, float("inf")), seconds)
        rss.append(bench_common.rss_mb())
    statistical = [name for name in full.pipe_names if name in bare.pipe_names]
    extraction = [name for name in full.pipe_names if name not in bare.pipe_names] + [READOUTS]
    print(f"data: {groups} bundled example articles (paragraph groups) repeated {reps}×: {len(texts):,} texts, "
          f"{n_words:,} words; batches of {args.batch_size}; best of {args.rounds} alternating rounds per stage\n")
    print("| stage | seconds | share of the bare parse |")
    print("|---|---:|---:|")

    def row(label: str, seconds: float) -> None:
        print(f"| {label} | {seconds:.3f} | {100 * seconds / best_bare:.2f} % |")

    row("**bare statistical pipeline** (`nlp.pipe`, the reference)", best_bare)
    for stage in [DOCUMENTS, *statistical]:
        row(stage, best[stage])
    row("*statistical stages, summed*", sum(best[s] for s in [DOCUMENTS, *statistical]))
    for stage in extraction:
        row(stage, best[stage])
    extra = sum(best[s] for s in extraction)
    row("**extraction, summed** (extractors + readouts)", extra)
    row(JSON_LINES + ", not part of `analyze`", best[JSON_LINES])
    print(f"\nratio implied for speed.py: bare / (bare + extraction) = {best_bare / (best_bare + extra):.3f} "
          f"(target ≥ 0.9)")
    print(f"resident memory after each round (MB): {', '.join(f'{m:.0f}' for m in rss)}")
    if args.json is not None:
        bench_common.write_json(args.json, {
            "machine": machine, "texts": len(texts), "words": n_words, "rounds": args.rounds,
            "bare_seconds": best_bare, "stage_seconds": best, "statistical": statistical, "extraction": extraction,
            "implied_ratio": best_bare / (best_bare + extra), "rss_mb": rss})


if __name__ == "__main__":
    main()
