"""The workbench under load: pages served per second on a mix of pages, and search latency.

    python benchmarks/web.py --db backchannel.sqlite [--threads 8] [--seconds 30] [--ingest FOLDER]

Starts ``backchannel serve --db DB`` in its own process on a free localhost port (or uses ``--url`` of
a running server), learns document ids, actor ids and search words from the API, then runs
``--threads`` clients (one keep-alive connection each) for ``--seconds`` on a weighted mix of pages
and JSON twins, and prints requests per second and p50/p95 latency per kind of page. A second phase
times ``/api/search`` alone (one client, ``--searches`` queries) for its p50/p95. With ``--ingest
FOLDER`` a ``backchannel analyze FOLDER --db DB`` runs into the same store during both phases, as an
analyst's server would see while a feed is being ingested.

Any store implementing the read contract (``backchannel/store/reader.py``) can be measured. ``--fake
N`` serves the tests' in-memory store grown to N documents instead, to check the script itself (its
numbers say nothing about a real store).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_common  # noqa: E402

MIX = [("home", 2), ("document", 5), ("document.json", 2), ("actor", 3), ("search", 4), ("api/search", 4),
       ("api/documents", 2), ("network.json", 1), ("timeline.json", 1)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Client:
    """One keep-alive HTTP connection; ``get`` returns (status, seconds)."""

    def __init__(self, base: str) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)

    def get(self, path: str) -> tuple[int, float, bytes]:
        started = time.perf_counter()
        try:
            self.conn.request("GET", path)
            answer = self.conn.getresponse()
            body = answer.read()
            status = answer.status
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
            return 599, time.perf_counter() - started, b""
        return status, time.perf_counter() - started, body


def learn(base: str) -> dict[str, list[Any]]:
    """Document ids, actor ids and search words, from the server itself."""
    client = Client(base)
    _, _, body = client.get("/api/documents?limit=500")
    docs = json.loads(body)["items"]
    _, _, body = client.get("/api/actors?limit=200")
    actors = [a["id"] for a in json.loads(body)["items"]]
    words: set[str] = set()
    for doc in docs:
        text = f"{doc.get('title') or ''} {doc.get('snippet') or ''}"
        words.update(w.lower() for w in re.findall(r"[A-Za-z]{5,}", text))
    if not docs:
        raise SystemExit("the store has no documents to serve")
    return {"docs": [d["id"] for d in docs], "actors": actors or [1], "words": sorted(words)[:500] or ["plan"]}


def path_for(kind: str, known: dict[str, list[Any]], rng: random.Random) -> str:
    word = quote(rng.choice(known["words"]))
    return {
        "home": "/",
        "document": f"/documents/{rng.choice(known['docs'])}",
        "document.json": f"/documents/{rng.choice(known['docs'])}.json",
        "actor": f"/actors/{rng.choice(known['actors'])}",
        "search": f"/search?q={word}",
        "api/search": f"/api/search?q={word}&limit=20",
        "api/documents": f"/api/documents?limit=50&offset={rng.randrange(0, max(1, len(known['docs'])))}",
        "network.json": "/network.json",
        "timeline.json": "/timeline.json",
    }[kind]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def load_phase(base: str, known: dict[str, list[Any]], threads: int, seconds: float) -> dict[str, Any]:
    kinds = [k for k, w in MIX for _ in range(w)]
    timings: dict[str, list[float]] = {k: [] for k, _ in MIX}
    errors: dict[int, int] = {}
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker(seed: int) -> None:
        rng, client = random.Random(seed), Client(base)
        while time.perf_counter() < stop:
            kind = rng.choice(kinds)
            status, took, _ = client.get(path_for(kind, known, rng))
            with lock:
                if status >= 400 and status != 404:
                    errors[status] = errors.get(status, 0) + 1
                else:
                    timings[kind].append(took)

    started = time.perf_counter()
    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - started
    done = sum(len(v) for v in timings.values())
    return {"requests": done, "seconds": elapsed, "per_second": done / elapsed, "errors": errors,
            "by_kind": {k: {"n": len(v), "p50_ms": 1000 * percentile(v, 0.5), "p95_ms": 1000 * percentile(v, 0.95)}
                        for k, v in timings.items()}}


def search_phase(base: str, known: dict[str, list[Any]], n: int) -> dict[str, Any]:
    rng, client, took = random.Random(7), Client(base), []
    for _ in range(n):
        words = " ".join(rng.sample(known["words"], k=min(len(known["words"]), rng.choice((1, 1, 2)))))
        status, seconds, _ = client.get(f"/api/search?q={quote(words)}&limit=20")
        if status < 400:
            took.append(seconds)
    return {"n": len(took), "p50_ms": 1000 * percentile(took, 0.5), "p95_ms": 1000 * percentile(took, 0.95),
            "mean_ms": 1000 * statistics.fmean(took) if took else float("nan")}


def wait_ready(base: str, process: subprocess.Popen[bytes] | None, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            why = (process.stderr.read().decode(errors="replace").strip() if process.stderr else "")
            raise SystemExit(f"the server exited with status {process.returncode}: {why}")
        try:
            if Client(base).get("/api/documents?limit=1")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("the server did not answer in time")


def serve_fake(n: int, port: int) -> None:
    """Serve the tests' fake store grown to ``n`` documents (to check this script, not to measure)."""
    sys.path.insert(0, str(bench_common.ROOT / "tests"))
    import uvicorn
    from web_fake import FakeStore, sample

    from backchannel.ingest.document import text_id
    from backchannel.web import create_app

    base, entries = sample(), []
    for i in range(n):
        entry = json.loads(json.dumps(base[i % len(base)]))
        entry["readout"]["text"] += f" (copy {i})"  # offsets still hold: the suffix follows every span
        entry["readout"]["id"] = text_id(entry["readout"]["text"])
        entries.append(entry)
    store = FakeStore(entries)
    uvicorn.run(create_app(store, analyze=lambda d: None), host="127.0.0.1", port=port, log_level="warning")  # type: ignore[arg-type,return-value]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--db", help="the store to serve (a SQLite file or a database URL)")
    where.add_argument("--url", help="measure a server already running at this base URL")
    where.add_argument("--fake", type=int, metavar="N", help="serve the tests' fake store with N documents")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--searches", type=int, default=300)
    parser.add_argument("--ingest", metavar="FOLDER", help="run `backchannel analyze FOLDER --db DB` meanwhile")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--serve-fake-port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_fake_port:
        serve_fake(args.fake, args.serve_fake_port)
        return
    server = ingest = None
    base = args.url
    if base is None:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        command = ([sys.executable, "-m", "backchannel.cli", "serve", "--db", args.db, "--port", str(port)] if args.db
                   else [sys.executable, __file__, "--fake", str(args.fake), "--serve-fake-port", str(port)])
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_ready(base, server)
        known = learn(base)
        if args.ingest:
            if not args.db:
                raise SystemExit("--ingest needs --db (the store the ingest writes into)")
            ingest = subprocess.Popen([sys.executable, "-m", "backchannel.cli", "analyze", args.ingest, "--db", args.db,
                                       "--format", "json", "-o", os.devnull, "--quiet"])
        load = load_phase(base, known, args.threads, args.seconds)
        search = search_phase(base, known, args.searches)
        ingest_note = "no ingest" if ingest is None else "ingest running throughout" if ingest.poll() is None \
            else f"ingest ended early (status {ingest.returncode})"
    finally:
        for process in (ingest, server):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(30)
    result = {"machine": bench_common.cpu_name(), "cores": os.cpu_count(), "store": args.db or args.url or
              f"fake store, {args.fake} documents", "documents_seen": len(known["docs"]), "threads": args.threads,
              "ingest": ingest_note, "load": load, "search": search}
    print(f"# workbench load — {result['store']} — {result['machine']}, {result['cores']} cores — {ingest_note}")
    print(f"{load['requests']} requests in {load['seconds']:.1f} s with {args.threads} clients: "
          f"**{load['per_second']:.1f} pages/s**; errors: {load['errors'] or 'none'}")
    print("| page | n | p50 ms | p95 ms |\n|---|---:|---:|---:|")
    for kind, row in load["by_kind"].items():
        print(f"| {kind} | {row['n']} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} |")
    print(f"/api/search alone ({search['n']} queries, one client): p50 {search['p50_ms']:.1f} ms, "
          f"**p95 {search['p95_ms']:.1f} ms**")
    if args.json:
        bench_common.write_json(args.json, result)


if __name__ == "__main__":
    main()
