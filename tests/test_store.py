from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import text

from backchannel import Document, IngestError, Readout, SQLiteStore
from backchannel.store import Store


def rows(store: Store, sql: str) -> list[tuple[Any, ...]]:
    with store.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(text(sql))]


def _readout(doc: Document) -> Readout:
    return Readout(id=doc.id, text=doc.text, meta=doc.full_meta(),
                   pipeline={"name": "en_backchannel_core", "version": "0", "components": []})


def test_idempotent_by_document_id(store_url: str) -> None:
    doc = Document("Lavrov met Wang Yi in Beijing.", source="a.txt")
    with Store(store_url) as store:
        assert store.put(doc, _readout(doc)) is True
        assert store.put(doc, _readout(doc)) is False
        assert store.counts() == {"documents": 1, "readouts": 1, "failures": 0}
        got = store.get(doc.id)
        assert got is not None and got.text == doc.text


def test_failures_are_rows_and_leave_documents_alone(store_url: str) -> None:
    doc = Document("Lavrov met Wang Yi in Beijing.")
    with Store(store_url) as store:
        store.put(doc, _readout(doc))
        before = rows(store, "SELECT * FROM documents")
        store.record_failure(IngestError("the file is empty", source="empty.txt", code="E101"))
        assert rows(store, "SELECT * FROM documents") == before
        (failure,) = store.failures()
        assert failure["code"] == "E101" and failure["source"] == "empty.txt"


def test_wal_and_readonly_reader(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    doc = Document("Lavrov met Wang Yi in Beijing.")
    with SQLiteStore(path) as store:
        assert rows(store, "PRAGMA journal_mode") == [("wal",)]
        store.put(doc, _readout(doc))
        with SQLiteStore(path, readonly=True) as reader:
            assert [r.id for r in reader.readouts()] == [doc.id]
