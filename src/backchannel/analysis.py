"""``analyze``: documents in, readouts out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .errors import ExtractionError
from .ingest.document import Document
from .ingest.readers import make_document
from .readout import Readout, span

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
    pairs = ((document.text, document) for document in documents)
    for doc, document in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield build_readout(doc, document, nlp)


def analyze_one(document: Document, nlp: Language) -> Readout:
    """Analyse one document, turning any failure inside the pipeline into an ``ExtractionError``."""
    try:
        return build_readout(nlp(document.text), document, nlp)
    except Exception as exc:  # a bug or a pathological text must not take the batch down
        raise ExtractionError(f"analysis failed ({exc.__class__.__name__}: {exc})", source=document.source,
                              doc_id=document.id, code="E301") from exc


def pipeline_info(nlp: Language) -> dict[str, Any]:
    return {"name": f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', 'pipeline')}",
            "version": str(nlp.meta.get("version", "0.0.0")), "components": list(nlp.pipe_names)}


def build_readout(doc: Doc, document: Document, nlp: Language) -> Readout:
    text = document.text
    actors = []
    clusters = doc._.actors if doc.has_extension("actors") and doc._.actors is not None else []
    for i, cluster in enumerate(clusters, start=1):
        actors.append({
            "id": f"a{i}", "name": cluster.name, "kind": cluster.kind, "country": None, "sector": None,
            "kb_id": None, "wikidata": None,
            "mentions": [span(text, m.start_char, m.end_char) for m in cluster.mentions],
            "roles": [],
        })
    return Readout(id=document.id, text=text, meta=document.full_meta(), pipeline=pipeline_info(nlp),
                   actors=actors)
