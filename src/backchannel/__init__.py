"""Backchannel: a sourced, searchable record of who said what to whom in news about politics,
diplomacy and conflict.

The public API::

    import backchannel
    nlp = backchannel.load_pipeline()              # the shipped en_backchannel_core + extractors
    for readout in backchannel.analyze(["Kirill Dmitriev met Steve Witkoff in Miami."]):
        print(readout.to_dict()["actors"])
"""

from __future__ import annotations

from .analysis import analyze
from .errors import BackchannelError, DataFileError, ExportError, ExtractionError, IngestError, ModelError, StoreError
from .ingest import Document
from .nlp import load_pipeline
from .readout import Readout, readout_schema, validate
from .store import SQLiteStore

__version__ = "0.2.0"

__all__ = [
    "BackchannelError",
    "DataFileError",
    "Document",
    "ExportError",
    "ExtractionError",
    "IngestError",
    "ModelError",
    "Readout",
    "SQLiteStore",
    "StoreError",
    "__version__",
    "analyze",
    "load_pipeline",
    "readout_schema",
    "validate",
]
