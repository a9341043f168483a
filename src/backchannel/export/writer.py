"""Writing an export: choosing the format, streaming it, and never leaving half a file behind.

``export`` writes to a path or a binary stream; a path is written as a temporary file beside it (a
hidden ``.NAME.xxxx.part``) and renamed over it only when the whole export succeeded, so a failed or
interrupted export leaves the previous file as it was. ``csv`` and ``parquet`` without a table write
one file per table into a folder the same way (each file renamed into place at the end).
``export_stream`` gives the bytes of one export for a streaming HTTP response.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from ..errors import ExportError
from .records import ExportRecord, readout_lines
from .tables import TABLES

FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet", "plover", "ftm", "gexf")
TABULAR = ("csv", "parquet")

MEDIA_TYPES: dict[str, str] = {
    "jsonl": "application/x-ndjson",
    "csv": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
    "plover": "application/x-ndjson",
    "ftm": "application/x-ndjson",
    "gexf": "application/gexf+xml",
}

EXTENSIONS: dict[str, str] = {"jsonl": ".jsonl", "csv": ".csv", "parquet": ".parquet", "plover": ".plover.jsonl",
                              "ftm": ".ftm.json", "gexf": ".gexf"}

Progress = Callable[[int], None]


def check(fmt: str, table: str | None = None, *, to_folder: bool = False) -> None:
    """Raise ExportError E601 unless ``fmt`` (and ``table``) can be written to the output given."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}", code="E601")
    if table is not None:
        if fmt not in TABULAR:
            raise ExportError(f"--table is for csv and parquet; {fmt} is one file", code="E601")
        if table not in TABLES:
            raise ExportError(f"unknown table {table!r}; choose one of {', '.join(TABLES)}", code="E601")
    elif fmt in TABULAR and not to_folder:
        raise ExportError(f"{fmt} writes one file per table: give a folder with -o, or one table with --table "
                          f"({', '.join(TABLES)})", code="E601")


def export_stream(fmt: str, records: Iterable[ExportRecord], *, table: str | None = None,
                  raw: bool = False) -> Iterator[bytes]:
    """The bytes of one export, in chunks, for a streaming response (``MEDIA_TYPES[fmt]``). ``csv`` and
    ``parquet`` need a ``table``. Bad arguments raise ExportError E601 at once, before any byte."""
    check(fmt, table)
    return _chunks(fmt, records, table, raw)


def _chunks(fmt: str, records: Iterable[ExportRecord], table: str | None, raw: bool,
            counts: dict[str, int] | None = None) -> Iterator[bytes]:
    if fmt == "jsonl":
        return readout_lines(records)
    if fmt == "csv":
        from .csv_tables import csv_chunks

        return csv_chunks(records, table or "documents", raw=raw, counts=counts)
    if fmt == "parquet":
        from .parquet_tables import parquet_chunks

        return parquet_chunks(records, table or "documents", counts=counts)
    if fmt == "plover":
        from .plover import plover_lines

        return plover_lines(records)
    if fmt == "ftm":
        from .ftm import ftm_lines

        return ftm_lines(records)
    from .gexf import gexf_chunks

    return gexf_chunks(records)


def _counted(records: Iterable[ExportRecord], seen: list[int], progress: Progress | None) -> Iterator[ExportRecord]:
    for record in records:
        seen[0] += 1
        if progress is not None:
            progress(seen[0])
        yield record


def export(fmt: str, records: Iterable[ExportRecord], output: str | Path | IO[bytes], *, table: str | None = None,
           raw: bool = False, progress: Progress | None = None) -> dict[str, Any]:
    """Write one export to ``output`` (a file path, a folder for all tables of csv/parquet, or a binary
    stream) and return a summary: ``format``, ``output``, ``table``, ``documents``, ``lines`` (JSON Lines
    formats: readouts, events or entities written), ``rows`` (tables: rows per table), ``bytes``, ``seconds``.

    Raises ExportError E601 (format or table) before writing anything and E602 when the output cannot be
    written; a path is only replaced when the export completed."""
    is_path = isinstance(output, str | Path)
    to_folder = is_path and table is None and fmt in TABULAR
    check(fmt, table, to_folder=to_folder)
    seen = [0]
    counted = _counted(records, seen, progress)
    started = time.perf_counter()
    summary: dict[str, Any] = {"format": fmt, "output": str(output) if is_path else "-", "table": table}
    if to_folder:
        folder = Path(output)  # type: ignore[arg-type]
        summary["rows"] = _write_tables(fmt, counted, folder, raw)
        summary["bytes"] = sum((folder / f"{t}.{fmt}").stat().st_size for t in TABLES)
    else:
        newlines = written = 0
        rows: dict[str, int] = {}
        with _atomic_file(Path(output)) if is_path else _stream(output) as handle:  # type: ignore[arg-type]
            for chunk in _chunks(fmt, counted, table, raw, rows):
                handle.write(chunk)
                written += len(chunk)
                newlines += chunk.count(b"\n")
        summary["bytes"] = written
        if fmt in ("jsonl", "plover", "ftm"):
            summary["lines"] = newlines
        elif rows:
            summary["rows"] = rows
    summary["documents"] = seen[0]
    summary["seconds"] = round(time.perf_counter() - started, 3)
    return summary


@contextmanager
def _stream(handle: IO[bytes]) -> Iterator[IO[bytes]]:
    try:
        yield handle
        handle.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise ExportError(f"cannot write the export ({exc.strerror or exc})", source="-", code="E602") from None


def _unwritable(target: Path, exc: OSError) -> ExportError:
    why = exc.strerror or str(exc)
    if isinstance(exc, FileNotFoundError):
        why = f"the folder {target.parent} does not exist"
    return ExportError(f"cannot write the export here ({why}); nothing was written", source=str(target), code="E602")


@contextmanager
def _atomic_file(target: Path) -> Iterator[IO[bytes]]:
    """A file beside ``target`` that replaces it when the block ends without an error, else is removed."""
    if target.is_dir():
        raise ExportError("is a folder; give a file name", source=str(target), code="E602")
    part = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    try:  # os.open with 0o666 lets the umask decide the permissions, as for any new file
        handle = os.fdopen(os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), "wb")
    except OSError as exc:
        raise _unwritable(target, exc) from None
    try:
        with handle:
            yield handle
        os.replace(part, target)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise _unwritable(target, exc) from None
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def _write_tables(fmt: str, records: Iterable[ExportRecord], folder: Path, raw: bool) -> dict[str, int]:
    """All tables into ``folder`` (created if missing): written in a hidden folder beside it, then each
    file renamed into place; other files in ``folder`` are left alone."""
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{fmt} writes one file per table into a folder, and this is a file", source=str(folder),
                          code="E602")
    try:
        work = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".part", dir=folder.parent))
    except OSError as exc:
        raise _unwritable(folder, exc) from None
    try:
        if fmt == "csv":
            from .csv_tables import write_csv_tables

            counts = write_csv_tables(records, work, raw=raw)
        else:
            from .parquet_tables import write_parquet_tables

            counts = write_parquet_tables(records, work)
        folder.mkdir(exist_ok=True)
        for table in TABLES:
            os.replace(work / f"{table}.{fmt}", folder / f"{table}.{fmt}")
        return counts
    except OSError as exc:
        raise _unwritable(folder, exc) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
