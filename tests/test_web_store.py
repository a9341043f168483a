"""The workbench over a REAL store (SQLite, and PostgreSQL when BACKCHANNEL_TEST_PG is set), filled with
the example articles as the real pipeline reads them: every route and page answers with the shapes of
the read contract (store/reader.py), POST analyses and stores, article text stays text, exports stream,
and concurrent reads are safe while a writer stores documents."""

from __future__ import annotations

import csv
import http.client
import io
import json
import re
import threading
import warnings
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote as urlquote

import pytest
from web_real import (
    CLAIM_ITEM,
    DOCUMENT_ITEM,
    EVENT_ITEM,
    QUOTE_ITEM,
    copy_of,
    fill,
    is_actor_ref,
    serving,
)

from backchannel.analysis import analyze_one
from backchannel.ingest.document import Document
from backchannel.readout import Readout
from backchannel.store import Store, open_store
from backchannel.web import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.slow

SCRIPT = "<script>alert(1)</script>"
Pairs = list[tuple[Document, Readout]]


@pytest.fixture(scope="module")
def store(module_store_url: str, example_readouts: Pairs) -> Iterator[Store]:
    """A store holding the analysed example articles, shared by the read-only tests of this module."""
    found = fill(module_store_url, example_readouts)
    yield found
    found.close()


@pytest.fixture(scope="module")
def client(store: Store) -> TestClient:
    return TestClient(create_app(store))


@pytest.fixture(scope="module")
def known(client: TestClient) -> dict[str, Any]:
    """Ids found through the API: a document, the actor speaking most, a quote with a resolved speaker."""
    quotes = client.get("/api/quotes", params={"limit": 500}).json()["items"]
    spoken = [q for q in quotes if q["speaker"]]
    assert spoken, "the examples have quotes with a resolved speaker"
    events = client.get("/api/events", params={"limit": 500}).json()["items"]
    return {"doc": client.get("/api/documents").json()["items"][0]["id"], "quote": spoken[0],
            "actor": spoken[0]["speaker"]["id"], "event": events[0] if events else None}


def check_page(page: dict[str, Any], keys: set[str]) -> list[dict[str, Any]]:
    assert set(page) == {"items", "total", "limit", "offset"}
    assert len(page["items"]) <= page["limit"] and page["total"] >= len(page["items"])
    for item in page["items"]:
        assert set(item) == keys, set(item) ^ keys
    items: list[dict[str, Any]] = page["items"]
    return items


def check_quote(q: dict[str, Any]) -> None:
    for role in ("speaker", "addressee"):
        assert q[role] is None or is_actor_ref(q[role])
    assert q["content"]["text"] and q["id"].startswith("q")


def check_event(e: dict[str, Any]) -> None:
    assert all(is_actor_ref(a) for a in e["source"] + e["target"])
    assert e["attributed_to"] is None or is_actor_ref(e["attributed_to"])
    assert e["place"] is None or is_actor_ref(e["place"])  # a store actor, never the readout's "a7"


def test_api_lists_have_the_contract_shapes(client: TestClient, example_readouts: Pairs) -> None:
    docs = check_page(client.get("/api/documents").json(), DOCUMENT_ITEM)
    assert len(docs) == len(example_readouts)
    stored = {d.id: r for d, r in example_readouts}
    for doc in docs:
        readout = stored[doc["id"]]
        assert (doc["n_quotes"], doc["n_claims"], doc["n_events"]) == (len(readout.quotes), len(readout.claims),
                                                                       len(readout.events))
    published = [d["published"] for d in docs if d["published"]]
    assert published == sorted(published, reverse=True)
    quotes = check_page(client.get("/api/quotes", params={"limit": 500}).json(), QUOTE_ITEM)
    assert len(quotes) == sum(len(r.quotes) for r in stored.values())
    for q in quotes:
        check_quote(q)
    claims = check_page(client.get("/api/claims", params={"limit": 500}).json(), CLAIM_ITEM)
    assert all(c["holder"] is None or is_actor_ref(c["holder"]) for c in claims)
    for e in check_page(client.get("/api/events", params={"limit": 500}).json(), EVENT_ITEM):
        check_event(e)
    actors = check_page(client.get("/api/actors").json(), {"id", "name", "kind", "country", "sector", "documents",
                                                           "mentions"})
    assert actors and actors[0]["documents"] >= actors[-1]["documents"]


def test_api_document_actor_and_aggregates(client: TestClient, known: dict[str, Any]) -> None:
    doc = client.get(f"/api/documents/{known['doc']}").json()
    assert set(doc) == {"document", "readout", "actor_links"}
    assert set(doc["document"]) == DOCUMENT_ITEM | {"text"}
    assert doc["readout"]["id"] == known["doc"] and doc["readout"]["text"] == doc["document"]["text"]
    assert set(doc["actor_links"]) <= {a["id"] for a in doc["readout"]["actors"]}
    assert all(is_actor_ref(ref) for ref in doc["actor_links"].values())
    assert client.get(f"/api/documents/{known['doc']}/readout").json() == doc["readout"]

    page = client.get(f"/api/actors/{known['actor']}").json()
    assert set(page) == {"actor", "documents", "said_by", "said_to", "said_about", "claims", "reported", "events",
                         "counts"}
    assert set(page["counts"]) == {"documents", "said_by", "said_to", "said_about", "claims", "reported", "events"}
    assert page["counts"]["said_by"] >= 1 and page["said_by"][0]["speaker"]["id"] == known["actor"]
    for role in page["actor"]["roles"]:
        assert set(role) == {"title", "of", "doc_id", "span"} and (role["of"] is None or is_actor_ref(role["of"]))
    for rel in page["actor"]["relations"]:
        assert set(rel) == {"relation", "other", "direction", "doc_id", "evidence"} and is_actor_ref(rel["other"])

    facets = client.get("/api/facets").json()
    assert set(facets) == {"outlet", "actor", "event_type", "claim_status", "month", "total"}
    assert facets["total"] == client.get("/api/documents").json()["total"]
    assert all(set(f) == {"value", "label", "count"} for f in facets["actor"])

    network = client.get("/api/network").json()
    ids = {n["id"] for n in network["nodes"]}
    assert network["edges"] and all({e["source"], e["target"]} <= ids for e in network["edges"])
    assert all(set(e) == {"source", "target", "kind", "type", "weight", "doc_ids"} for e in network["edges"])

    timeline = client.get("/api/timeline").json()
    assert all(set(e) == EVENT_ITEM | {"when", "when_source"} for e in timeline)
    assert [e["when"] for e in timeline] == sorted(e["when"] for e in timeline)


def test_search_finds_documents_quotes_and_claims(client: TestClient, known: dict[str, Any]) -> None:
    word = max(known["quote"]["content"]["text"].split(), key=len).strip(".,;:\"'“”‘’()")
    hits = client.get("/api/search", params={"q": word}).json()
    assert hits["total"] >= 1
    for hit in hits["items"]:
        assert set(hit) == {"kind", "doc_id", "ref", "title", "published", "outlet", "snippet", "span"}
    assert any(h["kind"] == "quote" and h["ref"] == known["quote"]["id"] for h in
               client.get("/api/search", params={"q": word, "kind": "quote", "limit": 500}).json()["items"])
    phrase = " ".join(known["quote"]["content"]["text"].split()[:3])
    assert client.get("/api/search", params={"q": f'"{phrase}"'}).status_code == 200
    bad = client.get("/api/search", params={"q": "*"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "E403"


def page_urls(known: dict[str, Any]) -> list[str]:
    doc, actor = known["doc"], known["actor"]
    return ["/", f"/documents/{doc}", "/actors", f"/actors/{actor}", "/search", "/search?q=minister",
            f"/search?actor={actor}", "/network", "/network?kind=quote", "/timeline", f"/timeline?actor={actor}"]


def test_every_page_and_its_json_twin(client: TestClient, known: dict[str, Any]) -> None:
    for url in page_urls(known):
        html = client.get(url)
        assert html.status_code == 200, url
        assert html.headers["content-type"].startswith("text/html"), url
        path, _, query = url.partition("?")
        twin = ("/index.json" if path == "/" else f"{path}.json") + (f"?{query}" if query else "")
        for json_url in (twin, url + ("&" if query else "?") + "format=json"):
            answer = client.get(json_url)
            assert answer.status_code == 200 and answer.headers["content-type"] == "application/json", json_url
    assert client.get(f"/documents/{known['doc']}.json").json()["readout"]["id"] == known["doc"]
    assert client.get("/docs").status_code == 200
    assert client.get("/openapi.json").json()["paths"]["/api/export/{fmt}"]


def test_document_page_shows_the_quote_and_links_its_speaker(client: TestClient, known: dict[str, Any]) -> None:
    quote = known["quote"]
    html = client.get(f"/documents/{quote['doc_id']}").text
    assert re.search(rf'data-refs="[^"]*\b{quote["id"]}\b', html)
    assert f'href="/actors/{quote["speaker"]["id"]}"' in html


def test_search_document_list_agrees_with_its_facets(client: TestClient) -> None:
    """The gap the web engineer noted: event type and claim status now narrow the document list too."""
    facets = client.get("/api/facets").json()
    picked = [("event_type", f["value"]) for f in facets["event_type"][:3]] + \
             [("claim_status", f["value"]) for f in facets["claim_status"][:3]]
    assert picked
    for name, value in picked:
        data = client.get("/search.json", params={name: value}).json()
        assert data["documents"]["total"] == data["facets"]["total"], (name, value)
        counted = next(f["count"] for f in facets[name] if f["value"] == value)
        assert data["documents"]["total"] == counted
        api = client.get("/api/documents", params={name: value}).json()
        assert api["total"] == counted
    assert client.get("/api/documents", params={"event_type": "NOPE"}).status_code == 422


def test_bad_parameters_are_4xx_on_the_real_store(client: TestClient) -> None:
    for url in ("/api/documents?limit=0", "/api/documents?date_from=2025-02-30", "/api/actors/0",
                "/api/search?q=", "/api/quotes?speaker=abc", "/api/documents?offset=-1", "/search?month=2025-13",
                "/api/network?type=NOPE", "/api/documents?q=%00",
                "/api/timeline?date_from=2025-02-01&date_to=2025-01-01"):
        answer = client.get(url)
        assert 400 <= answer.status_code < 500, url
    assert client.get("/api/documents/" + "f" * 64).status_code == 404
    assert client.get("/api/actors/999999").status_code == 404
    assert client.get(f"/api/actors/{2**62}").status_code == 404


# Exports through the API

def test_export_every_format_streams_with_a_filename(client: TestClient, example_readouts: Pairs) -> None:
    n = len(example_readouts)
    lines = client.get("/api/export/jsonl")
    assert lines.status_code == 200 and lines.headers["content-type"] == "application/x-ndjson"
    assert lines.headers["content-disposition"] == 'attachment; filename="backchannel.jsonl"'
    readouts = [json.loads(line) for line in lines.text.splitlines()]
    assert len(readouts) == n and all(is_actor_ref({k: v for k, v in ref.items() if k not in ("wikidata", "kb_id")})
                                      for r in readouts for ref in r["actor_links"].values())
    rows = list(csv.DictReader(io.StringIO(client.get("/api/export/csv", params={"table": "documents"}).text)))
    assert len(rows) == n
    parquet = client.get("/api/export/parquet", params={"table": "quotes"})
    assert parquet.content[:4] == b"PAR1"
    assert 'filename="backchannel-quotes.parquet"' in parquet.headers["content-disposition"]
    import pyarrow.parquet as pq

    assert pq.read_table(io.BytesIO(parquet.content)).num_rows == sum(len(r.quotes) for _, r in example_readouts)
    plover = client.get("/api/export/plover").text.splitlines()
    assert len(plover) == sum(len(r.events) for _, r in example_readouts)
    ftm = [json.loads(line) for line in client.get("/api/export/ftm").text.splitlines()]
    assert sum(e["schema"] == "Article" for e in ftm) == n
    gexf = client.get("/api/export/gexf")
    assert gexf.headers["content-type"].startswith("application/gexf+xml") and b"<gexf" in gexf.content[:400]


def test_export_filters_like_the_document_list(client: TestClient) -> None:
    docs = client.get("/api/documents").json()["items"]
    dated = sorted(d["published"][:10] for d in docs if d["published"])
    assert len(dated) >= 2
    params = {"date_from": dated[-1]}
    want = {d["id"] for d in client.get("/api/documents", params=params).json()["items"]}
    got = {json.loads(line)["id"] for line in client.get("/api/export/jsonl", params=params).text.splitlines()}
    assert got == want and 0 < len(got) < len(docs)
    assert client.get("/api/export/jsonl", params={"outlet": "nobody's outlet"}).content == b""


@pytest.mark.parametrize(("url", "words"), [
    ("/api/export/xml", "unknown export format 'xml'"), ("/api/export/csv", "give table="),
    ("/api/export/parquet?table=nope", "unknown table 'nope'"), ("/api/export/gexf?table=quotes", "csv and parquet"),
    ("/api/export/jsonl?date_from=2025-13-01", "date_from"), ("/api/export/jsonl?q=*", "no words"),
])
def test_export_bad_requests_say_why(client: TestClient, url: str, words: str) -> None:
    answer = client.get(url)
    assert answer.status_code in (400, 422) and words in answer.json()["error"]["message"]


# Writes: POST with the real pipeline, untrusted text

@pytest.fixture()
def writable(store_url: str, example_readouts: Pairs, nlp: Any) -> Iterator[tuple[Store, TestClient]]:
    """A fresh store with the examples, writable through POST with the real pipeline (the session's)."""
    found = fill(store_url, example_readouts)
    yield found, TestClient(create_app(found, writer=found, analyze=lambda doc: analyze_one(doc, nlp)))
    found.close()


def test_post_analyses_stores_and_serves_a_new_text(writable: tuple[Store, TestClient]) -> None:
    _, client = writable
    text = ("Maria Kovacs, the mayor of Szeged, said on Monday that the new bridge would open in March. "
            "“We are ready,” Kovacs told reporters. The council denied that the budget had doubled.")
    before = client.get("/api/documents").json()["total"]
    answer = client.post("/api/documents", json={"text": text, "title": "Szeged bridge", "published": "2026-01-05",
                                                 "outlet": "Test Gazette"})
    assert answer.status_code == 201, answer.text
    readout = answer.json()
    assert readout["text"] == text and readout["quotes"], readout
    doc_id = readout["id"]
    assert answer.headers["location"] == f"/api/documents/{doc_id}"
    docs = client.get("/api/documents").json()
    assert docs["total"] == before + 1 and docs["items"][0]["id"] == doc_id  # the newest
    assert docs["items"][0]["n_quotes"] == len(readout["quotes"])
    assert any(h["doc_id"] == doc_id for h in client.get("/api/search", params={"q": "Szeged bridge"}).json()["items"])
    assert client.get("/api/documents", params={"outlet": "Test Gazette"}).json()["total"] == 1
    page = client.get(f"/documents/{doc_id}")
    assert page.status_code == 200 and "Szeged bridge" in page.text and "We are ready" in page.text
    assert client.get(f"/api/documents/{doc_id}").json()["readout"] == readout
    again = client.post("/api/documents", json={"text": text})
    assert again.status_code == 200 and again.json()["id"] == doc_id
    assert client.get("/api/documents").json()["total"] == before + 1


def test_a_script_in_a_stored_article_renders_escaped(writable: tuple[Store, TestClient]) -> None:
    _, client = writable
    text = (f"Ivan Petrov said that {SCRIPT} was a test. “It is {SCRIPT},” Petrov told the council of Kazan. "
            "The council denied it.")
    answer = client.post("/api/documents", json={"text": text, "title": f"Title {SCRIPT}", "author": SCRIPT,
                                                 "url": "javascript:alert(1)", "outlet": f"Outlet {SCRIPT}"})
    assert answer.status_code == 201
    doc_id = answer.json()["id"]
    for url in (f"/documents/{doc_id}", "/", "/search?q=Petrov", f"/search?outlet={urlquote('Outlet ' + SCRIPT)}"):
        html = client.get(url).text
        assert SCRIPT not in html, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, url
    # PostgreSQL's text-search parser drops <script>…</script> from the index, so "alert" may find nothing there
    for url in ("/actors?q=Petrov", "/search?q=alert"):
        assert SCRIPT not in client.get(url).text
    assert 'href="javascript:' not in client.get(f"/documents/{doc_id}").text
    speaker = next((q["speaker"] for q in client.get("/api/quotes", params={"doc_id": doc_id}).json()["items"]
                    if q["speaker"]), None)
    if speaker is not None:
        assert SCRIPT not in client.get(f"/actors/{speaker['id']}").text


# Concurrency: the API runs sync endpoints in a thread pool

def test_concurrent_reads_while_a_writer_stores(store_url: str, example_readouts: Pairs) -> None:
    """Six client threads read through a real server (uvicorn, its thread pool, one shared store) while
    a writer thread stores 40 more documents through a second store object, as an ingest would: every
    answer is a 200 with a consistent page, and every document is there at the end."""
    reader = fill(store_url, example_readouts)
    writer = open_store(store_url)
    actor = reader.actors(limit=1)["items"][0]["id"]
    doc = example_readouts[0][0].id
    urls = ["/api/documents?limit=20", f"/api/documents/{doc}", f"/documents/{doc}", f"/actors/{actor}",
            "/api/search?q=minister", "/search?q=government", "/api/facets", "/network.json", "/timeline.json",
            "/api/quotes?limit=50", f"/api/events?actor={actor}", "/"]
    written: list[int] = []
    failures: list[str] = []
    done = threading.Event()

    def write() -> None:
        try:
            for k in range(40):
                writer.put(*copy_of(*example_readouts[k % len(example_readouts)], k))
                written.append(k)
        except Exception as exc:  # reported below, in the test's thread
            failures.append(f"writer: {exc!r}")
        finally:
            done.set()

    def read(base: str, seed: int) -> None:
        host, port = base.removeprefix("http://").split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=60)
        n, last_total = seed, 0
        try:
            while not done.is_set() or n < seed + len(urls):
                url = urls[n % len(urls)]
                conn.request("GET", url)
                answer = conn.getresponse()
                body = answer.read()
                if answer.status != 200:
                    failures.append(f"{url}: {answer.status} {body[:200]!r}")
                    return
                if url.startswith("/api/documents?"):
                    page = json.loads(body)
                    if len(page["items"]) > page["limit"] or page["total"] < last_total:
                        failures.append(f"{url}: inconsistent page {page['total']} after {last_total}")
                    last_total = page["total"]
                n += 1
        except Exception as exc:
            failures.append(f"reader {seed}: {exc!r}")
        finally:
            conn.close()

    try:
        with serving(create_app(reader, writer=reader)) as base:
            threads = [threading.Thread(target=read, args=(base, i)) for i in range(6)]
            threads.append(threading.Thread(target=write))
            for t in threads:
                t.start()
            for t in threads:
                t.join(120)
        assert failures == []
        assert len(written) == 40
        assert reader.documents(limit=1)["total"] == len(example_readouts) + 40
    finally:
        writer.close()
        reader.close()


def test_serve_opens_the_real_store_and_refuses_a_missing_file(module_store_url: str, store: Store,
                                                              tmp_path_factory: pytest.TempPathFactory) -> None:
    from typer.testing import CliRunner

    from backchannel.cli import app
    from backchannel.cli_serve import open_store as serve_store

    with serve_store(module_store_url) as served:
        assert served.documents(limit=1)["total"] == store.documents(limit=1)["total"]
    missing = tmp_path_factory.mktemp("none") / "missing.sqlite"
    result = CliRunner().invoke(app, ["serve", "--db", str(missing)])
    assert result.exit_code == 2 and "no store at" in result.output and not missing.exists()
