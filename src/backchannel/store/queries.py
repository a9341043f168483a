"""The ``StoreReader`` lists (reader.py): documents, one document, actors, quotes, claims, events and the
timeline, as SQLAlchemy Core queries that run unchanged on SQLite and PostgreSQL.

Every list is one count and one page query inside the caller's read transaction, so ``total`` and
``items`` agree. Items are built from the normalized rows, their ``data`` JSON (the readout item) and
the joined document and store actors, so that a page needs no query per item. Actor ids given as
filters may be ids merged away since: they are followed to the actor they now are.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, FromClause, Select, exists, func, select, tuple_
from sqlalchemy.sql.elements import KeyedColumnElement

from ..actors.names import name_key
from .actor_table import resolve
from .reader import Page
from .search import excerpt, match, terms
from .tables import (
    actor_aliases,
    actors,
    claim_reporters,
    claims,
    document_actors,
    documents,
    event_actors,
    events,
    mentions,
    quotes,
)
from .tables import readouts as readouts_table

d = documents
ACTOR_REF = ("id", "name", "kind", "country", "sector")


def page(items: list[dict[str, Any]], total: int, limit: int, offset: int) -> Page:
    return {"items": items, "total": total, "limit": limit, "offset": offset}


def date_conditions(column: KeyedColumnElement[Any] | ColumnElement[Any], date_from: str | None,
                    date_to: str | None) -> list[ColumnElement[bool]]:
    """Inclusive bounds on an ISO date column: ``date_to`` "2025-11-26" keeps "2025-11-26T18:00"."""
    found: list[ColumnElement[bool]] = []
    if date_from:
        found.append(column >= date_from)
    if date_to:
        found.append(func.substr(column, 1, len(date_to)) <= date_to)
    return found


def actor_columns(alias: FromClause, prefix: str) -> list[Any]:
    return [alias.c[name].label(f"{prefix}{name}") for name in ACTOR_REF]


def actor_ref(row: Any, prefix: str) -> dict[str, Any] | None:
    """An ``ActorRef`` from a row's ``{prefix}id``, ``{prefix}name`` … columns; None when there is none."""
    mapping = row._mapping
    if mapping[f"{prefix}id"] is None:
        return None
    return {name: mapping[f"{prefix}{name}"] for name in ACTOR_REF}


def actor_refs(conn: Connection, ids: set[int]) -> dict[int, dict[str, Any]]:
    if not ids:
        return {}
    rows = conn.execute(select(*[actors.c[name] for name in ACTOR_REF]).where(actors.c.id.in_(sorted(ids))))
    return {row.id: dict(row._mapping) for row in rows}


def _resolved(conn: Connection, actor_id: int | None) -> int | None:
    return None if actor_id is None else resolve(conn, actor_id)


def _newest(*extra: Any) -> list[Any]:
    return [d.c.published.desc().nulls_last(), d.c.stored_at.desc(), d.c.id, *extra]


def _doc_fields(row: Any) -> dict[str, Any]:
    return {"doc_id": row.doc_id, "title": row.title, "published": row.published, "outlet": row.outlet}


def _doc_filters(outlet: str | None, date_from: str | None, date_to: str | None,
                 doc_id: str | None) -> list[ColumnElement[bool]]:
    found = date_conditions(d.c.published, date_from, date_to)
    if outlet:
        found.append(d.c.outlet == outlet)
    if doc_id:
        found.append(d.c.id == doc_id)
    return found


def _count(conn: Connection, source: FromClause, conditions: list[ColumnElement[bool]]) -> int:
    total: int = conn.execute(select(func.count()).select_from(source).where(*conditions)).scalar_one()
    return total


# Documents

DOCUMENT_COLUMNS = (d.c.id, d.c.title, d.c.url, d.c.published, d.c.outlet, d.c.author, d.c.source, d.c.stored_at)


def _document_query() -> tuple[FromClause, Select[Any]]:
    source = d.join(readouts_table, readouts_table.c.doc_id == d.c.id)
    r = readouts_table.c
    return source, select(*DOCUMENT_COLUMNS, r.n_actors, r.n_quotes, r.n_claims, r.n_events,
                          func.substr(d.c.text, 1, 400).label("head")).select_from(source)


def document_item(row: Any, found: list[str] | None, full_text: str | None = None) -> dict[str, Any]:
    item = {c.name: getattr(row, c.name) for c in DOCUMENT_COLUMNS}
    item.update(n_actors=row.n_actors, n_quotes=row.n_quotes, n_claims=row.n_claims, n_events=row.n_events)
    item["snippet"] = excerpt(full_text if full_text is not None else row.head, found)
    return item


def list_documents(conn: Connection, *, q: str | None, outlet: str | None, actor: int | None,
                   date_from: str | None, date_to: str | None, limit: int, offset: int,
                   event_type: str | None = None, claim_status: str | None = None,
                   reported_via: int | None = None) -> Page:
    conditions = _doc_filters(outlet, date_from, date_to, None)
    if q:
        conditions.append(match(conn, "document", q))
    if actor is not None:
        conditions.append(d.c.id.in_(select(document_actors.c.doc_id)
                                     .where(document_actors.c.actor_id == resolve(conn, actor))))
    if event_type:  # the same conditions as the facets' (aggregates.py), so that lists and counts agree
        conditions.append(d.c.id.in_(select(events.c.doc_id).where(events.c.type == event_type)))
    if claim_status:
        conditions.append(d.c.id.in_(select(claims.c.doc_id).where(claims.c.status == claim_status)))
    if reported_via is not None:
        conditions.append(reported_through(conn, reported_via))
    source, query = _document_query()
    total = _count(conn, source, conditions)
    rows = conn.execute(query.where(*conditions).order_by(*_newest()).limit(limit).offset(offset)).all()
    found = terms(q) if q else None
    texts: dict[str, str] = {}
    if found and rows:
        shown = select(d.c.id, d.c.text).where(d.c.id.in_([row.id for row in rows]))
        texts = {r.id: r.text for r in conn.execute(shown)}
    return page([document_item(row, found, texts.get(row.id)) for row in rows], total, limit, offset)


def reported_through(conn: Connection, actor_id: int) -> ColumnElement[bool]:
    """Documents with a claim that reaches the author through store actor ``actor_id`` (merges followed),
    anywhere in its attribution chain (``claim_reporters``)."""
    cr = claim_reporters.c
    return d.c.id.in_(select(cr.doc_id).where(cr.actor_id == resolve(conn, actor_id)))


def get_document(conn: Connection, doc_id: str) -> dict[str, Any] | None:
    _, query = _document_query()
    row = conn.execute(query.add_columns(d.c.text, readouts_table.c.readout).where(d.c.id == doc_id)).first()
    if row is None:
        return None
    item = document_item(row, None)
    item["text"] = row.text
    links = {ref: resolve(conn, actor_id) for ref, actor_id in conn.execute(
        select(document_actors.c.readout_actor, document_actors.c.actor_id)
        .where(document_actors.c.doc_id == doc_id))}
    refs = actor_refs(conn, set(links.values()))
    return {"document": item, "readout": json.loads(row.readout),
            "actor_links": {ref: refs[actor_id] for ref, actor_id in links.items() if actor_id in refs}}


def document_links(conn: Connection, doc_ids: list[str]) -> dict[str, dict[str, dict[str, Any]]]:
    """``{doc_id: {"a1": ActorRef + {wikidata, kb_id}}}`` for many documents in one query (merges
    followed): what exports pair with each readout, without a query per actor."""
    if not doc_ids:
        return {}
    fields = (*ACTOR_REF, "wikidata", "kb_id")
    da = document_actors.c
    rows = conn.execute(select(da.doc_id, da.readout_actor, actors.c.merged_into, *[actors.c[f] for f in fields])
                        .select_from(document_actors.join(actors, actors.c.id == da.actor_id))
                        .where(da.doc_id.in_(doc_ids))).all()
    found: dict[str, dict[str, dict[str, Any]]] = {doc_id: {} for doc_id in doc_ids}
    merged: dict[int, dict[str, Any]] = {}
    for row in rows:
        ref = {f: getattr(row, f) for f in fields}
        if row.merged_into is not None:  # rare: look the surviving actor up once
            if row.id not in merged:
                alive = resolve(conn, row.id)
                full = conn.execute(select(*[actors.c[f] for f in fields]).where(actors.c.id == alive)).first()
                merged[row.id] = dict(full._mapping) if full is not None else ref
            ref = merged[row.id]
        found[row.doc_id][row.readout_actor] = ref
    return found


# Actors

def list_actors(conn: Connection, *, q: str | None, kind: str | None, country: str | None, limit: int,
                offset: int) -> Page:
    counts = select(document_actors.c.actor_id, func.count(func.distinct(document_actors.c.doc_id)).label("docs"),
                    func.sum(document_actors.c.mentions).label("mentions")) \
        .group_by(document_actors.c.actor_id).subquery()
    conditions: list[ColumnElement[bool]] = [actors.c.merged_into.is_(None)]
    if kind:
        conditions.append(actors.c.kind == kind)
    if country:
        conditions.append(actors.c.country == country)
    if q and name_key(q):
        pattern = "%" + name_key(q).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        conditions.append(exists().where(actor_aliases.c.actor_id == actors.c.id,
                                         actor_aliases.c.alias_key.like(pattern, escape="\\")))
    source = actors.outerjoin(counts, counts.c.actor_id == actors.c.id)
    n_docs = func.coalesce(counts.c.docs, 0)
    rows = conn.execute(select(*[actors.c[name] for name in ACTOR_REF], n_docs.label("documents"),
                               func.coalesce(counts.c.mentions, 0).label("mentions")).select_from(source)
                        .where(*conditions).order_by(n_docs.desc(), actors.c.name, actors.c.id)
                        .limit(limit).offset(offset)).all()
    items = [{**dict(row._mapping), "documents": int(row.documents), "mentions": int(row.mentions)} for row in rows]
    return page(items, _count(conn, actors, conditions), limit, offset)


# Quotes

def list_quotes(conn: Connection, *, q: str | None = None, speaker: int | None = None, addressee: int | None = None,
                act: str | None = None, form: str | None = None, outlet: str | None = None,
                date_from: str | None = None, date_to: str | None = None, doc_id: str | None = None,
                about: int | None = None, limit: int = 50, offset: int = 0) -> Page:
    conditions = _doc_filters(outlet, date_from, date_to, doc_id)
    for column, value in ((quotes.c.speaker_id, _resolved(conn, speaker)),
                          (quotes.c.addressee_id, _resolved(conn, addressee)), (quotes.c.act, act),
                          (quotes.c.form, form)):
        if value is not None:
            conditions.append(column == value)
    if about is not None:  # a mention of the actor inside the quoted content; driven from the mentions
        inner = quotes.alias("inner_q")
        conditions.append(quotes.c.id.in_(
            select(inner.c.id).select_from(inner.join(mentions, mentions.c.doc_id == inner.c.doc_id))
            .where(mentions.c.actor_id == about, mentions.c.span_start >= inner.c.content_start,
                   mentions.c.span_end <= inner.c.content_end)))
    if q:
        conditions.append(match(conn, "quote", q))
    sp, ad = actors.alias("sp"), actors.alias("ad")
    source = quotes.join(d, d.c.id == quotes.c.doc_id)
    full = source.outerjoin(sp, sp.c.id == quotes.c.speaker_id).outerjoin(ad, ad.c.id == quotes.c.addressee_id)
    rows = conn.execute(select(quotes.c.doc_id, d.c.title, d.c.published, d.c.outlet, quotes.c.data,
                               *actor_columns(sp, "sp_"), *actor_columns(ad, "ad_")).select_from(full)
                        .where(*conditions).order_by(*_newest(quotes.c.id)).limit(limit).offset(offset)).all()
    items = []
    for row in rows:
        data = json.loads(row.data)
        items.append({**_doc_fields(row), "id": data["id"], "form": data.get("form"), "act": data.get("act"),
                      "speaker": actor_ref(row, "sp_"), "speaker_ref": data.get("speaker"),
                      "speaker_span": data.get("speaker_span"), "addressee": actor_ref(row, "ad_"),
                      "cue": data.get("cue"), "content": data.get("content")})
    return page(items, _count(conn, source, conditions), limit, offset)


# Claims

def list_claims(conn: Connection, *, q: str | None = None, holder: int | None = None, author: bool | None = None,
                status: str | None = None, outlet: str | None = None, date_from: str | None = None,
                date_to: str | None = None, doc_id: str | None = None, reported_via: int | None = None,
                limit: int = 50, offset: int = 0) -> Page:
    conditions = _doc_filters(outlet, date_from, date_to, doc_id)
    if holder is not None:
        conditions.append(claims.c.holder_id == resolve(conn, holder))
    if author is not None:
        conditions.append(claims.c.holder_is_author.is_(author))
    if status:
        conditions.append(claims.c.status == status)
    if reported_via is not None:  # a link anywhere in the chain; driven from the reporters' index
        cr = claim_reporters.c
        conditions.append(tuple_(claims.c.doc_id, claims.c.ref).in_(
            select(cr.doc_id, cr.claim_ref).where(cr.actor_id == resolve(conn, reported_via))))
    if q:
        conditions.append(match(conn, "claim", q))
    ho = actors.alias("ho")
    source = claims.join(d, d.c.id == claims.c.doc_id)
    rows = conn.execute(select(claims.c.doc_id, d.c.title, d.c.published, d.c.outlet, claims.c.data,
                               claims.c.holder_is_author, *actor_columns(ho, "ho_"))
                        .select_from(source.outerjoin(ho, ho.c.id == claims.c.holder_id))
                        .where(*conditions).order_by(*_newest(claims.c.id)).limit(limit).offset(offset)).all()
    parsed = [json.loads(row.data) for row in rows]
    chains = _reporters(conn, {(row.doc_id, data["id"]) for row, data in zip(rows, parsed, strict=True)
                               if data.get("reported_via")})
    items = []
    for row, data in zip(rows, parsed, strict=True):
        via = chains.get((row.doc_id, data["id"]), [])
        items.append({**_doc_fields(row), "id": data["id"], "status": data.get("status"),
                      "holder": actor_ref(row, "ho_"), "holder_is_author": bool(row.holder_is_author),
                      "holder_ref": data.get("holder"), "cue": data.get("cue"), "content": data.get("content"),
                      "quote": data.get("quote"), "doubted_by": data.get("doubted_by"),
                      "reported_by": via[0] if via else None, "reported_via": via,
                      "reported_via_refs": list(data.get("reported_via") or [])})
    return page(items, _count(conn, source, conditions), limit, offset)


def _reporters(conn: Connection, wanted: set[tuple[str, str]]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """The store actors (ActorRefs, merges followed) of each wanted claim's ``reported_via``, nearest first:
    one query for a page, and none when no claim of it was reported via anyone."""
    if not wanted:
        return {}
    cr = claim_reporters.c
    rows = conn.execute(select(cr.doc_id, cr.claim_ref, actors.c.merged_into, *[actors.c[n] for n in ACTOR_REF])
                        .select_from(claim_reporters.join(actors, actors.c.id == cr.actor_id))
                        .where(cr.doc_id.in_(sorted({doc for doc, _ in wanted})))
                        .order_by(cr.doc_id, cr.claim_ref, cr.position)).all()
    merged = actor_refs(conn, {resolve(conn, row.id) for row in rows if row.merged_into is not None})
    chains: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in rows:
        if (row.doc_id, row.claim_ref) in wanted:
            ref = {n: getattr(row, n) for n in ACTOR_REF} if row.merged_into is None else \
                merged.get(resolve(conn, row.id))
            if ref is not None:
                chains.setdefault((row.doc_id, row.claim_ref), []).append(ref)
    return chains


# Events and the timeline

def _event_conditions(conn: Connection, *, type: str | None, status: str | None, actor: int | None,
                      source: int | None, target: int | None, outlet: str | None, date_from: str | None,
                      date_to: str | None, doc_id: str | None) -> list[ColumnElement[bool]]:
    conditions = _doc_filters(outlet, None, None, doc_id)
    conditions += date_conditions(events.c.when_date, date_from, date_to)
    if type:
        conditions.append(events.c.type == type)
    if status:
        conditions.append(events.c.status == status)
    for role, value in (("source", source), ("target", target), (None, actor)):
        if value is None:
            continue
        in_role = [event_actors.c.actor_id == resolve(conn, value)]
        if role is not None:
            in_role.append(event_actors.c.role == role)
        conditions.append(events.c.id.in_(select(event_actors.c.event_id).where(*in_role)))
    return conditions


def _event_items(conn: Connection, rows: Sequence[Any], *, when: bool = False) -> list[dict[str, Any]]:
    sides: dict[int, dict[str, list[dict[str, Any]]]] = {row.row_id: {"source": [], "target": []} for row in rows}
    if rows:
        ea = event_actors.c
        found = conn.execute(select(ea.event_id, ea.role, *[actors.c[n] for n in ACTOR_REF])
                             .select_from(event_actors.join(actors, actors.c.id == ea.actor_id))
                             .where(ea.event_id.in_(list(sides))).order_by(ea.event_id, ea.role, ea.position))
        for row in found:
            sides[row.event_id][row.role].append({n: getattr(row, n) for n in ACTOR_REF})
    parsed = [json.loads(row.data) for row in rows]
    places = _place_refs(conn, {(row.doc_id, data["place"]) for row, data in zip(rows, parsed, strict=True)
                                if isinstance(data.get("place"), str)})
    items = []
    for row, data in zip(rows, parsed, strict=True):
        place = data.get("place")
        item = {**_doc_fields(row), "id": data["id"], "type": data.get("type"), "mode": data.get("mode"),
                "cameo": data.get("cameo"), "status": data.get("status"), "attributed_to": actor_ref(row, "at_"),
                "source": sides[row.row_id]["source"], "target": sides[row.row_id]["target"],
                "trigger": data.get("trigger"), "date": data.get("date"),
                "place": places.get((row.doc_id, place)) if isinstance(place, str) else None,
                "place_span": data.get("place_span")}
        if when:
            item["when"] = row.when_date
            item["when_source"] = "event" if row.event_date else "published"
        items.append(item)
    return items


def _place_refs(conn: Connection, wanted: set[tuple[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
    """The store actors that events' places (readout-local ids like ``"a7"``) are, merges followed."""
    if not wanted:
        return {}
    da = document_actors.c
    rows = conn.execute(select(da.doc_id, da.readout_actor, da.actor_id)
                        .where(da.doc_id.in_(sorted({doc for doc, _ in wanted})),
                               da.readout_actor.in_(sorted({ref for _, ref in wanted})))).all()
    ids = {(row.doc_id, row.readout_actor): resolve(conn, row.actor_id) for row in rows
           if (row.doc_id, row.readout_actor) in wanted}
    refs = actor_refs(conn, set(ids.values()))
    return {key: refs[actor_id] for key, actor_id in ids.items() if actor_id in refs}


def _event_select() -> tuple[FromClause, Select[Any]]:
    at = actors.alias("at")
    source = events.join(d, d.c.id == events.c.doc_id)
    return source, select(events.c.id.label("row_id"), events.c.doc_id, d.c.title, d.c.published, d.c.outlet,
                          events.c.data, events.c.when_date, events.c.event_date, *actor_columns(at, "at_")) \
        .select_from(source.outerjoin(at, at.c.id == events.c.attributed_to_id))


def list_events(conn: Connection, *, type: str | None = None, status: str | None = None, actor: int | None = None,
                source: int | None = None, target: int | None = None, outlet: str | None = None,
                date_from: str | None = None, date_to: str | None = None, doc_id: str | None = None,
                limit: int = 50, offset: int = 0) -> Page:
    conditions = _event_conditions(conn, type=type, status=status, actor=actor, source=source, target=target,
                                   outlet=outlet, date_from=date_from, date_to=date_to, doc_id=doc_id)
    joined, query = _event_select()
    rows = conn.execute(query.where(*conditions).order_by(events.c.when_date.desc().nulls_last(),
                                                          *_newest(events.c.id)).limit(limit).offset(offset)).all()
    return page(_event_items(conn, rows), _count(conn, joined, conditions), limit, offset)


def timeline(conn: Connection, *, actor: int | None, type: str | None, status: str | None, date_from: str | None,
             date_to: str | None, limit: int) -> list[dict[str, Any]]:
    conditions = _event_conditions(conn, type=type, status=status, actor=actor, source=None, target=None,
                                   outlet=None, date_from=date_from, date_to=date_to, doc_id=None)
    _, query = _event_select()
    rows = conn.execute(query.where(*conditions).order_by(events.c.when_date.asc().nulls_last(), d.c.id,
                                                          events.c.id).limit(limit)).all()
    return _event_items(conn, rows, when=True)

