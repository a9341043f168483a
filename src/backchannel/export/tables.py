"""The flat tables that the ``csv`` and ``parquet`` exports write: one row per readout item.

Seven tables, the same columns in both formats:

- ``documents``: one row per readout (metadata, pipeline, item counts and the text the offsets refer to).
- ``actors``: one row per readout actor (``actor_ref`` "a1" in the document), with the store actor it
  links to (``store_actor_id``, the store's ``name``/``kind``/``country``/``sector``) and the export-wide
  ``actor_id`` (the store id as text, or ``"<doc_id>:a1"`` for readouts without a store).
- ``mentions``: one row per mention span of an actor.
- ``quotes``, ``claims``, ``events``, ``relations``: one row per item; every actor is given by its local
  ref, its ``_id``, its ``_store_id`` and its ``_name``; every span by ``_start``, ``_end``, ``_text``.

A claim's attribution chain (readout ``reported_via``: every named actor through whom it reaches the
author, nearest first) is ``reported_via_refs``/``_ids``/``_store_ids``/``_names``, one item per link in
that order; ``reported_by_*`` is its first link. An event's role phrases (readout ``source_spans``,
``target_spans``: "18 people", "police", actors or not) are ``source_phrases``/``_starts``/``_ends`` and
the same for ``target``.

Columns of kind ``list`` (an event's sources and targets, an actor's roles) are Parquet lists; CSV joins
their items with ``|`` (a ``|`` inside an item is written as ``¦``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from .records import Actor, DocActors, ExportRecord

JSON = dict[str, Any]
Row = dict[str, Any]

# Column kinds: "str", "int", "bool", "list_str", "list_int" (see the Parquet schemas in parquet_tables.py).
Columns = tuple[tuple[str, str], ...]


def _span_columns(prefix: str) -> Columns:
    return ((f"{prefix}_start", "int"), (f"{prefix}_end", "int"), (f"{prefix}_text", "str"))


def _actor_columns(prefix: str) -> Columns:
    return ((f"{prefix}_ref", "str"), (f"{prefix}_id", "str"), (f"{prefix}_store_id", "int"),
            (f"{prefix}_name", "str"))


def _phrase_columns(prefix: str) -> Columns:
    return ((f"{prefix}_phrases", "list_str"), (f"{prefix}_phrase_starts", "list_int"),
            (f"{prefix}_phrase_ends", "list_int"))


def _actors_columns(prefix: str) -> Columns:
    return ((f"{prefix}_refs", "list_str"), (f"{prefix}_ids", "list_str"), (f"{prefix}_store_ids", "list_int"),
            (f"{prefix}_names", "list_str"))


DOC = (("doc_id", "str"),)

COLUMNS: dict[str, Columns] = {
    "documents": (*DOC, ("title", "str"), ("url", "str"), ("published", "str"), ("outlet", "str"),
                  ("author", "str"), ("language", "str"), ("external_id", "str"), ("pipeline", "str"),
                  ("pipeline_version", "str"), ("n_chars", "int"), ("n_actors", "int"), ("n_quotes", "int"),
                  ("n_claims", "int"), ("n_events", "int"), ("n_relations", "int"), ("text", "str")),
    "actors": (*DOC, ("actor_ref", "str"), ("actor_id", "str"), ("store_actor_id", "int"), ("name", "str"),
               ("readout_name", "str"), ("kind", "str"), ("country", "str"), ("sector", "str"),
               ("wikidata", "str"), ("kb_id", "str"), ("n_mentions", "int"), ("roles", "list_str")),
    "mentions": (*DOC, ("actor_ref", "str"), ("actor_id", "str"), ("store_actor_id", "int"),
                 ("actor_name", "str"), ("start", "int"), ("end", "int"), ("text", "str")),
    "quotes": (*DOC, ("quote_id", "str"), ("form", "str"), ("act", "str"), *_actor_columns("speaker"),
               *_span_columns("speaker_span"), *_actor_columns("addressee"), *_span_columns("cue"),
               *_span_columns("content"), ("reported_by", "str")),
    "claims": (*DOC, ("claim_id", "str"), ("status", "str"), *_actor_columns("holder"),
               ("holder_is_author", "bool"), *_span_columns("cue"), *_span_columns("content"), ("quote_id", "str"),
               ("doubted_by", "str"), *_actor_columns("reported_by"), *_actors_columns("reported_via")),
    "events": (*DOC, ("event_id", "str"), ("type", "str"), ("mode", "str"), ("cameo", "str"), ("status", "str"),
               *_actors_columns("source"), *_actors_columns("target"), *_span_columns("trigger"),
               *_actor_columns("attributed_to"), ("date", "str"), *_span_columns("date_span"),
               *_actor_columns("place"), *_span_columns("place_span"), ("place_country", "str"),
               ("coded_from", "str"), *_phrase_columns("source"), *_phrase_columns("target")),
    "relations": (*DOC, ("relation_id", "str"), *_actor_columns("subject"), ("relation", "str"),
                  *_actor_columns("object"), *_span_columns("evidence")),
}

TABLES: tuple[str, ...] = tuple(COLUMNS)


def _span(prefix: str, span: JSON | None) -> Row:
    span = span if isinstance(span, dict) else {}
    return {f"{prefix}_start": span.get("start"), f"{prefix}_end": span.get("end"), f"{prefix}_text": span.get("text")}


def _actor(prefix: str, ref: Any, actors: DocActors) -> Row:
    found = actors.get(ref) if isinstance(ref, str) else None
    return {f"{prefix}_ref": ref if isinstance(ref, str) else None, f"{prefix}_id": found and found.key,
            f"{prefix}_store_id": found and found.store_id, f"{prefix}_name": found and found.name}


def _actors(prefix: str, refs: list[str] | None, actors: DocActors) -> Row:
    found: list[Actor | None] = [actors.get(ref) for ref in refs or []]
    return {f"{prefix}_refs": list(refs or []), f"{prefix}_ids": [a.key if a else None for a in found],
            f"{prefix}_store_ids": [a.store_id if a else None for a in found],
            f"{prefix}_names": [a.name if a else None for a in found]}


def _phrases(prefix: str, spans: Any) -> Row:
    found = [span for span in spans if isinstance(span, dict)] if isinstance(spans, list) else []
    return {f"{prefix}_phrases": [span.get("text") for span in found],
            f"{prefix}_phrase_starts": [span.get("start") for span in found],
            f"{prefix}_phrase_ends": [span.get("end") for span in found]}


def _text_of(value: Any) -> str | None:
    """An event's date or place may be a string, a small object, or null."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, dict):
        for key in ("value", "text", "name", "date"):
            if isinstance(value.get(key), str):
                return str(value[key])
    return str(value)


def _documents(record: ExportRecord, actors: DocActors) -> Iterator[Row]:
    r = record.readout
    meta = r.meta
    yield {"doc_id": r.id, "title": meta.get("title"), "url": meta.get("url"), "published": meta.get("published"),
           "outlet": meta.get("outlet"), "author": meta.get("author"), "language": meta.get("language"),
           "external_id": meta.get("external_id"), "pipeline": r.pipeline.get("name"),
           "pipeline_version": r.pipeline.get("version"), "n_chars": len(r.text), "n_actors": len(r.actors),
           "n_quotes": len(r.quotes), "n_claims": len(r.claims), "n_events": len(r.events),
           "n_relations": len(r.relations), "text": r.text}


def _role(role: JSON, actors: DocActors) -> str:
    of = actors.get(role.get("of"))
    return f"{role.get('title') or ''} of {of.name}" if of else str(role.get("title") or "")


def _actor_rows(record: ExportRecord, actors: DocActors) -> Iterator[Row]:
    for local in record.readout.actors:
        a = actors.by_ref[local["id"]]
        yield {"doc_id": record.readout.id, "actor_ref": a.ref, "actor_id": a.key, "store_actor_id": a.store_id,
               "name": a.name, "readout_name": a.readout_name, "kind": a.kind, "country": a.country,
               "sector": a.sector, "wikidata": a.wikidata, "kb_id": a.kb_id, "n_mentions": len(a.mentions),
               "roles": [_role(role, actors) for role in local.get("roles") or []]}


def _mentions(record: ExportRecord, actors: DocActors) -> Iterator[Row]:
    for a in actors:
        for m in a.mentions:
            yield {"doc_id": record.readout.id, "actor_ref": a.ref, "actor_id": a.key, "store_actor_id": a.store_id,
                   "actor_name": a.name, "start": m.get("start"), "end": m.get("end"), "text": m.get("text")}


def _quotes(record: ExportRecord, actors: DocActors) -> Iterator[Row]:
    for q in record.readout.quotes:
        yield {"doc_id": record.readout.id, "quote_id": q.get("id"), "form": q.get("form"), "act": q.get("act"),
               **_actor("speaker", q.get("speaker"), actors), **_span("speaker_span", q.get("speaker_span")),
               **_actor("addressee", q.get("addressee"), actors), **_span("cue", q.get("cue")),
               **_span("content", q.get("content")), "reported_by": q.get("reported_by")}


def _claims(record: ExportRecord, actors: DocActors) -> Iterator[Row]:
    for c in record.readout.claims:
        holder = c.get("holder")
        yield {"doc_id": record.readout.id, "claim_id": c.get("id"), "status": c.get("status"),
               **_actor("holder", None if holder == "author" else holder, actors),
               "holder_is_author": holder == "author", **_span("cue", c.get("cue")),
               **_span("content", c.get("content")), "quote_id": c.get("quote"), "doubted_by": c.get("doubted_by"),
               **_actor("reported_by", c.get("reported_by"), actors),
               **_actors("reported_via", [r for r in c.get("reported_via") or [] if isinstance(r, str)], actors)}


def _events(record: ExportRecord, actors: DocActors) -> Iterator[Row]:
    for e in record.readout.events:
        place = e.get("place")
        yield {"doc_id": record.readout.id, "event_id": e.get("id"), "type": e.get("type"), "mode": e.get("mode"),
               "cameo": e.get("cameo"), "status": e.get("status"), **_actors("source", e.get("source"), actors),
               **_actors("target", e.get("target"), actors), **_span("trigger", e.get("trigger")),
               **_actor("attributed_to", e.get("attributed_to"), actors), "date": _text_of(e.get("date")),
               **_span("date_span", e.get("date_span")),
               **_actor("place", place if isinstance(place, str) and place in actors.by_ref else None, actors),
               **_span("place_span", e.get("place_span")), "place_country": e.get("place_country"),
               "coded_from": e.get("coded_from"), **_phrases("source", e.get("source_spans")),
               **_phrases("target", e.get("target_spans"))}


def _relations(record: ExportRecord, actors: DocActors) -> Iterator[Row]:
    for number, rel in enumerate(record.readout.relations, 1):
        yield {"doc_id": record.readout.id, "relation_id": rel.get("id") or f"r{number}",
               **_actor("subject", rel.get("subject"), actors), "relation": rel.get("relation"),
               **_actor("object", rel.get("object"), actors), **_span("evidence", rel.get("evidence"))}


ROWS: dict[str, Callable[[ExportRecord, DocActors], Iterator[Row]]] = {
    "documents": _documents, "actors": _actor_rows, "mentions": _mentions, "quotes": _quotes,
    "claims": _claims, "events": _events, "relations": _relations,
}


def table_rows(record: ExportRecord, tables: tuple[str, ...] = TABLES) -> Iterator[tuple[str, Row]]:
    """``(table, row)`` for every item of one record, in table order; every row has exactly the
    table's columns."""
    actors = DocActors(record)
    for table in tables:
        names = [name for name, _ in COLUMNS[table]]
        for row in ROWS[table](record, actors):
            yield table, {name: row.get(name) for name in names}
