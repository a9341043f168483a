"""``backchannel serve``: the workbench (REST API, pages, API docs) on a store, through uvicorn.

Writes (``POST /api/documents``) are open on a loopback address; a server listening beyond this machine
must be given a token (``--token`` or ``$BACKCHANNEL_TOKEN``), which writes then carry as
``Authorization: Bearer <token>``. Without one it refuses to start.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from .errors import BackchannelError


def open_store(db: str) -> Any:
    """The store at ``db`` (a SQLite path or a database URL), as reader and writer.

    The one place the workbench couples to the store's implementation: ``backchannel.store.open_store``
    when the store provides it, else the embedded ``SQLiteStore``.
    """
    from . import store

    opener = getattr(store, "open_store", None)
    if opener is not None:
        return opener(db)
    if "://" not in db:
        from pathlib import Path

        if not Path(db).exists():
            raise BackchannelError(f"no store at {db}; analyse documents into it first "
                                   "(`backchannel analyze PATH --db FILE`)", code="E401")
    return store.SQLiteStore(db)


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
    except BackchannelError as exc:
        err(f"backchannel: {exc}", err=True)
        raise typer.Exit(2) from None
    if not callable(getattr(store, "documents", None)):
        err(f"backchannel: the store at {db} does not implement the read contract (StoreReader) yet", err=True)
        raise typer.Exit(2)
    import uvicorn

    from .web import create_app

    app = create_app(store, writer=store, token=token)
    note = "; writes need the token" if token else ""
    err(f"Backchannel workbench on http://{host}:{port}/ (API docs at /docs){note}", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info")
