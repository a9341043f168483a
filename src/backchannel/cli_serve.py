"""``backchannel serve``: the workbench (REST API, pages, API docs) on a store, through uvicorn.

Writes (``POST /api/documents``) are open on a loopback address; a server listening beyond this machine
must be given a token (``--token`` or ``$BACKCHANNEL_TOKEN``), which writes then carry as
``Authorization: Bearer <token>``. Without one it refuses to start.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from .errors import BackchannelError, StoreError


def open_store(db: str, *, readonly: bool = False) -> Any:
    """The store at ``db`` (a SQLite path or a database URL).

    A SQLite path must exist already: serving never creates an empty store by mistake. ``serve`` opens it
    twice: once for writing (``POST /api/documents``; this upgrades an older store first), then read-only
    for every page and API read, so that a read can never write and readers never wait for the writer.
    """
    from .store import open_store as open_any
    from .store.engine import is_postgres, sqlite_path

    if not is_postgres(db):
        try:
            exists = sqlite_path(db).is_file()
        except ValueError as exc:
            raise StoreError(str(exc), source=db, code="E401") from None
        if not exists:
            raise StoreError(f"no store at {db}; analyse documents into it first "
                                   "(`backchannel analyze PATH --db FILE`)", code="E401")
    return open_any(db, readonly=readonly)


def serve(
    db: Annotated[str, typer.Option("--db", help="The store: a SQLite file or a database URL.")] = "backchannel.sqlite",
    host: Annotated[str, typer.Option(help="Address to listen on; beyond 127.0.0.1 a token is required.")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    token: Annotated[str | None, typer.Option(envvar="BACKCHANNEL_TOKEN", show_envvar=True,
                                              help="Writes need 'Authorization: Bearer TOKEN'.")] = None,
) -> None:
    """Serve the workbench: pages at http://HOST:PORT/, the REST API under /api, its docs at /docs."""
    from .web.guard import is_local

    err = typer.echo
    if token is not None and len(token) < 16:
        err("backchannel: the token must have at least 16 characters", err=True)
        raise typer.Exit(2)
    if not is_local(host) and not token:
        err(f"backchannel: refusing to listen on {host} without a token: anyone who can reach it could write to "
            "the store. Give --token (or set BACKCHANNEL_TOKEN), or listen on 127.0.0.1.", err=True)
        raise typer.Exit(2)
    try:
        store = open_store(db)
        reader = open_store(db, readonly=True)
    except BackchannelError as exc:
        err(f"backchannel: {exc}", err=True)
        raise typer.Exit(2) from None
    import uvicorn

    from .web import create_app

    app = create_app(reader, writer=store, token=token)
    note = "; writes need the token" if token else ""
    err(f"Backchannel workbench on http://{host}:{port}/ (API docs at /docs){note}", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info")
