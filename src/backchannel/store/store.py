"""The store: documents, their readouts, the failures of a batch and the actors met across documents,
in a SQLite file (the default) or a PostgreSQL database, through SQLAlchemy Core.

Every write is one transaction (``BEGIN IMMEDIATE`` on SQLite): a document is stored together with its
readout JSON, its normalized rows (mentions, roles, quotes, claims, events, relations), its links to
the store's actors and, on SQLite, its full-text entries — so a crash or a bad document never leaves
half a readout, and nothing stored earlier is touched. Documents are keyed by the SHA-256 of their
text: storing the same text twice keeps one row and one set of normalized rows. Decisions about
actors (alias, merge, split, revert) are one transaction each, with their ``actor_decisions`` row.
The schema and its migrations are in ``schema.py``; the reading side (``reader.py``) in
``queries.py``, ``search.py`` and ``aggregates.py``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from sqlalchemy import Connection, func, insert, select, text
from sqlalchemy.exc import SQLAlchemyError

from ..errors import BackchannelError, StoreError
from ..ingest.document import Document
from ..readout import Readout
from . import actor_table, aggregates, normalize, queries, search
from . import decisions as actor_decisions
from .alias_file import read_alias_file
from .engine import WRITE, display, is_postgres, make_engine
from .linking import link_document
from .reader import Page
from .schema import SCHEMA_VERSION, migrate, refuse_older, stored_version
from .tables import failures, readouts

T = TypeVar("T")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _who(who: str | None) -> str:
    return who or os.environ.get("USER") or os.environ.get("USERNAME") or "unknown"


def _cannot(what: str, exc: SQLAlchemyError) -> str:
    detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    return f"cannot {what} ({detail})"


class Store:
    """Documents, readouts and actors in a SQLite file or a PostgreSQL database. Use as a context
    manager, or call ``close()``. Implements ``reader.StoreReader``.

    ``url_or_path`` is a file path, ``sqlite:///path`` or ``postgresql://user@host/db``. Opening for
    writing upgrades an older store (``upgraded_from`` says from which schema version; equal to
    ``SCHEMA_VERSION`` when nothing was done, 0 for a new store). A store newer than this Backchannel
    is refused (E401); a read-only store must already be at ``SCHEMA_VERSION``.
    """

    def __init__(self, url_or_path: str | Path, *, readonly: bool = False) -> None:
        self.url = str(url_or_path)
        self.source = display(url_or_path)
        self.readonly = readonly
        self.upgraded_from = SCHEMA_VERSION
        if not is_postgres(url_or_path):
            self.path: Path | None = Path(self.source)
            if not readonly:
                self.path.parent.mkdir(parents=True, exist_ok=True)
        else:
            self.path = None
        try:
            self.engine = make_engine(url_or_path, readonly=readonly)
        except (ValueError, SQLAlchemyError, ImportError) as exc:
            raise StoreError(f"cannot open the store ({exc})", source=self.source, code="E401") from None
        try:
            if readonly:
                with self.engine.connect() as conn:
                    found, _ = stored_version(conn, self.source)
                refuse_older(found, self.source)
            else:
                self.upgraded_from = migrate(self.engine, self.source)
        except SQLAlchemyError as exc:
            self.engine.dispose()
            hint = "is it a Backchannel SQLite file?" if self.path is not None else "is the server running?"
            raise StoreError(f"{_cannot('open the store', exc)}; {hint}", source=self.source, code="E401") from None
        except StoreError:
            self.engine.dispose()
            raise

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _writing(self, what: str, *, source: str | None = None, doc_id: str | None = None) -> Iterator[Connection]:
        """One write transaction: all of it is written or none. Database errors become E402 (``what``
        says what could not be written); coded errors raised inside pass through unchanged."""
        if self.readonly:
            raise StoreError(f"cannot {what}: the store was opened read-only", source=self.source, code="E402")
        try:
            with self.engine.connect().execution_options(**{WRITE: True}) as conn, conn.begin():
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(_cannot(what, exc), source=source or self.source, doc_id=doc_id, code="E402") from None

    def _reading(self, read: Callable[[Connection], T]) -> T:
        """``read`` in one read transaction (one snapshot: a page's total and items agree)."""
        try:
            with self.engine.connect() as conn:
                return read(conn)
        except SQLAlchemyError as exc:
            if "fts5" in str(exc).lower():
                raise StoreError(f"the search cannot be parsed ({exc.orig if hasattr(exc, 'orig') else exc});"
                                 " use words and \"quoted phrases\"", source=self.source, code="E403") from None
            raise StoreError(_cannot("read the store", exc), source=self.source, code="E401") from None

    # Documents and readouts

    def put(self, document: Document, readout: Readout) -> bool:
        """Store a document, its readout and its normalized rows atomically, and link its actors to the
        store's actors. Storing it again replaces the readout and its rows. Returns True when new."""
        meta = document.meta
        data = readout.to_dict()
        with self._writing("store the document", source=document.source, doc_id=document.id) as conn:
            number = "(SELECT coalesce(max(num), 0) + 1 FROM documents)" if not is_postgres(self.url) else "NULL"
            new = conn.execute(text(
                "INSERT INTO documents (id, external_id, source, title, url, published, outlet, author, text,"
                f" stored_at, num) VALUES (:id, :external_id, :source, :title, :url, :published, :outlet, :author,"
                f" :text, :stored_at, {number}) ON CONFLICT (id) DO NOTHING"),
                {"id": document.id, "external_id": document.external_id, "source": document.source,
                 "title": meta.get("title"), "url": meta.get("url"), "published": meta.get("published"),
                 "outlet": meta.get("outlet"), "author": meta.get("author"), "text": document.text,
                 "stored_at": _now()}).rowcount == 1
            if new:
                normalize.index_document(conn, document.id)
            conn.execute(text(
                "INSERT INTO readouts (doc_id, pipeline, pipeline_version, readout, n_actors, stored_at, n_quotes,"
                " n_claims, n_events) VALUES (:doc_id, :pipeline, :version, :readout, :n_actors, :stored_at,"
                " :n_quotes, :n_claims, :n_events) ON CONFLICT (doc_id) DO UPDATE SET pipeline = excluded.pipeline,"
                " pipeline_version = excluded.pipeline_version, readout = excluded.readout,"
                " n_actors = excluded.n_actors, stored_at = excluded.stored_at, n_quotes = excluded.n_quotes,"
                " n_claims = excluded.n_claims, n_events = excluded.n_events"),
                {"doc_id": document.id, "pipeline": readout.pipeline.get("name", ""),
                 "version": readout.pipeline.get("version", ""), "readout": json.dumps(data, ensure_ascii=False),
                 "n_actors": len(readout.actors), "stored_at": _now(), **normalize.counts(data)})
            links = link_document(conn, document.id, readout.actors, _now(), new)
            published = meta.get("published") if new else conn.execute(
                text("SELECT published FROM documents WHERE id = :id"), {"id": document.id}).scalar()
            normalize.write_rows(conn, document.id, data, published, links, replace=not new)
        return new

    def record_failure(self, error: BackchannelError) -> None:
        """Keep a failed document as a row, so that nothing is silently lost."""
        with self._writing("record a failure") as conn:
            conn.execute(insert(failures).values(source=error.source, doc_id=error.doc_id, code=error.code,
                                                 stage=error.stage, message=error.message, failed_at=_now()))

    def get(self, doc_id: str) -> Readout | None:
        data = self._reading(lambda conn: conn.execute(
            select(readouts.c.readout).where(readouts.c.doc_id == doc_id)).scalar())
        return None if data is None else Readout.from_dict(json.loads(data))

    def readouts(self, batch: int = 200, *, doc_ids: Iterable[str] | None = None) -> Iterator[Readout]:
        """Every stored readout, oldest first, read in batches (a large store is never held whole); with
        ``doc_ids``, the readouts of those documents in that order (unknown ids skipped)."""
        if doc_ids is not None:
            yield from self._readouts_of(doc_ids, batch)
            return
        after: tuple[str, str] | None = None
        while True:
            def read(conn: Connection, after: tuple[str, str] | None = after) -> Sequence[Any]:
                query = select(readouts.c.stored_at, readouts.c.doc_id, readouts.c.readout)
                if after is not None:
                    query = query.where((readouts.c.stored_at > after[0])
                                        | ((readouts.c.stored_at == after[0]) & (readouts.c.doc_id > after[1])))
                return conn.execute(query.order_by(readouts.c.stored_at, readouts.c.doc_id).limit(batch)).all()
            rows = self._reading(read)
            for row in rows:
                yield Readout.from_dict(json.loads(row.readout))
            if len(rows) < batch:
                return
            after = (rows[-1].stored_at, rows[-1].doc_id)

    def _readouts_of(self, doc_ids: Iterable[str], batch: int) -> Iterator[Readout]:
        ids = iter(doc_ids)
        while wanted := list(islice(ids, batch)):
            def read(conn: Connection, wanted: list[str] = wanted) -> dict[str, str]:
                rows = conn.execute(select(readouts.c.doc_id, readouts.c.readout).where(readouts.c.doc_id.in_(wanted)))
                return {row.doc_id: row.readout for row in rows}
            found = self._reading(read)
            for doc_id in wanted:
                if doc_id in found:
                    yield Readout.from_dict(json.loads(found[doc_id]))

    def failures(self) -> list[dict[str, Any]]:
        c = failures.c
        return self._reading(lambda conn: [dict(row._mapping) for row in conn.execute(
            select(c.source, c.doc_id, c.code, c.stage, c.message, c.failed_at).order_by(c.id))])

    def counts(self) -> dict[str, int]:
        def read(conn: Connection) -> dict[str, int]:
            return {table: conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                    for table in ("documents", "readouts", "failures")}
        return self._reading(read)

    def table_counts(self, doc_id: str | None = None) -> dict[str, int]:
        """Rows per normalized table (of one document, or all): for checks and benchmarks."""
        from .tables import NORMALIZED

        def read(conn: Connection) -> dict[str, int]:
            found = {}
            for table in NORMALIZED:
                query = select(func.count()).select_from(table)
                if doc_id is not None:
                    query = query.where(table.c.doc_id == doc_id)
                found[table.name] = conn.execute(query).scalar_one()
            return found
        return self._reading(read)

    # Actors across documents

    def actor_links(self, doc_id: str) -> dict[str, int]:
        """``{"a1": 17, …}``: the store actor each readout actor of a document is now (merges followed)."""
        def read(conn: Connection) -> dict[str, int]:
            rows = conn.execute(text("SELECT readout_actor, actor_id FROM document_actors WHERE doc_id = :d"),
                                {"d": doc_id})
            return {ref: actor_table.resolve(conn, actor_id) for ref, actor_id in rows}
        return self._reading(read)

    def readout_links(self, doc_ids: Sequence[str]) -> dict[str, dict[str, dict[str, Any]]]:
        """``{doc_id: {"a1": ActorRef + {wikidata, kb_id}, …}}`` for many documents in one query (merges
        followed): the links exports pair with each readout."""
        return self._reading(lambda conn: queries.document_links(conn, list(doc_ids)))

    def find_actor(self, ref: str | int) -> int:
        """The store id of the actor named by ``ref`` (an id, ``#17``, or one of its names).
        Raises E503 when there is none and E502 when a name fits several."""
        return self._reading(lambda conn: actor_table.find_actor(conn, ref))

    def actor_list(self, *, kind: str | None = None, search: str | None = None,
                   limit: int | None = None) -> list[dict[str, Any]]:
        """Actors not merged away, most documents first, each with its number of ``documents`` (the
        list behind ``backchannel actors list``; ``actors()`` is the paged reader view)."""
        return self._reading(lambda conn: actor_table.list_actors(conn, kind=kind, search=search, limit=limit))

    def actor(self, ref: str | int) -> dict[str, Any]:
        """One actor with its ``aliases``, ``documents`` and the ``decisions`` that touched it."""
        def read(conn: Connection) -> dict[str, Any]:
            actor_id = actor_table.find_actor(conn, ref)
            row = actor_table.actor_row(conn, actor_id)
            assert row is not None
            merged = list(conn.execute(text("SELECT id FROM actors WHERE merged_into = :a ORDER BY id"),
                                       {"a": actor_id}).scalars())
            return {**row, "aliases": actor_table.aliases(conn, actor_id), "merged": merged,
                    "documents": actor_table.documents(conn, actor_id),
                    "decisions": actor_decisions.decision_rows(conn, actor_id)}
        return self._reading(read)

    def decisions(self, actor: str | int | None = None) -> list[dict[str, Any]]:
        """Every decision taken about actors, oldest first, or only those that touched ``actor`` (a
        number is taken as it is, so a merged actor's own decisions can still be listed)."""
        def read(conn: Connection) -> list[dict[str, Any]]:
            if actor is None:
                return actor_decisions.decision_rows(conn)
            number = str(actor).strip().removeprefix("#")
            exact = number.isdigit() and actor_table.actor_row(conn, int(number)) is not None
            return actor_decisions.decision_rows(conn, int(number) if exact else actor_table.find_actor(conn, actor))
        return self._reading(read)

    def _decide(self, what: str, decide: Callable[[Connection], dict[str, Any]]) -> dict[str, Any]:
        """A decision and, when it moved document links, the normalized rows brought in step."""
        with self._writing(what) as conn:
            record = decide(conn)
            normalize.refresh_actor_ids(conn, record["payload"].get("actors", []))
            return record

    def add_alias(self, actor: str | int, alias: str, reason: str | None = None, *,
                  who: str | None = None) -> dict[str, Any]:
        """Say that ``alias`` names ``actor``; returns the decision recorded."""
        with self._writing("record the alias") as conn:
            return actor_decisions.add_alias(conn, actor_table.find_actor(conn, actor), alias, who=_who(who),
                                             reason=reason, now=_now())

    def unalias(self, actor: str | int, alias: str, reason: str | None = None, *,
                who: str | None = None) -> dict[str, Any]:
        """Say that ``alias`` does not name ``actor``; returns the decision recorded."""
        with self._writing("remove the alias") as conn:
            return actor_decisions.unalias(conn, actor_table.find_actor(conn, actor), alias, who=_who(who),
                                           reason=reason, now=_now())

    def merge(self, keep: str | int, other: str | int, reason: str | None = None, *,
              who: str | None = None) -> dict[str, Any]:
        """Merge ``other`` into ``keep``; refused (E502) for different Wikidata ids."""
        return self._decide("merge the actors", lambda conn: actor_decisions.merge(
            conn, actor_table.find_actor(conn, keep), actor_table.find_actor(conn, other), who=_who(who),
            reason=reason, now=_now()))

    def split(self, actor: str | int, alias_or_document: str, reason: str | None = None, *,
              who: str | None = None) -> dict[str, Any]:
        """Move an alias (and the documents that used it), or one document, to a new actor."""
        return self._decide("split the actor", lambda conn: actor_decisions.split(
            conn, actor_table.find_actor(conn, actor), alias_or_document, who=_who(who), reason=reason, now=_now()))

    def revert(self, decision_id: int, reason: str | None = None, *, who: str | None = None) -> dict[str, Any]:
        """Undo a decision (recorded as a ``revert`` decision)."""
        return self._decide("revert the decision", lambda conn: actor_decisions.revert(
            conn, decision_id, who=_who(who), reason=reason, now=_now()))

    def import_aliases(self, path: str | Path, reason: str | None = None, *,
                       who: str | None = None) -> list[dict[str, Any]]:
        """Add every alias of a user alias file (``actor<TAB>alias``), all or nothing: a malformed file
        (E501) or an unknown actor (E503, naming ``file:line``) applies none of them. Aliases the actor
        already has from a person are skipped, so importing the same file twice changes nothing."""
        entries = read_alias_file(Path(path))
        with self._writing("import the aliases", source=str(path)) as conn:
            recorded = []
            for number, actor, alias in entries:
                try:
                    actor_id = actor_table.find_actor(conn, actor)
                    if actor_decisions.has_user_alias(conn, actor_id, alias):
                        continue
                    recorded.append(actor_decisions.add_alias(conn, actor_id, alias, who=_who(who),
                                                              reason=reason, now=_now()))
                except StoreError as exc:
                    raise StoreError(f"{exc.message}; nothing was applied", source=f"{path}:{number}",
                                     code=exc.code) from None
            return recorded

    # The reader contract (reader.StoreReader)

    def documents(self, *, q: str | None = None, outlet: str | None = None, actor: int | None = None,
                  event_type: str | None = None, claim_status: str | None = None,
                  date_from: str | None = None, date_to: str | None = None, reported_via: int | None = None,
                  limit: int = 50, offset: int = 0) -> Page:
        return self._reading(lambda conn: queries.list_documents(
            conn, q=q, outlet=outlet, actor=actor, event_type=event_type, claim_status=claim_status,
            date_from=date_from, date_to=date_to, reported_via=reported_via, limit=limit, offset=offset))

    def document(self, doc_id: str) -> dict[str, Any] | None:
        return self._reading(lambda conn: queries.get_document(conn, doc_id))

    def actor_page(self, actor_id: int) -> dict[str, Any] | None:
        return self._reading(lambda conn: aggregates.actor_page(conn, actor_id))

    def actors(self, *, q: str | None = None, kind: str | None = None, country: str | None = None,
               limit: int = 50, offset: int = 0) -> Page:
        return self._reading(lambda conn: queries.list_actors(conn, q=q, kind=kind, country=country, limit=limit,
                                                              offset=offset))

    def quotes(self, *, q: str | None = None, speaker: int | None = None, addressee: int | None = None,
               act: str | None = None, form: str | None = None, outlet: str | None = None,
               date_from: str | None = None, date_to: str | None = None, doc_id: str | None = None,
               limit: int = 50, offset: int = 0) -> Page:
        return self._reading(lambda conn: queries.list_quotes(
            conn, q=q, speaker=speaker, addressee=addressee, act=act, form=form, outlet=outlet,
            date_from=date_from, date_to=date_to, doc_id=doc_id, limit=limit, offset=offset))

    def claims(self, *, q: str | None = None, holder: int | None = None, author: bool | None = None,
               status: str | None = None, outlet: str | None = None, date_from: str | None = None,
               date_to: str | None = None, doc_id: str | None = None, reported_via: int | None = None,
               limit: int = 50, offset: int = 0) -> Page:
        return self._reading(lambda conn: queries.list_claims(
            conn, q=q, holder=holder, author=author, status=status, outlet=outlet, date_from=date_from,
            date_to=date_to, doc_id=doc_id, reported_via=reported_via, limit=limit, offset=offset))

    def events(self, *, type: str | None = None, status: str | None = None, actor: int | None = None,
               source: int | None = None, target: int | None = None, outlet: str | None = None,
               date_from: str | None = None, date_to: str | None = None, doc_id: str | None = None,
               limit: int = 50, offset: int = 0) -> Page:
        return self._reading(lambda conn: queries.list_events(
            conn, type=type, status=status, actor=actor, source=source, target=target, outlet=outlet,
            date_from=date_from, date_to=date_to, doc_id=doc_id, limit=limit, offset=offset))

    def search(self, q: str, *, kinds: tuple[str, ...] = ("document", "quote", "claim"),
               outlet: str | None = None, date_from: str | None = None, date_to: str | None = None,
               limit: int = 50, offset: int = 0) -> Page:
        return self._reading(lambda conn: search.search(conn, q, kinds=kinds, outlet=outlet, date_from=date_from,
                                                        date_to=date_to, limit=limit, offset=offset))

    def facets(self, *, q: str | None = None, outlet: str | None = None, actor: int | None = None,
               event_type: str | None = None, claim_status: str | None = None, date_from: str | None = None,
               date_to: str | None = None, reported_via: int | None = None, size: int = 20) -> dict[str, Any]:
        return self._reading(lambda conn: aggregates.facets(
            conn, q=q, outlet=outlet, actor=actor, event_type=event_type, claim_status=claim_status,
            date_from=date_from, date_to=date_to, reported_via=reported_via, size=size))

    def network(self, *, kinds: tuple[str, ...] = ("quote", "event"), types: tuple[str, ...] | None = None,
                actor: int | None = None, date_from: str | None = None, date_to: str | None = None,
                min_weight: int = 1, limit: int = 300) -> dict[str, Any]:
        return self._reading(lambda conn: aggregates.network(
            conn, kinds=kinds, types=types, actor=actor, date_from=date_from, date_to=date_to,
            min_weight=min_weight, limit=limit))

    def timeline(self, *, actor: int | None = None, type: str | None = None, status: str | None = None,
                 date_from: str | None = None, date_to: str | None = None, limit: int = 1000) -> list[dict[str, Any]]:
        return self._reading(lambda conn: queries.timeline(conn, actor=actor, type=type, status=status,
                                                           date_from=date_from, date_to=date_to, limit=limit))


def open_store(url_or_path: str | Path, readonly: bool = False) -> Store:
    """Open (creating or upgrading when writing) the store at a path, ``sqlite:///…`` or ``postgresql://…``."""
    return Store(url_or_path, readonly=readonly)


SQLiteStore = Store  # the name stores had when they were SQLite only
