"""The workbench in a real headless Chromium (Debian's, driven by Playwright): open a document, click
a quote, reach the speaker's page, filter the network, see the timeline. The app runs with uvicorn in
a background thread on a free localhost port over a REAL SQLite store filled with the example articles
as the pipeline reads them; what to click is found through the API, not hard-coded. One test keeps the
in-memory fake store, whose hand-made readouts put a ``<script>`` in every place text can reach."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from web_browser_env import CHROMIUM, missing
from web_fake import SCRIPT, FakeStore, fake_analyze
from web_real import fill, serving

from backchannel.ingest.document import Document
from backchannel.readout import Readout
from backchannel.web import create_app

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.skipif(missing() is not None, reason=str(missing()))]

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory,
           example_readouts: list[tuple[Document, Readout]]) -> Iterator[str]:
    """The workbench over a real SQLite store holding the analysed example articles."""
    store = fill(str(tmp_path_factory.mktemp("browser") / "store.sqlite"), example_readouts)
    with serving(create_app(store)) as base:
        yield base
    store.close()


@pytest.fixture(scope="module")
def api(server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, timeout=30) as client:
        yield client


@pytest.fixture(scope="module")
def fake_store() -> FakeStore:
    return FakeStore()


@pytest.fixture(scope="module")
def fake_server(fake_store: FakeStore) -> Iterator[str]:
    with serving(create_app(fake_store, writer=fake_store, analyze=fake_analyze)) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw, tempfile.TemporaryDirectory() as profile:
        context = pw.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, headless=True, args=ARGS,
                                                        viewport={"width": 1280, "height": 900})
        yield context
        context.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    """A fresh tab that records console errors and refuses any request leaving localhost."""
    tab = browser.new_page()
    tab.errors = []
    tab.dialogs = []
    tab.on("console", lambda msg: tab.errors.append(msg.text) if msg.type == "error" else None)
    tab.on("pageerror", lambda exc: tab.errors.append(str(exc)))
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    tab.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1")
              else route.abort())
    yield tab
    tab.close()


def shoot(page: Any, name: str) -> None:
    """Keep a screenshot when BACKCHANNEL_SCREENSHOTS names a folder (to look at the pages by eye)."""
    import os

    folder = os.environ.get("BACKCHANNEL_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=False)


def _spoken_quote(api: httpx.Client) -> dict[str, Any]:
    """A quote whose speaker is a store actor, with content of a few words (to find it on its page)."""
    quotes = api.get("/api/quotes", params={"limit": 500}).json()["items"]
    spoken = [q for q in quotes if q["speaker"] and len(q["content"]["text"]) > 20]
    assert spoken, "the example articles have quotes with a resolved speaker"
    return spoken[0]


def test_open_a_document_click_a_quote_reach_the_speaker(server: str, api: httpx.Client, page: Any) -> None:
    quote = _spoken_quote(api)
    ref, speaker = quote["id"], quote["speaker"]
    page.goto(f"{server}/documents/{quote['doc_id']}")
    segment = page.locator(f'#text .seg[data-refs~="{ref}"]').first
    segment.scroll_into_view_if_needed()
    segment.click()
    note = page.locator(f'#panel .note[data-ref="{ref}"]')
    assert "quote" in note.locator("h3").inner_text().lower()
    link = note.locator(".speaker-link")
    assert link.inner_text() == speaker["name"]
    assert link.get_attribute("href") == f"/actors/{speaker['id']}"
    shoot(page, "document")
    link.click()
    page.wait_for_url(f"{server}/actors/{speaker['id']}")
    assert page.locator("h1.actor-name").inner_text() == speaker["name"]
    assert quote["content"]["text"][:20] in page.locator("body").inner_text()
    assert page.errors == []


def test_layer_toggles_hide_a_layer_and_its_explanations(server: str, api: httpx.Client, page: Any) -> None:
    quote = _spoken_quote(api)
    page.goto(f"{server}/documents/{quote['doc_id']}")
    page.locator('.layer-toggle[value="quote"]').uncheck()
    assert "no-quote" in (page.locator("#text").get_attribute("class") or "")
    page.locator(f'#text .seg[data-refs~="{quote["id"]}"]').first.click()
    assert page.locator(f'#panel .note[data-ref="{quote["id"]}"]').count() == 0  # a hidden layer explains nothing
    assert page.errors == []


def test_a_script_in_an_article_stays_text(fake_server: str, fake_store: FakeStore, page: Any) -> None:
    """Over the fake store, whose readouts hold a <script> in text, title, author, alias and quote."""
    doc = next(e["readout"]["id"] for e in fake_store.entries if SCRIPT in e["readout"]["text"])
    for url in (f"/documents/{doc}", "/actors/4", "/search?q=plan", "/"):
        page.goto(fake_server + url)
        page.wait_for_load_state("load")
        assert SCRIPT in page.locator("main").inner_text()
    page.goto(f"{fake_server}/documents/{doc}")
    page.locator('#text .seg[data-refs~="q1"]').filter(has_text="was not a plan").click()
    assert SCRIPT in page.locator("#panel").inner_text()
    assert page.dialogs == [] and page.errors == []


def test_a_claim_explains_its_chain_and_leads_to_the_reporter(fake_server: str, fake_store: FakeStore,
                                                              page: Any) -> None:
    """Over the fake store: the Kremlin's denial reached the author via Dmitriev, then Witkoff."""
    doc = next(e["readout"]["id"] for e in fake_store.entries if "any talks took place" in e["readout"]["text"])
    page.goto(f"{fake_server}/documents/{doc}")
    page.locator('#text .seg[data-refs~="c2"]').first.click()
    note = page.locator('#panel .note[data-ref="c2"]')
    assert note.locator(".according-to-link").inner_text() == "Kirill Dmitriev"
    assert note.locator(".reported-by-link").inner_text() == "Steve Witkoff"
    note.locator(".according-to-link").click()
    page.wait_for_url(f"{fake_server}/actors/1")
    reported = page.locator("section.reported")
    assert "Claims reported via Kirill Dmitriev (1)" in reported.locator("h2").inner_text()
    shown = " ".join(reported.inner_text().split())
    assert ("the Kremlin RUS·GOV: any talks took place according to Kirill Dmitriev RUS·GOV, reported by Steve Witkoff"
            in shown)
    assert page.errors == []


# wait_for_function takes functions, not expressions: an expression would be eval'd, which the CSP forbids.
def _edges(page: Any) -> int:
    return int(page.evaluate("window.backchannelNetwork.edges().length"))


def test_network_filters_by_type_and_opens_an_actor(server: str, api: httpx.Client, page: Any) -> None:
    edges = api.get("/api/network").json()["edges"]
    by_type: dict[str, int] = {}
    for edge in edges:
        by_type[edge["type"]] = by_type.get(edge["type"], 0) + 1
    assert len(by_type) >= 2, "the examples' network has edges of several types"
    kind, expected = min(by_type.items(), key=lambda kv: kv[1])
    page.goto(f"{server}/network")
    page.wait_for_function("() => window.backchannelNetwork && document.getElementById('cy').dataset.loaded === '1'")
    everything = _edges(page)
    assert everything == len(edges)
    shoot(page, "network")
    page.locator(f'.type-filter[value="{kind}"]').check()
    page.wait_for_function("n => window.backchannelNetwork.edges().length !== n", arg=everything)
    assert _edges(page) == expected
    assert page.evaluate("window.backchannelNetwork.edges().map(e => e.data('type'))") == [kind] * expected
    assert f"type={kind}" in page.url
    actor = page.evaluate("window.backchannelNetwork.nodes()[0].data('actor')")
    # Tap a node as a click would; from a timer, so that evaluate returns before the page navigates away.
    page.evaluate("() => { const node = window.backchannelNetwork.nodes()[0]; setTimeout(() => node.emit('tap'), 0); }")
    page.wait_for_url(f"{server}/actors/{actor}")
    assert page.errors == []


def _items(page: Any) -> int:
    return int(page.evaluate("window.backchannelTimeline.items.length"))


def test_timeline_renders_items_and_filters(server: str, api: httpx.Client, page: Any) -> None:
    events = api.get("/api/timeline").json()
    types: dict[str, int] = {}
    for event in events:
        types[event["type"]] = types.get(event["type"], 0) + 1
    page.goto(f"{server}/timeline")
    page.wait_for_function("() => document.getElementById('timeline').dataset.loaded === '1'")
    page.wait_for_selector(".vis-item-content")
    assert _items(page) == len(events)
    kind, expected = min(types.items(), key=lambda kv: kv[1])
    page.locator('select[name="type"]').select_option(kind)
    page.wait_for_function("n => window.backchannelTimeline.items.length === n", arg=expected)
    page.wait_for_selector(".vis-item-content")
    assert all(text.startswith(kind) for text in page.locator(".vis-item-content").all_inner_texts())
    # The standalone vis-timeline build also injects its stylesheet as inline <style> elements; the CSP
    # blocks them (the same rules come from the vendored .css file), which is all these messages say.
    assert [e for e in page.errors if not e.startswith("Applying inline style violates")] == []
    assert page.locator(".vis-timeline").evaluate("el => getComputedStyle(el).position") == "relative"


def test_api_docs_render_offline(server: str, page: Any) -> None:
    page.goto(f"{server}/docs")
    page.wait_for_selector(".opblock", timeout=20000)
    assert page.locator(".opblock").count() >= 13
    assert not [e for e in page.errors if "Content Security Policy" in e]
