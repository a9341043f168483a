"""Query parameters shared by the API and the pages, each bounded and validated before the store sees
it, so that a bad parameter is a 4xx with a message and never reaches SQL."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Annotated, Any

from fastapi import Query, Request
from pydantic import AfterValidator

MAX_LIMIT = 500
MAX_OFFSET = 1_000_000
MAX_ID = 2**62  # store ids are SQL integers; larger numbers are nobody and must not overflow the driver
MAX_TEXT = 500  # a query or a filter value

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class BadRequest(Exception):
    """A parameter the caller must change; answered with 400 and ``code``."""

    def __init__(self, message: str, code: str = "bad_parameter", status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.status = status
        self.message = message


class NotFound(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def iso_date(value: str) -> str:
    """``YYYY-MM-DD``, a real calendar date."""
    if not _DATE.fullmatch(value):
        raise ValueError("give a date as YYYY-MM-DD")
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value} is not a calendar date") from None
    return value


def month_range(month: str) -> tuple[str, str]:
    """``"2025-11"`` → ``("2025-11-01", "2025-11-30")``, for a click on a month facet."""
    if not re.fullmatch(r"\d{4}-\d{2}", month) or not 1 <= int(month[5:]) <= 12 or int(month[:4]) < 1:
        raise BadRequest(f"month {month!r}: give it as YYYY-MM")
    year, number = int(month[:4]), int(month[5:])
    return f"{month}-01", f"{month}-{calendar.monthrange(year, number)[1]:02d}"


IsoDate = Annotated[str, AfterValidator(iso_date)]

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"items per page, at most {MAX_LIMIT}")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="items to skip")]
ActorId = Annotated[int | None, Query(ge=1, le=MAX_ID, description="a store actor id")]
ReportedVia = Annotated[int | None, Query(ge=1, le=MAX_ID, description=(
    "a store actor number: what reaches the author through that actor (an outlet, an official…), anywhere in "
    "a claim's attribution chain"))]
Text = Annotated[str | None, Query(min_length=1, max_length=MAX_TEXT)]
DateFrom = Annotated[IsoDate | None, Query(description="inclusive, YYYY-MM-DD")]
DateTo = Annotated[IsoDate | None, Query(description="inclusive, YYYY-MM-DD")]


def clean_query(request: Request) -> None:
    """Refuse control characters (NUL and friends) in any parameter: no filter needs them, and some
    drivers and full-text parsers choke on them."""
    for name, value in request.query_params.multi_items():
        if _CONTROL.search(name) or _CONTROL.search(value):
            raise BadRequest(f"parameter {name[:40]!r} contains control characters")
    if _CONTROL.search(request.url.path):
        raise BadRequest("the path contains control characters")


def split_values(values: list[Any] | None) -> list[str]:
    """Repeated parameters, each possibly comma-separated (``type=MEET&type=ACCUSE`` or ``type=MEET,ACCUSE``)."""
    out: list[str] = []
    for value in values or []:
        raw = value.value if hasattr(value, "value") else str(value)
        out.extend(part.strip() for part in raw.split(",") if part.strip())
    return out


def check_choices(name: str, values: list[str], allowed: tuple[str, ...]) -> tuple[str, ...]:
    """``values`` unchanged when each is allowed; otherwise a 400 naming the first bad one and the choices."""
    for value in values:
        if value not in allowed:
            raise BadRequest(f"{name} {value[:40]!r} is not one of: {', '.join(allowed)}")
    return tuple(values)


def check_range(date_from: str | None, date_to: str | None) -> None:
    if date_from and date_to and date_from > date_to:
        raise BadRequest(f"date_from {date_from} is after date_to {date_to}")
