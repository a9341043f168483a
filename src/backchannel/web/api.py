"""The REST API under ``/api``: what the store holds, filtered and paged, and ``POST /api/documents`` to
analyse new text. Every route reads through the ``StoreReader`` contract (``store/reader.py``)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..ingest.document import Document
from ..ingest.readers import MAX_TEXT_CHARS, make_document
from ..readout import Readout
from ..store.reader import Page, StoreReader
from .params import (
    MAX_ID,
    ActorId,
    BadRequest,
    DateFrom,
    DateTo,
    Limit,
    NotFound,
    Offset,
    ReportedVia,
    Text,
    check_choices,
    check_range,
    clean_query,
    iso_date,
    split_values,
)
from .vocab import Act, EventType, Form, Kind, Status, value, vocabularies

Analyze = Callable[[Document], Readout]

DocPath = Annotated[str, Path(min_length=1, max_length=128, description="the document id (SHA-256 of its text)")]
ActorPath = Annotated[int, Path(ge=1, le=MAX_ID, description="a store actor number")]
Country = Annotated[str | None, Query(pattern=r"^[A-Z]{3}$", description="ISO 3166-1 alpha-3 or PLOVER code")]


class PageOut(BaseModel):
    """One page of a list: the ``items``, how many match in all, and the paging asked for."""

    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int


def get_reader(request: Request) -> StoreReader:
    reader: StoreReader = request.app.state.reader
    return reader


Reader = Annotated[StoreReader, Depends(get_reader)]

router = APIRouter(prefix="/api", dependencies=[Depends(clean_query)])


def found(value: dict[str, Any] | None, what: str) -> dict[str, Any]:
    if value is None:
        raise NotFound(f"no such {what}")
    return value


@router.get("/documents", response_model=PageOut, summary="Documents, newest first")
def documents(reader: Reader, q: Text = None, outlet: Text = None, actor: ActorId = None,
              event_type: EventType | None = None, claim_status: Status | None = None,  # type: ignore[valid-type]
              date_from: DateFrom = None, date_to: DateTo = None, reported_via: ReportedVia = None,
              limit: Limit = 50, offset: Offset = 0) -> Page:
    check_range(date_from, date_to)
    return reader.documents(q=q, outlet=outlet, actor=actor, event_type=value(event_type),
                            claim_status=value(claim_status), date_from=date_from, date_to=date_to,
                            reported_via=reported_via, limit=limit, offset=offset)


@router.get("/documents/{doc_id}", summary="A document with its readout and actor links")
def document(reader: Reader, doc_id: DocPath) -> dict[str, Any]:
    return found(reader.document(doc_id), "document")


@router.get("/documents/{doc_id}/readout", summary="A document's readout (READOUT.md)")
def document_readout(reader: Reader, doc_id: DocPath) -> Any:
    return found(reader.document(doc_id), "document")["readout"]


@router.get("/actors", response_model=PageOut, summary="Store actors, most documents first")
def actors(reader: Reader, q: Text = None, kind: Kind | None = None, country: Country = None,  # type: ignore[valid-type]
           limit: Limit = 50, offset: Offset = 0) -> Page:
    return reader.actors(q=q, kind=value(kind), country=country, limit=limit, offset=offset)


@router.get("/actors/{actor_id}", summary="Everything about one actor across documents")
def actor(reader: Reader, actor_id: ActorPath) -> dict[str, Any]:
    return found(reader.actor_page(actor_id), "actor")


@router.get("/quotes", response_model=PageOut, summary="Quotes, newest first")
def quotes(reader: Reader, q: Text = None, speaker: ActorId = None, addressee: ActorId = None,
           act: Act | None = None, form: Form | None = None, outlet: Text = None,  # type: ignore[valid-type]
           date_from: DateFrom = None, date_to: DateTo = None, doc_id: Text = None,
           limit: Limit = 50, offset: Offset = 0) -> Page:
    check_range(date_from, date_to)
    return reader.quotes(q=q, speaker=speaker, addressee=addressee, act=value(act),
                         form=value(form), outlet=outlet, date_from=date_from, date_to=date_to,
                         doc_id=doc_id, limit=limit, offset=offset)


@router.get("/claims", response_model=PageOut, summary="Claims, newest first")
def claims(reader: Reader, q: Text = None, holder: ActorId = None,
           author: Annotated[bool | None, Query(description="true: the author's own claims")] = None,
           status: Status | None = None, outlet: Text = None,  # type: ignore[valid-type]
           date_from: DateFrom = None, date_to: DateTo = None, doc_id: Text = None,
           reported_via: ReportedVia = None,
           limit: Limit = 50, offset: Offset = 0) -> Page:
    check_range(date_from, date_to)
    return reader.claims(q=q, holder=holder, author=author, status=value(status), outlet=outlet,
                         date_from=date_from, date_to=date_to, doc_id=doc_id, reported_via=reported_via,
                         limit=limit, offset=offset)


@router.get("/events", response_model=PageOut, summary="Events, newest first")
def events(reader: Reader, type: EventType | None = None, status: Status | None = None,  # type: ignore[valid-type]
           actor: ActorId = None, source: ActorId = None, target: ActorId = None, outlet: Text = None,
           date_from: DateFrom = None, date_to: DateTo = None, doc_id: Text = None,
           limit: Limit = 50, offset: Offset = 0) -> Page:
    check_range(date_from, date_to)
    return reader.events(type=value(type), status=value(status), actor=actor,
                         source=source, target=target, outlet=outlet, date_from=date_from, date_to=date_to,
                         doc_id=doc_id, limit=limit, offset=offset)


@router.get("/search", response_model=PageOut, summary="Full-text search over documents, quotes and claims, best first")
def search(reader: Reader, q: Annotated[str, Query(min_length=1, max_length=500)],
           kind: Annotated[list[str] | None, Query(description="document, quote, claim (repeat or comma-separate)")]
           = None, outlet: Text = None, date_from: DateFrom = None, date_to: DateTo = None,
           limit: Limit = 50, offset: Offset = 0) -> Page:
    check_range(date_from, date_to)
    kinds = check_choices("kind", split_values(kind), ("document", "quote", "claim")) or ("document", "quote", "claim")
    if not q.strip():
        raise BadRequest("q is empty: give words or a \"quoted phrase\"")
    return reader.search(q, kinds=kinds, outlet=outlet, date_from=date_from, date_to=date_to,
                         limit=limit, offset=offset)


@router.get("/facets", summary="Document counts by outlet, actor, event type, claim status and month")
def facets(reader: Reader, q: Text = None, outlet: Text = None, actor: ActorId = None,
           event_type: EventType | None = None, claim_status: Status | None = None,  # type: ignore[valid-type]
           date_from: DateFrom = None, date_to: DateTo = None, reported_via: ReportedVia = None,
           size: Annotated[int, Query(ge=1, le=100)] = 20) -> dict[str, Any]:
    check_range(date_from, date_to)
    return reader.facets(q=q, outlet=outlet, actor=actor, event_type=value(event_type),
                         claim_status=value(claim_status), date_from=date_from,
                         date_to=date_to, reported_via=reported_via, size=size)


def network_args(kind: list[str] | None, type: list[str] | None, actor: int | None, date_from: str | None,
                 date_to: str | None, min_weight: int, limit: int) -> dict[str, Any]:
    """The arguments of ``StoreReader.network`` from query parameters, validated (shared with the page)."""
    check_range(date_from, date_to)
    voc = vocabularies()
    kinds = check_choices("kind", split_values(kind), ("quote", "event")) or ("quote", "event")
    types = check_choices("type", split_values(type), voc["act"] + voc["event_type"]) or None
    return {"kinds": kinds, "types": types, "actor": actor, "date_from": date_from, "date_to": date_to,
            "min_weight": min_weight, "limit": limit}


MinWeight = Annotated[int, Query(ge=1, le=1_000_000)]
EdgeLimit = Annotated[int, Query(ge=1, le=2000)]
ListParam = Annotated[list[str] | None, Query(max_length=100)]


@router.get("/network", summary="Who talks to, accuses or meets whom (nodes and weighted edges)")
def network(reader: Reader, kind: ListParam = None, type: ListParam = None, actor: ActorId = None,
            date_from: DateFrom = None, date_to: DateTo = None, min_weight: MinWeight = 1,
            limit: EdgeLimit = 300) -> dict[str, Any]:
    return reader.network(**network_args(kind, type, actor, date_from, date_to, min_weight, limit))


@router.get("/timeline", summary="Events in date order")
def timeline(reader: Reader, actor: ActorId = None, type: EventType | None = None,  # type: ignore[valid-type]
             status: Status | None = None, date_from: DateFrom = None, date_to: DateTo = None,  # type: ignore[valid-type]
             limit: Annotated[int, Query(ge=1, le=5000)] = 1000) -> list[dict[str, Any]]:
    check_range(date_from, date_to)
    return reader.timeline(actor=actor, type=value(type), status=value(status),
                           date_from=date_from, date_to=date_to, limit=limit)


class NewDocument(BaseModel):
    """A text to analyse and store, with optional metadata."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)
    title: str | None = Field(default=None, max_length=1000)
    url: str | None = Field(default=None, max_length=2000)
    published: str | None = Field(default=None, description="YYYY-MM-DD (or a longer ISO timestamp)")
    outlet: str | None = Field(default=None, max_length=300)
    author: str | None = Field(default=None, max_length=300)

    @field_validator("published")
    @classmethod
    def _published(cls, value: str | None) -> str | None:
        if value is not None:
            iso_date(value[:10])
            if len(value) > 40:
                raise ValueError("give a date as YYYY-MM-DD")
        return value


_write_lock = threading.Lock()


@router.post("/documents", status_code=201, summary="Analyse a text, store it, return its readout",
             responses={200: {"description": "already stored: the stored readout"},
                        201: {"description": "analysed and stored"},
                        401: {"description": "a token is required"}, 413: {"description": "too large"}})
def post_document(request: Request, response: Response, body: NewDocument, reader: Reader,
                  authorization: Annotated[str | None, Header()] = None) -> Any:
    from .guard import token_ok

    state = request.app.state
    if not token_ok(state.token, authorization):
        raise BadRequest("writes need 'Authorization: Bearer <token>' with the server's token", code="unauthorized",
                         status=401)
    if state.writer is None:
        raise BadRequest("this server has no writable store", code="read_only", status=403)
    meta = body.model_dump(exclude={"text"}, exclude_none=True)
    document = make_document(body.text, meta, source="<api>")
    response.headers["Location"] = f"/api/documents/{document.id}"
    stored = reader.document(document.id)
    if stored is not None:
        response.status_code = 200
        return stored["readout"]
    with _write_lock:  # one analysis and one write at a time: the pipeline is large, the store has one writer
        readout = state.analyze(document)
        new = state.writer.put(document, readout)
    if not new:
        response.status_code = 200
    return readout.to_dict()
