"""Exports built from hand-made readouts: every format read back and checked against the readouts."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from followthemoney import model

from backchannel import Readout
from backchannel.errors import ExportError
from backchannel.export import (
    COLUMNS,
    MEDIA_TYPES,
    TABLES,
    ExportRecord,
    export,
    export_stream,
    records_from_jsonl,
)
from backchannel.export.csv_tables import cell
from backchannel.export.plover import sentence_around
from backchannel.readout import span

TEXT = ("Kirill Dmitriev met Steve Witkoff in Miami on Friday. \"We talked for hours,\" Dmitriev told reporters. "
        "=HYPERLINK(\"http://x\") is not a formula. Russia accused Ukraine of attacks, the Kremlin said. "
        "Police detained 18 people.")
DOC = "a" * 64


def _at(text: str, needle: str, nth: int = 0) -> dict[str, Any]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(needle, start + 1)
    return span(TEXT, start, start + len(needle))


def readout(doc_id: str = DOC) -> Readout:
    actors = [
        {"id": "a1", "name": "Kirill Dmitriev", "kind": "person", "country": "RUS", "sector": "GOV", "kb_id": None,
         "wikidata": "Q4202744", "mentions": [_at(TEXT, "Kirill Dmitriev"), _at(TEXT, "Dmitriev", 1)],
         "roles": [{"title": "envoy", "of": "a4", "span": None}]},
        {"id": "a2", "name": "Steve Witkoff", "kind": "person", "country": "USA", "sector": "GOV", "kb_id": None,
         "wikidata": None, "mentions": [_at(TEXT, "Steve Witkoff")], "roles": []},
        {"id": "a3", "name": "Miami", "kind": "place", "country": "USA", "sector": None, "kb_id": None,
         "wikidata": None, "mentions": [_at(TEXT, "Miami")], "roles": []},
        {"id": "a4", "name": "Russia", "kind": "country", "country": "RUS", "sector": "GOV", "kb_id": None,
         "wikidata": "Q159", "mentions": [_at(TEXT, "Russia"), _at(TEXT, "the Kremlin")], "roles": []},
        {"id": "a5", "name": "Ukraine", "kind": "country", "country": "UKR", "sector": "GOV", "kb_id": None,
         "wikidata": None, "mentions": [_at(TEXT, "Ukraine")], "roles": []},
        {"id": "a6", "name": "=cmd|' /C calc'!A0", "kind": "organization", "country": "EUR", "sector": None,
         "kb_id": None, "wikidata": None, "mentions": [_at(TEXT, "=HYPERLINK(\"http://x\")")], "roles": []},
    ]
    quotes = [
        {"id": "q1", "form": "direct", "speaker": "a1", "speaker_span": _at(TEXT, "Dmitriev", 1),
         "cue": _at(TEXT, "told"), "addressee": "a2", "content": _at(TEXT, "We talked for hours,"), "act": "say"},
        {"id": "q2", "form": "indirect", "speaker": None, "speaker_span": None, "cue": None, "addressee": None,
         "content": _at(TEXT, "Russia accused Ukraine of attacks"), "act": "say"},
    ]
    claims = [{"id": "c1", "content": _at(TEXT, "Russia accused Ukraine of attacks"), "holder": "a4",
               "status": "reported", "cue": _at(TEXT, "said"), "quote": None, "doubted_by": None,
               "reported_by": "a1", "reported_via": ["a1", "a2"]},  # Russia's claim, via Dmitriev, then Witkoff
              {"id": "c2", "content": _at(TEXT, "is not a formula"), "holder": "author", "status": "asserted",
               "cue": None, "quote": None, "doubted_by": None}]
    events = [
        {"id": "e1", "type": "CONSULT", "mode": "visit", "cameo": "042", "source": ["a1"], "target": ["a2"],
         "trigger": _at(TEXT, "met"), "status": "asserted", "attributed_to": None, "date": "2025-11-21",
         "date_span": _at(TEXT, "on Friday"), "place": "a3", "place_span": _at(TEXT, "Miami"),
         "place_country": "USA", "source_spans": [_at(TEXT, "Kirill Dmitriev")],
         "target_spans": [_at(TEXT, "Steve Witkoff")]},
        {"id": "e2", "type": "ACCUSE", "mode": None, "cameo": "112", "source": ["a4"], "target": ["a5"],
         "trigger": _at(TEXT, "accused"), "status": "predicted", "attributed_to": "a4", "date": None,
         "place": None},
        {"id": "e3", "type": "CONSULT", "mode": None, "cameo": "040", "source": ["a1", "a2"], "target": ["a1", "a2"],
         "trigger": _at(TEXT, "talked"), "status": "negated", "attributed_to": None, "date": "2025-W47",
         "place": None},
        {"id": "e4", "type": "COERCE", "mode": "arrest", "cameo": "173", "source": [], "target": [],
         "trigger": _at(TEXT, "detained"), "status": "asserted", "attributed_to": None, "date": None, "place": None,
         "source_spans": [_at(TEXT, "Police")], "target_spans": [_at(TEXT, "18 people")]},  # no actor: the phrases
    ]
    relations = [{"subject": "a1", "relation": "envoy_of", "object": "a4", "evidence": _at(TEXT, "Kirill Dmitriev")},
                 {"subject": "a1", "relation": "member_of", "object": "a2", "evidence": _at(TEXT, "Kirill Dmitriev")},
                 {"subject": "a3", "relation": "located_in", "object": "a4", "evidence": _at(TEXT, "Miami")}]
    return Readout(id=doc_id, text=TEXT, meta={"title": "Envoys meet", "url": "https://example.org/a",
                                               "published": "2025-11-23", "outlet": "Example", "author": None,
                                               "language": "en"},
                   pipeline={"name": "en_backchannel_core", "version": "0.2.0", "components": []},
                   actors=actors, quotes=quotes, claims=claims, events=events, relations=relations)


LINKS = {"a1": {"id": 17, "name": "Kirill Dmitriev", "kind": "person", "country": "RUS", "sector": "GOV"},
         "a2": {"id": 4, "name": "Steven Witkoff", "kind": "person", "country": "USA", "sector": "GOV"},
         "a4": {"id": 2, "name": "Russia", "kind": "country", "country": "RUS", "sector": "GOV"}}


def records() -> list[ExportRecord]:
    """Two documents: one linked to store actors (a3, a5, a6 left unlinked), one with no links."""
    return [ExportRecord(readout(), LINKS), ExportRecord(readout("b" * 64), {})]


def _bytes(fmt: str, table: str | None = None, **kw: Any) -> bytes:
    return b"".join(export_stream(fmt, records(), table=table, **kw))


def test_jsonl_round_trip_keeps_links(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    summary = export("jsonl", records(), path)
    assert summary["documents"] == 2 and summary["lines"] == 2
    lines = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    assert lines[0]["actor_links"]["a1"]["id"] == 17 and "actor_links" not in lines[1]
    back = list(records_from_jsonl(path))
    assert [r.readout.to_dict() for r in back] == [r.readout.to_dict() for r in records()]
    assert back[0].links["a2"]["name"] == "Steven Witkoff"


def test_readouts_file_errors_name_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(readout().to_json() + "\n{not json\n", encoding="utf-8")
    with pytest.raises(ExportError) as caught:
        list(records_from_jsonl(bad))
    assert caught.value.code == "E603" and caught.value.source == f"{bad}:2"
    with pytest.raises(ExportError, match="E603"):
        list(records_from_jsonl(tmp_path / "missing.jsonl"))


def test_csv_tables_have_a_row_per_item(tmp_path: Path) -> None:
    summary = export("csv", records(), tmp_path / "tables")
    expected = {"documents": 2, "actors": 12, "mentions": 16, "quotes": 4, "claims": 4, "events": 8, "relations": 6}
    assert summary["rows"] == expected
    for table in TABLES:
        with (tmp_path / "tables" / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) == expected[table]
        assert list(rows[0]) == [name for name, _ in COLUMNS[table]]
    events = list(csv.DictReader((tmp_path / "tables" / "events.csv").open(encoding="utf-8", newline="")))
    assert events[0]["source_store_ids"] == "17" and events[0]["target_names"] == "Steven Witkoff"
    assert events[0]["place_name"] == "Miami" and events[0]["trigger_text"] == "met"
    assert events[6]["source_ids"] == f"{'b' * 64}:a1|{'b' * 64}:a2"  # no store: document-scoped ids
    assert events[3]["source_phrases"] == "Police" and events[3]["target_phrases"] == "18 people"
    assert events[3]["source_refs"] == "" and TEXT[int(events[3]["target_phrase_starts"]):].startswith("18 people")
    claims = list(csv.DictReader((tmp_path / "tables" / "claims.csv").open(encoding="utf-8", newline="")))
    assert claims[0]["reported_via_names"] == "Kirill Dmitriev|Steven Witkoff"
    assert claims[0]["reported_via_store_ids"] == "17|4" and claims[0]["reported_by_name"] == "Kirill Dmitriev"
    assert claims[1]["reported_via_refs"] == "" and claims[2]["reported_via_ids"] == f"{'b' * 64}:a1|{'b' * 64}:a2"
    quotes = list(csv.DictReader((tmp_path / "tables" / "quotes.csv").open(encoding="utf-8", newline="")))
    assert quotes[0]["speaker_store_id"] == "17" and quotes[0]["addressee_name"] == "Steven Witkoff"
    assert [k for k in list((tmp_path / "tables").iterdir()) if k.name.startswith(".")] == []


def test_csv_defuses_formulas_unless_raw() -> None:
    assert cell("=1+1") == "'=1+1" and cell("@SUM(A1)") == "'@SUM(A1)" and cell("-2+3") == "'-2+3"
    assert cell("+cmd") == "'+cmd" and cell("\tx") == "'\tx"
    assert cell(-3) == "-3" and cell(None) == "" and cell(True) == "true" and cell(["a|b", None, "c"]) == "a¦b||c"
    assert cell("=1+1", raw=True) == "=1+1"
    safe = list(csv.reader(io.StringIO(_bytes("csv", "actors").decode("utf-8"))))
    assert not any(value.startswith(("=", "+", "-", "@")) for row in safe for value in row)
    raw = _bytes("csv", "actors", raw=True).decode("utf-8")
    assert "\n" in raw and any(v.startswith("=") for row in csv.reader(io.StringIO(raw)) for v in row)


def test_parquet_tables_read_back(tmp_path: Path) -> None:
    export("parquet", records(), tmp_path / "pq")
    for table in TABLES:
        read = pq.read_table(tmp_path / "pq" / f"{table}.parquet")
        assert read.schema.names == [name for name, _ in COLUMNS[table]]
        assert read.schema.metadata[b"backchannel.table"] == table.encode()
    events = pq.read_table(tmp_path / "pq" / "events.parquet").to_pylist()
    assert len(events) == 8
    assert events[0]["source_store_ids"] == [17] and events[0]["target_names"] == ["Steven Witkoff"]
    assert events[4]["source_store_ids"] == [None]
    assert events[0]["source_phrases"] == ["Kirill Dmitriev"] and events[0]["source_phrase_starts"] == [0]
    assert events[3]["target_phrases"] == ["18 people"] and events[1]["source_phrases"] == []
    claims = pq.read_table(tmp_path / "pq" / "claims.parquet").to_pylist()
    assert claims[0]["reported_via_refs"] == ["a1", "a2"] and claims[0]["reported_via_store_ids"] == [17, 4]
    assert claims[2]["reported_via_store_ids"] == [None, None] and claims[1]["reported_via_names"] == []
    actors = pq.read_table(tmp_path / "pq" / "actors.parquet").to_pylist()
    assert actors[0]["roles"] == ["envoy of Russia"] and actors[0]["store_actor_id"] == 17
    streamed = pq.read_table(io.BytesIO(_bytes("parquet", "mentions")))
    assert streamed.num_rows == 16


def test_plover_records() -> None:
    lines = [json.loads(line) for line in _bytes("plover").decode("utf-8").splitlines()]
    assert len(lines) == 8 and len({r["id"] for r in lines}) == 8
    first = lines[0]
    for name in ("id", "date", "actor", "recipient", "event", "mode", "context", "event_text", "quad_code", "text",
                 "text_info", "cite_info", "story_id", "event_loc"):
        assert name in first
    assert first["date"] == "2025-11-21" and first["date_source"] == "event"
    assert first["event"] == ["CONSULT"] and first["mode"] == ["visit"] and first["quad_code"] == 1
    assert first["actor"][0] == {"entity_text": "Kirill Dmitriev", "entity_name": "Kirill Dmitriev", "code": "RUS",
                                 "sector": "GOV", "identifier_id": "Q4202744", "identifier_text": "Kirill Dmitriev",
                                 "actor_id": "17", "kind": "person", "entity_start": 0, "entity_end": 15}
    assert len(first["actor"]) == len(first["recipient"]) == 1  # the role phrases are the actors' mentions
    assert first["recipient"][0]["entity_name"] == "Steven Witkoff"
    assert first["event_loc"]["extracted_place"] == "Miami" and first["event_loc"]["country_code"] == "USA"
    assert first["text"] == "Kirill Dmitriev met Steve Witkoff in Miami on Friday."
    assert TEXT[first["text_info"]["start"]:first["text_info"]["end"]] == first["text"]
    accuse, negated = lines[1], lines[2]
    assert accuse["mode"] == ["future"] and accuse["quad_code"] == 3 and accuse["date_source"] == "published"
    assert accuse["attributed_to"]["entity_name"] == "Russia" and accuse["actor"][0]["entity_text"] == "Russia"
    assert negated["mode"] == ["negation"] and negated["date"] == "2025-11-23" and negated["event_date"] == "2025-W47"
    assert lines[4]["actor"][0]["actor_id"] == f"{'b' * 64}:a1"
    # no actor resolved: the role phrases are the entities, text and offsets only
    arrest = lines[3]
    assert [e["entity_text"] for e in arrest["actor"]] == ["Police"]
    assert [e["entity_text"] for e in arrest["recipient"]] == ["18 people"]
    people = arrest["recipient"][0]
    assert TEXT[people["entity_start"]:people["entity_end"]] == "18 people"
    assert people["actor_id"] is None and people["code"] is None and set(people) == set(first["actor"][0])
    assert arrest["event"] == ["COERCE"] and arrest["mode"] == ["arrest"] and arrest["quad_code"] == 4


def test_sentence_around_cuts_at_sentence_marks() -> None:
    text = "First one. Second, with \"a quote.\" Third here"
    start = text.index("Second")
    assert text[slice(*sentence_around(text, start, start + 6))] == "Second, with \"a quote.\""
    start = text.index("Third")
    assert text[slice(*sentence_around(text, start, start + 5))] == "Third here"


def _ftm(tmp_path: Path) -> list[Any]:
    path = tmp_path / "e.ftm.json"
    export("ftm", records(), path)
    return [model.get_proxy(json.loads(line)) for line in path.read_text("utf-8").splitlines()]


def test_ftm_entities_validate_and_refer_to_each_other(tmp_path: Path) -> None:
    proxies = _ftm(tmp_path)
    by_id: dict[str, Any] = {}
    for proxy in proxies:
        proxy.schema.validate(proxy.to_dict())
        for prop in proxy.schema.required:
            assert proxy.get(prop), (proxy.schema.name, prop)
        for prop, value in proxy.itervalues():
            assert prop.type.validate(value), (proxy.schema.name, prop.name, value)
        by_id.setdefault(proxy.id, proxy.schema)
    for proxy in proxies:  # every reference points at an entity of the export, of the property's range
        for prop, value in proxy.itervalues():
            if prop.type.name == "entity":
                assert value in by_id and by_id[value].is_a(prop.range), (proxy.schema.name, prop.name)
    again = [p.to_dict() for p in _ftm(tmp_path)]
    assert again == [p.to_dict() for p in proxies]  # deterministic ids and values


def test_ftm_schemata(tmp_path: Path) -> None:
    proxies = _ftm(tmp_path)
    schemata = {p.schema.name for p in proxies}
    assert {"Article", "Person", "PublicBody", "Address", "Organization", "Mention", "Note", "Event",
            "Representation", "UnknownLink"} <= schemata
    dmitriev = [p for p in proxies if p.schema.name == "Person" and "Kirill Dmitriev" in p.get("name")]
    # the same Wikidata id gives one entity in both documents (fragments that `ftm aggregate` merges)
    assert len({p.id for p in dmitriev}) == 1 and dmitriev[0].get("country") == ["ru"]
    assert dmitriev[0].get("wikidataId") == ["Q4202744"]
    eur = next(p for p in proxies if p.schema.name == "Organization")
    assert eur.get("country") == ["eu"]
    event = next(p for p in proxies if p.schema.name == "Event")
    assert event.get("name") == ["CONSULT: Kirill Dmitriev → Steven Witkoff"] and event.get("date") == ["2025-11-21"]
    assert event.get("location") == ["Miami"] and len(event.get("involved")) == 2
    rep = next(p for p in proxies if p.schema.name == "Representation")
    assert rep.get("role") == ["envoy_of"] and rep.get("description") == ["Kirill Dmitriev"]
    links = [p for p in proxies if p.schema.name == "UnknownLink"]
    roles = sorted(p.get("role")[0] for p in links if not p.get("recordId"))
    assert roles == ["located_in", "located_in", "member_of", "member_of"]  # a person is no organization
    # the attribution chain of Russia's claim: Dmitriev nearest, then Witkoff, each linked to the claim's note
    claim = next(p for p in proxies if p.schema.name == "Note" and "claim" in p.get("keywords")
                 and p.get("description") == ["Russia accused Ukraine of attacks"])
    assert claim.get("summary") == ["Russia (reported), according to Kirill Dmitriev, reported by Steven Witkoff"]
    via = sorted((p for p in links if p.get("recordId") and claim.id in p.get("object")),
                 key=lambda p: p.get("recordId"))
    assert [(p.get("role"), p.get("recordId")[0][-5:]) for p in via] == [(["according to"], "via-0"),
                                                                         (["reported by"], "via-1")]
    assert via[0].get("subject") == [dmitriev[0].id] and via[0].get("proof")
    assert via[1].get("subject") != via[0].get("subject")
    mention = next(p for p in proxies if p.schema.name == "Mention" and p.get("name") == ["Miami"])
    assert mention.get("resolved") == [] and mention.get("detectedSchema") == ["Address"]
    quote = next(p for p in proxies if p.schema.name == "Note" and "quote" in p.get("keywords")
                 and p.get("entity"))
    assert quote.get("description") == ["We talked for hours,"]
    assert quote.get("summary") == ["Kirill Dmitriev (say, direct) to Steven Witkoff"]


def test_gexf_graph(tmp_path: Path) -> None:
    path = tmp_path / "g.gexf"
    export("gexf", records(), path)
    ns = {"g": "http://gexf.net/1.3"}
    root = ET.parse(path).getroot()
    assert root.tag == "{http://gexf.net/1.3}gexf" and root.get("version") == "1.3"
    nodes = root.findall("g:graph/g:nodes/g:node", ns)
    # store actors 17, 4, 2 once; per-document actors a5, a6 of doc a and a1, a2, a4, a5, a6 of doc b;
    # places (a3 in both) only when an edge touches them
    assert len(nodes) == 3 + 2 + 5
    labels = {n.get("id"): n.get("label") for n in nodes}
    assert labels["17"] == "Kirill Dmitriev" and "=cmd|' /C calc'!A0" in labels.values()
    edges = root.findall("g:graph/g:edges/g:edge", ns)
    # quote 17→4; events 17→4 (CONSULT), 2→a5 (ACCUSE); doc b: the same three between its own actors;
    # the reciprocal e3 makes a1→a2 and a2→a1 CONSULT edges in each document
    weights = {(e.get("source"), e.get("target"), e.get("kind")): float(e.get("weight") or 0) for e in edges}
    assert weights[("17", "4", "event:CONSULT")] == 2.0 and weights[("4", "17", "event:CONSULT")] == 1.0
    assert weights[("17", "4", "quote:say")] == 1.0
    assert len(edges) == 8
    values = {a.get("for"): a.get("value") for a in nodes[0].findall("g:attvalues/g:attvalue", ns)}
    assert values["kind"] == "country" and values["mentions"] == "2" and values["documents"] == "1"


def test_gexf_reads_in_networkx(tmp_path: Path) -> None:
    nx = pytest.importorskip("networkx")
    path = tmp_path / "g.gexf"
    export("gexf", records(), path)
    graph = nx.read_gexf(path)
    assert graph.number_of_nodes() == 10 and graph.number_of_edges() == 8


def test_bad_requests_raise_e601_before_writing(tmp_path: Path) -> None:
    for fmt, table in (("xml", None), ("csv", None), ("parquet", "people"), ("gexf", "actors")):
        with pytest.raises(ExportError) as caught:
            export_stream(fmt, records(), table=table)
        assert caught.value.code == "E601"
    assert set(MEDIA_TYPES) == {"jsonl", "csv", "parquet", "plover", "ftm", "gexf"}


def test_failed_export_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_text("previous\n", encoding="utf-8")

    def broken() -> Any:
        yield records()[0]
        raise RuntimeError("store went away")

    with pytest.raises(RuntimeError):
        export("jsonl", broken(), path)
    assert path.read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]
    with pytest.raises(ExportError) as caught:
        export("jsonl", records(), tmp_path / "no" / "such" / "dir.jsonl")
    assert caught.value.code == "E602"
    with pytest.raises(ExportError, match="E602"):
        export("jsonl", records(), tmp_path)  # a folder
