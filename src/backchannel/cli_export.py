"""``backchannel export``: stored readouts for other tools (JSON Lines, CSV, Parquet, PLOVER, FollowTheMoney,
GEXF).

The export goes to ``-o PATH`` (written beside it and renamed when complete, so a failed export leaves
nothing half-written) or to stdout. Progress and the closing summary go to stderr, never mixed with the
data: a line for people, or with ``--json`` one JSON object (errors too, as ``{"error": {…}}``). Exit
status: 0 written; 2 nothing written (unknown format or table, output not writable, no store,
unreadable readouts file).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from .errors import BackchannelError, ExportError, StoreError

DEFAULT_DB = Path("backchannel.sqlite")
FORMAT_HELP = ("jsonl (readouts), csv or parquet (tables), plover (PLOVER event records), ftm (FollowTheMoney "
               "entities for Aleph) or gexf (actor network for Gephi).")


def _fail(err: Console, exc: BackchannelError, as_json: bool) -> None:
    if as_json:
        err.file.write(json.dumps({"error": exc.to_dict()}, ensure_ascii=False) + "\n")
    else:
        err.print(f"backchannel: {exc}", markup=False, highlight=False, soft_wrap=True)


def _summary_line(summary: dict[str, Any]) -> str:
    docs = summary["documents"]
    what = f" ({summary['lines']:,} lines)" if "lines" in summary else ""
    if isinstance(summary.get("rows"), dict):
        what = " (" + ", ".join(f"{n:,} {t}" for t, n in summary["rows"].items()) + ")"
    rate = f", {docs / summary['seconds']:,.0f} documents/s" if summary["seconds"] > 0 and docs else ""
    where = "stdout" if summary["output"] == "-" else summary["output"]
    return (f"Exported {docs:,} document{'s' if docs != 1 else ''} as {summary['format']} to {where}{what}: "
            f"{summary['bytes']:,} bytes in {summary['seconds']:.2f} s{rate}.")


def export_command(
    format: Annotated[str, typer.Argument(metavar="FORMAT", help=FORMAT_HELP)],
    db: Annotated[str | None, typer.Option("--db", help="The store to export: a SQLite file (default "
                                                        "backchannel.sqlite) or a postgresql:// URL.")] = None,
    from_: Annotated[Path | None, typer.Option("--from", help="Export a readouts .jsonl file instead of a store.")]
    = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to PATH (a folder for all csv or "
                                                                       "parquet tables) instead of stdout.")] = None,
    table: Annotated[str | None, typer.Option("--table", help="csv/parquet: only this table (documents, actors, "
                                                              "mentions, quotes, claims, events, relations).")]
    = None,
    raw: Annotated[bool, typer.Option("--raw", help="csv: write text cells as they are (no apostrophe before "
                                                    "= + - @).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Summary and errors as JSON objects on stderr.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary on stderr.")] = False,
) -> None:
    """Export the stored readouts (or a readouts file) as FORMAT, to -o PATH or stdout.

    Exit status: 0 written; 2 nothing written (bad format or table, output not writable, no store,
    unreadable readouts file).
    """
    from .export import export, records_from_jsonl, records_from_store
    from .export.writer import check

    err = Console(stderr=True)
    store = None
    status = None
    try:
        if db is not None and from_ is not None:
            raise ExportError("give --db or --from, not both", code="E601")
        to_folder = output is not None and table is None
        check(format, table, to_folder=to_folder)
        if output is None and format == "parquet" and sys.stdout.isatty():
            raise ExportError("Parquet is binary: give -o FILE rather than writing it to a terminal", code="E602")
        if from_ is not None:
            records = records_from_jsonl(from_)
        else:
            store = _open_store(db or str(DEFAULT_DB))
            records = records_from_store(store)
        if not quiet and err.is_terminal:
            status = err.status("Exporting…")
            status.start()
        progress = None
        if status is not None:
            def progress(n: int) -> None:
                if n % 50 == 0:
                    status.update(f"Exported {n:,} documents…")
        target: Any = output if output is not None else sys.stdout.buffer
        summary = export(format, records, target, table=table, raw=raw, progress=progress)
    except BackchannelError as exc:
        if status is not None:
            status.stop()
        _fail(err, exc, as_json)
        raise typer.Exit(2) from None
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise typer.Exit(0) from None
    except KeyboardInterrupt:
        err.print("backchannel: interrupted; nothing was written.")
        raise typer.Exit(130) from None
    finally:
        if store is not None:
            store.close()
    if status is not None:
        status.stop()
    if quiet:
        return
    if as_json:
        err.file.write(json.dumps({"export": summary}, ensure_ascii=False) + "\n")
    else:
        err.print(_summary_line(summary), markup=False, highlight=False, soft_wrap=True)


def _open_store(db: str) -> Any:
    """The store, read-only; E401 when there is none (exporting never creates one)."""
    from .store import open_store
    from .store.engine import is_postgres, sqlite_path

    if not is_postgres(db):
        try:
            path = sqlite_path(db)
        except ValueError as exc:
            raise StoreError(str(exc), source=db, code="E401") from None
        if not path.is_file():
            raise StoreError(f"no store here; analyse documents into it first with `backchannel analyze PATH --db "
                             f"{db}`, or export a readouts file with --from", source=db, code="E401")
    return open_store(db, readonly=True)
