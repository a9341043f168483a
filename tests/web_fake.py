"""An in-memory ``StoreReader`` (and writer) over a few hand-made readouts: the test seam of the web
app, so its tests need neither the pipeline nor a database. Simple on purpose, not a second store."""

from __future__ import annotations

import warnings
from typing import Any

import pytest

from backchannel.errors import StoreError
from backchannel.ingest.document import Document, text_id
from backchannel.readout import Readout
from backchannel.web import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

SCRIPT = "<script>alert(1)</script>"

ACTORS = {
    1: {"name": "Kirill Dmitriev", "kind": "person", "country": "RUS", "sector": "GOV",
        "aliases": ["Dmitriev", "Dmitriyev"]},
    2: {"name": "Steve Witkoff", "kind": "person", "country": "USA", "sector": "GOV", "aliases": ["Witkoff"]},
    3: {"name": "the Kremlin", "kind": "organization", "country": "RUS", "sector": "GOV", "aliases": ["Kremlin"]},
    4: {"name": "Sergei Lavrov", "kind": "person", "country": "RUS", "sector": "GOV", "aliases": ["Lavrov", SCRIPT]},
    5: {"name": "Ukraine", "kind": "country", "country": "UKR", "sector": None, "aliases": []},
}


def sp(text: str, phrase: str, nth: int = 1) -> dict[str, Any]:
    """The span of the ``nth`` occurrence of ``phrase`` in ``text``."""
    start = -1
    for _ in range(nth):
        start = text.index(phrase, start + 1)
    return {"start": start, "end": start + len(phrase), "text": phrase}


def _doc(text: str, meta: dict[str, Any], actors: list[tuple[str, int, list[tuple[str, int]]]],
         quotes: list[dict[str, Any]], claims: list[dict[str, Any]], events: list[dict[str, Any]]) -> dict[str, Any]:
    """One stored document: ``actors`` are (local id, store id, [(mention, nth)])."""
    readout_actors = []
    for local, store_id, mentions in actors:
        a = ACTORS[store_id]
        readout_actors.append({"id": local, "name": a["name"], "kind": a["kind"], "country": a["country"],
                               "sector": a["sector"], "kb_id": None, "wikidata": None,
                               "mentions": [sp(text, m, n) for m, n in mentions], "roles": []})
    readout = Readout(id=text_id(text), text=text, meta={**meta, "language": "en"},
                      pipeline={"name": "fake", "version": "0", "components": []}, actors=readout_actors,
                      quotes=quotes, claims=claims, events=events, relations=[]).to_dict()
    return {"readout": readout, "links": {local: store_id for local, store_id, _ in actors}}


def sample() -> list[dict[str, Any]]:
    t1 = ("Kirill Dmitriev told Steve Witkoff that the plan was ready. “We are close,” Dmitriev said. "
          "The Kremlin denied that any talks took place. Witkoff met Dmitriev in Miami on Tuesday.")
    d1 = _doc(t1, {"title": "Envoys meet in Miami", "published": "2025-11-26", "outlet": "Wikinews", "url": None,
                   "author": None},
              [("a1", 1, [("Kirill Dmitriev", 1), ("Dmitriev", 2), ("Dmitriev", 3)]),
               ("a2", 2, [("Steve Witkoff", 1), ("Witkoff", 2)]), ("a3", 3, [("The Kremlin", 1)])],
              [{"id": "q1", "form": "indirect", "speaker": "a1", "speaker_span": sp(t1, "Kirill Dmitriev"),
                "cue": sp(t1, "told"), "addressee": "a2", "content": sp(t1, "the plan was ready"), "act": "say"},
               {"id": "q2", "form": "direct", "speaker": "a1", "speaker_span": sp(t1, "Dmitriev", 2),
                "cue": sp(t1, "said"), "addressee": None, "content": sp(t1, "We are close,"), "act": "say"},
               {"id": "q3", "form": "indirect", "speaker": "a3", "speaker_span": sp(t1, "The Kremlin"),
                "cue": sp(t1, "denied"), "addressee": None, "content": sp(t1, "any talks took place"), "act": "deny"}],
              [{"id": "c1", "content": sp(t1, "the plan was ready"), "holder": "a1", "status": "reported",
                "cue": sp(t1, "told"), "quote": "q1", "doubted_by": None},
               {"id": "c2", "content": sp(t1, "any talks took place"), "holder": "a3", "status": "denied",
                "cue": sp(t1, "denied"), "quote": "q3", "doubted_by": None, "reported_by": "a1",
                "reported_via": ["a1", "a2"]}],
              [{"id": "e1", "type": "CONSULT", "mode": "visit", "cameo": "043", "source": ["a2"], "target": ["a1"],
                "trigger": sp(t1, "met"), "status": "asserted", "attributed_to": None, "date": "2025-11-25",
                "place": None}])
    t2 = (f"Lavrov: {SCRIPT} is not a plan\n\nSergei Lavrov said that {SCRIPT} was not a plan. "
          "Lavrov accused Ukraine of sabotage.")
    d2 = _doc(t2, {"title": f"Lavrov {SCRIPT} speaks", "published": "2025-12-02", "outlet": "The Insider",
                   "url": "javascript:alert(1)", "author": SCRIPT},
              [("a1", 4, [("Sergei Lavrov", 1), ("Lavrov", 3)]), ("a2", 5, [("Ukraine", 1)])],
              [{"id": "q1", "form": "indirect", "speaker": "a1", "speaker_span": sp(t2, "Sergei Lavrov"),
                "cue": sp(t2, "said"), "addressee": None, "content": sp(t2, f"{SCRIPT} was not a plan"), "act": "say"}],
              [{"id": "c1", "content": sp(t2, f"{SCRIPT} was not a plan"), "holder": "a1", "status": "reported",
                "cue": sp(t2, "said"), "quote": "q1", "doubted_by": None}],
              [{"id": "e1", "type": "ACCUSE", "mode": None, "cameo": "112", "source": ["a1"], "target": ["a2"],
                "trigger": sp(t2, "accused"), "status": "asserted", "attributed_to": None, "date": None,
                "place": None}])
    t3 = "Steve Witkoff spoke with Kirill Dmitriev by phone. Witkoff warned Dmitriev that time was short."
    d3 = _doc(t3, {"title": "A phone call", "published": "2025-10-14", "outlet": "Wikinews", "url": "https://example.org/x",
                   "author": None},
              [("a1", 2, [("Steve Witkoff", 1), ("Witkoff", 2)]), ("a2", 1, [("Kirill Dmitriev", 1), ("Dmitriev", 2)])],
              [{"id": "q1", "form": "indirect", "speaker": "a1", "speaker_span": sp(t3, "Witkoff", 2),
                "cue": sp(t3, "warned"), "addressee": "a2", "content": sp(t3, "time was short"), "act": "warn"}],
              [{"id": "c1", "content": sp(t3, "time was short"), "holder": "a1", "status": "predicted",
                "cue": sp(t3, "warned"), "quote": "q1", "doubted_by": None}],
              [{"id": "e1", "type": "CONSULT", "mode": "phone", "cameo": "041", "source": ["a1"], "target": ["a2"],
                "trigger": sp(t3, "spoke"), "status": "asserted", "attributed_to": None, "date": None, "place": None}])
    return [d1, d2, d3]


def _page(items: list[dict[str, Any]], limit: int, offset: int) -> dict[str, Any]:
    return {"items": items[offset:offset + limit], "total": len(items), "limit": limit, "offset": offset}


def _match(q: str | None, *texts: Any) -> bool:
    if not q:
        return True
    if q.count('"') % 2:
        raise StoreError(f"cannot parse the search {q!r}: unbalanced quotation mark", code="E403")
    words = [w for w in q.replace('"', " ").lower().split() if w]
    blob = " ".join(str(t or "") for t in texts).lower()
    return all(w in blob for w in words)


class FakeStore:
    """``StoreReader`` over ``sample()`` (or given entries); ``put`` adds a document as a writer would."""

    def __init__(self, entries: list[dict[str, Any]] | None = None) -> None:
        self.entries = list(sample() if entries is None else entries)
        self.puts = 0

    # writer
    def put(self, document: Document, readout: Readout) -> bool:
        self.puts += 1
        if any(e["readout"]["id"] == document.id for e in self.entries):
            return False
        self.entries.append({"readout": readout.to_dict(), "links": {}})
        return True

    # helpers
    def ref(self, store_id: int | None) -> dict[str, Any] | None:
        if store_id is None:
            return None
        a = ACTORS[store_id]
        return {"id": store_id, "name": a["name"], "kind": a["kind"], "country": a["country"], "sector": a["sector"]}

    def _entries(self, outlet: str | None = None, date_from: str | None = None, date_to: str | None = None,
                 doc_id: str | None = None) -> list[dict[str, Any]]:
        out = []
        for e in sorted(self.entries, key=lambda e: e["readout"]["meta"].get("published") or "", reverse=True):
            meta = e["readout"]["meta"]
            published = meta.get("published") or ""
            if (outlet and meta.get("outlet") != outlet) or (doc_id and e["readout"]["id"] != doc_id) \
                    or (date_from and published < date_from) or (date_to and published[:10] > date_to):
                continue
            out.append(e)
        return out

    def _docref(self, e: dict[str, Any]) -> dict[str, Any]:
        meta = e["readout"]["meta"]
        return {"doc_id": e["readout"]["id"], "title": meta.get("title"), "published": meta.get("published"),
                "outlet": meta.get("outlet")}

    def _item(self, e: dict[str, Any]) -> dict[str, Any]:
        r, meta = e["readout"], e["readout"]["meta"]
        return {"id": r["id"], "title": meta.get("title"), "url": meta.get("url"), "published": meta.get("published"),
                "outlet": meta.get("outlet"), "author": meta.get("author"), "source": "<test>",
                "stored_at": "2026-01-01T00:00:00+00:00", "n_actors": len(r["actors"]), "n_quotes": len(r["quotes"]),
                "n_claims": len(r["claims"]), "n_events": len(r["events"]), "snippet": r["text"][:80]}

    def _link(self, e: dict[str, Any], local: Any) -> dict[str, Any] | None:
        return self.ref(e["links"].get(local)) if isinstance(local, str) else None

    def _quotes(self, e: dict[str, Any]) -> list[dict[str, Any]]:
        return [{**self._docref(e), **{k: q.get(k) for k in ("id", "form", "act", "speaker_span", "cue", "content")},
                 "speaker": self._link(e, q.get("speaker")), "speaker_ref": q.get("speaker"),
                 "addressee": self._link(e, q.get("addressee"))} for q in e["readout"]["quotes"]]

    def _claims(self, e: dict[str, Any]) -> list[dict[str, Any]]:
        def via(c: dict[str, Any]) -> list[dict[str, Any]]:
            return [self._link(e, r) for r in c.get("reported_via") or [] if self._link(e, r)]
        return [{**self._docref(e), **{k: c.get(k) for k in ("id", "status", "cue", "content", "quote", "doubted_by")},
                 "holder": self._link(e, c.get("holder")), "holder_is_author": c.get("holder") == "author",
                 "holder_ref": c.get("holder"), "reported_by": (via(c) or [None])[0], "reported_via": via(c),
                 "reported_via_refs": list(c.get("reported_via") or [])} for c in e["readout"]["claims"]]

    def _events(self, e: dict[str, Any]) -> list[dict[str, Any]]:
        keys = ("id", "type", "mode", "cameo", "status", "trigger", "date")
        return [{**self._docref(e), **{k: v.get(k) for k in keys},
                 "attributed_to": self._link(e, v.get("attributed_to")), "place": None, "place_span": None,
                 "source": [self._link(e, a) for a in v["source"] if self._link(e, a)],
                 "target": [self._link(e, a) for a in v["target"] if self._link(e, a)]} for v in e["readout"]["events"]]

    # StoreReader
    def documents(self, *, q=None, outlet=None, actor=None, event_type=None, claim_status=None, date_from=None,
                  date_to=None, reported_via=None, limit=50, offset=0):
        found = [self._item(e) for e in self._entries(outlet, date_from, date_to)
                 if self._reported(e, reported_via)
                 if _match(q, e["readout"]["text"], e["readout"]["meta"].get("title"))
                 and (actor is None or actor in e["links"].values())
                 and (event_type is None or any(v["type"] == event_type for v in e["readout"]["events"]))
                 and (claim_status is None or any(c["status"] == claim_status for c in e["readout"]["claims"]))]
        return _page(found, limit, offset)

    def document(self, doc_id):
        for e in self.entries:
            if e["readout"]["id"] == doc_id:
                return {"document": {**self._item(e), "text": e["readout"]["text"]}, "readout": e["readout"],
                        "actor_links": {local: self.ref(sid) for local, sid in e["links"].items()}}
        return None

    def actor_page(self, actor_id):
        if actor_id not in ACTORS:
            return None
        a = ACTORS[actor_id]
        quotes = [q for e in self._entries() for q in self._quotes(e)]
        mine = [e for e in self._entries() if actor_id in e["links"].values()]
        lists = {
            "documents": [self._item(e) for e in mine],
            "said_by": [q for q in quotes if (q["speaker"] or {}).get("id") == actor_id],
            "said_to": [q for q in quotes if (q["addressee"] or {}).get("id") == actor_id],
            "said_about": [],
            "claims": [c for e in mine for c in self._claims(e) if (c["holder"] or {}).get("id") == actor_id],
            "reported": [c for e in mine for c in self._claims(e) if actor_id in [r["id"] for r in c["reported_via"]]],
            "events": [v for e in mine for v in self._events(e)
                       if actor_id in [x["id"] for x in v["source"] + v["target"]]],
        }
        actor = {**self.ref(actor_id), "wikidata": None, "kb_id": None, "merged_into": None,
                 "aliases": [{"alias": al, "origin": "seen"} for al in a["aliases"]], "roles": [], "relations": []}
        return {"actor": actor, **lists, "counts": {k: len(v) for k, v in lists.items()}}

    def actors(self, *, q=None, kind=None, country=None, limit=50, offset=0):
        found = []
        for aid, a in ACTORS.items():
            if (kind and a["kind"] != kind) or (country and a["country"] != country):
                continue
            if q and not any(q.lower() in n.lower() for n in [a["name"], *a["aliases"]]):
                continue
            docs = sum(aid in e["links"].values() for e in self.entries)
            found.append({**self.ref(aid), "documents": docs, "mentions": docs})
        return _page(sorted(found, key=lambda a: -a["documents"]), limit, offset)

    def quotes(self, *, q=None, speaker=None, addressee=None, act=None, form=None, outlet=None, date_from=None,
               date_to=None, doc_id=None, limit=50, offset=0):
        found = [x for e in self._entries(outlet, date_from, date_to, doc_id) for x in self._quotes(e)
                 if _match(q, (x["content"] or {}).get("text")) and (act is None or x["act"] == act)
                 and (form is None or x["form"] == form)
                 and (speaker is None or (x["speaker"] or {}).get("id") == speaker)
                 and (addressee is None or (x["addressee"] or {}).get("id") == addressee)]
        return _page(found, limit, offset)

    def claims(self, *, q=None, holder=None, author=None, status=None, outlet=None, date_from=None, date_to=None,
               doc_id=None, reported_via=None, limit=50, offset=0):
        found = [x for e in self._entries(outlet, date_from, date_to, doc_id) for x in self._claims(e)
                 if _match(q, (x["content"] or {}).get("text")) and (status is None or x["status"] == status)
                 and (holder is None or (x["holder"] or {}).get("id") == holder)
                 and (reported_via is None or reported_via in [r["id"] for r in x["reported_via"]])
                 and (author is None or x["holder_is_author"] == author)]
        return _page(found, limit, offset)

    def events(self, *, type=None, status=None, actor=None, source=None, target=None, outlet=None, date_from=None,
               date_to=None, doc_id=None, limit=50, offset=0):
        def ids(xs):
            return [x["id"] for x in xs]
        found = [v for e in self._entries(outlet, date_from, date_to, doc_id) for v in self._events(e)
                 if (type is None or v["type"] == type) and (status is None or v["status"] == status)
                 and (actor is None or actor in ids(v["source"]) + ids(v["target"]))
                 and (source is None or source in ids(v["source"])) and (target is None or target in ids(v["target"]))]
        return _page(found, limit, offset)

    def search(self, q, *, kinds=("document", "quote", "claim"), outlet=None, date_from=None, date_to=None,
               limit=50, offset=0):
        hits = []
        for e in self._entries(outlet, date_from, date_to):
            if "document" in kinds and _match(q, e["readout"]["text"]):
                hits.append({"kind": "document", **self._docref(e), "ref": None, "snippet": e["readout"]["text"][:80],
                             "span": None})
            for kind, items in (("quote", self._quotes(e)), ("claim", self._claims(e))):
                for x in items if kind in kinds else []:
                    if _match(q, (x["content"] or {}).get("text")):
                        hits.append({"kind": kind, **self._docref(e), "ref": x["id"],
                                     "snippet": x["content"]["text"], "span": x["content"]})
        return _page(hits, limit, offset)

    def _reported(self, entry, reported_via):
        return reported_via is None or any(reported_via in [r["id"] for r in x["reported_via"]]
                                           for x in self._claims(entry))

    def facets(self, *, q=None, outlet=None, actor=None, event_type=None, claim_status=None, date_from=None,
               date_to=None, reported_via=None, size=20):
        docs = [e for e in self._entries(outlet, date_from, date_to)
                if self._reported(e, reported_via) and _match(q, e["readout"]["text"])
                and (actor is None or actor in e["links"].values())
                and (event_type is None or any(v["type"] == event_type for v in e["readout"]["events"]))
                and (claim_status is None or any(c["status"] == claim_status for c in e["readout"]["claims"]))]

        def count(values: list[Any]) -> list[dict[str, Any]]:
            tally: dict[Any, int] = {}
            for v in values:
                tally[v] = tally.get(v, 0) + 1
            return [{"value": v, "count": n} for v, n in sorted(tally.items(), key=lambda kv: -kv[1])][:size]

        return {
            "outlet": count([e["readout"]["meta"].get("outlet") for e in docs]),
            "actor": [{**f, "label": ACTORS[f["value"]]["name"]}
                      for f in count([a for e in docs for a in set(e["links"].values())])],
            "event_type": count([t for e in docs for t in {v["type"] for v in e["readout"]["events"]}]),
            "claim_status": count([s for e in docs for s in {c["status"] for c in e["readout"]["claims"]}]),
            "month": sorted(count([(e["readout"]["meta"].get("published") or "")[:7] for e in docs]),
                            key=lambda f: f["value"]),
            "total": len(docs),
        }

    def network(self, *, kinds=("quote", "event"), types=None, actor=None, date_from=None, date_to=None,
                min_weight=1, limit=300):
        edges: dict[tuple[int, int, str, str], dict[str, Any]] = {}

        def add(src, dst, kind, typ, doc_id):
            if not src or not dst or (types and typ not in types) or (actor and actor not in (src["id"], dst["id"])):
                return
            edge = edges.setdefault((src["id"], dst["id"], kind, typ), {"source": src["id"], "target": dst["id"],
                                    "kind": kind, "type": typ, "weight": 0, "doc_ids": []})
            edge["weight"] += 1
            edge["doc_ids"].append(doc_id)

        for e in self._entries(None, date_from, date_to):
            if "quote" in kinds:
                for x in self._quotes(e):
                    add(x["speaker"], x["addressee"], "quote", x["act"], x["doc_id"])
            if "event" in kinds:
                for v in self._events(e):
                    for s in v["source"]:
                        for t in v["target"]:
                            add(s, t, "event", v["type"], v["doc_id"])
        kept = sorted((x for x in edges.values() if x["weight"] >= min_weight), key=lambda x: -x["weight"])[:limit]
        ids = {i for x in kept for i in (x["source"], x["target"])}
        return {"nodes": [{**self.ref(i), "weight": sum(x["weight"] for x in kept if i in (x["source"], x["target"]))}
                          for i in sorted(ids)], "edges": kept}

    def timeline(self, *, actor=None, type=None, status=None, date_from=None, date_to=None, limit=1000):
        found = self.events(type=type, status=status, actor=actor, date_from=date_from, date_to=date_to,
                            limit=10**6)["items"]
        for v in found:
            v["when"], v["when_source"] = (v["date"], "event") if v["date"] else (v["published"], "published")
        return sorted(found, key=lambda v: v["when"] or "")[:limit]


def fake_analyze(document: Document) -> Readout:
    """Stands in for the pipeline: an empty readout of the document (no actors found)."""
    if "EXPLODE" in document.text:
        from backchannel.errors import ExtractionError

        raise ExtractionError("analysis failed (test)", doc_id=document.id, code="E301")
    return Readout(id=document.id, text=document.text, meta=document.full_meta(),
                   pipeline={"name": "fake", "version": "0", "components": []})


__all__ = ["SCRIPT", "FakeStore", "fake_analyze", "sample", "sp"]


def fake_fixtures() -> tuple[Any, Any]:
    """The ``store`` and ``client`` fixtures the in-process API, page and security tests share (a fresh
    fake store; a client of an app over it with the fake analyser): ``store, client = fake_fixtures()``."""

    @pytest.fixture()
    def store() -> FakeStore:
        return FakeStore()

    @pytest.fixture()
    def client(store: FakeStore) -> TestClient:
        return TestClient(create_app(store, writer=store, analyze=fake_analyze))

    return store, client
