"""The knowledge base at run time: load the shipped files (and a user's), look names up, pick one actor.

Loading is cheap because entries stay JSON text until asked for; only the exact-name index is built at
load. The phonetic index (for spelling variants) is built on the first lookup that needs it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import DataFileError
from .keys import close_variant, index_keys, keys_for, name_key, phonetic_key, plausible_variant
from .model import Entry, roles_at

ACTORS_FILE = "actors.jsonl"
AGENTS_FILE = "agents.tsv"

# Scores by how a name matched; resolve() only compares candidates within the best tier.
EXACT, VARIANT, SURNAME = 1.0, 0.8, 0.5
_COMPATIBLE = {"person": {"person"}, "organization": {"organization", "group"}, "group": {"group", "organization",
               "country"}, "country": {"country", "place"}, "place": {"place", "country"}, "other": {"other"}}


@dataclass(frozen=True)
class Candidate:
    """An entry a name may refer to, with how well it matched (``EXACT``, ``VARIANT`` or ``SURNAME``)."""

    entry: Entry
    score: float
    how: str


def shipped_path() -> Path:
    return Path(str(resources.files("backchannel").joinpath("data", "kb")))


class KnowledgeBase:
    """Canonical actors by name. Use ``KnowledgeBase.load()``; tests may build one from entries."""

    def __init__(self) -> None:
        self._raw: list[str | Entry] = []
        self._kinds: list[str] = []
        # Buckets are tuples, not lists: the cyclic garbage collector stops tracking a tuple of ints, so tens of
        # thousands of long-lived buckets are not re-scanned at every collection during a long batch.
        self._exact: dict[str, tuple[int, ...]] = {}
        self._surname: dict[str, tuple[int, ...]] = {}
        # How often a word opens and closes a person's name: a word that opens more names than it closes
        # ("Dean", "Kim", "Alex") is a given name, and alone it does not pick out anyone.
        self._first: dict[str, int] = {}
        self._last: dict[str, int] = {}
        # Keys made up at indexing ("vladimir putin" from "Vladimir Vladimirovich Putin"): exact only, never
        # the base of a spelling variant.
        self._derived: set[str] = set()
        self._phonetic: dict[str, tuple[tuple[int, str], ...]] | None = None
        self._surname_phonetic: dict[str, tuple[str, ...]] | None = None
        self._agents: dict[str, str] | None = None
        self._agents_path: Path | None = None

    # -- loading ---------------------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | Path | None = None, extra: Sequence[str | Path] = ()) -> KnowledgeBase:
        """The knowledge base in ``path`` (a folder with ``actors.jsonl``, default the shipped one) plus ``extra``.

        ``extra`` files are a user's own: ``.jsonl`` entries in the shipped format, or ``.tsv`` alias files
        (``kb_id<TAB>alias`` a line). With no arguments the result is cached per process. A missing,
        empty or malformed file raises ``DataFileError`` [E501] naming ``file:line``.
        """
        if path is None and not extra:
            return _default()
        kb = cls()
        folder = Path(path) if path is not None else shipped_path()
        kb._read_jsonl(folder / ACTORS_FILE if folder.is_dir() else folder)
        kb._agents_path = (folder if folder.is_dir() else folder.parent) / AGENTS_FILE
        for item in extra:
            file = Path(item)
            if file.suffix == ".tsv":
                kb._read_aliases(file)
            else:
                kb._read_jsonl(file)
        return kb

    @classmethod
    def from_entries(cls, entries: Iterable[Entry]) -> KnowledgeBase:
        kb = cls()
        for entry in entries:
            kb._add(entry, entry.kind, entry.names)
        return kb

    def _read_jsonl(self, file: Path) -> None:
        try:
            text = file.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise DataFileError(f"cannot read ({exc.__class__.__name__})", source=file.name, code="E501") from None
        count = 0
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                kind, names = data["kind"], [data["name"], *data.get("aliases", [])]
                if not isinstance(kind, str) or not all(isinstance(n, str) and n.strip() for n in names):
                    raise ValueError("kind and names must be non-empty strings")
                if "id" not in data:
                    raise KeyError("id")
            except (ValueError, KeyError, TypeError) as exc:
                raise DataFileError(f"not a knowledge-base entry ({exc.__class__.__name__}: {exc})",
                                    source=f"{file.name}:{number}", code="E501") from None
            self._add(line, kind, names)
            count += 1
        if count == 0:
            raise DataFileError("no entries (the file is empty)", source=file.name, code="E501")

    def _read_aliases(self, file: Path) -> None:
        by_id = {self.entry(i).kb_id: i for i in range(len(self._raw))}
        try:
            lines = file.read_text("utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise DataFileError(f"cannot read ({exc.__class__.__name__})", source=file.name, code="E501") from None
        count = 0
        for number, line in enumerate(lines, 1):
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            where = f"{file.name}:{number}"
            if len(cells) != 2 or not cells[1].strip():
                raise DataFileError("expected `kb_id<TAB>alias`", source=where, code="E501")
            index = by_id.get(cells[0].strip())
            if index is None:
                raise DataFileError(f"no entry {cells[0].strip()!r} in the knowledge base", source=where, code="E501")
            entry = self.entry(index)
            entry.aliases.append(cells[1].strip())
            self._index(index, entry.kind, [cells[1].strip()])
            self._phonetic = self._surname_phonetic = None
            count += 1
        if count == 0:
            raise DataFileError("no aliases (the file is empty)", source=file.name, code="E501")

    def _add(self, raw: str | Entry, kind: str, names: list[str]) -> None:
        self._raw.append(raw)
        self._kinds.append(kind)
        self._index(len(self._raw) - 1, kind, names)
        self._phonetic = self._surname_phonetic = None

    def _index(self, index: int, kind: str, names: Iterable[str]) -> None:
        exact, surname = self._exact, self._surname
        for name in names:
            for key in index_keys(name, kind):
                exact[key] = exact.get(key, ()) + (index,)
                if kind == "person" and " " in key:
                    words = key.split()
                    if words[-2] != "of":  # "Alexis of Russia" has no surname "Russia"
                        surname[words[-1]] = surname.get(words[-1], ()) + (index,)
                    self._first[words[0]] = self._first.get(words[0], 0) + 1
                    self._last[words[-1]] = self._last.get(words[-1], 0) + 1
                    if len(words) > 2:  # "Vladimir Vladimirovich Putin" is also "Vladimir Putin"
                        short = f"{words[0]} {words[-1]}"
                        if short not in exact:
                            self._derived.add(short)
                        exact[short] = exact.get(short, ()) + (index,)

    def __len__(self) -> int:
        return len(self._raw)

    def entry(self, index: int) -> Entry:
        raw = self._raw[index]
        if isinstance(raw, str):
            raw = self._raw[index] = Entry.from_dict(json.loads(raw))
        return raw

    def get(self, kb_id: str) -> Entry | None:
        """The entry with ``kb_id`` (a linear scan: for tools, not the hot path)."""
        for i in range(len(self._raw)):
            raw = self._raw[i]
            if (isinstance(raw, Entry) and raw.kb_id == kb_id) or (isinstance(raw, str) and f'"id":"{kb_id}"' in raw):
                return self.entry(i)
        return None

    # -- lookup ----------------------------------------------------------------------------------
    def candidates(self, name: str, kind: str | None = None) -> list[Candidate]:
        """Entries ``name`` may refer to, best first: exact names, then spelling variants, then (for a lone word
        that may be a person's surname) people with that surname.

        Spelling variants (Dmitriev/Dmitriyev, Zelensky/Zelenskyy) are for people only: they are how one
        person's name is transliterated. An organisation or a place must match a name exactly, after case,
        diacritics, articles and legal forms are folded ("Movimento" is not "Movimondo"). A lone word that
        opens more people's names than it closes (a given name: "Dean", "Kim") is not taken for a surname.
        """
        allowed = _COMPATIBLE.get(kind or "", None)
        found: dict[int, tuple[float, str]] = {}
        keys = keys_for(name, kind)
        for key in keys:
            for i in self._exact.get(key, ()):
                found.setdefault(i, (EXACT, "exact"))
        if kind in (None, "person") and not _any_allowed(found, self._kinds, {"person"}):
            for key in keys:
                for i, other in self._variants(key):
                    if self._kinds[i] == "person":
                        found.setdefault(i, (VARIANT, f"variant of {other!r}"))
        if keys and len(keys[0].split()) == 1 and kind in (None, "person") and not self.given_name(keys[0]):
            word = keys[0]
            surnames = [word] if word in self._surname else self._surname_variants(word)
            for other in surnames:
                for i in self._surname[other]:
                    found.setdefault(i, (SURNAME, "surname"))
        out = [Candidate(self.entry(i), score, how) for i, (score, how) in found.items()
               if allowed is None or self._kinds[i] in allowed]
        return sorted(out, key=lambda c: (-c.score, not c.entry.curated, c.entry.kb_id))

    def _variants(self, key: str) -> list[tuple[int, str]]:
        if self._phonetic is None:
            phonetic: dict[str, list[tuple[int, str]]] = {}
            for other, indexes in self._exact.items():
                if other in self._derived:
                    continue
                phonetic.setdefault(phonetic_key(other), []).extend((i, other) for i in set(indexes))
            self._phonetic = {key: tuple(bucket) for key, bucket in phonetic.items()}
        # One word is held to the stricter surname test: "Melanie" is not a spelling of the alias "Meloni".
        close = close_variant if " " not in key else plausible_variant
        return [(i, other) for i, other in self._phonetic.get(phonetic_key(key), []) if close(key, other)]

    def _surname_variants(self, word: str) -> list[str]:
        if self._surname_phonetic is None:
            surnames: dict[str, list[str]] = {}
            for other in self._surname:
                surnames.setdefault(phonetic_key(other), []).append(other)
            self._surname_phonetic = {key: tuple(bucket) for key, bucket in surnames.items()}
        return [o for o in self._surname_phonetic.get(phonetic_key(word), ()) if close_variant(word, o)]

    def exact(self, name: str) -> list[Entry]:
        """Entries one of whose names is ``name`` exactly (after case, diacritics, a possessive, a leading "the"
        and, for bodies, legal forms are folded; titles are kept), each once."""
        found: list[int] = []
        for key in keys_for(name, "organization"):
            found.extend(self._exact.get(key, ()))
        return _distinct(self.entry(i) for i in dict.fromkeys(found))

    def with_surname(self, word: str) -> list[Entry]:
        """The people whose indexed name ends in ``word`` (a name key or a word), each once."""
        return _distinct(self.entry(i) for i in dict.fromkeys(self._surname.get(name_key(word), ())))

    def one_word_names(self) -> set[str]:
        """Every one-word name key of the entries and every surname of the people (lower case)."""
        return {key for key in self._exact if " " not in key} | set(self._surname)

    def given_name(self, word: str) -> bool:
        """Whether ``word`` (a name key) opens more of the people's names in the knowledge base than it closes."""
        return self._first.get(word, 0) > self._last.get(word, 0)

    def resolve(self, name: str, kind: str | None = None, when: dt.date | None = None) -> Entry | None:
        """The one entry ``name`` refers to, or None when there is none or the choice is not clear.

        Within the best match tier: curated entries win; among people, those holding a role at ``when``
        win; anything still tied is ambiguous. A bare surname resolves only when one entry has it, and
        only to someone a writer could name by surname alone: a curated entry, one with a Wikidata id,
        or one holding a dated role at ``when`` (so "Bailey" in a biography is not a 2008 minister).
        """
        found = self.match(name, kind, when)
        return found.entry if found is not None else None

    def match(self, name: str, kind: str | None = None, when: dt.date | None = None) -> Candidate | None:
        """Like ``resolve``, with how the name matched (``score`` ``EXACT``, ``VARIANT`` or ``SURNAME``)."""
        found = self.candidates(name, kind)
        if not found:
            return None
        best = [c for c in found if c.score == found[0].score]
        entries = _distinct(c.entry for c in best)
        if found[0].score == SURNAME and (len(entries) > 1 or not _notable(entries[0], when)):
            return None
        if len(entries) > 1:
            entries = [e for e in entries if e.curated] or entries
        if len(entries) > 1 and when is not None:
            entries = [e for e in entries if any(r.dated for r in roles_at(e, when))] or entries
        if len(entries) != 1:
            return None
        return next(c for c in best if c.entry is entries[0])

    def agent_sector(self, noun: str) -> str | None:
        """The PLOVER sector of an agent noun ("minister" → GOV, "rebels" → REB), from Phoenix's agents."""
        if self._agents is None:
            self._agents = _read_agents(self._agents_path or shipped_path() / AGENTS_FILE)
        key = name_key(noun)
        # Phoenix lists most agents in the singular: "rebels" → "rebel", "militias" → "militia", "allies" → "ally".
        for form in (key, key[:-1] if key.endswith("s") else "", key[:-3] + "y" if key.endswith("ies") else ""):
            if form and form in self._agents:
                return self._agents[form]
        return None


def _notable(entry: Entry, when: dt.date | None) -> bool:
    return entry.curated or entry.wikidata is not None or (
        when is not None and any(r.dated for r in roles_at(entry, when)))


def _any_allowed(found: dict[int, tuple[float, str]], kinds: list[str], allowed: set[str] | None) -> bool:
    return any(allowed is None or kinds[i] in allowed for i in found)


def _distinct(entries: Iterable[Entry]) -> list[Entry]:
    out: list[Entry] = []
    for entry in entries:
        if all(entry is not e for e in out):
            out.append(entry)
    return out


def _read_agents(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    out = {}
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 3:
            raise DataFileError("expected `agent<TAB>sector<TAB>cameo`", source=f"{path.name}:{number}", code="E501")
        out[name_key(cells[0])] = cells[1]
    return out


@lru_cache(maxsize=1)
def _default() -> KnowledgeBase:
    return KnowledgeBase.load(shipped_path(), ())
