"""Exports of stored readouts for other tools: JSON Lines, CSV, Parquet, PLOVER JSON, FollowTheMoney
entities (Aleph) and GEXF (Gephi).

::

    from backchannel import SQLiteStore
    from backchannel.export import export, records_from_store

    with SQLiteStore("backchannel.sqlite", readonly=True) as store:
        summary = export("gexf", records_from_store(store), "actors.gexf")

Every format reads ``ExportRecord``s (a readout and the store actors its local actors link to):
``records_from_store`` streams them from a store, ``records_from_jsonl`` from a readouts file.
``export_stream`` gives the bytes for an HTTP response, with ``MEDIA_TYPES[fmt]``. Each format's
mapping is described in its module: ``records`` (jsonl), ``tables`` (csv, parquet), ``plover``,
``ftm`` and ``gexf``.
"""

from __future__ import annotations

from .records import ExportRecord, records_from_jsonl, records_from_store
from .tables import COLUMNS, TABLES
from .writer import EXTENSIONS, FORMATS, MEDIA_TYPES, export, export_stream

__all__ = ["COLUMNS", "EXTENSIONS", "FORMATS", "MEDIA_TYPES", "TABLES", "ExportRecord", "export", "export_stream",
           "records_from_jsonl", "records_from_store"]
