from __future__ import annotations

from pathlib import Path

from backchannel import Document, IngestError, Readout, SQLiteStore


def _readout(doc: Document) -> Readout:
    return Readout(id=doc.id, text=doc.text, meta=doc.full_meta(),
                   pipeline={"name": "en_backchannel_core", "version": "0", "components": []})


def test_idempotent_by_document_id(tmp_path: Path) -> None:
    doc = Document("Lavrov met Wang Yi in Beijing.", source="a.txt")
    with SQLiteStore(tmp_path / "s.sqlite") as store:
        assert store.put(doc, _readout(doc)) is True
        assert store.put(doc, _readout(doc)) is False
        assert store.counts() == {"documents": 1, "readouts": 1, "failures": 0}
        got = store.get(doc.id)
        assert got is not None and got.text == doc.text


def test_failures_are_rows_and_leave_documents_alone(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    doc = Document("Lavrov met Wang Yi in Beijing.")
    with SQLiteStore(path) as store:
        store.put(doc, _readout(doc))
        before = list(store.conn.execute("SELECT * FROM documents"))
        store.record_failure(IngestError("the file is empty", source="empty.txt", code="E101"))
        assert list(store.conn.execute("SELECT * FROM documents")) == before
        (failure,) = store.failures()
        assert failure["code"] == "E101" and failure["source"] == "empty.txt"


def test_wal_and_readonly_reader(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    doc = Document("Lavrov met Wang Yi in Beijing.")
    with SQLiteStore(path) as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        store.put(doc, _readout(doc))
        with SQLiteStore(path, readonly=True) as reader:
            assert [r.id for r in reader.readouts()] == [doc.id]
