"""The embedded store: documents, their readouts and the failures of a batch, in one SQLite file.

One writer connection in WAL mode; every document is written in its own ``BEGIN IMMEDIATE``
transaction, so a crash or a bad document never leaves half a readout, and nothing stored earlier is
touched. Documents are keyed by the SHA-256 of their text: storing the same text twice keeps one row.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from ..errors import BackchannelError, StoreError
from ..ingest.document import Document
from ..readout import Readout

SCHEMA_VERSION = 1

DDL = """
CREATE TABLE IF NOT EXISTS documents (
    id          TEXT PRIMARY KEY,          -- sha256 of text
    external_id TEXT,                      -- the caller's id (JSON Lines 'id'), if any
    source      TEXT,                      -- file or file:line it was first read from
    title       TEXT,
    url         TEXT,
    published   TEXT,
    outlet      TEXT,
    author      TEXT,
    text        TEXT NOT NULL,
    stored_at   TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS readouts (
    doc_id           TEXT PRIMARY KEY REFERENCES documents(id),
    pipeline         TEXT NOT NULL,
    pipeline_version TEXT NOT NULL,
    readout          TEXT NOT NULL,        -- the readout as JSON (READOUT.md)
    n_actors         INTEGER NOT NULL,
    stored_at        TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS failures (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    source    TEXT,
    doc_id    TEXT,
    code      TEXT NOT NULL,
    stage     TEXT NOT NULL,
    message   TEXT NOT NULL,
    failed_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS failures_source ON failures(source);
"""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SQLiteStore:
    """Documents and readouts in a SQLite file. Use as a context manager, or call ``close()``."""

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = Path(path)
        try:
            if readonly:
                self.conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, isolation_level=None)
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.conn = sqlite3.connect(self.path, isolation_level=None)
                self.conn.execute("PRAGMA journal_mode=WAL")
                self.conn.execute("PRAGMA synchronous=NORMAL")
                self.conn.execute("PRAGMA foreign_keys=ON")
                self._migrate()
            self.conn.execute("PRAGMA busy_timeout=10000")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the store ({exc}); is it a Backchannel SQLite file?",
                             source=str(self.path), code="E401") from None

    def _migrate(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"the store has schema {version}, newer than this Backchannel ({SCHEMA_VERSION}); "
                             "upgrade Backchannel", source=str(self.path), code="E401")
        self.conn.executescript(DDL)
        self.conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    def put(self, document: Document, readout: Readout) -> bool:
        """Store a document and its readout atomically. Returns True when the document is new."""
        meta = document.meta
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            cur = self.conn.execute(
                "INSERT INTO documents (id, external_id, source, title, url, published, outlet, author, text,"
                " stored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING",
                (document.id, document.external_id, document.source, meta.get("title"), meta.get("url"),
                 meta.get("published"), meta.get("outlet"), meta.get("author"), document.text, _now()))
            new = cur.rowcount == 1
            self.conn.execute(
                "INSERT INTO readouts (doc_id, pipeline, pipeline_version, readout, n_actors, stored_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(doc_id) DO UPDATE SET pipeline=excluded.pipeline,"
                " pipeline_version=excluded.pipeline_version, readout=excluded.readout,"
                " n_actors=excluded.n_actors, stored_at=excluded.stored_at",
                (document.id, readout.pipeline.get("name", ""), readout.pipeline.get("version", ""),
                 readout.to_json(), len(readout.actors), _now()))
            self.conn.execute("COMMIT")
            return new
        except sqlite3.Error as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise StoreError(f"cannot store the document ({exc})", source=document.source,
                             doc_id=document.id, code="E402") from None

    def record_failure(self, error: BackchannelError) -> None:
        """Keep a failed document as a row, so that nothing is silently lost."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.execute("INSERT INTO failures (source, doc_id, code, stage, message, failed_at)"
                              " VALUES (?, ?, ?, ?, ?, ?)",
                              (error.source, error.doc_id, error.code, error.stage, error.message, _now()))
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise StoreError(f"cannot record a failure ({exc})", source=str(self.path), code="E402") from None

    def get(self, doc_id: str) -> Readout | None:
        row = self.conn.execute("SELECT readout FROM readouts WHERE doc_id = ?", (doc_id,)).fetchone()
        return None if row is None else Readout.from_dict(json.loads(row[0]))

    def readouts(self) -> Iterator[Readout]:
        for (data,) in self.conn.execute("SELECT readout FROM readouts ORDER BY stored_at, doc_id"):
            yield Readout.from_dict(json.loads(data))

    def failures(self) -> list[dict[str, Any]]:
        cur = self.conn.execute("SELECT source, doc_id, code, stage, message, failed_at FROM failures ORDER BY id")
        names = [c[0] for c in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def counts(self) -> dict[str, int]:
        return {table: self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("documents", "readouts", "failures")}
