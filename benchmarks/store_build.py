"""A realistic store to measure the workbench on, and a folder of articles to ingest meanwhile.

    python benchmarks/store_build.py --keep /tmp/bench10k.sqlite [--docs 10000] [--gum 40]
                                     [--articles /tmp/ingest --n-articles 50]

``--keep PATH`` builds the store the way ``benchmarks/store.py`` does (and with its code: the bundled
examples and the first ``--gum`` GUM train documents analysed once, then their readouts stored again
under new ids, each copy a distinct document with its own date and outlet) and keeps it at PATH, a
SQLite file or a ``postgresql://`` URL. ``--articles FOLDER`` writes ``--n-articles`` plain-text
articles for ``benchmarks/web.py --ingest FOLDER``: GUM news documents first (train, dev, test), then
GUM documents of other genres from dev and test, so none of them is already in the store.
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_common  # noqa: E402  (pins thread pools before spaCy loads)
from store import copies, seed_readouts  # noqa: E402  (benchmarks/store.py: the same builder)

from backchannel.store import Store  # noqa: E402

GUM = bench_common.SHARED / "data" / "corpora" / "gum"


def build(target: str, docs: int, gum: int) -> dict[str, float]:
    """Analyse the seeds and store ``docs`` distinct copies of their readouts at ``target``."""
    seeds, words, analysed = seed_readouts(gum)
    started = time.perf_counter()
    with Store(target) as store:
        for doc, readout in copies(seeds, docs, random.Random(7)):
            store.put(doc, readout)
        counts = store.table_counts()
    seconds = time.perf_counter() - started
    return {"seeds": len(seeds), "words": words, "analysed_s": analysed, "docs": docs, "write_s": seconds,
            "quotes": counts["quotes"], "claims": counts["claims"], "events": counts["events"]}


def gum_documents(split: str) -> list[tuple[str, str]]:
    """``(doc id, text)`` of every GUM document of a split, sentences joined by spaces."""
    path = GUM / f"gum-{split}.conllu.gz"
    if not path.exists():
        return []
    found: list[tuple[str, list[str]]] = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("# newdoc id"):
                found.append((line.split("=", 1)[1].strip(), []))
            elif line.startswith("# text = ") and found:
                found[-1][1].append(line[len("# text = "):].strip())
    return [(doc_id, " ".join(sentences)) for doc_id, sentences in found if sentences]


def write_articles(folder: Path, n: int) -> int:
    """Up to ``n`` GUM articles as ``.txt`` files in ``folder``: news first, then dev/test documents."""
    train, held_out = gum_documents("train"), gum_documents("dev") + gum_documents("test")
    news = [d for d in train + held_out if d[0].startswith("GUM_news_")]
    chosen = (news + [d for d in held_out if not d[0].startswith("GUM_news_")])[:n]
    folder.mkdir(parents=True, exist_ok=True)
    for doc_id, text in chosen:
        (folder / f"{doc_id}.txt").write_text(text + "\n", encoding="utf-8")
    return len(chosen)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", metavar="PATH", help="build the store and keep it here (SQLite file or URL)")
    parser.add_argument("--docs", type=int, default=10_000, help="documents to store (default 10,000)")
    parser.add_argument("--gum", type=int, default=40, help="GUM train documents analysed besides the examples")
    parser.add_argument("--articles", type=Path, metavar="FOLDER", help="write articles to ingest here")
    parser.add_argument("--n-articles", type=int, default=50, help="how many articles (default 50)")
    args = parser.parse_args()
    if not args.keep and not args.articles:
        parser.error("give --keep PATH, --articles FOLDER or both")
    if args.articles:
        print(f"Wrote {write_articles(args.articles, args.n_articles)} articles to {args.articles}")
    if args.keep:
        if "://" not in args.keep and Path(args.keep).exists():
            raise SystemExit(f"{args.keep} exists; give a new path")
        found = build(args.keep, args.docs, args.gum)
        print(f"Machine: {bench_common.cpu_name()}, {os.cpu_count()} cores")
        print(f"Store {args.keep}: {found['docs']:,} documents from {found['seeds']} analysed articles "
              f"({found['words']:,} words, {found['analysed_s']:.0f} s to analyse), written in "
              f"{found['write_s']:.0f} s; {found['quotes']:,} quotes, {found['claims']:,} claims, "
              f"{found['events']:,} events")


if __name__ == "__main__":
    main()
