"""The actors layer's vocabularies, read once from ``data/actors/*.tsv`` and kept in memory.

Every rule that depends on a word list reads it from here, so the lists stay data (commented files a
reviewer can change) and the rules stay code. Each file is parsed once per process (``lru_cache``); a
malformed line raises ``DataFileError`` [E501] naming the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rigour.territories import lookup_territory

from ..errors import DataFileError

DATA_DIR = "data/actors"


@dataclass(frozen=True)
class NominalHead:
    """A role noun: what a definite nominal with it can refer to, and the relation a stated role implies."""

    head: str
    kind: str
    sector: str | None
    relation: str | None
    gender: str | None


@dataclass(frozen=True)
class Metonym:
    """A place name read as the government (or organisation) that sits there."""

    form: str
    target: str
    kind: str
    country: str
    always: bool


@dataclass(frozen=True)
class Polity:
    """What a demonym or country name points at: the actor's display name, kind and code."""

    name: str
    kind: str
    code: str


def _rows(name: str, columns: int) -> list[list[str]]:
    text = resources.files("backchannel").joinpath(f"{DATA_DIR}/{name}").read_text("utf-8")
    rows: list[list[str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) != columns:
            raise DataFileError(f"line {number}: expected {columns} tab-separated columns, got {len(cells)}",
                                source=f"{DATA_DIR}/{name}", code="E501")
        rows.append(cells)
    if not rows:
        raise DataFileError("the vocabulary is empty", source=f"{DATA_DIR}/{name}", code="E501")
    return rows


def _opt(cell: str) -> str | None:
    return None if cell == "-" else cell


@lru_cache(maxsize=1)
def nominal_heads() -> dict[str, NominalHead]:
    """Role nouns by lemma (``data/actors/nominal_heads.tsv``); multi-word heads keyed by their full form."""
    return {r[0]: NominalHead(r[0], r[1], _opt(r[2]), _opt(r[3]), _opt(r[4])) for r in _rows("nominal_heads.tsv", 5)}


@lru_cache(maxsize=1)
def metonyms() -> dict[str, Metonym]:
    """Metonyms by lower-case form (``data/actors/metonyms.tsv``)."""
    return {r[0]: Metonym(r[0], r[1], r[2], r[3], r[4] == "yes") for r in _rows("metonyms.tsv", 5)}


@lru_cache(maxsize=1)
def military_heads() -> frozenset[str]:
    """Nouns that, after a demonym, name a state's armed forces (``data/actors/military.tsv``)."""
    return frozenset(r[0].split()[-1] for r in _rows("military.tsv", 1))


@lru_cache(maxsize=1)
def person_nouns() -> frozenset[str]:
    """Nouns that denote people (``data/actors/person_nouns.txt`` and the person rows of nominal heads)."""
    listed = {r[0] for r in _rows("person_nouns.txt", 1)}
    return frozenset(listed | {h.split()[-1] for h, e in nominal_heads().items() if e.kind == "person"})


@lru_cache(maxsize=1)
def relation_names() -> dict[str, str]:
    """The relation vocabulary and what each name means (``data/actors/relations.tsv``)."""
    return {r[0]: r[1] for r in _rows("relations.tsv", 2)}


@lru_cache(maxsize=1)
def first_name_genders() -> dict[str, str]:
    """First name → ``m``/``f`` for pronoun agreement (``data/actors/first_names.tsv``)."""
    return {r[0]: r[1] for r in _rows("first_names.tsv", 2)}


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Given names, lower case, for telling a person's name from other capitalised phrases
    (``data/actors/given_names.txt``, with every name of ``first_names.tsv``)."""
    return frozenset({r[0] for r in _rows("given_names.txt", 1)} | set(first_name_genders()))


@lru_cache(maxsize=1)
def peoples() -> frozenset[str]:
    """Peoples that are no country's demonym ("Rohingya", "Kurds"; ``data/actors/peoples.txt``)."""
    return frozenset(r[0] for r in _rows("peoples.txt", 1))


def is_people(word: str) -> bool:
    """Whether one word names a people of ``peoples.txt``, singular or plural ("Kurd", "Kurds")."""
    low = word.casefold()
    listed = peoples()
    return low in listed or (low.endswith("s") and low[:-1] in listed)


@lru_cache(maxsize=1)
def non_actor_words() -> frozenset[str]:
    """Single words that are no actor's whole name: weekdays (``data/actors/non_actor_words.txt``)."""
    return frozenset(r[0] for r in _rows("non_actor_words.txt", 1))


@lru_cache(maxsize=1)
def month_names() -> frozenset[str]:
    """Month names, lower case, read as a date beside a number (``data/actors/month_names.txt``)."""
    return frozenset(r[0] for r in _rows("month_names.txt", 1))


@lru_cache(maxsize=1)
def place_nouns() -> frozenset[str]:
    """Nouns naming a kind of place: "the town of <Name>" is a place (``data/actors/place_nouns.txt``)."""
    return frozenset(r[0] for r in _rows("place_nouns.txt", 1))


@lru_cache(maxsize=1)
def region_words() -> frozenset[str]:
    """Words that before a country's name make a part of it ("Northern Canada"; ``data/actors/region_words.txt``)."""
    return frozenset(r[0] for r in _rows("region_words.txt", 1))


@lru_cache(maxsize=1)
def demonym_heads() -> dict[str, str]:
    """Common nouns → what a demonym before them says: ``state``, ``origin`` or ``group``
    (``data/actors/demonym_heads.tsv``)."""
    return {r[0]: r[1] for r in _rows("demonym_heads.tsv", 2)}


@lru_cache(maxsize=1)
def reference_words() -> frozenset[str]:
    """Words that with a number point into a text ("Figure 1.6"; ``data/actors/reference_words.txt``)."""
    return frozenset(r[0] for r in _rows("reference_words.txt", 1))


@lru_cache(maxsize=1)
def event_name_words() -> frozenset[str]:
    """First words of events' names ("Cyclone Phailin"; ``data/actors/event_name_words.txt``)."""
    return frozenset(r[0] for r in _rows("event_name_words.txt", 1))


@lru_cache(maxsize=1)
def exclamations() -> frozenset[str]:
    """Two-word exclamations ("oh god", "thank god"; ``data/actors/exclamations.txt``)."""
    return frozenset(r[0] for r in _rows("exclamations.txt", 1))


@lru_cache(maxsize=1)
def non_actor_heads() -> frozenset[str]:
    """Last words of names that are no actor's: "Act", "Plan", "Revolution" (``data/actors/non_actor_heads.txt``)."""
    return frozenset(r[0] for r in _rows("non_actor_heads.txt", 1))


@lru_cache(maxsize=1)
def org_words() -> dict[str, str | None]:
    """Head words that make a capitalised name an organisation's, with the sector they imply
    (``data/actors/org_words.tsv``)."""
    return {r[0]: _opt(r[1]) for r in _rows("org_words.tsv", 2)}


def org_sector(words: Iterable[str]) -> tuple[bool, str | None]:
    """Whether a name is an organisation's by its head word, and that word's sector: the last word, or
    the word before its first "of"/"for" ("Supreme Court of Cassation", "Ministry of Defence")."""
    return _org_sector(tuple(words))


@lru_cache(maxsize=16384)
def _org_sector(words: tuple[str, ...]) -> tuple[bool, str | None]:
    listed = org_words()
    folded = [w.casefold() for w in words]
    heads = folded[-1:]
    cut = next((i for i, w in enumerate(folded) if w in ("of", "for")), 0)
    if cut > 0:
        heads.append(folded[cut - 1])
    for head in heads:
        if head in listed:
            return True, listed[head]
    return False, None


@lru_cache(maxsize=1)
def _demonym_overrides() -> dict[str, Polity]:
    return {r[0]: Polity(r[3], r[2], r[1]) for r in _rows("demonyms.tsv", 4)}


# Short forms that are also territory codes: only these are read as countries when written alone, so
# that an acronym such as "AP" or "IT" never becomes a country by accident.
_CODE_FORMS = frozenset({"us", "u.s.", "usa", "u.s.a.", "uk", "u.k.", "uae", "prc", "dprk", "rok", "eu"})


_INITIALS = re.compile(r"(?<![a-z])([a-z]\.) (?=[a-z]\.)")
_CUT_INITIALS = re.compile(r"(?:[a-z]\.)+[a-z]")


@lru_cache(maxsize=4096)
def polity(text: str) -> Polity | None:
    """The country (or EU/group) a name or demonym denotes: "Russia", "Russian", "Russians" → Russia (RUS).

    Capitals are not countries here ("Paris" → None; see ``metonyms``), nor are sub-national regions.
    """
    key = _INITIALS.sub(r"\1", text.strip().casefold())  # "U. S." → "u.s."
    if _CUT_INITIALS.fullmatch(key):
        key += "."  # "U.S" at the end of a sentence, its last period taken for the full stop
    if key.startswith("the "):
        key = key[4:]
    if not key or not key[0].isalpha():
        return None
    found = _demonym_overrides().get(key)
    if found is not None:
        return found if found.code != "-" else None
    if len(key) <= 4 and key.replace(".", "").isalpha() and key not in _CODE_FORMS and len(key.replace(".", "")) <= 3:
        return None
    for candidate in (key, key[:-1] if key.endswith("s") else None):
        if not candidate:
            continue
        territory = lookup_territory(candidate)
        if territory is None or not territory.is_country or not territory.alpha3:
            continue
        if candidate in {p.casefold() for p in territory.places or []}:
            return None  # a city the library files under its country ("Paris")
        if candidate != key:  # "Russians": the people, a group actor with the country's code
            return Polity(text.strip(), "group", territory.alpha3.upper())
        return Polity(territory.name, "country", territory.alpha3.upper())
    return None


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """One-word names that are common words more often than names (``data/actors/common_words.txt``)."""
    return frozenset(r[0] for r in _rows("common_words.txt", 1))


@lru_cache(maxsize=1)
def _places() -> dict[str, str]:
    return {r[0]: r[1] for r in _rows("places.tsv", 2)}


@lru_cache(maxsize=4096)
def place_country(name: str) -> str | None:
    """The ISO3 code of the country a place is in: "Miami" (``data/actors/places.tsv``), "Kyiv" (a capital
    in ``metonyms.tsv``), "Odesa", "Florida", "Paris" (the territory library: a region's country, or the
    country a city is filed under); None when none of them knows the place."""
    key = name.strip().casefold()
    if key.startswith("the "):
        key = key[4:]
    if not key:
        return None
    if key in _places():
        return _places()[key]
    override = _demonym_overrides().get(key)
    if override is not None:
        return override.code if override.code != "-" and override.kind == "country" else None
    entry = metonyms().get(key) or metonyms().get("the " + key)
    if entry is not None and entry.kind == "country":
        return entry.country
    territory = lookup_territory(key)
    while territory is not None and not (territory.is_country and territory.alpha3):
        territory = territory.parent
    return territory.alpha3.upper() if territory is not None and territory.alpha3 else None


@lru_cache(maxsize=1)
def international_words() -> frozenset[str]:
    """Words that mark an organisation's name as international ("World", "Global", "UN"), so that no
    document's home country is guessed for it (``data/actors/international_words.txt``)."""
    return frozenset(r[0] for r in _rows("international_words.txt", 1))


@lru_cache(maxsize=1)
def election_sectors() -> dict[str, str]:
    """Modifier of "election" → the sector of the body it fills ("legislative" → LEG;
    ``data/actors/elections.tsv``)."""
    return {r[0]: r[1] for r in _rows("elections.tsv", 2)}
