"""Names inside names: the place or person an organisation's or a place's name contains.

"the San Francisco Bulletin", "United States Congress", "Dhaka University", "the Medical Journal of
Australia", "Emperor Norton Bridge": the outer name is one actor, and the name inside it is a mention of
another one (the place, the country, the person), as GUM and a reader count it. A run of capitalised
words inside a multi-word organisation or place name becomes such a nested mention when it is

* the name of a place, organisation or group the document already has ("Leiden" after "Leiden" alone);
* a country by its name or short form ("Australia", "U.S.", not a demonym such as "Chinese");
* a place the territory vocabularies know ("San Francisco", "Dhaka", ``vocab.place_country``);
* the name (or surname) of a person the document knows by a full name ("Norton" in "Emperor Norton
  Bridge" after "Joshua Norton").

The longest such run is taken first, then the rest of the name is searched on either side. A nested
mention joins its actor without taking its tokens from the outer actor (``Registry.add(overlap=True)``).
Only multi-word names of organisations and places are read, and only runs of at most ``_MAX_WORDS``
words, so the stage costs a few cached look-ups per such name.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from .clusters import Registry, find_person
from .known import country_named
from .model import ActorCluster
from .names import name_key
from .tokens import Tokens
from .vocab import org_sector, place_country, polity

_MAX_WORDS = 4
# A run of capitalised words in a name stops at these (and at any word not capitalised).
_BREAKS = frozenset({"'s", "’s", "'", "’", "(", ")", ",", "-", "&"})


def nested_names(doc: Doc, toks: Tokens, registry: Registry) -> None:
    """Add the nested mentions of every multi-word organisation or place name in ``registry``. A name
    written again ("the Civic Party" five times) is searched once: its finds are cached by its words."""
    cache: dict[tuple[str, ...], list[tuple[int, int, ActorCluster]]] = {}
    for cluster in list(registry.clusters):
        if cluster.kind not in ("organization", "place") or not cluster.mentions:
            continue
        nominal = {id(s) for s in cluster.nominal}
        for span in list(cluster.mentions):
            if span.end - span.start < 2 or id(span) in nominal:
                continue
            words = tuple(toks.text[span.start:span.end])
            found = cache.get(words)
            if found is None:
                found = cache[words] = [(lo - span.start, hi - span.start, actor)
                                        for lo, hi, actor in _nested_in(toks, registry, cluster, span.start, span.end)]
            for lo, hi, actor in found:
                if actor is not cluster:
                    registry.add(actor, Span(doc, span.start + lo, span.start + hi), overlap=True)


def _nested_in(toks: Tokens, registry: Registry, outer: ActorCluster, start: int,
               end: int) -> list[tuple[int, int, ActorCluster]]:
    """The nested names of the outer name at tokens ``start:end``: (start, end, actor) each."""
    found: list[tuple[int, int, ActorCluster]] = []
    head = _head(toks, start, end)
    for lo, hi, whole in _runs(toks, start, end):
        if not whole:
            _search(toks, registry, outer, lo, hi, (start, end, head), found)
        elif (lo, hi) != (start, end) and (actor := _nested_actor(toks, registry, lo, hi, head)) not in (None, outer):
            found.append((lo, hi, actor))
    return found


def _runs(toks: Tokens, start: int, end: int) -> list[tuple[int, int, bool]]:
    """The runs of capitalised words in tokens ``start:end``, each with whether it is a place's name as
    a whole ("New York", "North Korea": no "York", no "Korea" inside it)."""
    runs: list[tuple[int, int, bool]] = []
    i = start
    while i < end:
        if not _capital(toks.text[i]):
            i += 1
            continue
        j = i
        while j < end and _capital(toks.text[j]):
            j += 1
        runs.append((i, j, _place(toks.span_text(i, j))))
        i = j
    return runs


def _place(text: str) -> bool:
    return polity(text) is not None or place_country(text) is not None


def _capital(text: str) -> bool:
    return text[:1].isupper() and text not in _BREAKS


def _head(toks: Tokens, start: int, end: int) -> int:
    """The head word of tokens ``start:end`` (the first whose head lies outside them)."""
    heads = toks.head
    return next((k for k in range(start, end) if not start <= heads[k] < end or heads[k] == k), end - 1)


def _search(toks: Tokens, registry: Registry, outer: ActorCluster, start: int, end: int,
            span: tuple[int, int, int], found: list[tuple[int, int, ActorCluster]]) -> None:
    """Find the longest nested name in tokens ``start:end`` of the outer name ``span`` (start, end, head
    word), never the whole outer name, then search what lies before and after it; add each to ``found``."""
    span_start, span_end, head = span
    for size in range(min(_MAX_WORDS, end - start), 0, -1):
        for lo in range(start, end - size + 1):
            hi = lo + size
            if lo == span_start and hi == span_end:
                continue
            actor = _nested_actor(toks, registry, lo, hi, head)
            if actor is None or actor is outer:
                continue
            found.append((lo, hi, actor))
            if lo - start >= 1:
                _search(toks, registry, outer, start, lo, span, found)
            if end - hi >= 1:
                _search(toks, registry, outer, hi, end, span, found)
            return


def _nested_actor(toks: Tokens, registry: Registry, lo: int, hi: int, head: int) -> ActorCluster | None:
    """The actor that tokens ``lo:hi`` of a longer name name, or None. The outer name's ``head`` word alone
    names no other actor of the document ("House" in "House of Representatives", "State" in "Penn State")."""
    words = toks.text[lo:hi]
    if org_sector(words)[0]:
        return None  # "University", "Library": the outer name's own words
    text = toks.span_text(lo, hi)
    key = name_key(text)
    if not key:
        return None
    if key in registry.clips:  # "Penn" of "Penn State", clipped from "Pennsylvania"
        text = registry.clips[key]
        key = name_key(text)
    head_word = hi - lo == 1 and lo == head
    if not head_word:
        for kind in ("place", "organization", "group", "country"):
            found = registry.by_name.get((kind, key))
            if found is not None:
                return found
    if polity(text) is not None:
        country = country_named(text)  # not a demonym ("Chinese") nor a look-alike ("Columbia")
        return registry.country(country.code, country.name) if country is not None else None
    if place_country(text) is not None:
        found = registry.by_name.get(("place", key))
        if found is None:
            found = registry.by_name[("place", key)] = registry.new("place")
        return found
    person = find_person(registry, words) if not head_word else None
    if person is not None and len(registry.words.get(person, [])) > 1:
        return person  # a person known by a full name ("Joshua Norton"), not a word the NER once took for one
    return None
