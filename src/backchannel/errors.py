"""Errors raised by Backchannel, each with a stable code users can search for.

The tree::

    BackchannelError
    ├── IngestError      reading a source failed (empty, binary, undecodable, too large, malformed)
    ├── ModelError       the pipeline could not be loaded
    ├── ExtractionError  a document could not be analysed
    ├── StoreError       the store could not be opened or written
    ├── DataFileError    a knowledge-base, alias or vocabulary file is empty or malformed
    └── ExportError      an export was asked for in a form that cannot be written, or its input is unreadable

Every error carries ``code`` (``E1xx`` ingest, ``E2xx`` model, ``E3xx`` extraction, ``E4xx`` store, ``E5xx`` data
files and actor decisions, ``E6xx`` exports),
and where known the ``source`` (a file name, with a line for JSON Lines) and the ``doc_id``.
``str(error)`` is one line meant for people: what is wrong, where, and what to do next.
"""

from __future__ import annotations


class BackchannelError(Exception):
    """Base class: ``code`` is stable across releases; the message may be reworded."""

    code = "E000"
    stage = "unknown"

    def __init__(self, message: str, *, source: str | None = None, doc_id: str | None = None,
                 code: str | None = None) -> None:
        self.message = message
        self.source = source
        self.doc_id = doc_id
        if code is not None:
            self.code = code
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        return f"[{self.code}] {where}{self.message}"

    def to_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "stage": self.stage, "source": self.source, "doc_id": self.doc_id,
                "message": self.message}


class IngestError(BackchannelError):
    code = "E100"
    stage = "ingest"


class ModelError(BackchannelError):
    code = "E200"
    stage = "model"


class ExtractionError(BackchannelError):
    code = "E300"
    stage = "extraction"


class StoreError(BackchannelError):
    code = "E400"
    stage = "store"


class DataFileError(BackchannelError):
    """``source`` names the file and line (``kb.tsv:12``)."""

    code = "E500"
    stage = "data"


class ExportError(BackchannelError):
    """An export could not be written: unknown format or table, an output that cannot be written (nothing
    is left half-written), or a readouts file that cannot be read."""

    code = "E600"
    stage = "export"


# Codes in use, so that they stay unique and documented in one place.
CODES: dict[str, str] = {
    "E101": "the file or document is empty (no text after decoding and trimming)",
    "E102": "the file looks binary (NUL bytes or mostly control characters)",
    "E103": "the file is not valid UTF-8 text",
    "E104": "the input is larger than the configured limit",
    "E105": "a JSON Lines record is not valid JSON or lacks a required field",
    "E106": "the path does not exist or is not readable",
    "E107": "the file type is not supported",
    "E108": "an HTML page had no extractable main text",
    "E201": "the pipeline could not be found or loaded",
    "E301": "analysing a document failed",
    "E401": "the store could not be opened",
    "E402": "the store could not be written",
    "E403": "a full-text search the store's index cannot run (no words in it, or unparsable)",
    "E501": "a knowledge-base, alias or vocabulary file is empty, unreadable or malformed (file and line named)",
    "E502": "an actor decision was refused (e.g. merging actors with different Wikidata ids)",
    "E503": "no such actor in the store",
    "E601": "unknown export format or table, or a format that needs --table or -o for this output",
    "E602": "the export output cannot be written (nothing was left half-written)",
    "E603": "the readouts file to export cannot be read, or a line of it is not a readout",
}
