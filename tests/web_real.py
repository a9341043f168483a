"""Helpers for running the workbench over a real store: filling one with analysed readouts, distinct
copies of a readout, and serving an app with uvicorn in a background thread."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from backchannel.ingest.document import Document
from backchannel.readout import Readout
from backchannel.store import Store, open_store

ACTOR_REF = {"id", "name", "kind", "country", "sector"}
DOC_REF = {"doc_id", "title", "published", "outlet"}
DOCUMENT_ITEM = {"id", "title", "url", "published", "outlet", "author", "source", "stored_at", "n_actors", "n_quotes",
                 "n_claims", "n_events", "snippet"}
QUOTE_ITEM = DOC_REF | {"id", "form", "act", "speaker", "speaker_ref", "speaker_span", "addressee", "cue", "content"}
CLAIM_ITEM = DOC_REF | {"id", "status", "holder", "holder_is_author", "holder_ref", "cue", "content", "quote",
                        "doubted_by", "reported_by", "reported_via", "reported_via_refs"}
EVENT_ITEM = DOC_REF | {"id", "type", "mode", "cameo", "status", "attributed_to", "source", "target", "trigger", "date",
                        "place", "place_span"}


def fill(url: str, pairs: list[tuple[Document, Readout]]) -> Store:
    """A store at ``url`` holding ``pairs`` (opened for writing; the caller closes it)."""
    store = open_store(url)
    for document, readout in pairs:
        store.put(document, readout)
    return store


def copy_of(document: Document, readout: Readout, k: int) -> tuple[Document, Readout]:
    """A distinct document with the same readout: a suffix after the last span keeps every offset."""
    text = f"{document.text}\n\n(copy {k})"
    doc = Document(text, meta={key: v for key, v in document.meta.items() if key != "language"}, source=f"copy:{k}")
    return doc, Readout.from_dict({**readout.to_dict(), "id": doc.id, "text": text, "meta": doc.full_meta()})


def is_actor_ref(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == ACTOR_REF and isinstance(value["id"], int)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """``app`` served by uvicorn on a free localhost port in a background thread; yields its base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
