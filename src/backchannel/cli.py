"""The ``backchannel`` command line. Every command prints for people or, with ``--format json``,
writes JSON Lines for scripts."""

from __future__ import annotations

import gc
import json
import sys
import time
from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated

import typer
from rich.console import Console
from spacy.language import Language

from .analysis import analyze_one, final_readout, make_doc, pipeline_info
from .brief import render, render_summary
from .cli_actors import actors_app
from .cli_export import export_command
from .cli_serve import serve
from .errors import BackchannelError, ExtractionError, IngestError
from .ingest.document import Document
from .ingest.readers import MAX_FILE_BYTES, MAX_TEXT_CHARS, discover, make_document, read_path
from .readout import Readout

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  pretty_exceptions_enable=False,
                  help="Backchannel: who said what to whom in news about politics, diplomacy and conflict.")

app.add_typer(actors_app, name="actors")
app.command("export")(export_command)
app.command(name="serve")(serve)

DEFAULT_DB = "backchannel.sqlite"


class Format(StrEnum):
    brief = "brief"
    json = "json"


def _version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"backchannel {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Backchannel: who said what to whom in news about politics, diplomacy and conflict."""


def _stdin_documents(max_chars: int) -> Iterator[Document | IngestError]:
    data = sys.stdin.buffer.read()
    from .ingest.readers import decode

    try:
        yield make_document(decode(data, "<stdin>"), {}, source="<stdin>", max_chars=max_chars)
    except IngestError as err:
        yield err


def _items(paths: list[Path], max_bytes: int, max_chars: int) -> Iterator[Document | IngestError]:
    for path in paths:
        if str(path) == "-":
            yield from _stdin_documents(max_chars)
            continue
        for found in discover([path]):
            if isinstance(found, IngestError):
                yield found
            else:
                yield from read_path(found, max_bytes=max_bytes, max_chars=max_chars)


def _settle(nlp: Language) -> None:
    """Load what the extractors load on first use (lexicons, the knowledge base), then move everything this
    process holds to the end out of the cyclic garbage collector's generations (``gc.freeze``): the
    collections each batch's garbage triggers then no longer re-scan the pipeline and its tables. The command
    unfreezes when it ends."""
    try:
        nlp("Warm-up: the minister said on Monday that talks with Kyiv would resume.")
    except Exception:  # noqa: BLE001  (each document's own failure is reported, with its file, in the batch)
        return
    gc.freeze()


def _batches(items: Iterable[Document | IngestError], size: int) -> Iterator[list[Document | IngestError]]:
    batch: list[Document | IngestError] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@app.command()
def analyze(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (.txt, .html, .jsonl); '-' reads stdin.")],
    format: Annotated[Format, typer.Option("--format", "-f", help="brief (for people) or json (JSON Lines).")]
    = Format.brief,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to FILE instead of stdout.")]
    = None,
    db: Annotated[str, typer.Option(help="The store to keep documents and readouts in: a SQLite file or a "
                                          "postgresql:// URL.")] = DEFAULT_DB,
    no_store: Annotated[bool, typer.Option("--no-store", help="Do not write to any store.")] = False,
    model: Annotated[str | None, typer.Option(help="A spaCy pipeline path or package instead of the "
                                                      "shipped en_backchannel_core.")] = None,
    batch_size: Annotated[int, typer.Option(min=1, max=1000, help="Documents per batch.")] = 16,
    max_bytes: Annotated[int, typer.Option(min=1, help="Largest .txt/.html file accepted.")] = MAX_FILE_BYTES,
    max_chars: Annotated[int, typer.Option(min=1, help="Longest document text accepted.")] = MAX_TEXT_CHARS,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary on stderr.")] = False,
) -> None:
    """Analyse articles and print a brief or JSON Lines readouts; store them in --db.

    Exit status: 0 when every document was analysed, 1 when some failed (each failure is printed on
    stderr and kept in the store's failures table), 2 when nothing could run (bad options, no pipeline,
    unusable store).
    """
    err = Console(stderr=True)
    out_fh: IO[str] = sys.stdout
    try:
        from .nlp import load_pipeline
        from .store import open_store

        nlp = load_pipeline(extractors=True, model=model)
        store = None if no_store else open_store(db)
        if output is not None:
            out_fh = output.open("w", encoding="utf-8")
    except BackchannelError as exc:
        _fail(err, exc, format)
        raise typer.Exit(2) from None
    except OSError as exc:
        err.print(f"backchannel: cannot write {output}: {exc.strerror}", markup=False, highlight=False)
        raise typer.Exit(2) from None
    out = Console(file=out_fh, soft_wrap=False, width=None if out_fh is sys.stdout else 100)
    analysed = new = failed = words = 0
    started = time.perf_counter()
    show_progress = not quiet and err.is_terminal
    status = err.status("Analysing…") if show_progress else None
    try:
        if status is not None:
            status.start()
        _settle(nlp)
        for batch in _batches(_items(paths, max_bytes, max_chars), batch_size):
            for result in _analyse_batch(batch, nlp):
                if isinstance(result, BackchannelError):
                    failed += 1
                    _fail(err, result, format)
                    if store is not None:
                        store.record_failure(result)
                    continue
                document, readout = result
                analysed += 1
                words += len(document.text.split())
                if store is not None:
                    new += store.put(document, readout)
                if format is Format.json:
                    out_fh.write(readout.to_json() + "\n")
                else:
                    render(readout, out)
            if status is not None:
                rate = words / max(time.perf_counter() - started, 1e-9)
                status.update(f"Analysed {analysed} documents, {failed} failed ({rate:,.0f} words/s)…")
    except KeyboardInterrupt:
        err.print("backchannel: interrupted; documents analysed so far are stored, run again to finish.")
        raise typer.Exit(130) from None
    except BackchannelError as exc:
        _fail(err, exc, format)
        raise typer.Exit(2) from None
    finally:
        gc.unfreeze()  # a caller that goes on (a test runner, a notebook) gets its collector back whole
        if status is not None:
            status.stop()
        if store is not None:
            store.close()
        if out_fh is not sys.stdout:
            out_fh.close()
    if not quiet and format is Format.brief:
        render_summary(err, analysed=analysed, new=new, failed=failed, words=words,
                       seconds=time.perf_counter() - started, db=None if store is None else store.source)
    if failed:
        raise typer.Exit(1)


def _analyse_batch(batch: list[Document | IngestError], nlp: Language) -> Iterator[
        tuple[Document, Readout] | BackchannelError]:
    """Analyse the good documents of a batch together; a document that breaks the pipeline is
    retried alone, so one bad document costs only itself."""
    docs = [item for item in batch if isinstance(item, Document)]
    try:
        parsed = dict(zip((id(d) for d in docs), nlp.pipe(make_doc(nlp, d) for d in docs), strict=True))
    except Exception:  # fall back to one at a time to isolate the culprit
        parsed = {}
    info = pipeline_info(nlp)
    for item in batch:
        if isinstance(item, BackchannelError):
            yield item
            continue
        try:
            if id(item) in parsed:
                yield item, final_readout(parsed.pop(id(item)), item, nlp, info)
            else:
                yield item, analyze_one(item, nlp)
        except ExtractionError as exc:
            yield exc
        except Exception as exc:
            yield ExtractionError(f"analysis failed ({exc.__class__.__name__}: {exc})", source=item.source,
                                  doc_id=item.id, code="E301")


def _fail(err: Console, exc: BackchannelError, format: Format) -> None:
    if format is Format.json:
        err.file.write(json.dumps({"error": exc.to_dict()}, ensure_ascii=False) + "\n")
    else:
        err.print(f"backchannel: {exc}", markup=False, highlight=False, soft_wrap=True)


if __name__ == "__main__":  # pragma: no cover
    app()
