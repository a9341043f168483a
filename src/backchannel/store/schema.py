"""The store's schema and its migrations, one explicit step per version.

``PRAGMA user_version`` holds the schema version. Opening a store for writing applies the missing
steps in one ``BEGIN IMMEDIATE`` transaction, so an upgrade either happens whole or not at all, and
two processes opening an old store at once upgrade it once. A store newer than this Backchannel is
refused rather than guessed at. Each step is a list of single statements (never ``executescript``,
which would commit the open transaction), so that a later move to Alembic can copy them one to one.

Version 1: documents, readouts, failures.
Version 2: the cross-document actor table — ``actors``, ``actor_aliases``, ``document_actors`` and
the reviewable ``actor_decisions``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

from ..errors import StoreError
from .linking import link_document

SCHEMA_VERSION = 2

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



def _link_stored_readouts(conn: sqlite3.Connection) -> None:
    """Version 2's data step: the documents already stored join the actor table, oldest first."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    for doc_id, data in conn.execute("SELECT doc_id, readout FROM readouts ORDER BY stored_at, doc_id").fetchall():
        link_document(conn, doc_id, json.loads(data).get("actors", []), now)


# The statements that take a store from version n-1 to version n, and the data steps that follow them.
MIGRATIONS: dict[int, tuple[str, ...]] = {1: V1, 2: V2}
DATA_STEPS: dict[int, Callable[[sqlite3.Connection], None]] = {2: _link_stored_readouts}


def user_version(conn: sqlite3.Connection) -> int:
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    return version


def refuse_newer(version: int, source: str) -> None:
    if version > SCHEMA_VERSION:
        raise StoreError(f"the store has schema {version}, newer than this Backchannel knows ({SCHEMA_VERSION});"
                         " upgrade Backchannel to open it", source=source, code="E401")


def migrate(conn: sqlite3.Connection, source: str) -> int:
    """Bring the store to ``SCHEMA_VERSION``; return the version it had. Raises E401 when it is newer."""
    found = user_version(conn)
    refuse_newer(found, source)
    if found == SCHEMA_VERSION:
        return found
    conn.execute("BEGIN IMMEDIATE")
    try:
        found = user_version(conn)  # another writer may have upgraded it while we waited
        refuse_newer(found, source)
        for version in range(found + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[version]:
                conn.execute(statement)
            if version in DATA_STEPS:
                DATA_STEPS[version](conn)
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return found
