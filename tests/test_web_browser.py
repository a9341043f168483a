"""The workbench in a real headless Chromium (Debian's, driven by Playwright): open a document, click
a quote, reach the speaker's page, filter the network, see the timeline. The app runs with uvicorn in
a background thread on a free localhost port, over the in-memory fake store."""

from __future__ import annotations

import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from web_browser_env import CHROMIUM, missing
from web_fake import SCRIPT, FakeStore, fake_analyze

pytestmark = [pytest.mark.browser, pytest.mark.skipif(missing() is not None, reason=str(missing()))]

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def store() -> FakeStore:
    return FakeStore()


@pytest.fixture(scope="module")
def server(store: FakeStore) -> Iterator[str]:
    import uvicorn

    from backchannel.web import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(store, writer=store, analyze=fake_analyze), host="127.0.0.1", port=port,
                            log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw, tempfile.TemporaryDirectory() as profile:
        context = pw.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, headless=True, args=ARGS)
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


def _doc(store: FakeStore, contains: str) -> str:
    return next(e["readout"]["id"] for e in store.entries if contains in e["readout"]["text"])


def test_open_a_document_click_a_quote_reach_the_speaker(server: str, store: FakeStore, page: Any) -> None:
    page.goto(f"{server}/documents/{_doc(store, 'Miami')}")
    quote = page.locator('#text .seg[data-refs~="q1"]').filter(has_text="the plan was ready")
    quote.click()
    speaker = page.locator("#panel .speaker-link").first
    assert speaker.inner_text() == "Kirill Dmitriev"
    assert "quote" in page.locator("#panel .note").first.inner_text().lower()
    assert "selected" in (quote.get_attribute("class") or "")
    speaker.click()
    page.wait_for_url(f"{server}/actors/1")
    assert page.locator("h1.actor-name").inner_text() == "Kirill Dmitriev"
    assert "the plan was ready" in page.locator("body").inner_text()
    assert page.errors == []


def test_claims_events_and_layer_toggles(server: str, store: FakeStore, page: Any) -> None:
    page.goto(f"{server}/documents/{_doc(store, 'Miami')}")
    page.locator('#text .seg[data-refs~="c2"]').first.click()
    assert "denied" in page.locator("#panel").inner_text()
    page.locator('#text .seg[data-refs~="e1"]').click()
    assert "CONSULT" in page.locator("#panel").inner_text()
    page.locator('.layer-toggle[value="quote"]').uncheck()
    assert "no-quote" in (page.locator("#text").get_attribute("class") or "")
    page.locator('#text .seg[data-refs~="c1"]').first.click()  # quote hidden: the claim explains itself
    assert page.locator("#panel .note").first.get_attribute("data-ref") == "c1"


def test_a_script_in_an_article_stays_text(server: str, store: FakeStore, page: Any) -> None:
    doc = _doc(store, SCRIPT)
    for url in (f"/documents/{doc}", "/actors/4", "/search?q=plan", "/"):
        page.goto(server + url)
        page.wait_for_load_state("load")
        assert SCRIPT in page.locator("main").inner_text()
    page.goto(f"{server}/documents/{doc}")
    page.locator('#text .seg[data-refs~="q1"]').filter(has_text="was not a plan").click()
    assert SCRIPT in page.locator("#panel").inner_text()
    assert page.dialogs == [] and page.errors == []


# wait_for_function takes functions, not expressions: an expression would be eval'd, which the CSP forbids.
def _edges(page: Any) -> int:
    return int(page.evaluate("window.backchannelNetwork.edges().length"))


def test_network_filters_by_type_and_opens_an_actor(server: str, page: Any) -> None:
    page.goto(f"{server}/network")
    page.wait_for_function("() => window.backchannelNetwork && document.getElementById('cy').dataset.loaded === '1'")
    everything = _edges(page)
    assert everything >= 4
    page.locator('.type-filter[value="CONSULT"]').check()
    page.wait_for_function("n => window.backchannelNetwork.edges().length !== n", arg=everything)
    assert 0 < _edges(page) < everything
    assert page.evaluate("window.backchannelNetwork.edges().map(e => e.data('type'))") == ["CONSULT"] * _edges(page)
    assert "type=CONSULT" in page.url
    # Tap a node as a click would; from a timer, so that evaluate returns before the page navigates away.
    page.evaluate("() => { const node = window.backchannelNetwork.nodes().filter(n => n.data('actor') === 2)[0];"
                  " setTimeout(() => node.emit('tap'), 0); }")
    page.wait_for_url(f"{server}/actors/2")
    assert page.errors == []


def test_timeline_renders_items_and_filters(server: str, page: Any) -> None:
    page.goto(f"{server}/timeline")
    page.wait_for_selector(".vis-item-content")
    assert page.locator(".vis-item-content").count() == 3
    page.locator('select[name="type"]').select_option("ACCUSE")
    page.wait_for_function("() => document.querySelectorAll('.vis-item-content').length === 1")
    assert "ACCUSE" in page.locator(".vis-item-content").inner_text()
    # The standalone vis-timeline build also injects its stylesheet as inline <style> elements; the CSP
    # blocks them (the same rules come from the vendored .css file), which is all these messages say.
    assert [e for e in page.errors if not e.startswith("Applying inline style violates")] == []
    assert page.locator(".vis-timeline").evaluate("el => getComputedStyle(el).position") == "relative"


def test_api_docs_render_offline(server: str, page: Any) -> None:
    page.goto(f"{server}/docs")
    page.wait_for_selector(".opblock", timeout=20000)
    assert page.locator(".opblock").count() >= 12
    assert not [e for e in page.errors if "Content Security Policy" in e]
