"""The readout vocabularies the API validates its filters against, read once from the package's data.

Statuses, quote forms and actor kinds come from the shipped readout JSON Schema, the acts from
``data/quotes/acts.tsv`` and the PLOVER event types from ``data/events/plover.tsv``: the same files the
extractors use, so a filter accepts exactly the values a readout can hold.
"""

from __future__ import annotations

from enum import Enum
from functools import lru_cache
from importlib import resources
from typing import Any

from ..readout import readout_schema


def _tsv_first_column(path: str) -> tuple[str, ...]:
    text = resources.files("backchannel").joinpath(path).read_text("utf-8")
    rows = [line.split("\t", 1)[0].strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return tuple(rows[1:])  # the first row is the header


@lru_cache(maxsize=1)
def vocabularies() -> dict[str, tuple[str, ...]]:
    """``status``, ``form``, ``kind``, ``act`` and ``event_type``: the allowed values of each."""
    defs = readout_schema()["$defs"]
    return {
        "status": tuple(defs["status"]["enum"]),
        "form": tuple(defs["quote"]["properties"]["form"]["enum"]),
        "kind": tuple(defs["actor"]["properties"]["kind"]["enum"]),
        "act": _tsv_first_column("data/quotes/acts.tsv"),
        "event_type": _tsv_first_column("data/events/plover.tsv"),
    }


def _enum(name: str, values: tuple[str, ...]) -> type[Enum]:
    return Enum(name, {value: value for value in values}, type=str)  # type: ignore[return-value]


_V = vocabularies()
Status = _enum("Status", _V["status"])
Form = _enum("Form", _V["form"])
Kind = _enum("Kind", _V["kind"])
Act = _enum("Act", _V["act"])
EventType = _enum("EventType", _V["event_type"])
EdgeType = _enum("EdgeType", _V["act"] + _V["event_type"])
EdgeKind = _enum("EdgeKind", ("quote", "event"))
HitKind = _enum("HitKind", ("document", "quote", "claim"))


def value(choice: Any) -> str | None:
    """The string of an optional vocabulary enum member (what the store is given)."""
    return None if choice is None else str(choice.value)
