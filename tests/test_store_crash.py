"""Crash safety: ``backchannel analyze`` killed mid-batch, then run again, stores every document exactly once
with its readout and normalized rows consistent — on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from backchannel.store import Store
from backchannel.store.engine import make_engine

N_DOCS = 40
PEOPLE = [("Sergei Lavrov", "Wang Yi", "Beijing"), ("Steve Witkoff", "Kirill Dmitriev", "Miami"),
          ("Emmanuel Macron", "Volodymyr Zelensky", "Paris"), ("Recep Tayyip Erdogan", "Vladimir Putin", "Sochi")]


def _batch(path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for i in range(N_DOCS):
            one, two, place = PEOPLE[i % len(PEOPLE)]
            body = (f"{one} met {two} in {place} on Monday for talks number {i}. {one} told reporters that the"
                    f" meeting was constructive. \"We agreed to meet again,\" {two} said. Officials in {place}"
                    f" denied that sanctions were discussed in round {i}.")
            out.write(json.dumps({"id": f"doc{i}", "text": body, "outlet": f"Outlet {i % 3}",
                                  "published": f"2025-11-{1 + i % 28:02d}"}) + "\n")


def _stored(url: str) -> int:
    engine = make_engine(url, readonly=True)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM readouts")).scalar_one())
    except Exception:  # the store is not created yet
        return 0
    finally:
        engine.dispose()


def _analyze(batch: Path, url: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "backchannel.cli", "analyze", str(batch), "--db", url,
                             "--batch-size", "1", "--quiet", "--format", "json", "-o", str(batch) + ".out"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@pytest.mark.slow
def test_analyze_killed_mid_batch_and_run_again_stores_each_document_once(tmp_path: Path, store_url: str) -> None:
    batch = tmp_path / "batch.jsonl"
    _batch(batch)
    process = _analyze(batch, store_url)
    deadline = time.monotonic() + 180
    while _stored(store_url) < 3:
        assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
        assert time.monotonic() < deadline, "analyze stored nothing in time"
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    killed_at = _stored(store_url)
    assert 3 <= killed_at < N_DOCS, "the batch finished before it could be killed"

    again = _analyze(batch, store_url)
    _, err = again.communicate(timeout=300)
    assert again.returncode == 0, err.decode()

    with Store(store_url) as store:
        assert store.counts() == {"documents": N_DOCS, "readouts": N_DOCS, "failures": 0}
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT count(DISTINCT external_id) FROM documents")).scalar_one() == N_DOCS
        for readout in store.readouts():
            expected = {"mentions": sum(len(a["mentions"]) for a in readout.actors),
                        "roles": sum(len(a.get("roles") or []) for a in readout.actors),
                        "quotes": len(readout.quotes), "claims": len(readout.claims), "events": len(readout.events),
                        "claim_reporters": sum(len(c.get("reported_via") or []) for c in readout.claims),
                        "event_actors": sum(len(e["source"]) + len(e["target"]) for e in readout.events),
                        "relations": len(readout.relations)}
            assert store.table_counts(readout.id) == expected, readout.id
        assert store.documents(q="constructive")["total"] == N_DOCS
    listed = subprocess.run([sys.executable, "-m", "backchannel.cli", "actors", "list", "--db", store_url,
                             "--format", "json", "--limit", "3"], capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0, listed.stderr
    assert len(listed.stdout.splitlines()) == 3
