"""``create_app``: the workbench (REST API, pages for people, API docs) over any ``StoreReader``."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Protocol

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import BackchannelError
from ..ingest.document import Document
from ..readout import Readout
from ..store.reader import StoreReader
from . import api, export, pages
from .guard import MAX_BODY, BodyLimit, SecurityHeaders, error_body, status_for
from .params import BadRequest, NotFound

Analyze = Callable[[Document], Readout]


class Writer(Protocol):
    """The write side the app needs from a store (``SQLiteStore`` has it): True when the document is new."""

    def put(self, document: Document, readout: Readout) -> bool: ...


def pipeline_analyze() -> Analyze:
    """The shipped pipeline with all extractors, loaded on the first document (once per process)."""
    lock = threading.Lock()

    def run(document: Document) -> Readout:
        from ..analysis import analyze_one
        from ..nlp import cached_pipeline

        with lock:
            return analyze_one(document, cached_pipeline(extractors=True))

    return run


def create_app(reader: StoreReader, *, writer: Writer | None = None, token: str | None = None,
               analyze: Analyze | None = None, max_body: int = MAX_BODY) -> FastAPI:
    """The workbench over ``reader``.

    ``writer`` (with ``put(document, readout) -> bool``) enables ``POST /api/documents``; ``analyze``
    turns a ``Document`` into a ``Readout`` (default: the shipped pipeline, loaded lazily); with a
    ``token``, writes need ``Authorization: Bearer <token>``. Request bodies over ``max_body`` bytes are
    refused with 413.
    """
    from .. import __version__

    app = FastAPI(title="Backchannel", version=__version__, docs_url=None, redoc_url=None,
                  description="Documents, readouts, actors, quotes, claims and events from a Backchannel store. "
                              "Errors answer `{\"error\": {\"code\", \"message\"}}`.")
    app.state.reader = reader
    app.state.writer = writer
    app.state.token = token
    app.state.analyze = analyze or pipeline_analyze()
    app.include_router(api.router)
    app.include_router(export.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=pages.HERE / "static"), name="static")
    _handle_errors(app)
    app.add_middleware(BodyLimit, max_body=max_body)
    app.add_middleware(SecurityHeaders)
    return app


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path == "/api" or pages.wants_json(request) or path.startswith("/static/")


def _answer(request: Request, status: int, code: str, message: str, **extra: Any) -> Response:
    if _wants_json(request):
        return JSONResponse(error_body(code, message, **extra), status_code=status)
    return pages.templates.TemplateResponse(request, "error.html", {"status": status, "code": code,
                                                                    "message": message, "title": "Error",
                                                                    **extra}, status_code=status)


def _where(loc: Any) -> str:
    parts = [str(p) for p in loc if p not in ("query", "path", "body", "header")] if isinstance(loc, list | tuple) \
        else [str(loc)]
    return ".".join(parts) or "request"


def _handle_errors(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        details = [{"parameter": _where(e.get("loc")), "message": str(e.get("msg"))} for e in exc.errors()]
        message = "; ".join(f"{d['parameter']}: {d['message']}" for d in details[:5]) or "invalid request"
        return _answer(request, 422, "bad_parameter", message, details=details)

    @app.exception_handler(BadRequest)
    async def bad(request: Request, exc: BadRequest) -> Response:
        return _answer(request, exc.status, exc.code, exc.message)

    @app.exception_handler(NotFound)
    async def missing(request: Request, exc: NotFound) -> Response:
        return _answer(request, 404, "not_found", exc.message)

    @app.exception_handler(BackchannelError)
    async def coded(request: Request, exc: BackchannelError) -> Response:
        return _answer(request, status_for(exc), exc.code, exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def http(request: Request, exc: StarletteHTTPException) -> Response:
        words = {404: "not_found", 405: "method_not_allowed"}
        return _answer(request, exc.status_code, words.get(exc.status_code, "http_error"), str(exc.detail))
