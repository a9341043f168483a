"""``analyze``: documents in, readouts out."""

from __future__ import annotations

import datetime as dt
import gc
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .errors import ExtractionError
from .ingest.document import Document
from .ingest.readers import make_document
from .readout import JSON, Readout, span

DocumentLike = str | Document | Mapping[str, Any]


def as_document(item: DocumentLike, index: int = 0) -> Document:
    """Accept a plain string, a ``Document`` or a mapping with ``text`` (and optional metadata)."""
    if isinstance(item, Document):
        return item
    if isinstance(item, str):
        return make_document(item, {}, source=f"<text {index}>")
    if isinstance(item, Mapping) and isinstance(item.get("text"), str):
        ext = item.get("id")
        return make_document(item["text"], dict(item), source=f"<document {ext if ext is not None else index}>",
                             external_id=None if ext is None else str(ext))
    raise TypeError(f"cannot analyse {type(item).__name__}: give a str, a Document or a mapping with 'text'")


def analyze(texts_or_documents: Iterable[DocumentLike], nlp: Language | None = None, *,
            batch_size: int = 32) -> Iterator[Readout]:
    """Analyse each document and yield its readout, in input order, streaming.

    ``nlp`` defaults to the shipped pipeline with all extractors (loaded once per process).
    """
    if nlp is None:
        from .nlp import cached_pipeline

        nlp = cached_pipeline(extractors=True)
    documents = (as_document(item, i) for i, item in enumerate(texts_or_documents))
    pairs = ((make_doc(nlp, document), document) for document in documents)
    info = pipeline_info(nlp)
    # What exists before the batch (the pipeline, its lexicons and knowledge base, the caller's data) outlives
    # it: frozen out of the cyclic collector's generations while the batch runs, it is not re-scanned by the
    # collections that each document's garbage triggers. Unfrozen (nothing is lost) when the batch ends.
    gc.freeze()
    try:
        for doc, document in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            yield final_readout(doc, document, nlp, info)
    finally:
        gc.unfreeze()


def make_doc(nlp: Language, document: Document) -> Doc:
    """Tokenise ``document`` and attach what the extractors read besides the text (its date)."""
    doc = nlp.make_doc(document.text)
    doc._.published = publication_date(document.meta.get("published"))
    return doc


def final_readout(doc: Doc, document: Document, nlp: Language, pipeline: JSON | None = None) -> Readout:
    """``build_readout``, then ``release`` the Doc: for a caller that is done with the Doc."""
    readout = build_readout(doc, document, nlp, pipeline)
    release(doc)
    return readout


def release(doc: Doc) -> None:
    """Drop the layers' results from ``doc`` once its readout is built.

    The actors, quotes and events hang on the Doc (``doc._``) and point back at it through their spans: a
    reference cycle, so a finished Doc, with its token arrays and tensor, would wait for the cyclic garbage
    collector instead of being freed at once. The readout has copied what it needs; clearing the Doc's
    ``user_data`` breaks the cycle and the Doc goes when its last reference does."""
    doc.user_data.clear()


def publication_date(value: Any) -> dt.date | None:
    """``"2025-11-26"`` or ``"2025-11-26T08:00:00Z"`` → a date; anything else → None."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def analyze_one(document: Document, nlp: Language) -> Readout:
    """Analyse one document, turning any failure inside the pipeline into an ``ExtractionError``."""
    try:
        return final_readout(nlp(make_doc(nlp, document)), document, nlp)
    except Exception as exc:  # a bug or a pathological text must not take the batch down
        raise ExtractionError(f"analysis failed ({exc.__class__.__name__}: {exc})", source=document.source,
                              doc_id=document.id, code="E301") from exc


# ``Language.meta`` recomputes every component's labels on each read (about 1 % of the parse when read
# for every document), so the readout's pipeline block is computed once per pipeline and its components.
_PIPELINE_INFO: weakref.WeakKeyDictionary[Language, tuple[tuple[str, ...], dict[str, Any]]] = \
    weakref.WeakKeyDictionary()


def pipeline_info(nlp: Language) -> dict[str, Any]:
    """The readout's ``pipeline`` block: a fresh dict on each call. Reading ``nlp.pipe_names`` to check the
    cached one formats an error message in spaCy (about a fifth of ``build_readout``), so a caller that
    builds many readouts from one pipeline gets the block once and hands it to ``build_readout``."""
    names = tuple(nlp.pipe_names)
    cached = _PIPELINE_INFO.get(nlp)
    if cached is None or cached[0] != names:
        meta = nlp.meta
        info = {"name": f"{meta.get('lang', 'en')}_{meta.get('name', 'pipeline')}",
                "version": str(meta.get("version", "0.0.0")), "components": list(names)}
        _PIPELINE_INFO[nlp] = cached = (names, info)
    return {**cached[1], "components": list(cached[1]["components"])}


def build_readout(doc: Doc, document: Document, nlp: Language, pipeline: JSON | None = None) -> Readout:
    """The readout of ``document``, parsed as ``doc`` by ``nlp``; ``pipeline``: ``pipeline_info(nlp)`` when
    the caller has it already (it is copied)."""
    text = document.text
    # ``doc._`` makes a new accessor object on each read: read it once per document.
    layers = doc._
    clusters = getattr(layers, "actors", None) or []
    ids = {id(cluster): f"a{i}" for i, cluster in enumerate(clusters, start=1)}

    def ref(cluster: Any) -> str | None:
        return ids.get(id(cluster)) if cluster is not None else None

    actors = []
    for cluster in clusters:
        actors.append({
            "id": ids[id(cluster)], "name": cluster.name, "kind": cluster.kind, "country": cluster.country,
            "sector": cluster.sector, "kb_id": cluster.kb_id, "wikidata": cluster.wikidata,
            "mentions": [span(text, m.start_char, m.end_char) for m in cluster.mentions],
            "roles": [{"title": role.title, "of": ref(role.of),
                       "span": span(text, role.span.start_char, role.span.end_char)} for role in cluster.roles],
        })
    relations = []
    for rel in getattr(layers, "actor_relations", None) or []:
        subject, obj = ref(rel.subject), ref(rel.object)
        if subject and obj:
            relations.append({"subject": subject, "relation": rel.relation, "object": obj,
                              "evidence": span(text, rel.evidence.start_char, rel.evidence.end_char)})
    quotes, claims = quote_records(layers, text, ref)
    events = event_records(layers, text, ref)
    info = pipeline_info(nlp) if pipeline is None else {**pipeline, "components": list(pipeline["components"])}
    return Readout(id=document.id, text=text, meta=document.full_meta(), pipeline=info,
                   actors=actors, quotes=quotes, claims=claims, events=events, relations=relations)


def quote_records(layers: Any, text: str, ref: Callable[[Any], str | None]) -> tuple[list[JSON], list[JSON]]:
    """The readout's ``quotes`` (q1 …) and ``claims`` (c1 …) from ``doc._.quotes``/``doc._.claims``
    (``layers``: ``doc._``)."""

    def maybe(item: Any) -> JSON | None:
        return None if item is None else span(text, item.start_char, item.end_char)

    found = getattr(layers, "quotes", None) or []
    quote_ids = {id(quote): f"q{i}" for i, quote in enumerate(found, start=1)}
    quotes = [{"id": quote_ids[id(q)], "form": q.form, "speaker": ref(q.speaker), "speaker_span": maybe(q.speaker_span),
               "cue": maybe(q.cue), "addressee": ref(q.addressee), "content": maybe(q.content), "act": q.act,
               "reported_by": quote_ids.get(id(q.reported_by)) if q.reported_by is not None else None}
              for q in found]
    claims = []
    for i, c in enumerate(getattr(layers, "claims", None) or [], start=1):
        claims.append({"id": f"c{i}", "content": maybe(c.content), "holder": "author" if c.by_author else ref(c.holder),
                       "status": c.status, "cue": maybe(c.cue),
                       "quote": quote_ids.get(id(c.quote)) if c.quote is not None else None,
                       "doubted_by": c.doubted_by, "reported_by": ref(c.reported_by),
                       "reported_via": [r for r in (ref(a) for a in c.reported_via) if r is not None]})
    return quotes, claims


def event_records(layers: Any, text: str, ref: Callable[[Any], str | None]) -> list[JSON]:
    """The readout's ``events`` (e1 …) from ``doc._.events`` (``layers``: ``doc._``); actors as lists of
    actor ids."""

    def maybe(item: Any) -> JSON | None:
        return None if item is None else span(text, item.start_char, item.end_char)

    records = []
    for i, e in enumerate(getattr(layers, "events", None) or [], start=1):
        records.append({"id": f"e{i}", "type": e.type, "mode": e.mode, "cameo": e.cameo,
                        "source": [a for a in map(ref, e.source) if a], "target": [a for a in map(ref, e.target) if a],
                        "trigger": maybe(e.trigger), "status": e.status, "attributed_to": ref(e.attributed_to),
                        "date": e.date, "date_span": maybe(e.date_span), "place": ref(e.place),
                        "place_span": maybe(e.place_span),
                        "place_country": e.place.country if e.place is not None else None,
                        "coded_from": e.coded_from,
                        "source_spans": [span(text, p.start_char, p.end_char) for p in e.source_spans],
                        "target_spans": [span(text, p.start_char, p.end_char) for p in e.target_spans]})
    return records
