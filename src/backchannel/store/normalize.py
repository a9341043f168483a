"""The write path of the normalized readout tables and of the full-text index.

``write_rows`` replaces every normalized row of one document (mentions, roles, quotes, claims with
their reporters, events with their actors, relations) from its readout, inside the caller's transaction, so storing a
document again leaves exactly one set of rows. On SQLite it keeps the FTS5 tables in step too: they
are external-content tables (the text lives once, in ``documents``, ``quotes`` and ``claims``), so the
old entries are deleted with the FTS5 ``'delete'`` command before their rows go, and the new rows are
indexed after they are written. PostgreSQL needs nothing: its GIN indexes are on expressions of the
rows themselves.

``doc_facets`` (one row per distinct facet value of a document: store actor, event type, claim
status) is rewritten with the rows, from ``document_actors``, ``events`` and ``claims``.

``refresh_actor_ids`` brings the rows' store actor ids, and the ``actor`` rows of ``doc_facets``, back in
step with ``document_actors`` after a decision (merge, split, revert) moved links.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, bindparam, delete, select, text, update

from .sql import insert_rows
from .tables import (
    ACTOR_COLUMNS,
    NORMALIZED,
    claim_reporters,
    claims,
    doc_facets,
    document_actors,
    event_actors,
    events,
    mentions,
    quotes,
    relations,
    roles,
)

FTS_TABLES = {"documents": "documents_fts", "quotes": "quotes_fts", "claims": "claims_fts"}
_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?")


def is_sqlite(conn: Connection) -> bool:
    return conn.dialect.name == "sqlite"


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def event_date(event: dict[str, Any]) -> str | None:
    """The event's resolved date as an ISO string, or None when the text does not date it."""
    value = event.get("date")
    if isinstance(value, dict):
        value = value.get("iso") or value.get("value")
    return value if isinstance(value, str) and _ISO_DATE.match(value) else None


def write_rows(conn: Connection, doc_id: str, data: dict[str, Any], published: str | None,
               links: dict[str, int], *, replace: bool = True) -> None:
    """Replace the normalized rows of ``doc_id`` with those of the readout ``data``; ``links`` maps
    readout actor ids ("a1") to store actor ids. ``replace=False`` skips deleting the old rows, for a
    document stored in this very transaction (it has none yet). One multi-row ``INSERT`` per table.
    The readout's counts (``readouts.n_quotes`` …) are the caller's to write: see ``counts``."""
    if replace:
        delete_rows(conn, doc_id)

    def link(ref: Any) -> int | None:
        return links.get(ref) if isinstance(ref, str) else None

    mention_rows, role_rows = [], []
    for actor in data.get("actors") or []:
        ref = str(actor.get("id"))
        for m in actor.get("mentions") or []:
            mention_rows.append({"doc_id": doc_id, "actor_ref": ref, "span_start": m["start"], "span_end": m["end"],
                                 "text": m["text"], "actor_id": link(ref)})
        for role in actor.get("roles") or []:
            role_rows.append({"doc_id": doc_id, "actor_ref": ref, "actor_id": link(ref), "title": role.get("title"),
                              "of_ref": role.get("of"), "of_id": link(role.get("of")), "data": _json(role)})
    quote_rows = [{"doc_id": doc_id, "ref": q["id"], "form": q.get("form"), "act": q.get("act"),
                   "speaker_ref": q.get("speaker"), "speaker_id": link(q.get("speaker")),
                   "addressee_ref": q.get("addressee"), "addressee_id": link(q.get("addressee")),
                   "content_start": q["content"]["start"], "content_end": q["content"]["end"],
                   "content_text": q["content"]["text"], "data": _json(q)} for q in data.get("quotes") or []]
    claim_rows = [{"doc_id": doc_id, "ref": c["id"], "status": c.get("status"), "holder_ref": c.get("holder"),
                   "holder_id": link(c.get("holder")), "holder_is_author": c.get("holder") == "author",
                   "quote_ref": c.get("quote"), "doubted_by": c.get("doubted_by"),
                   "content_start": c["content"]["start"], "content_end": c["content"]["end"],
                   "content_text": c["content"]["text"], "data": _json(c)} for c in data.get("claims") or []]
    reporter_rows = [{"doc_id": doc_id, "claim_ref": c["id"], "position": n, "actor_ref": ref, "actor_id": link(ref)}
                     for c in data.get("claims") or [] if c.get("reported_via")
                     for n, ref in enumerate(r for r in c["reported_via"] if isinstance(r, str))]
    event_rows = []
    for e in data.get("events") or []:
        day = event_date(e)
        event_rows.append({"doc_id": doc_id, "ref": e["id"], "type": e.get("type"), "mode": e.get("mode"),
                           "cameo": e.get("cameo"), "status": e.get("status"),
                           "attributed_to_ref": e.get("attributed_to"),
                           "attributed_to_id": link(e.get("attributed_to")),
                           "event_date": day, "when_date": day or published, "data": _json(e)})
    relation_rows = [{"doc_id": doc_id, "subject_ref": r["subject"], "subject_id": link(r["subject"]),
                      "relation": r["relation"], "object_ref": r["object"], "object_id": link(r["object"]),
                      "data": _json(r)} for r in data.get("relations") or []]
    for table, rows in ((mentions, mention_rows), (roles, role_rows), (quotes, quote_rows), (claims, claim_rows),
                        (claim_reporters, reporter_rows), (events, event_rows), (relations, relation_rows)):
        if rows and table is not events:
            insert_rows(conn, table, list(rows[0]), [tuple(row.values()) for row in rows])
    if event_rows:
        ids = {ref: i for i, ref in insert_rows(conn, events, list(event_rows[0]),
                                                  [tuple(row.values()) for row in event_rows], returning="id, ref")}
        actor_rows = [{"event_id": ids[e["id"]], "doc_id": doc_id, "role": role, "position": n, "actor_ref": ref,
                       "actor_id": link(ref)}
                      for e in data.get("events") or [] for role in ("source", "target")
                      for n, ref in enumerate(e.get(role) or [])]
        if actor_rows:
            insert_rows(conn, event_actors, list(actor_rows[0]), [tuple(row.values()) for row in actor_rows])
    if is_sqlite(conn):
        for name in ("quotes", "claims"):
            conn.execute(text(f"INSERT INTO {FTS_TABLES[name]} (rowid, content_text)"
                              f" SELECT id, content_text FROM {name} WHERE doc_id = :doc_id"), {"doc_id": doc_id})
    write_facets(conn, [doc_id])


# The facet value rows of each kind, for the documents in :docs (an expanding parameter).
_FACET_ROWS = {
    "actor": "SELECT DISTINCT 'actor', CAST(actor_id AS TEXT), doc_id FROM document_actors WHERE doc_id IN :docs",
    "event_type": "SELECT 'event_type', type, doc_id FROM events WHERE doc_id IN :docs AND type IS NOT NULL",
    "claim_status": "SELECT 'claim_status', status, doc_id FROM claims WHERE doc_id IN :docs AND status IS NOT NULL",
}


def write_facets(conn: Connection, doc_ids: list[str], kinds: tuple[str, ...] = tuple(_FACET_ROWS)) -> None:
    """(Re)write the ``doc_facets`` rows of ``kinds`` for ``doc_ids`` from the rows now stored (the old
    ones must be gone already: ``delete_rows`` removes them, ``refresh_actor_ids`` the actor ones). One
    statement; ``DISTINCT`` and ``UNION`` keep one row per distinct value."""
    statement = text("INSERT INTO doc_facets (facet, value, doc_id) "
                     + " UNION ".join(_FACET_ROWS[kind] for kind in kinds)).bindparams(
        bindparam("docs", expanding=True))
    conn.execute(statement, {"docs": doc_ids})


def counts(data: dict[str, Any]) -> dict[str, int]:
    """The counts ``readouts`` keeps of a readout's items (written with the readout itself)."""
    return {"n_quotes": len(data.get("quotes") or []), "n_claims": len(data.get("claims") or []),
            "n_events": len(data.get("events") or [])}


def delete_rows(conn: Connection, doc_id: str) -> None:
    """Remove the normalized rows of one document (and, on SQLite, their full-text entries)."""
    if is_sqlite(conn):
        for name in ("quotes", "claims"):
            conn.execute(text(f"INSERT INTO {FTS_TABLES[name]} ({FTS_TABLES[name]}, rowid, content_text)"
                              f" SELECT 'delete', id, content_text FROM {name} WHERE doc_id = :doc_id"),
                         {"doc_id": doc_id})
    for table in NORMALIZED:
        conn.execute(delete(table).where(table.c.doc_id == doc_id))
    conn.execute(delete(doc_facets).where(doc_facets.c.doc_id == doc_id))


def index_document(conn: Connection, doc_id: str) -> None:
    """Add a newly stored document to the SQLite full-text index (its text never changes afterwards)."""
    if is_sqlite(conn):
        conn.execute(text("INSERT INTO documents_fts (rowid, title, text) SELECT num, coalesce(title, ''), text"
                          " FROM documents WHERE id = :doc_id"), {"doc_id": doc_id})


def refresh_actor_ids(conn: Connection, actor_ids: Iterable[int]) -> None:
    """After links moved between ``actor_ids``: every normalized row of the documents that involve them
    names the store actor its readout actor is now linked to."""
    touched = sorted(set(actor_ids))
    if not touched:
        return
    docs: set[str] = set(conn.execute(select(document_actors.c.doc_id).where(
        document_actors.c.actor_id.in_(touched))).scalars())
    for table in NORMALIZED:
        for id_column, _ in ACTOR_COLUMNS[table.name]:
            docs.update(conn.execute(select(table.c.doc_id).where(table.c[id_column].in_(touched))).scalars())
    docs.update(conn.execute(select(doc_facets.c.doc_id).where(
        doc_facets.c.facet == "actor", doc_facets.c.value.in_([str(i) for i in touched]))).scalars())
    ordered = sorted(docs)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start:start + 500]
        for table in NORMALIZED:
            values = {}
            for id_column, ref_column in ACTOR_COLUMNS[table.name]:
                values[id_column] = select(document_actors.c.actor_id).where(
                    document_actors.c.doc_id == table.c.doc_id,
                    document_actors.c.readout_actor == table.c[ref_column]).scalar_subquery()
            conn.execute(update(table).where(table.c.doc_id.in_(chunk)).values(values))
        conn.execute(delete(doc_facets).where(doc_facets.c.facet == "actor", doc_facets.c.doc_id.in_(chunk)))
        write_facets(conn, chunk, ("actor",))
