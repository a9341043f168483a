"""The pages for people, each with a JSON twin: the same URL with ``.json`` appended (``/index.json`` for
``/``) or ``?format=json`` answers the data the page is drawn from."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path as FilePath
from typing import Annotated, Any
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from .api import ActorPath, DocPath, Reader, network_args
from .highlight import LAYERS, document_view
from .params import (
    ActorId,
    DateFrom,
    DateTo,
    NotFound,
    Offset,
    ReportedVia,
    Text,
    check_range,
    clean_query,
    month_range,
)
from .vocab import EventType, Kind, Status, value, vocabularies

HERE = FilePath(__file__).parent
PAGE_SIZE = 25


def make_templates() -> Jinja2Templates:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             undefined=jinja2.ChainableUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(url_with=url_with, layers=LAYERS, vocab=vocabularies())
    env.tests["web_url"] = is_web_url
    return Jinja2Templates(env=env)




def is_web_url(value: Any) -> bool:
    """Only http(s) links leave the page: a stored ``javascript:`` URL is text, not a link."""
    return str(value).lower().startswith(("http://", "https://"))


def url_with(path: str, query: dict[str, Any], **changes: Any) -> str:
    """``path`` with the current filters, some changed (``None`` removes one); paging restarts."""
    merged = {k: v for k, v in {**query, "offset": None, **changes}.items() if v not in (None, "", 0, False)}
    return path + ("?" + urlencode(merged) if merged else "")


templates = make_templates()
router = APIRouter(dependencies=[Depends(clean_query)], include_in_schema=False)


def wants_json(request: Request) -> bool:
    # any ``format=json`` counts: with a repeated parameter ("format=json&format="), an error about the other
    # value still answers in JSON
    return request.url.path.endswith(".json") or "json" in request.query_params.getlist("format")


def show(request: Request, template: str, data: Any, **view: Any) -> Response:
    """The page, or its JSON twin: ``data`` as it came from the store."""
    if wants_json(request):
        return JSONResponse(data)
    return templates.TemplateResponse(request, template, {"data": data, **view})


def page(path: str, twin: str | None = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a page at ``path`` and its twin at ``path + ".json"`` (the twin first, so that it wins)."""

    def register(endpoint: Callable[..., Any]) -> Callable[..., Any]:
        router.add_api_route(twin or f"{path}.json", endpoint, methods=["GET"], response_class=Response)
        router.add_api_route(path, endpoint, methods=["GET"], response_class=Response)
        return endpoint

    return register


Format = Annotated[str | None, Query(alias="format", pattern="^(json|html)$")]


@page("/", twin="/index.json")
def home(request: Request, reader: Reader, offset: Offset = 0, fmt: Format = None) -> Response:
    docs = reader.documents(limit=PAGE_SIZE, offset=offset)
    return show(request, "index.html", {"documents": docs}, title="Backchannel")


@page("/documents/{doc_id}")
def document_page(request: Request, reader: Reader, doc_id: DocPath, fmt: Format = None) -> Response:
    data = reader.document(doc_id)
    if data is None:
        raise NotFound("no such document")
    if wants_json(request):
        return JSONResponse(data)
    meta = data.get("document") or {}
    return show(request, "document.html", data, doc=meta, title=meta.get("title") or "Document",
                **document_view(data))


@page("/actors")
def actors_page(request: Request, reader: Reader, q: Text = None, kind: Kind | None = None,  # type: ignore[valid-type]
                offset: Offset = 0, fmt: Format = None) -> Response:
    query: dict[str, Any] = {"q": q, "kind": value(kind)}
    found = reader.actors(q=q, kind=query["kind"], limit=PAGE_SIZE * 2, offset=offset)
    return show(request, "actors.html", {"query": query, "actors": found}, title="Actors", query=query)


@page("/actors/{actor_id}")
def actor_page(request: Request, reader: Reader, actor_id: ActorPath, fmt: Format = None) -> Response:
    data = reader.actor_page(actor_id)
    if data is None:
        raise NotFound("no such actor")
    canonical = (data.get("actor") or {}).get("id")
    if not wants_json(request) and isinstance(canonical, int) and canonical != actor_id:
        return RedirectResponse(f"/actors/{canonical}", status_code=307)  # merged away: show the survivor
    actor = data.get("actor") or {}
    return show(request, "actor.html", data, actor=actor, title=actor.get("name") or "Actor")


@page("/search")
def search_page(request: Request, reader: Reader, q: Text = None, outlet: Text = None, actor: ActorId = None,
                event_type: EventType | None = None, claim_status: Status | None = None,  # type: ignore[valid-type]
                month: Annotated[str | None, Query(max_length=7)] = None, date_from: DateFrom = None,
                date_to: DateTo = None, reported_via: ReportedVia = None, offset: Offset = 0,
                fmt: Format = None) -> Response:
    if month:
        date_from, date_to = month_range(month)
    check_range(date_from, date_to)
    et = value(event_type)
    cs = value(claim_status)
    query = {"q": q, "outlet": outlet, "actor": actor, "event_type": et, "claim_status": cs, "month": month,
             "date_from": None if month else date_from, "date_to": None if month else date_to,
             "reported_via": reported_via}
    common: dict[str, Any] = {"outlet": outlet, "date_from": date_from, "date_to": date_to}
    # ``reported_via`` keeps the documents (and their facet counts) with a claim that reaches the author
    # through that actor, and those claims; quotes and events have no attribution chain, so it hides them.
    data: dict[str, Any] = {
        "query": query,
        "facets": reader.facets(q=q, actor=actor, event_type=et, claim_status=cs, reported_via=reported_via,
                                **common),
        "documents": reader.documents(q=q, actor=actor, event_type=et, claim_status=cs, reported_via=reported_via,
                                      limit=PAGE_SIZE, offset=offset, **common),
        "quotes": reader.quotes(q=q, speaker=actor, limit=10, **common) if reported_via is None else None,
        "claims": reader.claims(q=q, holder=actor, status=cs, reported_via=reported_via, limit=10, **common),
        "events": reader.events(type=et, actor=actor, limit=10, **common)
        if (et or actor) and reported_via is None else None,
    }
    actor_label = next((f["label"] for f in data["facets"].get("actor") or [] if f.get("value") == actor), None)
    reporter_label = next((r.get("name") for c in data["claims"]["items"] for r in c.get("reported_via") or []
                           if r.get("id") == reported_via), None) if reported_via is not None else None
    return show(request, "search.html", data, title=f"Search: {q}" if q else "Search", query=query,
                actor_label=actor_label, reporter_label=reporter_label, offset=offset)


ListParam = Annotated[list[str] | None, Query(max_length=100)]


@page("/network")
def network_page(request: Request, reader: Reader, kind: ListParam = None, type: ListParam = None,
                 actor: ActorId = None, date_from: DateFrom = None, date_to: DateTo = None,
                 min_weight: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
                 limit: Annotated[int, Query(ge=1, le=2000)] = 300, fmt: Format = None) -> Response:
    args = network_args(kind, type, actor, date_from, date_to, min_weight, limit)
    data = {"query": {**args, "kinds": list(args["kinds"]), "types": list(args["types"] or [])},
            "network": reader.network(**args)}
    return show(request, "network.html", data, title="Network")


@page("/timeline")
def timeline_page(request: Request, reader: Reader, actor: ActorId = None,
                  type: EventType | None = None, status: Status | None = None,  # type: ignore[valid-type]
                  date_from: DateFrom = None, date_to: DateTo = None, fmt: Format = None) -> Response:
    check_range(date_from, date_to)
    query: dict[str, Any] = {"actor": actor, "type": value(type), "status": value(status),
             "date_from": date_from, "date_to": date_to}
    data = {"query": query, "events": reader.timeline(**query, limit=1000)}
    if wants_json(request):
        return JSONResponse(data)
    actors = reader.actors(limit=200)["items"]
    return show(request, "timeline.html", data, title="Timeline", query=query, actors=actors)


@router.get("/docs", response_class=Response)
def api_docs(request: Request) -> Response:
    """Swagger UI on the vendored bundle (FastAPI's default page loads it from a CDN, which the CSP forbids)."""
    return templates.TemplateResponse(request, "docs.html", {"title": "API"})

