"""``GET /api/export/{format}``: the stored readouts in an export format (``backchannel.export``), streamed.

The same filters as ``GET /api/documents`` choose the documents; without any, the whole store is
exported in the store's order. The response is streamed as it is written (``export_stream``), so its
size is bounded only by the store, never held in memory; a bad format or table is refused before any
byte is sent.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import StreamingResponse

from ..export import EXTENSIONS, FORMATS, MEDIA_TYPES, TABLES, export_stream, records_from_store
from .api import Reader
from .params import ActorId, BadRequest, DateFrom, DateTo, ReportedVia, Text, check_range, clean_query
from .vocab import EventType, Status, value

router = APIRouter(prefix="/api", dependencies=[Depends(clean_query)])

PAGE = 500


def matching_ids(reader: Any, filters: dict[str, Any]) -> Iterator[str]:
    """The ids of the documents matching ``filters`` (``StoreReader.documents``), page by page, each once."""
    seen: set[str] = set()
    offset = 0
    while True:
        page = reader.documents(**filters, limit=PAGE, offset=offset)
        for item in page["items"]:
            if item["id"] not in seen:
                seen.add(item["id"])
                yield item["id"]
        offset += PAGE
        if not page["items"] or offset >= page["total"]:
            return


@router.get("/export/{fmt}", summary="Export the stored readouts (jsonl, csv, parquet, plover, ftm, gexf)",
            response_class=StreamingResponse,
            responses={200: {"description": "the export, streamed",
                             "content": {t: {} for t in sorted(set(MEDIA_TYPES.values()))}},
                       400: {"description": "unknown format or table, or csv/parquet without a table"}})
def export(reader: Reader,
           fmt: Annotated[str, Path(max_length=20, description=f"one of {', '.join(FORMATS)}")],
           table: Annotated[str | None, Query(max_length=20, description=f"csv and parquet: one of "
                                                                          f"{', '.join(TABLES)}")] = None,
           raw: Annotated[bool, Query(description="csv: text cells as they are (no ' before = + - @)")] = False,
           q: Text = None, outlet: Text = None, actor: ActorId = None,
           event_type: EventType | None = None, claim_status: Status | None = None,  # type: ignore[valid-type]
           date_from: DateFrom = None, date_to: DateTo = None, reported_via: ReportedVia = None) -> StreamingResponse:
    if fmt not in FORMATS:
        raise BadRequest(f"unknown export format {fmt[:20]!r}; choose one of {', '.join(FORMATS)}")
    if fmt in ("csv", "parquet"):
        if table is None:
            raise BadRequest(f"{fmt} is one file per table: give table= one of {', '.join(TABLES)}")
        if table not in TABLES:
            raise BadRequest(f"unknown table {table[:20]!r}; choose one of {', '.join(TABLES)}")
    elif table is not None:
        raise BadRequest(f"table= is for csv and parquet; {fmt} is one file")
    check_range(date_from, date_to)
    if not callable(getattr(reader, "readouts", None)):
        raise BadRequest("this store cannot be exported (it does not list its readouts)", code="not_supported",
                         status=501)
    filters: dict[str, Any] = {"q": q, "outlet": outlet, "actor": actor, "event_type": value(event_type),
               "claim_status": value(claim_status), "date_from": date_from, "date_to": date_to,
               "reported_via": reported_via}
    chosen = {k: v for k, v in filters.items() if v is not None}
    if chosen:
        reader.documents(**chosen, limit=1)  # a query the index cannot parse is a 400 now, not a broken stream
    records = records_from_store(reader, doc_ids=matching_ids(reader, chosen) if chosen else None)  # type: ignore[arg-type]
    name = f"backchannel-{table}{EXTENSIONS[fmt]}" if table else f"backchannel{EXTENSIONS[fmt]}"
    return StreamingResponse(export_stream(fmt, records, table=table, raw=raw), media_type=MEDIA_TYPES[fmt],
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})
