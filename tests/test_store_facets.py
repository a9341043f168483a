"""``facets()`` reads ``doc_facets`` (revision 0004): its counts are those that grouping the readout
tables themselves gives, whatever the filters, after storing again and after merges, splits and
reverts; and revision 0004 upgrades a store written at 0003, backfilling the table."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Integer, cast, func, select, text
from test_store_reader import ids, readout_a, readout_b

from backchannel.store import SCHEMA_VERSION, Store, actor_table
from backchannel.store.queries import date_conditions
from backchannel.store.search import match
from backchannel.store.tables import actors, claims, doc_facets, document_actors, documents, events

d = documents


def grouped_facets(store: Store, *, q: str | None = None, outlet: str | None = None, actor: int | None = None,
                   event_type: str | None = None, claim_status: str | None = None, date_from: str | None = None,
                   date_to: str | None = None, size: int = 20) -> dict[str, Any]:
    """The facets as revision 0003 counted them: grouping ``document_actors``, ``events`` and ``claims``."""
    with store.engine.connect() as conn:
        filters: dict[str, Any] = {}
        if q:
            filters["q"] = match(conn, "document", q)
        if outlet:
            filters["outlet"] = d.c.outlet == outlet
        if actor is not None:
            filters["actor"] = d.c.id.in_(select(document_actors.c.doc_id).where(
                document_actors.c.actor_id == actor_table.resolve(conn, actor)))
        if event_type:
            filters["event_type"] = d.c.id.in_(select(events.c.doc_id).where(events.c.type == event_type))
        if claim_status:
            filters["claim_status"] = d.c.id.in_(select(claims.c.doc_id).where(claims.c.status == claim_status))
        for n, condition in enumerate(date_conditions(d.c.published, date_from, date_to)):
            filters[f"date{n}"] = condition

        def counted(value: Any, doc_id: Any, name: str) -> list[tuple[Any, int]]:
            conditions = [c for key, c in filters.items() if key != name]
            source = doc_id.table if doc_id.table is d else doc_id.table.join(d, d.c.id == doc_id)
            n = func.count(func.distinct(doc_id))
            return [tuple(r) for r in conn.execute(  # type: ignore[misc]
                select(value, n).select_from(source).where(*conditions, value.is_not(None))
                .group_by(value).order_by(n.desc(), value).limit(size))]

        names = dict(conn.execute(select(actors.c.id, actors.c.name)).all())
        return {"outlet": counted(d.c.outlet, d.c.id, "outlet"),
                "actor": [(v, names[v], n) for v, n in counted(document_actors.c.actor_id, document_actors.c.doc_id,
                                                               "actor") if v in names],
                "event_type": counted(events.c.type, events.c.doc_id, "event_type"),
                "claim_status": counted(claims.c.status, claims.c.doc_id, "claim_status"),
                "month": sorted(counted(func.substr(d.c.published, 1, 7), d.c.id, "month")),
                "total": conn.execute(select(func.count()).select_from(d).where(*filters.values())).scalar_one()}


def as_rows(found: dict[str, Any]) -> dict[str, Any]:
    return {"outlet": [(f["value"], f["count"]) for f in found["outlet"]],
            "actor": [(f["value"], f["label"], f["count"]) for f in found["actor"]],
            **{name: [(f["value"], f["count"]) for f in found[name]] for name in ("event_type", "claim_status",
                                                                                  "month")},
            "total": found["total"]}


def filter_sets(store: Store) -> Iterator[dict[str, Any]]:
    everything = store.facets(size=100)
    values = {"q": ["peace", "sanctions", "Witkoff", "nothingmatches"],
              "outlet": [f["value"] for f in everything["outlet"]],
              "actor": [f["value"] for f in everything["actor"]] + [ids(store)["russia"]],
              "event_type": [f["value"] for f in everything["event_type"]],
              "claim_status": [f["value"] for f in everything["claim_status"]],
              "date_from": ["2025-01-01", "2030-01-01"]}
    yield {}
    for name, found in values.items():
        for value in found:
            yield {name: value}
    for (a, xs), (b, ys) in itertools.combinations(values.items(), 2):
        yield {a: xs[0], b: ys[-1]}
    yield {"size": 1}


def assert_same(store: Store) -> int:
    n = 0
    for filters in filter_sets(store):
        assert as_rows(store.facets(**filters)) == grouped_facets(store, **filters), filters
        n += 1
    return n


def facet_rows(store: Store) -> list[Any]:
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(doc_facets).order_by(*doc_facets.c))]


def expected_facet_rows(store: Store) -> list[Any]:
    """``doc_facets`` as the readout tables say it should be."""
    with store.engine.connect() as conn:
        rows = {("actor", str(a), doc) for a, doc in conn.execute(select(document_actors.c.actor_id,
                                                                         document_actors.c.doc_id))}
        rows |= {("event_type", t, doc) for t, doc in conn.execute(select(events.c.type, events.c.doc_id))
                 if t is not None}
        rows |= {("claim_status", s, doc) for s, doc in conn.execute(select(claims.c.status, claims.c.doc_id))
                 if s is not None}
    return sorted(rows)


def test_facets_count_what_the_readout_tables_say_through_merges_splits_and_reverts(store_url: str) -> None:
    with Store(store_url) as store:
        for doc, readout in (readout_a(), readout_b()):
            store.put(doc, readout)
        assert facet_rows(store) == expected_facet_rows(store)
        assert assert_same(store) > 20
        store.put(*readout_a())  # stored again: its rows replaced, not doubled
        assert facet_rows(store) == expected_facet_rows(store)
        actor_ids = ids(store)
        merged = store.merge(actor_ids["kremlin"], actor_ids["russia"])
        assert facet_rows(store) == expected_facet_rows(store)
        assert str(actor_ids["russia"]) not in {v for f, v, _ in facet_rows(store) if f == "actor"}
        assert_same(store)
        split = store.split(actor_ids["witkoff"], readout_b()[0].id)
        assert facet_rows(store) == expected_facet_rows(store)
        assert_same(store)
        store.revert(split["id"])
        store.revert(merged["id"])
        assert facet_rows(store) == expected_facet_rows(store)
        assert_same(store)
        store.merge(actor_ids["witkoff"], actor_ids["dmitriev"])  # two readout actors of one document, one actor
        assert facet_rows(store) == expected_facet_rows(store)
        assert_same(store)


def test_actor_ids_order_as_numbers(store_url: str) -> None:
    with Store(store_url) as store:
        for doc, readout in (readout_a(), readout_b()):
            store.put(doc, readout)
        with store.engine.connect() as conn:
            ordered = [r[0] for r in conn.execute(select(doc_facets.c.value).where(doc_facets.c.facet == "actor")
                                                  .order_by(cast(doc_facets.c.value, Integer)))]
        assert ordered == sorted(ordered, key=int)


def test_a_store_at_revision_0003_is_upgraded_to_the_head(store_url: str) -> None:
    with Store(store_url) as store:
        for doc, readout in (readout_a(), readout_b()):
            store.put(doc, readout)
        store.merge(ids(store)["kremlin"], ids(store)["russia"])
        rows = facet_rows(store)
        found = store.facets()
        with store.engine.begin() as conn:  # what a store written at 0003 has: no doc_facets (nor later tables)
            conn.execute(text("DROP TABLE doc_facets"))
            conn.execute(text("DROP TABLE claim_reporters"))
            conn.execute(text("UPDATE alembic_version SET version_num = '0003'"))
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql("PRAGMA user_version=4")
    with Store(store_url) as store:
        assert store.upgraded_from == 4
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0005"
        assert facet_rows(store) == rows == expected_facet_rows(store)
        assert store.facets() == found
        assert_same(store)
        store.put(*readout_b())  # writing after the upgrade
        assert facet_rows(store) == rows
    with Store(store_url) as again:
        assert again.upgraded_from == SCHEMA_VERSION == 6


@pytest.mark.parametrize("size", [1, 2])
def test_size_cuts_each_facet(store_url: str, size: int) -> None:
    with Store(store_url) as store:
        for doc, readout in (readout_a(), readout_b()):
            store.put(doc, readout)
        found = store.facets(size=size)
        assert all(len(found[name]) <= size for name in ("outlet", "actor", "event_type", "claim_status", "month"))
        assert as_rows(found) == grouped_facets(store, size=size)
