"""Opening a store's database: a SQLite file (the default) or a PostgreSQL server, one SQLAlchemy engine.

SQLite: WAL (checkpointed every ``WAL_CHECKPOINT_PAGES``), ``synchronous=NORMAL``, foreign keys and a
busy timeout on every connection. The driver's own transaction handling is turned off and
SQLAlchemy's ``begin`` event emits the ``BEGIN`` (the recipe in SQLAlchemy's pysqlite documentation),
so that a write takes the write lock at its start
(``BEGIN IMMEDIATE``): two writers queue on the busy timeout instead of failing half-way with
"database is locked". A read-only store is opened with ``mode=ro``.

PostgreSQL: ``postgresql://…`` (or ``postgres://``) is driven by psycopg 3; a read-only store's
transactions are ``READ ONLY``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event, pool
from sqlalchemy.engine import make_url

WRITE = "backchannel_write"  # execution option: this connection's transactions write
BUSY_TIMEOUT_MS = 10_000
# Pages of WAL before a writer's commit copies them into the database (SQLite's default is 1,000).
# A stored document dirties some forty pages of tables, indexes and full-text segments, so the default
# checkpoints every few dozen documents, each time syncing the file; 10,000 pages (about 40 MB of WAL)
# checkpoint a tenth as often, and pages written again in between are copied once.
WAL_CHECKPOINT_PAGES = 10_000
# Reading a large store: map up to 1 GiB of the file into memory, so that pages come from the OS cache
# without a read call and a copy into each connection's own 2 MB page cache (a 10,000-document store
# is ~560 MB; the lists and search halve, see README), and keep the temporary b-trees of GROUP BY,
# DISTINCT and ORDER BY (the facets) in memory.
READ_PRAGMAS = ("mmap_size=1073741824", "temp_store=MEMORY")


def is_postgres(url_or_path: str | Path) -> bool:
    return str(url_or_path).startswith(("postgresql:", "postgresql+", "postgres:"))


def postgres_url(url: str) -> str:
    """``postgresql://`` and ``postgres://`` as SQLAlchemy's psycopg 3 URL."""
    for prefix in ("postgresql+psycopg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url  # another driver the user named on purpose (postgresql+psycopg2://…)


def sqlite_path(url_or_path: str | Path) -> Path:
    text = str(url_or_path)
    if text.startswith("sqlite:"):
        database = make_url(text).database
        if not database:
            raise ValueError("an in-memory SQLite store cannot be shared; give a file")
        return Path(database)
    return Path(text)


def display(url_or_path: str | Path) -> str:
    """Where the store is, for messages: never a password."""
    if is_postgres(url_or_path):
        return make_url(postgres_url(str(url_or_path))).render_as_string(hide_password=True)
    return str(sqlite_path(url_or_path))


def make_engine(url_or_path: str | Path, *, readonly: bool) -> Engine:
    if is_postgres(url_or_path):
        engine = create_engine(postgres_url(str(url_or_path)), pool_pre_ping=True)
        if readonly:
            return engine.execution_options(postgresql_readonly=True)
        return engine
    return _sqlite_engine(sqlite_path(url_or_path), readonly=readonly)


def _sqlite_engine(path: Path, *, readonly: bool) -> Engine:
    def connect() -> sqlite3.Connection:
        if readonly:
            uri = f"file:{quote(str(path.resolve()))}?mode=ro"
            conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        else:
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        return conn

    engine = create_engine("sqlite://", creator=connect, poolclass=pool.QueuePool, pool_size=5, max_overflow=10)

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy, not the driver, begins transactions
        cur = dbapi_connection.cursor()
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
        for pragma in READ_PRAGMAS:
            cur.execute(f"PRAGMA {pragma}")
        if not readonly:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute(f"PRAGMA wal_autocheckpoint={WAL_CHECKPOINT_PAGES}")
        cur.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn: Connection) -> None:
        writing = conn.get_execution_options().get(WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writing and not readonly else "BEGIN")

    return engine
