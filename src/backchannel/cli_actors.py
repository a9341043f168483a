"""``backchannel actors``: browse the actors met across stored documents and decide who is who.

Every command prints for people or, with ``--format json``, writes JSON Lines for scripts. Decisions
(alias, unalias, merge, split, revert, import-aliases) are recorded in the store with who took them
and why, and can be listed and reverted. Exit status: 0 done, 1 refused or not found (one coded line
on stderr saying what to do next), 2 the store cannot be opened or written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .errors import BackchannelError, StoreError

if TYPE_CHECKING:
    from .store import Store

actors_app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                         pretty_exceptions_enable=False,
                         help="Actors across stored documents: list, show, alias, merge, split, revert.")

DEFAULT_DB = "backchannel.sqlite"
_R = TypeVar("_R", dict[str, Any], list[dict[str, Any]])  # what a command reads or records
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class Format(StrEnum):
    text = "text"
    json = "json"


DbOption = Annotated[str, typer.Option("--db", help="The store (as written by `backchannel analyze`): a SQLite file or "
                                                    "a postgresql:// URL.")]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="text (for people) or json (JSON Lines).")]
ReasonOption = Annotated[str | None, typer.Option("--reason", help="Why: kept with the decision for reviewers.")]
ByOption = Annotated[str | None, typer.Option("--by", help="Who decides (default: $USER).")]


def _safe(text: object) -> str:
    """Names come from articles: no rich markup, no terminal control sequences."""
    return escape(_CONTROL.sub("", str(text)))


def _emit(obj: dict[str, Any]) -> None:
    typer.echo(json.dumps(obj, ensure_ascii=False))


@contextmanager
def _store(db: str, format: Format) -> Iterator[Store]:
    """Open the store and turn coded errors into one line on stderr and the documented exit status."""
    from .store import open_store  # only when a command runs: `backchannel --help` stays quick
    from .store.engine import is_postgres

    store = None
    try:
        if not is_postgres(db) and not Path(db).exists():
            raise StoreError(f"no store here; analyse documents into it first with `backchannel analyze PATH --db "
                             f"{db}`", source=str(db), code="E401")
        store = open_store(db)
        yield store
    except BackchannelError as exc:
        _fail(exc, format)
        raise typer.Exit(2 if exc.code in ("E401", "E402") else 1) from None
    finally:
        if store is not None:
            store.close()


def _fail(exc: BackchannelError, format: Format) -> None:
    err = Console(stderr=True)
    if format is Format.json:
        err.file.write(json.dumps({"error": exc.to_dict()}, ensure_ascii=False) + "\n")
    else:
        err.print(f"backchannel: {exc}", markup=False, highlight=False, soft_wrap=True)


def _identity(actor: dict[str, Any]) -> str:
    parts = [actor["kind"], actor.get("country"), actor.get("sector")]
    if actor.get("wikidata"):
        parts.append(f"wikidata {actor['wikidata']}")
    if actor.get("kb_id"):
        parts.append(f"kb {actor['kb_id']}")
    return " · ".join(_safe(p) for p in parts if p)


def describe(decision: dict[str, Any]) -> str:
    """One line for people: what a decision did."""
    p = decision["payload"]
    if decision["kind"] == "alias":
        return f"#{p['actor']} is also called {p['alias']!r}"
    if decision["kind"] == "unalias":
        return f"#{p['actor']} is not called {p['alias']!r}"
    if decision["kind"] == "merge":
        return f"#{p['other']} merged into #{p['keep']} ({len(p['documents'])} document links moved)"
    if decision["kind"] == "split":
        what = repr(p["alias"]) if "alias" in p else f"document {p['document'][:12]}"
        return f"{what} split from #{p['actor']} into new #{p['new_actor']} ({len(p['documents'])} document links)"
    return f"reverts #{p['decision']}"


def _print_decisions(console: Console, decisions: list[dict[str, Any]]) -> None:
    """One block per decision rather than a table: reasons are free text and must never be cut."""
    for d in decisions:
        when = d["at"][:16].replace("T", " ")
        console.print(f"#{d['id']}  {when}  {d['kind']}  by {_safe(d['who'])}: {_safe(describe(d))}", highlight=False)
        if d["reason"]:
            console.print(f"    why: {_safe(d['reason'])}", highlight=False)
        if d["reverted_by"]:
            console.print(f"    reverted by #{d['reverted_by']}", highlight=False)


def _run(db: str, format: Format, act: Callable[[Store], _R], show: Callable[[_R], None]) -> _R:
    """What every command does: open the store (coded errors: one line on stderr, exit status 1 or 2), ``act`` on
    it, close it, and write the result: one JSON object per line with ``--format json``, else ``show`` it."""
    with _store(db, format) as store:
        result = act(store)
    if format is Format.json:
        for obj in result if isinstance(result, list) else [result]:
            _emit(obj)
    else:
        show(result)
    return result


def _print_recorded(decisions: list[dict[str, Any]]) -> None:
    console = Console(soft_wrap=True)
    for decision in decisions:
        console.print(f"decision #{decision['id']}: {_safe(describe(decision))}", highlight=False)


def _print_actors(actors: list[dict[str, Any]]) -> None:
    table = Table(box=None, show_edge=False, pad_edge=False)
    for column in ("#", "name", "kind", "country", "sector", "wikidata", "documents"):
        table.add_column(column, justify="right" if column in ("#", "documents") else "left")
    for a in actors:
        table.add_row(str(a["id"]), _safe(a["name"]), a["kind"], _safe(a["country"] or ""), _safe(a["sector"] or ""),
                      _safe(a["wikidata"] or ""), str(a["documents"]))
    Console(soft_wrap=True).print(table)


def _print_actor(found: dict[str, Any]) -> None:
    console = Console(soft_wrap=True, highlight=False)
    console.print(f"[bold]#{found['id']} {_safe(found['name'])}[/bold]  {_identity(found)}")
    names = ", ".join(f"{_safe(a['alias'])} ({a['origin']})" for a in found["aliases"])
    console.print(f"Names: {names or '—'}")
    if found["merged"]:
        console.print("Merged into it: " + ", ".join(f"#{i}" for i in found["merged"]))
    console.print(f"Documents ({len(found['documents'])}):")
    for d in found["documents"]:
        label = d["title"] or d["source"] or ""
        console.print(f"  {_safe(d['published'] or '          ')}  {d['doc_id'][:12]}  {d['readout_actor']}"
                      f" ×{d['mentions']}  {_safe(label)}")
    if found["decisions"]:
        console.print("Decisions:")
        _print_decisions(console, found["decisions"])


@actors_app.command("list")
def list_(
    kind: Annotated[str | None, typer.Option("--kind", help="person, organization, country, group, place or other.")]
    = None,
    search: Annotated[str | None, typer.Option("--search", help="Only actors with a name containing TEXT.")] = None,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="At most N actors.")] = None,
    db: DbOption = DEFAULT_DB,
    format: FormatOption = Format.text,
) -> None:
    """List the actors in the store, those in most documents first."""
    _run(db, format, lambda store: store.actor_list(kind=kind, search=search, limit=limit), _print_actors)


@actors_app.command()
def show(
    actor: Annotated[str, typer.Argument(help="The actor's number (17 or #17) or one of its names.")],
    db: DbOption = DEFAULT_DB,
    format: FormatOption = Format.text,
) -> None:
    """Show one actor: its names, the documents it appears in, and the decisions about it."""
    _run(db, format, lambda store: store.actor(actor), _print_actor)


@actors_app.command()
def alias(
    actor: Annotated[str, typer.Argument(help="The actor's number or one of its names.")],
    name: Annotated[str, typer.Argument(metavar="ALIAS", help="Another name it goes by.")],
    reason: ReasonOption = None,
    by: ByOption = None,
    db: DbOption = DEFAULT_DB,
    format: FormatOption = Format.text,
) -> None:
    """Add an alias: later documents that use it link to this actor."""
    _run(db, format, lambda store: [store.add_alias(actor, name, reason, who=by)], _print_recorded)


@actors_app.command()
def unalias(
    actor: Annotated[str, typer.Argument(help="The actor's number or one of its names.")],
    name: Annotated[str, typer.Argument(metavar="ALIAS", help="A name it does not go by.")],
    reason: ReasonOption = None,
    by: ByOption = None,
    db: DbOption = DEFAULT_DB,
    format: FormatOption = Format.text,
) -> None:
    """Remove an alias: later documents no longer link by it."""
    _run(db, format, lambda store: [store.unalias(actor, name, reason, who=by)], _print_recorded)


@actors_app.command()
def merge(
    keep: Annotated[str, typer.Argument(help="The actor that stays.")],
    other: Annotated[str, typer.Argument(help="The actor merged into it (its documents and names move).")],
    reason: ReasonOption = None,
    by: ByOption = None,
    db: DbOption = DEFAULT_DB,
    format: FormatOption = Format.text,
) -> None:
    """Merge OTHER into KEEP. Refused when both have different Wikidata ids."""
    _run(db, format, lambda store: [store.merge(keep, other, reason, who=by)], _print_recorded)


@actors_app.command()
def split(
    actor: Annotated[str, typer.Argument(help="The actor to split.")],
    what: Annotated[str, typer.Argument(metavar="ALIAS", help="The alias (or a document id) that belongs to "
                                                              "someone else.")],
    reason: ReasonOption = None,
    by: ByOption = None,
    db: DbOption = DEFAULT_DB,
    format: FormatOption = Format.text,
) -> None:
    """Move an alias, and the documents whose mentions used it, to a new actor."""
    _run(db, format, lambda store: [store.split(actor, what, reason, who=by)], _print_recorded)


@actors_app.command()
def revert(
    decision_id: Annotated[int, typer.Argument(metavar="DECISION", help="The decision's number.")],
    reason: ReasonOption = None,
    by: ByOption = None,
    db: DbOption = DEFAULT_DB,
    format: FormatOption = Format.text,
) -> None:
    """Undo a decision (refused when a later decision touched the same actors: revert that first)."""
    _run(db, format, lambda store: [store.revert(decision_id, reason, who=by)], _print_recorded)


@actors_app.command()
def decisions(
    actor: Annotated[str | None, typer.Option("--actor", help="Only decisions about this actor.")] = None,
    db: DbOption = DEFAULT_DB,
    format: FormatOption = Format.text,
) -> None:
    """List the decisions taken about actors, oldest first."""
    _run(db, format, lambda store: store.decisions(actor),
         lambda found: _print_decisions(Console(soft_wrap=True), found))


@actors_app.command("import-aliases")
def import_aliases(
    path: Annotated[Path, typer.Argument(metavar="FILE", help="actor<TAB>alias per line; # starts a comment.")],
    reason: ReasonOption = None,
    by: ByOption = None,
    db: DbOption = DEFAULT_DB,
    format: FormatOption = Format.text,
) -> None:
    """Add the aliases of a TSV file, all or nothing."""
    recorded = _run(db, format, lambda store: store.import_aliases(path, reason, who=by), _print_recorded)
    if format is Format.text:
        Console(stderr=True).print(f"{len(recorded)} aliases added.", highlight=False)
