"""The store's speed: write throughput and the latency of the reader views the web UI calls most.

A realistic store is built by analysing real articles once (the bundled Wikinews examples and, when
``../shared/data`` is present, the first ``--gum`` GUM documents), then storing their readouts again
and again, each copy a distinct document (its text gets a suffix after the last span, so every
offset still holds; publication dates spread over 2025 and outlets over eight names), up to
``--docs`` documents. Then ``search``, ``quotes(q=…)``, ``facets``, ``network`` and ``actor_page`` run
``--runs`` times each with varying arguments, and the table gives p50 and p95 in milliseconds.

SQLite always (a file in a temporary folder); PostgreSQL too when ``BACKCHANNEL_TEST_PG`` names a
server (a fresh schema, dropped afterwards). Usage::

    python benchmarks/store.py [--docs 4000] [--pg-docs N] [--gum 40] [--runs 40]

``--pg-docs`` stores another number of documents on PostgreSQL (default: ``--docs``).
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_common  # noqa: E402  (pins thread pools before spaCy loads)

from backchannel import Document, Readout, analyze, load_pipeline  # noqa: E402
from backchannel.ingest.readers import read_path  # noqa: E402
from backchannel.store import Store  # noqa: E402

OUTLETS = ["Wikinews", "Reuters", "AP", "BBC", "Meduza", "Kyiv Independent", "Le Monde", "Al Jazeera"]
WORDS = ["talks", "sanctions", "ceasefire", "minister", "election", "police", "government", "\"peace plan\"",
         "president", "military", "court", "refugees"]


def gum_texts(limit: int) -> list[str]:
    path = bench_common.SHARED / "data" / "corpora" / "gum" / "gum-train.conllu.gz"
    if limit <= 0 or not path.exists():
        return []
    docs: list[list[str]] = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("# newdoc id"):
                if len(docs) == limit:
                    break
                docs.append([])
            elif line.startswith("# text = ") and docs:
                docs[-1].append(line[len("# text = "):].strip())
    return [" ".join(sentences) for sentences in docs if sentences]


def seed_readouts(gum: int) -> tuple[list[Readout], int, float]:
    """The analysed articles, how many words they have, and the seconds analysis took."""
    sources: list[Document] = []
    for path in sorted((bench_common.ROOT / "examples" / "articles").glob("*.txt")):
        sources += [d for d in read_path(path) if isinstance(d, Document)]
    sources += [Document(text, meta={"outlet": "GUM"}, source=f"gum:{n}") for n, text in enumerate(gum_texts(gum))]
    nlp = load_pipeline()
    started = time.perf_counter()
    readouts = list(analyze([{"id": d.source, "text": d.text, **{k: v for k, v in d.meta.items() if v}}
                             for d in sources], nlp))
    return readouts, sum(len(d.text.split()) for d in sources), time.perf_counter() - started


def copies(seeds: list[Readout], n: int, rng: random.Random) -> Iterator[tuple[Document, Readout]]:
    for k in range(n):
        seed = seeds[k % len(seeds)]
        text = f"{seed.text}\n\n(copy {k})"
        meta = {**seed.meta, "published": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "outlet": rng.choice(OUTLETS), "title": (seed.meta.get("title") or "Untitled") + f" #{k}"}
        doc = Document(text, meta={k_: v for k_, v in meta.items() if k_ != "language"}, source=f"bench:{k}")
        data = {**seed.to_dict(), "id": doc.id, "text": text, "meta": doc.full_meta()}
        yield doc, Readout.from_dict(data)


def timed(runs: int, call: Callable[[int], Any]) -> tuple[float, float]:
    samples = []
    for i in range(runs):
        started = time.perf_counter()
        call(i)
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]


def run(url: str, label: str, seeds: list[Readout], docs: int, runs: int) -> list[str]:
    rng = random.Random(7)
    rows = []
    with Store(url) as store:
        started = time.perf_counter()
        for doc, readout in copies(seeds, docs, rng):
            store.put(doc, readout)
        seconds = time.perf_counter() - started
        rows.append(f"| {label} | write | {docs / seconds:,.0f} docs/s | ({docs:,} documents in {seconds:.1f} s) |")
        top = [a["id"] for a in store.actors(limit=20)["items"]]
        views: dict[str, Callable[[int], Any]] = {
            "search": lambda i: store.search(WORDS[i % len(WORDS)], limit=20),
            "quotes(q=…)": lambda i: store.quotes(q=WORDS[i % len(WORDS)], limit=50),
            "facets": lambda i: store.facets(outlet=OUTLETS[i % len(OUTLETS)] if i % 2 else None),
            "network": lambda i: store.network(limit=300),
            "actor_page": lambda i: store.actor_page(top[i % len(top)]),
        }
        for name, call in views.items():
            p50, p95 = timed(runs, call)
            rows.append(f"| {label} | {name} | {p50:,.1f} ms | {p95:,.1f} ms |")
        counts = store.table_counts()
        rows.append(f"| {label} | rows | {counts['quotes']:,} quotes, {counts['claims']:,} claims | "
                    f"{counts['events']:,} events, {counts['mentions']:,} mentions |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=4_000,
                        help="documents to store (default 4,000: about 5 minutes with PostgreSQL too)")
    parser.add_argument("--pg-docs", type=int, default=None,
                        help="documents to store on PostgreSQL (default: --docs)")
    parser.add_argument("--gum", type=int, default=40, help="GUM documents to analyse besides the examples")
    parser.add_argument("--runs", type=int, default=40, help="calls per reader view")
    args = parser.parse_args()
    started = time.time()
    seeds, words, analysed = seed_readouts(args.gum)
    print(f"Machine: {bench_common.cpu_name()}, {os.cpu_count()} cores; SQLite via Python "
          f"{sys.version.split()[0]}; store benchmark, one process, one writer")
    print(f"Data: {len(seeds)} analysed articles ({words:,} words, {analysed:.0f} s to analyse: bundled examples"
          f" + {args.gum} GUM train documents), replicated to {args.docs:,} distinct documents"
          + (f" ({args.pg_docs:,} on PostgreSQL)" if args.pg_docs else ""))
    print()
    print("| store | what | p50 / rate | p95 / detail |")
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for row in run(str(Path(folder) / "bench.sqlite"), "SQLite", seeds, args.docs, args.runs):
            print(row, flush=True)
    pg = os.environ.get("BACKCHANNEL_TEST_PG")
    if pg:
        import psycopg

        schema = f"bc_bench_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(pg, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
            version = conn.execute("SHOW server_version").fetchone()
        try:
            url = f"{pg}{'&' if '?' in pg else '?'}options=-csearch_path%3D{schema}"
            label = f"PostgreSQL {version[0].split()[0] if version else ''}".strip()
            for row in run(url, label, seeds, args.pg_docs or args.docs, args.runs):
                print(row, flush=True)
        finally:
            with psycopg.connect(pg, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA {schema} CASCADE")
    else:
        print("| PostgreSQL | skipped | BACKCHANNEL_TEST_PG is not set | |")
    print(f"\nTotal {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
