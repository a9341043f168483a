"""Exports read through the store's API (SQLite, and PostgreSQL when BACKCHANNEL_TEST_PG is set): links
come as ActorRefs a batch at a time, merges followed; ``backchannel export --db`` takes store URLs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from test_export import readout
from typer.testing import CliRunner

from backchannel import Document
from backchannel.cli import app
from backchannel.export import records_from_store
from backchannel.export.tables import table_rows
from backchannel.store import Store, open_store

runner = CliRunner()


@pytest.fixture
def filled(store_url: str) -> Iterator[tuple[str, Store, str]]:
    doc = Document(readout().text, source="a.txt")
    with open_store(store_url) as store:
        store.put(doc, readout(doc.id))
        yield store_url, store, doc.id


def test_links_are_read_a_batch_at_a_time_without_actor_lookups(filled: tuple[str, Store, str],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    _, store, doc_id = filled

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("no per-actor or per-document lookup")

    monkeypatch.setattr(store, "actor", refuse)
    monkeypatch.setattr(store, "actor_links", refuse)
    (record,) = list(records_from_store(store))
    assert record.readout.id == doc_id
    shown = store.document(doc_id)["actor_links"]  # type: ignore[index]
    assert set(record.links) == set(shown) >= {"a1", "a2", "a3", "a4", "a5"}
    for ref, link in record.links.items():
        assert {k: link[k] for k in ("id", "name", "kind", "country", "sector")} == shown[ref]
    assert record.links["a1"]["wikidata"] == "Q4202744"


def test_links_follow_merges(filled: tuple[str, Store, str]) -> None:
    _, store, doc_id = filled
    links = store.actor_links(doc_id)
    store.merge(links["a5"], links["a2"])  # both without Wikidata ids: allowed
    (record,) = list(records_from_store(store))
    assert record.links["a2"]["id"] == links["a5"] and record.links["a2"]["name"] == "Ukraine"


def test_readouts_of_chosen_documents_in_their_order(filled: tuple[str, Store, str]) -> None:
    _, store, doc_id = filled
    other = Document(readout().text + "\n\n(copy)", source="b.txt")
    store.put(other, readout(other.id))
    assert [r.id for r in store.readouts(doc_ids=[other.id, "0" * 64, doc_id], batch=1)] == [other.id, doc_id]
    assert [r.readout.id for r in records_from_store(store, doc_ids=iter([doc_id]))] == [doc_id]


def test_an_event_place_is_a_store_actor(filled: tuple[str, Store, str]) -> None:
    """The readout's place is the local "a3"; the reader answers the store actor, as for sources."""
    _, store, doc_id = filled
    event = next(e for e in store.events(doc_id=doc_id)["items"] if e["id"] == "e1")
    assert event["place"] == store.document(doc_id)["actor_links"]["a3"]  # type: ignore[index]
    assert event["place"]["name"] == "Miami" and event["place_span"]["text"] == "Miami"
    assert next(e for e in store.events(doc_id=doc_id)["items"] if e["id"] == "e2")["place"] is None


def test_chains_and_role_phrases_round_trip_through_the_store(filled: tuple[str, Store, str]) -> None:
    """What a store export writes of the attribution chains and role phrases is what was stored, with the
    store's actors; the store's own claim items agree with the export."""
    _, store, doc_id = filled
    links = store.actor_links(doc_id)
    merged = store.merge(links["a5"], links["a2"])  # Witkoff is now "Ukraine": exports follow the merge
    rows: dict[str, list[dict[str, Any]]] = {"claims": [], "events": []}
    for table, row in table_rows(next(iter(records_from_store(store))), ("claims", "events")):
        rows[table].append(row)
    assert rows["claims"][0]["reported_via_refs"] == ["a1", "a2"]
    assert rows["claims"][0]["reported_via_store_ids"] == [links["a1"], links["a5"]]
    claim = next(c for c in store.claims(doc_id=doc_id)["items"] if c["id"] == "c1")
    assert [a["id"] for a in claim["reported_via"]] == rows["claims"][0]["reported_via_store_ids"]
    store.revert(merged["id"])
    arrest = next(r for r in rows["events"] if r["event_id"] == "e4")
    assert arrest["source_phrases"] == ["Police"] and arrest["target_phrases"] == ["18 people"]
    (record,) = list(records_from_store(store))
    assert record.readout.claims == readout(doc_id).claims and record.readout.events == readout(doc_id).events


def test_cli_exports_a_store_url(filled: tuple[str, Store, str]) -> None:
    url, _, doc_id = filled
    targets = [url] if "://" in url else [url, f"sqlite:///{url}"]
    for target in targets:
        result = runner.invoke(app, ["export", "jsonl", "--db", target])
        assert result.exit_code == 0, result.output
        (line,) = result.stdout.splitlines()
        data = json.loads(line)
        assert data["id"] == doc_id and data["actor_links"]["a1"]["name"] == "Kirill Dmitriev"


@pytest.mark.parametrize("db", ["postgresql://nobody@127.0.0.1:1/none", "{tmp}/missing.sqlite"])
def test_cli_export_refuses_a_store_it_cannot_open(tmp_path: Any, db: str) -> None:
    result = runner.invoke(app, ["export", "jsonl", "--db", db.format(tmp=tmp_path), "--json"])
    assert result.exit_code == 2
    assert json.loads(result.stderr.strip().splitlines()[-1])["error"]["code"] == "E401"
    assert "Traceback" not in result.output and not (tmp_path / "missing.sqlite").exists()
