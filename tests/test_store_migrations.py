"""Migrations: stores written before Alembic, stores newer than the code, and migrated = declared schema."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from legacy_store import insert_legacy_readouts, make_legacy_store
from sqlalchemy import inspect, text
from test_store_reader import readout_a, readout_b

from backchannel import StoreError
from backchannel.store import SCHEMA_VERSION, Store
from backchannel.store.tables import SEARCH_VECTOR_TABLES, metadata


def test_a_v2_store_from_before_alembic_is_stamped_upgraded_and_backfilled(tmp_path: Path) -> None:
    path = tmp_path / "v2.sqlite"
    conn = make_legacy_store(path, 2)
    docs = [readout_a(), readout_b()]
    insert_legacy_readouts(conn, docs)
    conn.execute("INSERT INTO actors (name, kind, created, updated) VALUES ('Kirill Dmitriev', 'person', 'x', 'x')")
    conn.execute("INSERT INTO document_actors VALUES (?, 'a1', 1, 1)", (docs[0][0].id,))
    conn.close()
    with Store(path) as store:
        assert store.upgraded_from == 2
        with store.engine.connect() as c:
            assert c.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0005"
            assert c.exec_driver_sql("PRAGMA user_version").scalar() == SCHEMA_VERSION
        assert store.counts() == {"documents": 2, "readouts": 2, "failures": 0}
        assert store.table_counts(docs[0][0].id)["quotes"] == 1 and store.table_counts()["events"] == 2
        assert store.quotes(speaker=1)["total"] == 1  # the link made before the upgrade is kept
        assert store.search("sanctions")["total"] == 2
        assert {d["n_quotes"] for d in store.documents()["items"]} == {1}
    with Store(path) as again:
        assert again.upgraded_from == SCHEMA_VERSION


def test_an_old_store_opened_read_only_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "v2.sqlite"
    make_legacy_store(path, 2).close()
    with pytest.raises(StoreError) as caught:
        Store(path, readonly=True)
    assert caught.value.code == "E401" and "older" in str(caught.value)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    conn.close()


def test_an_unknown_revision_is_refused(store_url: str) -> None:
    with Store(store_url) as store, store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    for readonly in (False, True):
        with pytest.raises(StoreError) as caught:
            Store(store_url, readonly=readonly)
        assert caught.value.code == "E401" and "newer" in str(caught.value)


def test_the_migrated_schema_is_the_declared_one(store_url: str) -> None:
    with Store(store_url) as store, store.engine.connect() as conn:
        found = inspect(conn)
        postgres = conn.dialect.name == "postgresql"
        for table in metadata.sorted_tables:
            columns = {c["name"] for c in found.get_columns(table.name)}
            generated = {"search_vector"} if postgres and table.name in SEARCH_VECTOR_TABLES else set()
            assert columns == {c.name for c in table.columns} | generated, table.name
            indexes = {i["name"] for i in found.get_indexes(table.name)}
            assert {i.name for i in table.indexes} <= indexes, table.name


def test_a_readonly_store_cannot_write(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    doc, readout = readout_a()
    with Store(path) as store:
        store.put(doc, readout)
    with Store(path, readonly=True) as reader:
        assert reader.documents()["total"] == 1
        with pytest.raises(StoreError) as caught:
            reader.put(*readout_b())
        assert caught.value.code == "E402"
