"""Famous names the statistical NER missed, recovered from the knowledge base.

The shipped NER drops names in short sentences ("Trump consulted Putin by phone.", "Peskov said …").
A capitalised word or run of words the entities did not cover is taken as a name when it is, exactly,
a name of a *notable* knowledge-base entry: a curated office-holder or organisation, a country, or an
entry with a Wikidata id from a source other than GUM (GUM's own Wikification holds the evaluation
documents' names, so it would score the benchmark on its own answers). The mention takes the entry's
kind.

* Two words or more: any such name ("Kirill Dmitriev", "European Union", "Human Rights Watch").
* One word, stricter: the exact one-word name of one notable country or organisation ("NATO"), or the
  surname of exactly one notable person ("Peskov", "Witkoff"), never a given name nor a word the
  English treebanks write in lower case more often than capitalised (``data/actors/common_words.txt``:
  "May", "Brown", "Bill").

Lookups are cached per string, so a document costs a few dictionary hits per capitalised word.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .names import name_key
from .vocab import Polity, common_words, given_names, polity

if TYPE_CHECKING:
    from ..kb.base import KnowledgeBase
    from ..kb.model import Entry

KINDS = frozenset({"person", "organization", "group", "place", "country"})


@dataclass(frozen=True)
class Known:
    """What a recovered name is: the entry's kind, display name and (for a country) its ISO3 code."""

    kind: str
    name: str
    code: str | None = None


def _kb() -> KnowledgeBase:
    from ..kb.base import KnowledgeBase  # the kb package imports actors.names: import late

    return KnowledgeBase.load()


def notable(entry: Entry) -> bool:
    """A curated entry, a country, or one with a Wikidata id that a source other than GUM also lists."""
    return entry.curated or entry.kind == "country" or (
        entry.wikidata is not None and any(s != "gum" for s in entry.sources))


def _known(entry: Entry) -> Known:
    return Known(entry.kind, entry.name, entry.country if entry.kind == "country" else None)


@lru_cache(maxsize=16384)
def known_name(text: str) -> Known | None:
    """The notable entry a name of two words or more is exactly, when all such entries agree on the kind."""
    if " " not in name_key(text):
        return None
    entries = [e for e in _kb().exact(text) if notable(e)]
    if not entries or len({e.kind for e in entries}) != 1 or entries[0].kind not in KINDS:
        return None
    if entries[0].kind != "person" and len(entries) > 1:
        return None  # two organisations of one name: which one is not ours to say
    return _known(entries[0])


@lru_cache(maxsize=16384)
def known_word(word: str) -> Known | None:
    """The one notable country or organisation named ``word``, else the one notable person with the
    surname ``word``; None for a given name or a common word."""
    key = name_key(word)
    if not key.isalnum() or key in common_words():
        return None
    kb = _kb()
    exact = [e for e in kb.exact(word) if notable(e)]
    if exact:
        if len(exact) == 1 and exact[0].kind in ("country", "organization"):
            return _known(exact[0])
        if any(e.kind != "person" for e in exact):
            return None  # "Jordan": a country and a person
    if key in given_names() or kb.given_name(key):
        return None
    people = [e for e in kb.with_surname(key) if notable(e)]
    return _known(people[0]) if len(people) == 1 else None


@lru_cache(maxsize=16384)
def known_organization(text: str) -> Known | None:
    """The one notable organisation ``text`` is exactly a name of, when no notable entry of another kind
    shares the name ("Labour": the party, not a person); None otherwise."""
    entries = [e for e in _kb().exact(text) if notable(e)]
    if len(entries) != 1 or entries[0].kind != "organization":
        return None
    return _known(entries[0])


@lru_cache(maxsize=4096)
def country_named(text: str) -> Polity | None:
    """The country ``text`` is a name of: the country's name, a short form in capitals ("U.S.", "UK",
    "U. S.") or a name the knowledge base gives it ("America"); None for a demonym ("Chinese") or a
    look-alike the territory library accepts ("Columbia" for Colombia)."""
    found = polity(text)
    if found is None or found.kind != "country":
        return None
    if name_key(text) == name_key(found.name) or text.replace(".", "").replace(" ", "").isupper():
        return found
    if text.casefold().endswith(_DEMONYM_ENDS):
        return None  # the knowledge base lists some demonyms as names ("Chinese")
    known = known_word(text)
    return found if known is not None and known.kind == "country" and known.name == found.name else None


# How English demonyms end ("Korean", "Chinese", "Polish", "Icelandic", "Israeli", "Dutch"); a country's own
# name that ends so ("Japan", "Oman") is its polity's name and is accepted before this test.
_DEMONYM_ENDS = ("an", "ese", "ish", "ic", "i", "ch")
