"""A document's text cut into segments at every span boundary, each segment carrying the layers and
readout items that cover it, and a note explaining each item.

Nothing here produces HTML: the template escapes every segment and every note, so article text can
never become markup. Overlapping spans need no nesting: a segment lies wholly inside or wholly outside
each span, and lists all the items (``q1``, ``c2``, ``e1``, ``a3``) covering it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

LAYERS = ("actor", "quote", "claim", "event")
_PRIORITY = {"event": 0, "quote": 1, "claim": 2, "actor": 3}
_WORD = re.compile(r"[a-z_]{1,30}")


@dataclass
class Segment:
    text: str
    classes: list[str] = field(default_factory=list)
    refs: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Mark:
    layer: str
    ref: str
    start: int
    end: int
    classes: tuple[str, ...]


def _css(prefix: str, value: Any) -> tuple[str, ...]:
    """A class from a vocabulary value, only when it is a plain word (data never shapes markup)."""
    text = str(value or "").lower()
    return (f"{prefix}-{text}",) if _WORD.fullmatch(text) else ()


def _valid(span: Any, length: int) -> tuple[int, int] | None:
    if not isinstance(span, dict):
        return None
    start, end = span.get("start"), span.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= length:
        return start, end
    return None


def marks(readout: dict[str, Any]) -> list[Mark]:
    """Every highlightable span of the readout, tagged with its layer and item id."""
    length = len(readout.get("text") or "")
    found: list[Mark] = []

    def add(layer: str, ref: str, span: Any, classes: tuple[str, ...]) -> None:
        where = _valid(span, length)
        if where is not None:
            found.append(Mark(layer, ref, where[0], where[1], (f"l-{layer}", *classes)))

    for actor in readout.get("actors") or []:
        for mention in actor.get("mentions") or []:
            add("actor", str(actor.get("id")), mention, _css("k", actor.get("kind")))
    for quote in readout.get("quotes") or []:
        ref = str(quote.get("id"))
        form = _css("f", quote.get("form"))
        add("quote", ref, quote.get("content"), form)
        add("quote", ref, quote.get("cue"), ("cue",))
        add("quote", ref, quote.get("speaker_span"), ("speaker",))
    for claim in readout.get("claims") or []:
        add("claim", str(claim.get("id")), claim.get("content"), _css("st", claim.get("status")))
    for event in readout.get("events") or []:
        add("event", str(event.get("id")), event.get("trigger"), _css("ev", event.get("type")))
    return found


def segments(text: str, found: list[Mark]) -> list[Segment]:
    """``text`` cut at every mark boundary (a sweep over the boundaries, so long texts stay linear)."""
    cuts = sorted({0, len(text), *(m.start for m in found), *(m.end for m in found)})
    starting: dict[int, list[Mark]] = {}
    ending: dict[int, list[Mark]] = {}
    for mark in found:
        starting.setdefault(mark.start, []).append(mark)
        ending.setdefault(mark.end, []).append(mark)
    active: dict[int, Mark] = {}
    out: list[Segment] = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        for mark in ending.get(left, []):
            active.pop(id(mark), None)
        for mark in starting.get(left, []):
            active[id(mark)] = mark
        covering = sorted(active.values(), key=lambda m: (_PRIORITY[m.layer], m.start, m.ref))
        classes: list[str] = []
        refs: list[str] = []
        for mark in covering:
            classes.extend(c for c in mark.classes if c not in classes)
            if mark.ref not in refs:
                refs.append(mark.ref)
        out.append(Segment(text[left:right], classes, refs))
    return out


class Notes:
    """The explanation of each readout item, with store actors linked to their pages."""

    def __init__(self, readout: dict[str, Any], links: dict[str, Any]) -> None:
        self.readout = readout
        self.links = links or {}
        self.actors = {str(a.get("id")): a for a in readout.get("actors") or []}

    def actor(self, local: Any) -> dict[str, Any]:
        """``{"text", "href"}`` for a readout actor id; the author and nobody have no page."""
        if local is None:
            return {"text": "nobody named", "href": None}
        if local == "author":
            return {"text": "the author", "href": None}
        linked = self.links.get(str(local))
        name = (linked or {}).get("name") or self.actors.get(str(local), {}).get("name") or str(local)
        href = f"/actors/{int(linked['id'])}" if linked and isinstance(linked.get("id"), int) else None
        return {"text": str(name), "href": href}

    @staticmethod
    def _row(label: str, *items: dict[str, Any] | str | None) -> dict[str, Any] | None:
        shown = [{"text": i, "href": None} if isinstance(i, str) else i for i in items if i]
        return {"label": label, "items": shown} if shown else None

    @staticmethod
    def _text(span: Any) -> str | None:
        return str(span["text"]) if isinstance(span, dict) and span.get("text") else None

    def all(self) -> list[dict[str, Any]]:
        r, notes = self.readout, []
        for q in r.get("quotes") or []:
            notes.append(self._note(q, "quote", f"{q.get('form') or 'quote'} quote · {q.get('act') or ''}", [
                self._row("speaker", self.actor(q.get("speaker")) if q.get("speaker") else self._text(
                    q.get("speaker_span")) or "nobody found"),
                self._row("to", self.actor(q.get("addressee")) if q.get("addressee") else None),
                self._row("act", q.get("act")), self._row("form", q.get("form")),
                self._row("cue", self._text(q.get("cue"))), self._row("content", self._text(q.get("content")))]))
        for c in r.get("claims") or []:
            notes.append(self._note(c, "claim", f"claim · {c.get('status') or ''}", [
                self._row("holder", self.actor(c.get("holder"))), self._row("status", c.get("status")),
                self._row("cue", self._text(c.get("cue"))), self._row("from quote", c.get("quote")),
                self._row("doubted by", self.actor(c.get("doubted_by")) if c.get("doubted_by") else None),
                *self._chain(c.get("reported_via")),
                self._row("content", self._text(c.get("content")))]))
        for e in r.get("events") or []:
            notes.append(self._note(e, "event", f"event · {e.get('type') or ''}", [
                self._row("type", e.get("type")), self._row("mode", e.get("mode")), self._row("CAMEO", e.get("cameo")),
                self._row("status", e.get("status")),
                self._row("source", *(self.actor(a) for a in e.get("source") or [])),
                self._row("target", *(self.actor(a) for a in e.get("target") or [])),
                self._row("trigger", self._text(e.get("trigger"))), self._row("date", e.get("date")),
                self._row("place", self.actor(e.get("place")) if e.get("place") else None),
                self._row("attributed to", self.actor(e.get("attributed_to")) if e.get("attributed_to") else None)]))
        for a in r.get("actors") or []:
            roles = [str(role.get("title")) for role in a.get("roles") or [] if role.get("title")]
            notes.append(self._note(a, "actor", f"{a.get('kind') or 'actor'}", [
                self._row("actor", self.actor(a.get("id"))), self._row("kind", a.get("kind")),
                self._row("country", a.get("country")), self._row("sector", a.get("sector")),
                self._row("roles", *roles), self._row("mentions", str(len(a.get("mentions") or [])))]))
        return notes

    def _chain(self, via: Any) -> list[dict[str, Any] | None]:
        """A nested attribution as rows: "according to" the nearest reporter, "reported by" the rest in order."""
        refs = [ref for ref in via if isinstance(ref, str)] if isinstance(via, list) else []
        if not refs:
            return []
        return [self._row("according to", self.actor(refs[0])),
                self._row("reported by", *(self.actor(ref) for ref in refs[1:]))]

    @staticmethod
    def _note(item: dict[str, Any], kind: str, heading: str, rows: list[dict[str, Any] | None]) -> dict[str, Any]:
        return {"ref": str(item.get("id")), "kind": kind, "heading": heading.strip(" ·"),
                "rows": [row for row in rows if row]}


def document_view(data: dict[str, Any]) -> dict[str, Any]:
    """What the document template draws from ``StoreReader.document()``'s answer."""
    readout = data.get("readout") or {}
    text = str(readout.get("text") or data.get("document", {}).get("text") or "")
    readout = {**readout, "text": text}
    found = marks(readout)
    counts = {layer: len({m.ref for m in found if m.layer == layer}) for layer in LAYERS}
    return {"segments": segments(text, found), "notes": Notes(readout, data.get("actor_links") or {}).all(),
            "counts": counts}
