"""Writing a stored readout's normalized rows, frozen as revision ``0002`` runs its backfill.

Revision 0002 creates the normalized tables and fills them from every readout already stored. It
used to import ``backchannel.store.normalize``, whose write path follows ``tables.py``, the schema of
the *newest* revision: once a later revision changes those tables (a column added, a table
renamed), the old backfill would write rows that revision 0002's tables cannot take, and a store
upgraded from before 0002 would fail or differ from one that ran 0002 when it was new. This module
is the write path of schema 3 as it was when revision 0002 was written, on its own table names and
columns (plain SQL, no ``tables.py``); it must not change with the package. Later revisions that
change these tables migrate the rows written here like any other stored rows.
"""

from __future__ import annotations

import json
import re
from typing import Any

import sqlalchemy as sa

_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?")
_COLUMNS = {
    "mentions": ("doc_id", "actor_ref", "span_start", "span_end", "text", "actor_id"),
    "roles": ("doc_id", "actor_ref", "actor_id", "title", "of_ref", "of_id", "data"),
    "quotes": ("doc_id", "ref", "form", "act", "speaker_ref", "speaker_id", "addressee_ref", "addressee_id",
               "content_start", "content_end", "content_text", "data"),
    "claims": ("doc_id", "ref", "status", "holder_ref", "holder_id", "holder_is_author", "quote_ref", "doubted_by",
               "content_start", "content_end", "content_text", "data"),
    "events": ("doc_id", "ref", "type", "mode", "cameo", "status", "attributed_to_ref", "attributed_to_id",
               "event_date", "when_date", "data"),
    "event_actors": ("event_id", "doc_id", "role", "position", "actor_ref", "actor_id"),
    "relations": ("doc_id", "subject_ref", "subject_id", "relation", "object_ref", "object_id", "data"),
}


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _insert(bind: sa.Connection, table: str, rows: list[dict[str, Any]]) -> None:
    if rows:
        columns = _COLUMNS[table]
        bind.execute(sa.text(f"INSERT INTO {table} ({', '.join(columns)})"
                             f" VALUES ({', '.join(':' + c for c in columns)})"), rows)


def event_date(event: dict[str, Any]) -> str | None:
    value = event.get("date")
    if isinstance(value, dict):
        value = value.get("iso") or value.get("value")
    return value if isinstance(value, str) and _ISO_DATE.match(value) else None


def index_document(bind: sa.Connection, doc_id: str) -> None:
    """A document into the SQLite full-text index (PostgreSQL's index is on the rows themselves)."""
    if bind.dialect.name == "sqlite":
        bind.execute(sa.text("INSERT INTO documents_fts (rowid, title, text) SELECT num, coalesce(title, ''), text"
                             " FROM documents WHERE id = :doc_id"), {"doc_id": doc_id})


def write_rows(bind: sa.Connection, doc_id: str, data: dict[str, Any], published: str | None,
               links: dict[str, int]) -> None:
    """The normalized rows of one readout (the document has none yet: the tables are new)."""

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
    for table, rows in (("mentions", mention_rows), ("roles", role_rows), ("quotes", quote_rows),
                        ("claims", claim_rows), ("events", event_rows), ("relations", relation_rows)):
        _insert(bind, table, rows)
    if event_rows:
        ids = {ref: i for i, ref in bind.execute(sa.text("SELECT id, ref FROM events WHERE doc_id = :doc_id"),
                                                 {"doc_id": doc_id})}
        _insert(bind, "event_actors", [
            {"event_id": ids[e["id"]], "doc_id": doc_id, "role": role, "position": n, "actor_ref": ref,
             "actor_id": link(ref)}
            for e in data.get("events") or [] for role in ("source", "target")
            for n, ref in enumerate(e.get(role) or [])])
    bind.execute(sa.text("UPDATE readouts SET n_quotes = :q, n_claims = :c, n_events = :e WHERE doc_id = :doc_id"),
                 {"q": len(quote_rows), "c": len(claim_rows), "e": len(event_rows), "doc_id": doc_id})
    if bind.dialect.name == "sqlite":
        for table in ("quotes", "claims"):
            bind.execute(sa.text(f"INSERT INTO {table}_fts (rowid, content_text)"
                                 f" SELECT id, content_text FROM {table} WHERE doc_id = :doc_id"), {"doc_id": doc_id})
