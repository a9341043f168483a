"""The immutable input of an analysis: text plus metadata, identified by the SHA-256 of its text."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

META_KEYS = ("title", "url", "published", "outlet", "author")


def text_id(text: str) -> str:
    """The document id: hex SHA-256 of the UTF-8 text, so the same text is always the same document."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Document:
    """A text to analyse. Offsets in every readout refer to ``text`` exactly as given here."""

    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    source: str | None = None  # where it came from, for messages: a path, "path:line", "<stdin>"
    external_id: str | None = None  # the caller's own id (the ``id`` of a JSON Lines record)

    @property
    def id(self) -> str:
        return text_id(self.text)

    def full_meta(self) -> dict[str, Any]:
        meta: dict[str, Any] = {key: self.meta.get(key) for key in META_KEYS}
        meta["language"] = self.meta.get("language", "en")
        if self.external_id is not None:
            meta["external_id"] = self.external_id
        return meta
