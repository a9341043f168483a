"""The ``parquet`` export: the flat tables of ``tables.py`` as Parquet files, one per table.

Each table has an explicit Arrow schema (strings, 64-bit integers, booleans, and lists of strings or
integers for the list columns; every column nullable), and rows are written in row groups of at most
``BATCH_ROWS`` rows (fewer for ``documents``, whose rows carry the whole text), so a large store is
written with flat memory. Files are zstd-compressed and carry the table name and the Backchannel
version in their schema metadata.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from .records import ExportRecord
from .tables import COLUMNS, TABLES, Row, table_rows

BATCH_ROWS = 10_000
BATCH_ROWS_BY_TABLE = {"documents": 500}
_SPOOL_BYTES = 32 * 1024 * 1024
_CHUNK_BYTES = 1024 * 1024

_TYPES: dict[str, pa.DataType] = {"str": pa.string(), "int": pa.int64(), "bool": pa.bool_(),
                                  "list_str": pa.list_(pa.string()), "list_int": pa.list_(pa.int64())}


def schema(table: str) -> pa.Schema:
    """The Arrow schema of one table."""
    from .. import __version__

    return pa.schema([pa.field(name, _TYPES[kind], nullable=True) for name, kind in COLUMNS[table]],
                     metadata={"backchannel.table": table, "backchannel.version": __version__})


class _TableWriter:
    """Rows of one table buffered into row groups and written to one Parquet sink."""

    def __init__(self, table: str, sink: str | Path | IO[bytes]) -> None:
        self.table = table
        self.schema = schema(table)
        self.limit = BATCH_ROWS_BY_TABLE.get(table, BATCH_ROWS)
        self.rows: list[Row] = []
        self.count = 0
        self.writer = pq.ParquetWriter(sink, self.schema, compression="zstd")

    def add(self, row: Row) -> None:
        self.rows.append(row)
        self.count += 1
        if len(self.rows) >= self.limit:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            self.writer.write_batch(pa.RecordBatch.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def close(self) -> None:
        self.flush()
        self.writer.close()


def write_parquet_tables(records: Iterable[ExportRecord], directory: Path, *,
                         tables: tuple[str, ...] = TABLES) -> dict[str, int]:
    """Write ``<table>.parquet`` for each table into ``directory`` (which exists). Returns the number of
    rows per table."""
    writers: dict[str, _TableWriter] = {}
    try:
        for table in tables:
            writers[table] = _TableWriter(table, directory / f"{table}.parquet")
        for record in records:
            for table, row in table_rows(record, tables):
                writers[table].add(row)
    finally:
        for writer in writers.values():
            writer.close()
    return {table: writer.count for table, writer in writers.items()}


def parquet_chunks(records: Iterable[ExportRecord], table: str,
                   counts: dict[str, int] | None = None) -> Iterator[bytes]:
    """One table as the bytes of a Parquet file. Parquet writes its footer last, so the file is built
    in a spooled buffer (memory up to 32 MB, then a temporary file) and sent when complete. ``counts``,
    when given, gets the number of rows under the table's name."""
    with tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES) as spool:
        sink: Any = spool
        writer = _TableWriter(table, sink)
        try:
            for record in records:
                for _, row in table_rows(record, (table,)):
                    writer.add(row)
        finally:
            writer.close()
        if counts is not None:
            counts[table] = writer.count
        spool.seek(0)
        while chunk := spool.read(_CHUNK_BYTES):
            yield chunk
