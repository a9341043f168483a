"""The ``StoreReader`` views that gather across documents: one actor's page, facet counts and the
network of who talks to and acts on whom."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, Integer, String, cast, func, literal, select

from . import actor_table
from .queries import (
    ACTOR_REF,
    _document_query,
    _newest,
    actor_refs,
    date_conditions,
    document_item,
    list_claims,
    list_events,
    list_quotes,
    reported_through,
)
from .search import match
from .tables import (
    actor_aliases,
    actors,
    doc_facets,
    document_actors,
    documents,
    event_actors,
    events,
    quotes,
    relations,
)
from .tables import roles as roles_table

PAGE_ITEMS = 200
d = documents


def actor_page(conn: Connection, actor_id: int) -> dict[str, Any] | None:
    if actor_table.actor_row(conn, actor_id) is None:
        return None
    actor_id = actor_table.resolve(conn, actor_id)
    row = actor_table.actor_row(conn, actor_id)
    assert row is not None
    aliases = [{"alias": alias, "origin": origin} for alias, origin in conn.execute(
        select(actor_aliases.c.alias, actor_aliases.c.origin).where(actor_aliases.c.actor_id == actor_id)
        .order_by(actor_aliases.c.alias_key))]
    role_rows = conn.execute(select(roles_table.c.doc_id, roles_table.c.title, roles_table.c.of_id,
                                    roles_table.c.data).where(roles_table.c.actor_id == actor_id)
                             .order_by(roles_table.c.doc_id, roles_table.c.id)).all()
    relation_rows = conn.execute(select(relations.c.doc_id, relations.c.relation, relations.c.subject_id,
                                        relations.c.object_id, relations.c.data)
                                 .where((relations.c.subject_id == actor_id) | (relations.c.object_id == actor_id))
                                 .order_by(relations.c.doc_id, relations.c.id)).all()
    refs = actor_refs(conn, {r.of_id for r in role_rows if r.of_id is not None}
                      | {r.subject_id for r in relation_rows} | {r.object_id for r in relation_rows} - {None})
    roles = [{"title": r.title, "of": refs.get(r.of_id) if r.of_id is not None else None, "doc_id": r.doc_id,
              "span": json.loads(r.data).get("span")} for r in role_rows]
    found_relations = []
    for r in relation_rows:
        out = r.subject_id == actor_id
        other = r.object_id if out else r.subject_id
        if other is None or other not in refs:
            continue
        found_relations.append({"relation": r.relation, "other": refs[other], "direction": "out" if out else "in",
                                "doc_id": r.doc_id, "evidence": json.loads(r.data).get("evidence")})
    linked = d.c.id.in_(select(document_actors.c.doc_id).where(document_actors.c.actor_id == actor_id))
    source, query = _document_query()
    doc_rows = conn.execute(query.where(linked).order_by(*_newest()).limit(PAGE_ITEMS)).all()
    n_documents = conn.execute(select(func.count()).select_from(d).where(linked)).scalar_one()
    lists = {"said_by": list_quotes(conn, speaker=actor_id, limit=PAGE_ITEMS),
             "said_to": list_quotes(conn, addressee=actor_id, limit=PAGE_ITEMS),
             "said_about": list_quotes(conn, about=actor_id, limit=PAGE_ITEMS),
             "claims": list_claims(conn, holder=actor_id, limit=PAGE_ITEMS),
             "reported": list_claims(conn, reported_via=actor_id, limit=PAGE_ITEMS),
             "events": list_events(conn, actor=actor_id, limit=PAGE_ITEMS)}
    reference = {name: row[name] for name in ACTOR_REF}
    return {"actor": {**reference, "wikidata": row["wikidata"], "kb_id": row["kb_id"],
                      "merged_into": row["merged_into"], "aliases": aliases, "roles": roles,
                      "relations": found_relations},
            "documents": [document_item(r, None) for r in doc_rows],
            **{name: found["items"] for name, found in lists.items()},
            "counts": {"documents": n_documents, **{name: found["total"] for name, found in lists.items()}}}


# Facets

def _with_facet(facet: str, value: str) -> ColumnElement[bool]:
    """Documents that have ``value`` for ``facet`` (a ``doc_facets`` index range)."""
    f = doc_facets.c
    return d.c.id.in_(select(f.doc_id).where(f.facet == facet, f.value == value))


def _facet_conditions(conn: Connection, *, q: str | None, outlet: str | None, actor: int | None,
                      event_type: str | None, claim_status: str | None, date_from: str | None,
                      date_to: str | None, reported_via: int | None = None) -> dict[str, ColumnElement[bool]]:
    """The document filters by name, so that each facet can leave its own out."""
    found: dict[str, ColumnElement[bool]] = {}
    if q:
        found["q"] = match(conn, "document", q)
    if outlet:
        found["outlet"] = d.c.outlet == outlet
    if actor is not None:
        found["actor"] = _with_facet("actor", str(actor_table.resolve(conn, actor)))
    if event_type:
        found["event_type"] = _with_facet("event_type", event_type)
    if claim_status:
        found["claim_status"] = _with_facet("claim_status", claim_status)
    if reported_via is not None:
        found["reported_via"] = reported_through(conn, reported_via)
    for n, condition in enumerate(date_conditions(d.c.published, date_from, date_to)):
        found[f"date{n}"] = condition
    return found


def facets(conn: Connection, *, q: str | None, outlet: str | None, actor: int | None, event_type: str | None,
           claim_status: str | None, date_from: str | None, date_to: str | None, size: int,
           reported_via: int | None = None) -> dict[str, Any]:
    filters = _facet_conditions(conn, q=q, outlet=outlet, actor=actor, event_type=event_type,
                                claim_status=claim_status, date_from=date_from, date_to=date_to,
                                reported_via=reported_via)

    def others(name: str) -> list[ColumnElement[bool]]:
        return [condition for key, condition in filters.items() if key != name]

    def counted(value: Any, name: str) -> Sequence[Any]:
        """``(value, n)`` of a ``documents`` column: the ``size`` values with most documents."""
        n = func.count()
        return conn.execute(select(value.label("value"), n.label("n")).where(*others(name), value.is_not(None))
                            .group_by(value).order_by(n.desc(), value).limit(size)).all()

    def stored(name: str) -> Sequence[Any]:
        """``(value, n)`` of a ``doc_facets`` facet: one row per distinct (value, document), so a plain
        count; it joins ``documents`` only when another filter needs it (alone, the count comes from
        the primary key). Actor ids are stored as text but ordered as numbers."""
        f = doc_facets.c
        conditions = others(name)
        source = d.join(doc_facets, d.c.id == f.doc_id) if conditions else doc_facets
        facet = f.facet == name
        if conditions and conn.dialect.name == "sqlite":
            # SQLite has no statistics for doc_facets and would walk every row of the facet through the
            # primary key, looking each document up; a facet test it cannot index makes it start from
            # the matching documents and read their rows through doc_facets_doc (3-6x faster for q=).
            facet = func.coalesce(f.facet, "") == name
        n = func.count()
        order = cast(f.value, Integer) if name == "actor" else f.value
        query = select(f.value.label("value"), n.label("n")).select_from(source).where(facet, *conditions)
        return conn.execute(query.group_by(f.value).order_by(n.desc(), order).limit(size)).all()

    outlet_rows = counted(d.c.outlet, "outlet")
    actor_counts = [(int(r.value), r.n) for r in stored("actor")]
    names = {r.id: r.name for r in conn.execute(select(actors.c.id, actors.c.name).where(
        actors.c.id.in_([value for value, _ in actor_counts])))} if actor_counts else {}
    actor_rows = [(value, names[value], n) for value, n in actor_counts if value in names]
    type_rows = stored("event_type")
    status_rows = stored("claim_status")
    month = func.substr(d.c.published, 1, 7)
    month_rows = counted(month, "month")
    total = conn.execute(select(func.count()).select_from(d).where(*filters.values())).scalar_one()
    return {"outlet": [{"value": r.value, "count": r.n} for r in outlet_rows],
            "actor": [{"value": value, "label": label, "count": n} for value, label, n in actor_rows],
            "event_type": [{"value": r.value, "count": r.n} for r in type_rows],
            "claim_status": [{"value": r.value, "count": r.n} for r in status_rows],
            "month": sorted(({"value": r.value, "count": r.n} for r in month_rows), key=lambda m: m["value"]),
            "total": total}


# The network

def network(conn: Connection, *, kinds: tuple[str, ...], types: tuple[str, ...] | None, actor: int | None,
            date_from: str | None, date_to: str | None, min_weight: int, limit: int) -> dict[str, Any]:
    parts = []
    if "quote" in kinds:
        query = select(quotes.c.speaker_id.label("source"), quotes.c.addressee_id.label("target"),
                       literal("quote", String).label("kind"), quotes.c.act.label("type"), quotes.c.doc_id,
                       func.count().label("n")) \
            .select_from(quotes.join(d, d.c.id == quotes.c.doc_id)) \
            .where(quotes.c.speaker_id.is_not(None), quotes.c.addressee_id.is_not(None),
                   quotes.c.speaker_id != quotes.c.addressee_id, quotes.c.act.is_not(None),
                   *date_conditions(d.c.published, date_from, date_to))
        if types:
            query = query.where(quotes.c.act.in_(types))
        parts.append(query.group_by(quotes.c.speaker_id, quotes.c.addressee_id, quotes.c.act, quotes.c.doc_id))
    if "event" in kinds:
        src, tgt = event_actors.alias("src"), event_actors.alias("tgt")
        query = select(src.c.actor_id.label("source"), tgt.c.actor_id.label("target"),
                       literal("event", String).label("kind"), events.c.type.label("type"), events.c.doc_id,
                       func.count().label("n")) \
            .select_from(events.join(src, (src.c.event_id == events.c.id) & (src.c.role == "source"))
                         .join(tgt, (tgt.c.event_id == events.c.id) & (tgt.c.role == "target"))) \
            .where(src.c.actor_id.is_not(None), tgt.c.actor_id.is_not(None), src.c.actor_id != tgt.c.actor_id,
                   events.c.type.is_not(None), *date_conditions(events.c.when_date, date_from, date_to))
        if types:
            query = query.where(events.c.type.in_(types))
        parts.append(query.group_by(src.c.actor_id, tgt.c.actor_id, events.c.type, events.c.doc_id))
    focus = None if actor is None else actor_table.resolve(conn, actor)
    edges: dict[tuple[int, int, str, str], dict[str, Any]] = {}
    docs: dict[tuple[int, int, str, str], list[str]] = defaultdict(list)
    for query in parts:
        for row in conn.execute(query):
            if focus is not None and focus not in (row.source, row.target):
                continue
            key = (row.source, row.target, row.kind, row.type)
            edge = edges.setdefault(key, {"source": row.source, "target": row.target, "kind": row.kind,
                                          "type": row.type, "weight": 0, "doc_ids": []})
            edge["weight"] += row.n
            docs[key].append(row.doc_id)
    kept = sorted((e for e in edges.values() if e["weight"] >= min_weight),
                  key=lambda e: (-e["weight"], e["source"], e["target"], e["kind"], e["type"]))[:limit]
    weights: dict[int, int] = defaultdict(int)
    for edge in kept:
        edge["doc_ids"] = sorted(docs[(edge["source"], edge["target"], edge["kind"], edge["type"])])[:20]
        weights[edge["source"]] += edge["weight"]
        weights[edge["target"]] += edge["weight"]
    refs = actor_refs(conn, set(weights))
    nodes = sorted(({**refs[i], "weight": w} for i, w in weights.items() if i in refs),
                   key=lambda n: (-n["weight"], n["id"]))
    return {"nodes": nodes, "edges": kept}
