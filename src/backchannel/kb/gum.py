"""Wikidata links from GUM's Wikification layer (CC BY 4.0 annotations), for the build only.

GUM marks entities in the CoNLL-U MISC column as ``Entity=(12-person-new-…-coref-Barack_Obama``: the
last field is a Wikipedia title, which ``wiki_map.tab`` maps to a Wikidata id. Only documents whose
licence class may feed a shipped artefact are read (``by``, ``pd``, ``by-sa``); the caller passes them.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

OPEN_CLASSES = frozenset({"by", "pd", "by-sa"})
KINDS = {"person": "person", "organization": "organization", "place": "place"}

# An opening bracket with its fields (``(12-person-…-Barack_Obama``), a numbered close (``12)``), or a bare
# close ending the mention opened just before it on the same token.
_BRACKET = re.compile(r"\((\d+)-([^()]*)|(\d+)?\)")
_NAME_TAGS = frozenset({"PROPN", "ADP", "DET", "CCONJ", "PUNCT"})


@dataclass
class Linked:
    """One Wikified entity: its Wikipedia title, kind, Wikidata id and proper-name mentions seen in GUM."""

    title: str
    kind: str
    wikidata: str
    mentions: set[str] = field(default_factory=set)

    @property
    def name(self) -> str:
        return unquote(self.title).replace("_", " ")


def open_documents(licences: Path) -> set[str]:
    """Document ids whose licence class allows use in shipped data."""
    keep = set()
    for line in licences.read_text("utf-8").splitlines()[1:]:
        cells = line.split("\t")
        if len(cells) > 4 and cells[4] in OPEN_CLASSES:
            keep.add(cells[0])
    return keep


def wiki_map(path: Path) -> dict[str, str]:
    """Wikipedia title → Wikidata id (both URL-title and formatted-title spellings)."""
    out: dict[str, str] = {}
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) >= 3 and cells[2].startswith("Q"):
            out[cells[0]] = cells[2]
            out[cells[1]] = cells[2]
    return out


def read_linked(conllu: Iterable[Path], keep: set[str], qids: dict[str, str]) -> dict[str, Linked]:
    """Wikidata id → Linked, for person, organisation and place entities of the kept documents."""
    found: dict[str, Linked] = {}
    for path in conllu:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            _read_file(handle, keep, qids, found)
    return found


def _read_file(handle: Iterable[str], keep: set[str], qids: dict[str, str], found: dict[str, Linked]) -> None:
    doc = ""
    # Open mentions: entity number → (Linked or None, words, their UPOS tags).
    open_spans: dict[str, tuple[Linked | None, list[str], list[str]]] = {}
    for line in handle:
        if line.startswith("# newdoc id"):
            doc = line.split("=", 1)[1].strip()
            open_spans.clear()
            continue
        if doc not in keep or not line.strip() or line.startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 10 or not cols[0].isdigit():
            continue
        misc = dict(item.split("=", 1) for item in cols[9].split("|") if "=" in item)
        closes: list[str] = []
        last = ""
        for number, fields, closed in _BRACKET.findall(misc.get("Entity", "")):
            if number:
                open_spans[number] = (_link(fields, qids, found), [], [])
                last = number
            else:
                closes.append(closed or last)
        for _, words, tags in open_spans.values():
            words.append(cols[1] + ("" if misc.get("SpaceAfter") == "No" else " "))
            tags.append(cols[3])
        for number in closes:
            linked, words, tags = open_spans.pop(number, (None, [], []))
            # A proper name: proper nouns at both ends, only name-internal words between ("Bank of England").
            if linked is not None and words and tags[0] == tags[-1] == "PROPN" and set(tags) <= _NAME_TAGS:
                linked.mentions.add("".join(words).strip())


def _link(fields: str, qids: dict[str, str], found: dict[str, Linked]) -> Linked | None:
    parts = fields.split("-")
    if len(parts) < 7 or parts[0] not in KINDS:
        return None
    title = "-".join(parts[6:])
    qid = qids.get(title) or qids.get(unquote(title))
    if not qid:
        return None
    return found.setdefault(qid, Linked(unquote(title), KINDS[parts[0]], qid))
