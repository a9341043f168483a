"""Speed of every export format on a store of the example articles.

Analyses ``examples/articles`` into a temporary SQLite store, copies its readouts under new document
ids until the store holds ``--documents`` documents (default 700; the links to store actors are kept,
so every copy is a realistic stored document), then times each format reading the store through
``records_from_store`` and writing a file (csv and parquet: all seven tables). Prints documents/s and
output size per format, best of ``--rounds``.

Usage: python benchmarks/export.py [--documents N] [--rounds N]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # this folder: bench_common
import bench_common  # first: it sets one thread before spaCy loads numpy

# isort: split
import backchannel
from backchannel.export import FORMATS, export, records_from_store


def build_store(path: Path, documents: int) -> None:
    nlp = backchannel.load_pipeline()
    texts = sorted((bench_common.ROOT / "examples/articles").glob("*.txt"))
    with backchannel.SQLiteStore(path) as store:
        made = []
        for file in texts:
            doc = backchannel.Document(file.read_text("utf-8"), source=str(file))
            (readout,) = backchannel.analyze([doc], nlp)
            store.put(doc, readout)
            made.append((doc, readout))
        for n in range(documents - len(made)):
            doc, readout = made[n % len(made)]
            # the same article under another id: a new document whose actors link like the original's
            text = f"{doc.text}\n\n[copy {n}]"
            copy = backchannel.Document(text, source=f"copy-{n}")
            data = readout.to_dict() | {"id": hashlib.sha256(text.encode()).hexdigest(), "text": text}
            store.put(copy, backchannel.Readout.from_dict(data))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--documents", type=int, default=700)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite"
        build_store(db, args.documents)
        print(f"{args.documents} documents (examples/articles and copies), one core, best of {args.rounds}")
        print(f"{'format':<8} {'docs/s':>8} {'MB':>7}")
        with backchannel.SQLiteStore(db, readonly=True) as store:
            for fmt in FORMATS:
                best = float("inf")
                for _ in range(args.rounds):
                    started = time.perf_counter()
                    summary = export(fmt, records_from_store(store), Path(tmp) / f"out-{fmt}")
                    best = min(best, time.perf_counter() - started)
                print(f"{fmt:<8} {summary['documents'] / best:>8,.0f} {summary['bytes'] / 1e6:>7.1f}")


if __name__ == "__main__":
    main()
