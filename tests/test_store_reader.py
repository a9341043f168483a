"""The StoreReader contract (store/reader.py) on SQLite and PostgreSQL, from hand-made readouts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import postgres_schema

from backchannel import Document, Readout, StoreError
from backchannel.store import Store


def sp(text: str, part: str, nth: int = 0) -> dict[str, Any]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return {"start": start, "end": start + len(part), "text": part}


def actor(text: str, ref: str, name: str, kind: str, *mentions: str, country: str | None = None,
          roles: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"id": ref, "name": name, "kind": kind, "country": country, "sector": None, "kb_id": None,
            "wikidata": None, "mentions": [sp(text, m) for m in mentions or (name,)], "roles": roles or []}


TEXT_A = "Kirill Dmitriev told Steve Witkoff that Russia wants peace. The Kremlin denied talks with Kyiv."
TEXT_B = "Steve Witkoff warned Dmitriev about new sanctions on Moscow."


def readout_a() -> tuple[Document, Readout]:
    t = TEXT_A
    doc = Document(t, meta={"published": "2025-11-26", "outlet": "Bloomberg", "title": "Envoy talks"})
    actors = [actor(t, "a1", "Kirill Dmitriev", "person", country="RUS",
                    roles=[{"title": "envoy", "of": "a3", "span": sp(t, "Kirill Dmitriev")}]),
              actor(t, "a2", "Steve Witkoff", "person", country="USA"),
              actor(t, "a3", "Kremlin", "organization", country="RUS"),
              actor(t, "a4", "Russia", "country", country="RUS"),
              actor(t, "a5", "Kyiv", "place")]
    quotes = [{"id": "q1", "form": "indirect", "speaker": "a1", "speaker_span": sp(t, "Kirill Dmitriev"),
               "cue": sp(t, "told"), "addressee": "a2", "content": sp(t, "Russia wants peace"), "act": "say"}]
    claims = [{"id": "c1", "content": sp(t, "talks with Kyiv"), "holder": "a3", "status": "denied",
               "cue": sp(t, "denied"), "quote": None, "doubted_by": None},
              {"id": "c2", "content": sp(t, "Russia wants peace"), "holder": "author", "status": "asserted",
               "cue": None, "quote": None, "doubted_by": None}]
    events = [{"id": "e1", "type": "CONSULT", "mode": None, "cameo": "040", "source": ["a1"], "target": ["a2"],
               "trigger": sp(t, "told"), "status": "asserted", "attributed_to": None, "date": "2025-11-20",
               "place": None}]
    relations = [{"subject": "a1", "relation": "envoy_of", "object": "a3", "evidence": sp(t, "Kirill Dmitriev")}]
    return doc, Readout(id=doc.id, text=t, meta=doc.full_meta(), pipeline={"name": "t", "version": "0",
                                                                            "components": []},
                        actors=actors, quotes=quotes, claims=claims, events=events, relations=relations)


def readout_b() -> tuple[Document, Readout]:
    t = TEXT_B
    doc = Document(t, meta={"published": "2025-12-02", "outlet": "Reuters", "title": "Sanctions warning"})
    actors = [actor(t, "a1", "Steve Witkoff", "person", country="USA"),
              actor(t, "a2", "Dmitriev", "person"),
              actor(t, "a3", "Moscow", "place")]
    quotes = [{"id": "q1", "form": "indirect", "speaker": "a1", "speaker_span": sp(t, "Steve Witkoff"),
               "cue": sp(t, "warned"), "addressee": "a2", "content": sp(t, "about new sanctions on Moscow"),
               "act": "warn"}]
    events = [{"id": "e1", "type": "THREATEN", "mode": None, "cameo": "130", "source": ["a1"], "target": ["a2"],
               "trigger": sp(t, "warned"), "status": "asserted", "attributed_to": None, "date": None,
               "place": None}]
    return doc, Readout(id=doc.id, text=t, meta=doc.full_meta(), pipeline={"name": "t", "version": "0",
                                                                            "components": []},
                        actors=actors, quotes=quotes, events=events)


@pytest.fixture()
def filled(store_url: str) -> Iterator[Store]:
    with Store(store_url) as store:
        for doc, readout in (readout_a(), readout_b()):
            store.put(doc, readout)
        yield store


def ids(store: Store) -> dict[str, int]:
    a, b = readout_a()[0].id, readout_b()[0].id
    links_a, links_b = store.actor_links(a), store.actor_links(b)
    assert links_a["a1"] == links_b["a2"]  # "Dmitriev" links to Kirill Dmitriev
    return {"dmitriev": links_a["a1"], "witkoff": links_a["a2"], "kremlin": links_a["a3"], "russia": links_a["a4"]}


def test_documents_newest_first_with_filters(filled: Store) -> None:
    a, b = readout_a()[0].id, readout_b()[0].id
    found = filled.documents()
    assert found["total"] == 2 and [d["id"] for d in found["items"]] == [b, a]
    item = found["items"][1]
    assert (item["n_actors"], item["n_quotes"], item["n_claims"], item["n_events"]) == (5, 1, 2, 1)
    assert item["outlet"] == "Bloomberg" and item["snippet"].startswith("Kirill Dmitriev")
    assert [d["id"] for d in filled.documents(outlet="Reuters")["items"]] == [b]
    assert [d["id"] for d in filled.documents(q="sanctions")["items"]] == [b]
    assert [d["id"] for d in filled.documents(date_to="2025-11-30")["items"]] == [a]
    assert [d["id"] for d in filled.documents(date_from="2025-12-02", date_to="2025-12-02")["items"]] == [b]
    assert filled.documents(actor=ids(filled)["kremlin"])["total"] == 1
    assert filled.documents(limit=1, offset=1)["items"][0]["id"] == a


def test_document_with_readout_and_actor_links(filled: Store) -> None:
    a = readout_a()[0].id
    found = filled.document(a)
    assert found is not None
    assert found["document"]["text"] == TEXT_A and found["readout"]["quotes"][0]["id"] == "q1"
    assert found["actor_links"]["a1"] == {"id": ids(filled)["dmitriev"], "name": "Kirill Dmitriev",
                                          "kind": "person", "country": "RUS", "sector": None}
    assert filled.document("0" * 64) is None


def test_quotes_and_claims(filled: Store) -> None:
    actor_ids = ids(filled)
    said = filled.quotes(speaker=actor_ids["dmitriev"])
    assert said["total"] == 1
    (quote,) = said["items"]
    assert quote["speaker"]["name"] == "Kirill Dmitriev" and quote["addressee"]["name"] == "Steve Witkoff"
    assert quote["speaker_ref"] == "a1" and quote["content"]["text"] == "Russia wants peace"
    assert quote["outlet"] == "Bloomberg" and quote["published"] == "2025-11-26"
    assert [q["act"] for q in filled.quotes()["items"]] == ["warn", "say"]
    assert filled.quotes(q="peace")["total"] == 1 and filled.quotes(act="warn")["total"] == 1
    assert filled.quotes(addressee=actor_ids["dmitriev"])["items"][0]["act"] == "warn"
    assert filled.claims(author=True)["items"][0]["id"] == "c2"
    assert filled.claims(author=True)["items"][0]["holder_is_author"] is True
    denied = filled.claims(holder=actor_ids["kremlin"])["items"]
    assert [(c["id"], c["status"], c["holder"]["name"]) for c in denied] == [("c1", "denied", "Kremlin")]
    assert filled.claims(status="asserted", q="peace")["total"] == 1


def test_events_and_timeline(filled: Store) -> None:
    actor_ids = ids(filled)
    assert filled.events(actor=actor_ids["witkoff"])["total"] == 2
    (consult,) = filled.events(source=actor_ids["dmitriev"])["items"]
    assert consult["type"] == "CONSULT" and [a["name"] for a in consult["target"]] == ["Steve Witkoff"]
    # The event's own date counts: the CONSULT happened on 20 November, before the filter.
    assert [e["type"] for e in filled.events(date_from="2025-11-25")["items"]] == ["THREATEN"]
    line = filled.timeline()
    assert [(e["type"], e["when"], e["when_source"]) for e in line] == [
        ("CONSULT", "2025-11-20", "event"), ("THREATEN", "2025-12-02", "published")]


def test_actors_page(filled: Store) -> None:
    actor_ids = ids(filled)
    found = filled.actors(q="DMITR")
    assert [(a["id"], a["documents"]) for a in found["items"]] == [(actor_ids["dmitriev"], 2)]
    assert filled.actors(kind="person")["total"] == 2
    assert filled.actors(country="USA")["items"][0]["name"] == "Steve Witkoff"
    assert filled.actors(limit=2)["total"] == filled.actors()["total"]


def test_actor_page(filled: Store) -> None:
    actor_ids = ids(filled)
    page = filled.actor_page(actor_ids["dmitriev"])
    assert page is not None
    assert page["actor"]["name"] == "Kirill Dmitriev"
    assert {a["alias"] for a in page["actor"]["aliases"]} == {"Kirill Dmitriev", "Dmitriev"}
    assert [(r["title"], r["of"]["name"]) for r in page["actor"]["roles"]] == [("envoy", "Kremlin")]
    assert [(r["relation"], r["direction"], r["other"]["name"]) for r in page["actor"]["relations"]] == [
        ("envoy_of", "out", "Kremlin")]
    assert page["counts"] == {"documents": 2, "said_by": 1, "said_to": 1, "said_about": 0, "claims": 0, "reported": 0,
                             "events": 2}
    assert len(page["documents"]) == 2 and page["said_to"][0]["act"] == "warn"
    russia = filled.actor_page(actor_ids["russia"])
    assert russia is not None and [q["id"] for q in russia["said_about"]] == ["q1"]
    assert filled.actor_page(99999) is None


def test_search(filled: Store) -> None:
    found = filled.search("peace")
    assert {(h["kind"], h["ref"]) for h in found["items"]} == {("document", None), ("quote", "q1"), ("claim", "c2")}
    quote = next(h for h in found["items"] if h["kind"] == "quote")
    assert quote["span"] == sp(TEXT_A, "Russia wants peace") and "peace" in quote["snippet"]
    assert filled.search("peace", kinds=("quote",))["total"] == 1
    assert filled.search('"new sanctions"')["total"] == 2  # the document and the quote
    assert filled.search('"sanctions new"')["total"] == 0
    assert filled.search("sanction")["total"] == 2  # stemmed
    assert filled.search("peace", outlet="Reuters")["total"] == 0
    for hostile in ('peace" OR "war', "NEAR(peace talks)", "text:peace", "peace*", "-peace", "peace AND"):
        filled.search(hostile)  # never an index syntax error
    with pytest.raises(StoreError) as caught:
        filled.search('"" !!!')
    assert caught.value.code == "E403"


def test_facets(filled: Store) -> None:
    found = filled.facets()
    assert found["total"] == 2
    assert {(f["value"], f["count"]) for f in found["outlet"]} == {("Bloomberg", 1), ("Reuters", 1)}
    assert [m["value"] for m in found["month"]] == ["2025-11", "2025-12"]
    assert {f["value"] for f in found["event_type"]} == {"CONSULT", "THREATEN"}
    assert found["actor"][0]["count"] == 2 and found["actor"][0]["label"] in ("Kirill Dmitriev", "Steve Witkoff")
    one = filled.facets(outlet="Reuters")
    assert one["total"] == 1
    assert {(f["value"], f["count"]) for f in one["outlet"]} == {("Bloomberg", 1), ("Reuters", 1)}  # not its own filter
    assert [f["value"] for f in one["event_type"]] == ["THREATEN"]
    assert filled.facets(claim_status="denied")["total"] == 1


def test_network(filled: Store) -> None:
    actor_ids = ids(filled)
    found = filled.network()
    edges = {(e["source"], e["target"], e["kind"], e["type"]): e["weight"] for e in found["edges"]}
    d, w = actor_ids["dmitriev"], actor_ids["witkoff"]
    assert edges == {(d, w, "quote", "say"): 1, (d, w, "event", "CONSULT"): 1, (w, d, "quote", "warn"): 1,
                     (w, d, "event", "THREATEN"): 1}
    assert {n["id"]: n["weight"] for n in found["nodes"]} == {d: 4, w: 4}
    assert len(filled.network(kinds=("quote",), types=("warn",))["edges"]) == 1
    assert filled.network(min_weight=2)["edges"] == []
    assert filled.network(actor=actor_ids["kremlin"])["edges"] == []


def test_storing_again_replaces_the_rows_and_merges_follow(filled: Store) -> None:
    doc, readout = readout_a()
    before = filled.table_counts()
    assert filled.put(doc, readout) is False
    assert filled.table_counts() == before
    assert filled.table_counts(doc.id) == {"event_actors": 2, "mentions": 5, "roles": 1, "quotes": 1, "claims": 2,
                                           "claim_reporters": 0, "events": 1, "relations": 1}
    assert filled.search("peace")["total"] == 3  # the full-text entries were replaced, not doubled
    actor_ids = ids(filled)
    decision = filled.merge(actor_ids["kremlin"], actor_ids["russia"])
    assert filled.actor_page(actor_ids["russia"])["actor"]["id"] == actor_ids["kremlin"]  # type: ignore[index]
    assert filled.actor_page(actor_ids["kremlin"])["counts"]["said_about"] == 1  # type: ignore[index]
    filled.revert(decision["id"])
    assert filled.actor_page(actor_ids["kremlin"])["counts"]["said_about"] == 0  # type: ignore[index]


def _fill(url: str) -> dict[str, Any]:
    with Store(url) as store:
        for doc, readout in (readout_a(), readout_b()):
            store.put(doc, readout)
        a = readout_a()[0].id
        views = {"documents": store.documents(), "document": store.document(a), "actors": store.actors(),
                 "quotes": store.quotes(), "claims": store.claims(), "events": store.events(),
                 "search": store.search("Witkoff", kinds=("quote",)), "facets": store.facets(),
                 "network": store.network(), "timeline": store.timeline(), "actor_page": store.actor_page(1)}
    text = json.dumps(views, sort_keys=True)
    for item in views["documents"]["items"]:
        text = text.replace(item["stored_at"], "T")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def test_sqlite_and_postgres_agree(tmp_path: Path) -> None:
    with postgres_schema() as url:
        on_postgres = _fill(url)
    on_sqlite = _fill(str(tmp_path / "s.sqlite"))
    for name in on_sqlite:
        assert on_sqlite[name] == on_postgres[name], name
