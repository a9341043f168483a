"""The embedded store: documents, their readouts, the failures of a batch and the actors met across
documents, in one SQLite file.

One writer connection in WAL mode; every document is written in its own ``BEGIN IMMEDIATE``
transaction together with its links to the store's actors, so a crash or a bad document never leaves
half a readout, and nothing stored earlier is touched. Documents are keyed by the SHA-256 of their
text: storing the same text twice keeps one row. Decisions about actors (alias, merge, split, revert)
are written in a transaction each, with their ``actor_decisions`` row. The schema and its migrations
are in ``schema.py``.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from ..errors import BackchannelError, StoreError
from ..ingest.document import Document
from ..readout import Readout
from . import actor_table
from . import decisions as actor_decisions
from .alias_file import read_alias_file
from .linking import link_document
from .schema import SCHEMA_VERSION, migrate, refuse_newer, user_version

T = TypeVar("T")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _who(who: str | None) -> str:
    return who or os.environ.get("USER") or os.environ.get("USERNAME") or "unknown"


class SQLiteStore:
    """Documents, readouts and actors in a SQLite file. Use as a context manager, or call ``close()``.

    Opening for writing upgrades an older store (``upgraded_from`` says from which version; equal to
    ``SCHEMA_VERSION`` when nothing was done). A store newer than this Backchannel is refused (E401).
    """

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.upgraded_from = SCHEMA_VERSION
        try:
            if readonly:
                self.conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, isolation_level=None)
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.conn = sqlite3.connect(self.path, isolation_level=None)
            self.conn.execute("PRAGMA busy_timeout=10000")
            if readonly:
                refuse_newer(user_version(self.conn), str(self.path))
            else:
                self.conn.execute("PRAGMA journal_mode=WAL")
                self.conn.execute("PRAGMA synchronous=NORMAL")
                self.conn.execute("PRAGMA foreign_keys=ON")
                self.upgraded_from = migrate(self.conn, str(self.path))
        except sqlite3.Error as exc:
            self._close_quietly()
            raise StoreError(f"cannot open the store ({exc}); is it a Backchannel SQLite file?",
                             source=str(self.path), code="E401") from None
        except StoreError:
            self._close_quietly()
            raise

    def _close_quietly(self) -> None:
        if hasattr(self, "conn"):
            self.conn.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def _writing(self, what: str, *, source: str | None = None, doc_id: str | None = None) -> Iterator[None]:
        """One ``BEGIN IMMEDIATE`` transaction: all of it is written or none. SQLite errors become E402
        (``what`` says what could not be written); coded errors raised inside pass through unchanged."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            yield
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise StoreError(f"cannot {what} ({exc})", source=source or str(self.path), doc_id=doc_id,
                             code="E402") from None
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    def _reading(self, read: Callable[[sqlite3.Connection], T]) -> T:
        try:
            return read(self.conn)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read the store ({exc})", source=str(self.path), code="E401") from None

    # Documents and readouts

    def put(self, document: Document, readout: Readout) -> bool:
        """Store a document and its readout atomically, and link its actors to the store's actors.
        Returns True when the document is new."""
        meta = document.meta
        with self._writing("store the document", source=document.source, doc_id=document.id):
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
            link_document(self.conn, document.id, readout.actors, _now())
        return new

    def record_failure(self, error: BackchannelError) -> None:
        """Keep a failed document as a row, so that nothing is silently lost."""
        with self._writing("record a failure"):
            self.conn.execute("INSERT INTO failures (source, doc_id, code, stage, message, failed_at)"
                              " VALUES (?, ?, ?, ?, ?, ?)",
                              (error.source, error.doc_id, error.code, error.stage, error.message, _now()))

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

    # Actors across documents

    def actor_links(self, doc_id: str) -> dict[str, int]:
        """``{"a1": 17, …}``: the store actor each readout actor of a document is now (merges followed)."""
        def read(conn: sqlite3.Connection) -> dict[str, int]:
            rows = conn.execute("SELECT readout_actor, actor_id FROM document_actors WHERE doc_id = ?", (doc_id,))
            return {ref: actor_table.resolve(conn, actor_id) for ref, actor_id in rows.fetchall()}
        return self._reading(read)

    def find_actor(self, ref: str | int) -> int:
        """The store id of the actor named by ``ref`` (an id, ``#17``, or one of its names).
        Raises E503 when there is none and E502 when a name fits several."""
        return self._reading(lambda conn: actor_table.find_actor(conn, ref))

    def actors(self, *, kind: str | None = None, search: str | None = None,
               limit: int | None = None) -> list[dict[str, Any]]:
        """Actors not merged away, most documents first, each with its number of ``documents``."""
        return self._reading(lambda conn: actor_table.list_actors(conn, kind=kind, search=search, limit=limit))

    def actor(self, ref: str | int) -> dict[str, Any]:
        """One actor with its ``aliases``, ``documents`` and the ``decisions`` that touched it."""
        def read(conn: sqlite3.Connection) -> dict[str, Any]:
            actor_id = actor_table.find_actor(conn, ref)
            row = actor_table.actor_row(conn, actor_id)
            assert row is not None
            merged = [i for (i,) in conn.execute("SELECT id FROM actors WHERE merged_into = ? ORDER BY id",
                                                 (actor_id,))]
            return {**row, "aliases": actor_table.aliases(conn, actor_id), "merged": merged,
                    "documents": actor_table.documents(conn, actor_id),
                    "decisions": actor_decisions.decision_rows(conn, actor_id)}
        return self._reading(read)

    def decisions(self, actor: str | int | None = None) -> list[dict[str, Any]]:
        """Every decision taken about actors, oldest first, or only those that touched ``actor`` (a
        number is taken as it is, so a merged actor's own decisions can still be listed)."""
        def read(conn: sqlite3.Connection) -> list[dict[str, Any]]:
            if actor is None:
                return actor_decisions.decision_rows(conn)
            number = str(actor).strip().removeprefix("#")
            exact = number.isdigit() and actor_table.actor_row(conn, int(number)) is not None
            return actor_decisions.decision_rows(conn, int(number) if exact else actor_table.find_actor(conn, actor))
        return self._reading(read)

    def add_alias(self, actor: str | int, alias: str, reason: str | None = None, *,
                  who: str | None = None) -> dict[str, Any]:
        """Say that ``alias`` names ``actor``; returns the decision recorded."""
        with self._writing("record the alias"):
            return actor_decisions.add_alias(self.conn, actor_table.find_actor(self.conn, actor), alias, who=_who(who),
                                       reason=reason, now=_now())

    def unalias(self, actor: str | int, alias: str, reason: str | None = None, *,
                who: str | None = None) -> dict[str, Any]:
        """Say that ``alias`` does not name ``actor``; returns the decision recorded."""
        with self._writing("remove the alias"):
            return actor_decisions.unalias(self.conn, actor_table.find_actor(self.conn, actor), alias, who=_who(who),
                                     reason=reason, now=_now())

    def merge(self, keep: str | int, other: str | int, reason: str | None = None, *,
              who: str | None = None) -> dict[str, Any]:
        """Merge ``other`` into ``keep``; refused (E502) for different Wikidata ids."""
        with self._writing("merge the actors"):
            return actor_decisions.merge(self.conn, actor_table.find_actor(self.conn, keep),
                                   actor_table.find_actor(self.conn, other), who=_who(who), reason=reason, now=_now())

    def split(self, actor: str | int, alias_or_document: str, reason: str | None = None, *,
              who: str | None = None) -> dict[str, Any]:
        """Move an alias (and the documents that used it), or one document, to a new actor."""
        with self._writing("split the actor"):
            return actor_decisions.split(self.conn, actor_table.find_actor(self.conn, actor), alias_or_document,
                                   who=_who(who), reason=reason, now=_now())

    def revert(self, decision_id: int, reason: str | None = None, *, who: str | None = None) -> dict[str, Any]:
        """Undo a decision (recorded as a ``revert`` decision)."""
        with self._writing("revert the decision"):
            return actor_decisions.revert(self.conn, decision_id, who=_who(who), reason=reason, now=_now())

    def import_aliases(self, path: str | Path, reason: str | None = None, *,
                       who: str | None = None) -> list[dict[str, Any]]:
        """Add every alias of a user alias file (``actor<TAB>alias``), all or nothing: a malformed file
        (E501) or an unknown actor (E503, naming ``file:line``) applies none of them. Aliases the actor
        already has from a person are skipped, so importing the same file twice changes nothing."""
        entries = read_alias_file(Path(path))
        with self._writing("import the aliases", source=str(path)):
            recorded = []
            for number, actor, alias in entries:
                try:
                    actor_id = actor_table.find_actor(self.conn, actor)
                    if actor_decisions.has_user_alias(self.conn, actor_id, alias):
                        continue
                    recorded.append(actor_decisions.add_alias(self.conn, actor_id, alias, who=_who(who),
                                                        reason=reason, now=_now()))
                except StoreError as exc:
                    raise StoreError(f"{exc.message}; nothing was applied", source=f"{path}:{number}",
                                     code=exc.code) from None
            return recorded
