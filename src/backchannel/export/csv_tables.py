"""The ``csv`` export: the flat tables of ``tables.py`` as CSV files, one per table, or one table as a
stream.

RFC 4180 CSV in UTF-8 (no byte-order mark), a header row, ``\\r\\n`` line ends, fields quoted when they
need it. Empty cells are nulls; booleans are ``true``/``false``; list columns join their items with
``|``.

Formula injection: a spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and some
with a tab or carriage return) as a formula, and article text is written by strangers. Text cells that
start with one of these get a leading apostrophe (``'=HYPERLINK(…)``), which spreadsheets show and do not
run. Numbers are never changed. ``raw=True`` (``backchannel export csv --raw``) writes text exactly as
it is, for programs that read CSV as data.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .records import ExportRecord
from .tables import COLUMNS, TABLES, table_rows

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "|"
_FLUSH_ROWS = 256


def cell(value: Any, *, raw: bool = False) -> str:
    """One CSV cell: nulls empty, lists joined with ``|``, formula-looking text defused unless ``raw``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        text = LIST_SEPARATOR.join("" if item is None else str(item).replace(LIST_SEPARATOR, "¦") for item in value)
    else:
        text = str(value)
    if not raw and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def header(table: str) -> list[str]:
    return [name for name, _ in COLUMNS[table]]


def write_csv_tables(records: Iterable[ExportRecord], directory: Path, *, tables: tuple[str, ...] = TABLES,
                     raw: bool = False) -> dict[str, int]:
    """Write ``<table>.csv`` for each table into ``directory`` (which exists), streaming: each row is
    written as its record is read. Returns the number of rows per table."""
    handles = {table: (directory / f"{table}.csv").open("w", encoding="utf-8", newline="") for table in tables}
    try:
        writers = {table: csv.writer(handle) for table, handle in handles.items()}
        counts = dict.fromkeys(tables, 0)
        for table, writer in writers.items():
            writer.writerow(header(table))
        for record in records:
            for table, row in table_rows(record, tables):
                writers[table].writerow([cell(value, raw=raw) for value in row.values()])
                counts[table] += 1
        return counts
    finally:
        for handle in handles.values():
            handle.close()


def csv_chunks(records: Iterable[ExportRecord], table: str, *, raw: bool = False,
               counts: dict[str, int] | None = None) -> Iterator[bytes]:
    """One table as CSV bytes, a few hundred rows per chunk (for stdout and HTTP responses); ``counts``,
    when given, gets the number of rows written under the table's name."""
    counts = {} if counts is None else counts
    counts[table] = 0
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header(table))
    pending = 0
    for record in records:
        for _, row in table_rows(record, (table,)):
            writer.writerow([cell(value, raw=raw) for value in row.values()])
            pending += 1
            counts[table] += 1
        if pending >= _FLUSH_ROWS:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    yield buffer.getvalue().encode("utf-8")
