"""The readout: Backchannel's output contract (see READOUT.md in the design folder).

A ``Readout`` is plain data. ``to_dict()`` gives the JSON object that the CLI writes, the store keeps
and the schema in ``schema/readout.schema.json`` describes. Every span satisfies
``text[start:end] == span["text"]``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

SCHEMA_ID = "backchannel.readout/1"

JSON = dict[str, Any]


def span(text: str, start: int, end: int) -> JSON:
    """A span dict for ``text[start:end]``."""
    return {"start": start, "end": end, "text": text[start:end]}


@dataclass
class Readout:
    """Everything Backchannel read in one document. Lists of layers not yet built stay empty."""

    id: str
    text: str
    meta: JSON
    pipeline: JSON
    actors: list[JSON] = field(default_factory=list)
    quotes: list[JSON] = field(default_factory=list)
    claims: list[JSON] = field(default_factory=list)
    events: list[JSON] = field(default_factory=list)
    relations: list[JSON] = field(default_factory=list)

    def to_dict(self) -> JSON:
        return {"schema": SCHEMA_ID, "id": self.id, "text": self.text, "meta": dict(self.meta),
                "pipeline": dict(self.pipeline), "actors": self.actors, "quotes": self.quotes,
                "claims": self.claims, "events": self.events, "relations": self.relations}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: JSON) -> Readout:
        return cls(id=data["id"], text=data["text"], meta=data.get("meta", {}),
                   pipeline=data.get("pipeline", {}),
                   **{key: list(data.get(key, [])) for key in ("actors", "quotes", "claims", "events",
                                                                "relations")})


def readout_schema() -> JSON:
    """The JSON Schema (draft 2020-12) that every readout validates against."""
    text = resources.files("backchannel").joinpath("schema/readout.schema.json").read_text("utf-8")
    schema: JSON = json.loads(text)
    return schema


def validate(data: JSON) -> None:
    """Raise ``jsonschema.ValidationError`` unless ``data`` is a valid readout, spans included."""
    import jsonschema

    jsonschema.validate(data, readout_schema())
    text = data["text"]
    for item in _spans(data):
        if text[item["start"]:item["end"]] != item["text"]:
            raise jsonschema.ValidationError(f"span {item} does not match the text at its offsets")


def _spans(node: Any) -> list[JSON]:
    found: list[JSON] = []
    if isinstance(node, dict):
        if set(node) >= {"start", "end", "text"} and isinstance(node.get("start"), int):
            found.append(node)
        for key, value in node.items():
            if key != "text":
                found.extend(_spans(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_spans(value))
    return found
