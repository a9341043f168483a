"""The DDL of stores written before the move to SQLAlchemy and Alembic (schema.py of Backchannel 0.2,
``PRAGMA user_version`` 1 and 2), copied verbatim so that tests can build such a store byte for byte."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

V1 = (
    """CREATE TABLE IF NOT EXISTS documents (
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
)""",
    """CREATE TABLE IF NOT EXISTS readouts (
    doc_id           TEXT PRIMARY KEY REFERENCES documents(id),
    pipeline         TEXT NOT NULL,
    pipeline_version TEXT NOT NULL,
    readout          TEXT NOT NULL,        -- the readout as JSON (READOUT.md)
    n_actors         INTEGER NOT NULL,
    stored_at        TEXT NOT NULL
)""",
    """CREATE TABLE IF NOT EXISTS failures (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    source    TEXT,
    doc_id    TEXT,
    code      TEXT NOT NULL,
    stage     TEXT NOT NULL,
    message   TEXT NOT NULL,
    failed_at TEXT NOT NULL
)""",
    "CREATE INDEX IF NOT EXISTS failures_source ON failures(source)",
)

V2 = (
    # One row per actor across all documents. A merged actor keeps its row (decisions and old links
    # point at it) and names the actor it now belongs to in merged_into.
    """CREATE TABLE actors (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,             -- READOUT.md actor kinds
    country     TEXT,
    sector      TEXT,
    wikidata    TEXT,
    kb_id       TEXT,
    merged_into INTEGER REFERENCES actors(id),
    created     TEXT NOT NULL,
    updated     TEXT NOT NULL
)""",
    "CREATE INDEX actors_wikidata ON actors(wikidata) WHERE wikidata IS NOT NULL",
    "CREATE INDEX actors_kb_id ON actors(kb_id) WHERE kb_id IS NOT NULL",
    "CREATE INDEX actors_kind ON actors(kind)",
    # Names an actor goes by. alias_key is backchannel.actors.names.name_key(alias); last_word is
    # the key's last word, so that a lone surname in a later document finds the full name.
    """CREATE TABLE actor_aliases (
    actor_id  INTEGER NOT NULL REFERENCES actors(id),
    alias     TEXT NOT NULL,
    alias_key TEXT NOT NULL,
    last_word TEXT NOT NULL,
    origin    TEXT NOT NULL CHECK (origin IN ('seen', 'user', 'kb')),
    PRIMARY KEY (actor_id, alias_key)
)""",
    "CREATE INDEX actor_aliases_key ON actor_aliases(alias_key)",
    "CREATE INDEX actor_aliases_last_word ON actor_aliases(last_word)",
    # Which store actor each readout actor ("a3") of a document is.
    """CREATE TABLE document_actors (
    doc_id        TEXT NOT NULL REFERENCES documents(id),
    readout_actor TEXT NOT NULL,
    actor_id      INTEGER NOT NULL REFERENCES actors(id),
    mentions      INTEGER NOT NULL,
    PRIMARY KEY (doc_id, readout_actor)
)""",
    "CREATE INDEX document_actors_actor ON document_actors(actor_id)",
    # Every change a person makes to the actor table, with what it changed (payload), so it can be
    # reviewed and reverted. Automatic linking on save is not a decision.
    """CREATE TABLE actor_decisions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,             -- UTC, ISO 8601
    kind        TEXT NOT NULL CHECK (kind IN ('alias', 'unalias', 'merge', 'split', 'revert')),
    payload     TEXT NOT NULL,             -- JSON
    who         TEXT NOT NULL,
    reason      TEXT,
    reverted_by INTEGER REFERENCES actor_decisions(id)
)""",
)


def make_legacy_store(path: Path, version: int) -> sqlite3.Connection:
    """An empty store as the old code created it, at ``version`` 1 or 2; the caller fills and closes it."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("BEGIN IMMEDIATE")
    for statement in V1 + (V2 if version >= 2 else ()):
        conn.execute(statement)
    conn.execute(f"PRAGMA user_version={version}")
    conn.execute("COMMIT")
    return conn


def insert_legacy_readouts(conn: sqlite3.Connection, docs: list[tuple[Any, Any]]) -> None:
    """Put (Document, Readout) pairs into a legacy store's documents and readouts tables, as its code did."""
    for n, (doc, readout) in enumerate(docs):
        conn.execute("INSERT INTO documents (id, title, published, outlet, text, stored_at) VALUES (?, ?, ?, ?, ?, ?)",
                     (doc.id, doc.meta.get("title"), doc.meta.get("published"), doc.meta.get("outlet"), doc.text,
                      f"2026-01-0{n + 1}"))
        conn.execute("INSERT INTO readouts VALUES (?, 't', '0', ?, ?, ?)",
                     (doc.id, readout.to_json(), len(readout.actors), f"2026-01-0{n + 1}"))
